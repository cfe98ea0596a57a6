// The generated C++ client (clients/cpp: protoc's C++ messages and grpc_cpp_plugin's stubs)
// against a live gateway, compiled with g++ against Debian's libgrpc++-dev. Only the
// generated files the programs use are compiled, two at a time (the machine has two cores).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectClientCases, expectExampleOutput, newRun, runClientCases, runExample, startLiveGateway, TEST_TIMEOUT_MS, type Program } from "./client-cases.js";
import { build, buildDir, requireTool, ROOT } from "./toolchain.js";

const PACKAGES = "g++ pkg-config libgrpc++-dev libprotobuf-dev";
const CPP = join(ROOT, "clients/cpp");
const GENERATED = ["actor.pb.cc", "actor_service.pb.cc", "actor_service.grpc.pb.cc", "state_service.pb.cc", "state_service.grpc.pb.cc"].map((f) => `gen/actorgate/v1/${f}`);

/**
 * Object files are kept across runs under the system temp dir, each named by a hash of
 * everything that goes into it (its source, every generated header, the wrapper, the
 * flags and library versions): compiling against the gRPC headers takes minutes on two
 * busy cores, and a changed input always compiles anew.
 */
const CACHE = join(tmpdir(), "actorgate-build-cache", "cpp");

function objectKey(src: string, flags: string): string {
  const hash = createHash("sha256").update(flags).update(src).update(readFileSync(join(CPP, src)));
  hash.update(readFileSync(join(CPP, "actorgate_client.h")));
  for (const f of readdirSync(join(CPP, "gen/actorgate/v1")).sort()) if (f.endsWith(".h")) hash.update(f).update(readFileSync(join(CPP, "gen/actorgate/v1", f)));
  return hash.digest("hex").slice(0, 32);
}

describe("C++ client (clients/cpp)", () => {
  const dir = buildDir("cpp");
  const bin = (name: string): Program => ({ command: join(dir.path, name), args: [] });

  beforeAll(async () => {
    await requireTool("g++", PACKAGES);
    await requireTool("pkg-config", PACKAGES);
    const flags = await promisify(execFile)("pkg-config", ["--cflags", "--libs", "grpc++", "protobuf"]).catch((err: Error) => {
      throw new Error(`pkg-config finds no grpc++/protobuf: apt-get install -y ${PACKAGES} (.ci/run does)\n${err.message}`);
    });
    const [cflags, libs] = [flags.stdout.trim().split(/\s+/).filter((f) => !f.startsWith("-l")), flags.stdout.trim().split(/\s+/).filter((f) => f.startsWith("-l"))];
    const versions = (await promisify(execFile)("pkg-config", ["--modversion", "grpc++", "protobuf"])).stdout;
    mkdirSync(CACHE, { recursive: true });
    const object = (src: string) => join(CACHE, `${objectKey(src, versions + cflags.join(" "))}.o`);
    const compile = async (src: string) => {
      const out = object(src);
      if (existsSync(out)) return;
      // Compile to a private name, then rename: a concurrent run never links half an object.
      const partial = join(dir.path, `${src.replaceAll("/", "_")}.o`);
      await build("g++", ["-std=c++17", "-O0", "-c", "-I", "gen", "-I", ".", ...cflags, src, "-o", partial], { cwd: CPP });
      renameSync(partial, out);
    };
    const sources = [...GENERATED, "e2e/client_cases.cc", "examples/counter.cc"];
    // Two compilers at a time.
    const queue = [...sources];
    await Promise.all(
      [0, 1].map(async () => {
        for (let src = queue.shift(); src; src = queue.shift()) await compile(src);
      }),
    );
    const link = (main: string, out: string) => build("g++", [...GENERATED.map(object), object(main), "-o", join(dir.path, out), ...libs], { cwd: CPP });
    await Promise.all([link("e2e/client_cases.cc", "client_cases"), link("examples/counter.cc", "counter")]);
  }, 600_000);
  afterAll(() => dir.remove());

  it("passes the client cases against a live gateway", async () => {
    const live = await startLiveGateway();
    const run = newRun();
    await expectClientCases(live, await runClientCases(live, bin("client_cases"), run), run, "cpp");
  }, TEST_TIMEOUT_MS);

  it("runs the example: invoke the counter, read its state, print one event", async () => {
    const live = await startLiveGateway();
    expectExampleOutput(await runExample(live, bin("counter")));
  }, TEST_TIMEOUT_MS);
});
