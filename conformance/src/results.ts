import type { CaseOf } from "./case.js";
import type { PatternSet } from "./patterns.js";

/** What running (or not running) a case produced, before the known-failing list applies. */
export interface Outcome {
  readonly name: string;
  /** The transport of the run (matrix runs only), e.g. `connect+proto+h2c`. */
  readonly transport?: string;
  readonly description: string;
  /** Why it did not run (an undeclared feature); undefined when it ran. */
  readonly skipReason?: string;
  readonly passed: boolean;
  readonly durationMs: number;
  readonly failure?: { readonly message: string; readonly comparison?: { readonly expected: unknown; readonly actual: unknown } };
  /** The calls the case made and other notes, for --trace. */
  readonly trace: readonly string[];
}

export type Status = "passed" | "failed" | "skipped" | "known-failing";

export interface CaseResult extends Outcome {
  readonly status: Status;
}

export interface Counts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly knownFailing: number;
}

/**
 * Applies the known-failing list, strictly: a listed case that fails is "known-failing",
 * a listed case that passes is a failure (the list is stale and must shrink).
 */
export function classify(outcome: Outcome, knownFailing: PatternSet): CaseResult {
  if (outcome.skipReason !== undefined) return { ...outcome, status: "skipped" };
  // A plain pattern applies on every transport; `transport/pattern` on that one only.
  const plain = knownFailing.matches(outcome.name);
  const known = (outcome.transport !== undefined && knownFailing.matches(`${outcome.transport}/${outcome.name}`)) || plain;
  if (outcome.passed && known) {
    return {
      ...outcome,
      status: "failed",
      failure: { message: "listed as known-failing, but it passed: remove it from the known-failing list" },
    };
  }
  if (outcome.passed) return { ...outcome, status: "passed" };
  return { ...outcome, status: known ? "known-failing" : "failed" };
}

export function count(results: readonly CaseResult[]): Counts {
  const n = (s: Status) => results.filter((r) => r.status === s).length;
  return { passed: n("passed"), failed: n("failed"), skipped: n("skipped"), knownFailing: n("known-failing") };
}

export interface Selection {
  /** Only cases matching one of these run (all when undefined). */
  readonly run: PatternSet | undefined;
  /** Cases matching one of these are left out. */
  readonly skip: PatternSet;
  readonly features: ReadonlySet<string>;
}

/**
 * Splits cases into those to run and those skipped for undeclared features. Cases
 * deselected by --run/--skip are left out entirely (not counted).
 */
export function plan<C extends CaseOf<never>>(cases: readonly C[], selection: Selection): { toRun: C[]; skipped: Outcome[] } {
  const toRun: C[] = [];
  const skipped: Outcome[] = [];
  for (const c of cases) {
    const wanted = selection.run ? selection.run.matches(c.name) : true;
    if (!wanted || selection.skip.matches(c.name)) continue;
    const missing = (c.features ?? []).filter((f) => !selection.features.has(f));
    if (missing.length) {
      skipped.push({
        name: c.name,
        description: c.description,
        skipReason: `feature${missing.length > 1 ? "s" : ""} ${missing.join(", ")} not declared`,
        passed: false,
        durationMs: 0,
        trace: [],
      });
    } else {
      toRun.push(c);
    }
  }
  return { toRun, skipped };
}
