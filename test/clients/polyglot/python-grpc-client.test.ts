// The generated Python client (clients/python-grpc: protoc's Python messages and
// grpc_python_plugin's stubs) against a live gateway, with Debian's grpcio and protobuf.
// Those install for Debian's own interpreter, /usr/bin/python3 (the `python3` on PATH may
// be another one without them), so that is the one the test runs.
import { beforeAll, describe, it } from "vitest";
import { expectClientCases, expectExampleOutput, newRun, runClientCases, runExample, startLiveGateway, TEST_TIMEOUT_MS, type Program } from "./client-cases.js";
import { build, requireTool } from "./toolchain.js";

const PYTHON = "/usr/bin/python3";
const PACKAGES = "python3-grpcio python3-protobuf";

describe("Python grpcio client (clients/python-grpc)", () => {
  // -B: no __pycache__ written into the worktree.
  const program = (script: string): Program => ({ command: PYTHON, args: ["-B", script] });

  beforeAll(async () => {
    await requireTool(PYTHON, PACKAGES);
    await build(PYTHON, ["-B", "-c", "import grpc, google.protobuf"]).catch((err: Error) => {
      throw new Error(`${PYTHON} cannot import grpc and protobuf: apt-get install -y ${PACKAGES} (.ci/run does)\n${err.message}`);
    });
  });

  it("passes the client cases against a live gateway", async () => {
    const live = await startLiveGateway();
    const run = newRun();
    await expectClientCases(live, await runClientCases(live, program("clients/python-grpc/e2e/client_cases.py"), run), run, "python");
  }, TEST_TIMEOUT_MS);

  it("runs the example: invoke the counter, read its state, print one event", async () => {
    const live = await startLiveGateway();
    expectExampleOutput(await runExample(live, program("clients/python-grpc/examples/counter.py")));
  }, TEST_TIMEOUT_MS);
});
