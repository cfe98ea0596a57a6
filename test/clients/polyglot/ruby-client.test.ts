// The generated Ruby client (clients/ruby: protoc's Ruby messages and grpc_ruby_plugin's
// stubs) against a live gateway, with Debian's ruby-grpc and ruby-google-protobuf.
import { beforeAll, describe, it } from "vitest";
import { expectClientCases, expectExampleOutput, newRun, runClientCases, runExample, startLiveGateway, TEST_TIMEOUT_MS, type Program } from "./client-cases.js";
import { build, requireTool } from "./toolchain.js";

const PACKAGES = "ruby ruby-grpc ruby-google-protobuf ruby-googleapis-common-protos-types";
const program = (script: string): Program => ({ command: "ruby", args: [script] });

describe("Ruby client (clients/ruby)", () => {
  beforeAll(async () => {
    await requireTool("ruby", PACKAGES);
    await build("ruby", ["-e", "require 'grpc'; require 'google/protobuf'; require 'google/rpc/status_pb'"]).catch((err: Error) => {
      throw new Error(`ruby cannot load grpc and protobuf: apt-get install -y ${PACKAGES} (.ci/run does)\n${err.message}`);
    });
  });

  it("passes the client cases against a live gateway", async () => {
    const live = await startLiveGateway();
    const run = newRun();
    await expectClientCases(live, await runClientCases(live, program("clients/ruby/e2e/client_cases.rb"), run), run, "ruby");
  }, TEST_TIMEOUT_MS);

  it("runs the example: invoke the counter, read its state, print one event", async () => {
    const live = await startLiveGateway();
    expectExampleOutput(await runExample(live, program("clients/ruby/examples/counter.rb")));
  }, TEST_TIMEOUT_MS);
});
