// The generated Go client (clients/go, protoc-gen-go + protoc-gen-go-grpc from Debian)
// against a live gateway: the client cases and the example. Built offline in GOPATH mode
// against the Go libraries Debian installs in /usr/share/gocode.
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectClientCases, expectExampleOutput, newRun, runClientCases, runExample, startLiveGateway, TEST_TIMEOUT_MS, type Program } from "./client-cases.js";
import { build, buildDir, requireTool, ROOT } from "./toolchain.js";

const PACKAGES = "golang-go golang-google-grpc-dev golang-google-protobuf-dev";
const IMPORT_PATH = "github.com/actorgate/actorgate/clients/go";

describe("Go client (clients/go)", () => {
  const dir = buildDir("go");
  let cases: Program;
  let example: Program;

  beforeAll(async () => {
    await requireTool("go", PACKAGES);
    // GOPATH mode: the client's import path points at the worktree; Debian's libraries
    // come from /usr/share/gocode. The compile cache stays Go's own, so later runs are quick.
    const pkg = join(dir.path, "src", IMPORT_PATH);
    mkdirSync(join(pkg, ".."), { recursive: true });
    symlinkSync(join(ROOT, "clients/go"), pkg);
    const env = { GO111MODULE: "off", GOPATH: `${dir.path}:/usr/share/gocode`, GOFLAGS: "" };
    // One `go build` for both programs: bin/e2e and bin/counter.
    await build("go", ["build", "-o", join(dir.path, "bin") + "/", `${IMPORT_PATH}/e2e`, `${IMPORT_PATH}/examples/counter`], { env });
    cases = { command: join(dir.path, "bin/e2e"), args: [] };
    example = { command: join(dir.path, "bin/counter"), args: [] };
  }, 300_000);
  afterAll(() => dir.remove());

  it("passes the client cases against a live gateway", async () => {
    const live = await startLiveGateway();
    const run = newRun();
    await expectClientCases(live, await runClientCases(live, cases, run), run, "go");
  }, TEST_TIMEOUT_MS);

  it("runs the example: invoke the counter, read its state, print one event", async () => {
    const live = await startLiveGateway();
    expectExampleOutput(await runExample(live, example));
  }, TEST_TIMEOUT_MS);
});
