import { Writable } from "node:stream";
import pino from "pino";

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

/** A logger that keeps every line, so a test can check what was logged at which level, or wait for a line. */
export function capturedLog() {
  const lines: LogLine[] = [];
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  const log = pino(
    { level: "trace" },
    new Writable({
      write: (chunk, _enc, done) => {
        const line = JSON.parse(String(chunk)) as LogLine;
        lines.push(line);
        for (const w of [...waiters]) {
          if (w.match(line)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
        done();
      },
    }),
  );
  return {
    log,
    lines,
    errors: () => lines.filter((l) => l.level >= 50),
    /** The next line (from now on) whose message is `msg`. */
    next: (msg: string) => new Promise<LogLine>((resolve) => waiters.push({ match: (l) => l.msg === msg, resolve })),
  };
}
