// The generated Java client (clients/java: protoc's Java messages and grpc_java_plugin's
// stubs) against a live gateway. Compiled with javac against the jars Debian installs in
// /usr/share/java (clients/java/classpath.sh lists them); no Maven repository.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectClientCases, expectExampleOutput, newRun, runClientCases, runExample, startLiveGateway, TEST_TIMEOUT_MS, type Program } from "./client-cases.js";
import { build, buildDir, requireTool, ROOT } from "./toolchain.js";

const PACKAGES = "default-jdk-headless libgrpc-java libprotobuf-java libnetty-java libperfmark-java libgoogle-common-protos-java libgoogle-gson-java";
const JAVA = join(ROOT, "clients/java");

describe("Java client (clients/java)", () => {
  const dir = buildDir("java");
  let classpath = "";
  const program = (mainClass: string): Program => ({ command: "java", args: ["-XX:TieredStopAtLevel=1", "-cp", classpath, mainClass] });

  beforeAll(async () => {
    await requireTool("javac", PACKAGES);
    const jars = (await promisify(execFile)(join(JAVA, "classpath.sh"))).stdout.trim();
    classpath = `${dir.path}:${jars}`;
    // Only the classes the two programs reach (-sourcepath), with the quick JIT: javac on all
    // of gen/ takes three times as long.
    await build(
      "javac",
      ["-J-XX:TieredStopAtLevel=1", "-nowarn", "-implicit:class", "-d", dir.path, "-cp", jars, "-sourcepath", "gen:src:e2e:examples",
        "e2e/com/actorgate/e2e/ClientCases.java", "examples/com/actorgate/examples/CounterExample.java"],
      { cwd: JAVA },
    );
  }, 300_000);
  afterAll(() => dir.remove());

  it("passes the client cases against a live gateway", async () => {
    const live = await startLiveGateway();
    const run = newRun();
    await expectClientCases(live, await runClientCases(live, program("com.actorgate.e2e.ClientCases"), run), run, "java");
  }, TEST_TIMEOUT_MS);

  it("runs the example: invoke the counter, read its state, print one event", async () => {
    const live = await startLiveGateway();
    expectExampleOutput(await runExample(live, program("com.actorgate.examples.CounterExample")));
  }, TEST_TIMEOUT_MS);
});
