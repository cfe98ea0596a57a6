// Connect code names, retry classification and actor-key formatting live in
// @actorgate/client/common (clients/typescript/src/common). This guards against new
// copies: each rule's tell-tale code may appear there and nowhere else.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/processes.js";

const DIRS = ["server/src", "clients/typescript/src", "conformance/src", "conformance/hosts"];
const HOME = "clients/typescript/src/common/";

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "gen" || e.name === "node_modules" ? [] : sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

const RULES: [string, RegExp][] = [
  ["Connect code names (snake-casing the Code enum)", /Code\[[^\]]+\][^;\n]*\.replace\(|codeToString\(/],
  ["retry classification (a set of terminal codes)", /new Set<Code>\(\[\s*Code\.InvalidArgument/],
  ["actor-key formatting", /\$\{[\w.?]*system\}\/\$\{[\w.?]*type\}\/\$\{[\w.?]*name\}/],
];

describe("one place for each shared rule", () => {
  const files = DIRS.flatMap(sources).map((p) => relative(ROOT, join(ROOT, p)));
  for (const [rule, tell] of RULES) {
    it(rule, () => {
      const copies = files.filter((f) => !f.startsWith(HOME) && tell.test(readFileSync(join(ROOT, f), "utf8")));
      expect(copies, `use @actorgate/client/common instead of writing ${rule} again`).toEqual([]);
    });
  }
});
