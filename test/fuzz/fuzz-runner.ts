import http from "node:http";
import http2 from "node:http2";
import type { FuzzCase } from "./fuzz-cases.js";

/** How the gateway answered one case. */
export interface FuzzOutcome {
  /** The Connect code name ("invalid_argument"…), "ok", or `http <status>` for a plain HTTP refusal. */
  readonly answer: string;
  /** Why the answer breaks the rules, if it does. */
  readonly problem?: string;
}

const BAD_CODES = new Set(["internal", "unknown"]);
const GRPC_CODES = ["ok", "canceled", "unknown", "invalid_argument", "deadline_exceeded", "not_found", "already_exists", "permission_denied", "resource_exhausted", "failed_precondition", "aborted", "out_of_range", "unimplemented", "internal", "unavailable", "data_loss", "unauthenticated"];

/**
 * Sends one case and classifies the answer. The rules: an answer comes within
 * `deadlineMs`; it is a Connect/gRPC error code other than internal or unknown (or
 * success, for a case that happens to be valid), or a plain 4xx HTTP refusal (404 no
 * route, 413, 415, 431) — never a 5xx without a code, a hang or a reset.
 */
export async function sendCase(baseUrl: string, c: FuzzCase, deadlineMs: number, session?: http2.ClientHttp2Session): Promise<FuzzOutcome> {
  try {
    const answered = c.wire === "grpc" ? sendGrpc(baseUrl, c, session) : sendHttp1(baseUrl, c);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<FuzzOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ answer: "timeout", problem: `no answer within ${deadlineMs} ms` }), deadlineMs);
    });
    const outcome = await Promise.race([answered, timeout]);
    clearTimeout(timer);
    return outcome;
  } catch (err) {
    return { answer: "reset", problem: `connection failed: ${(err as Error).message}` };
  }
}

function judge(code: string | undefined, status: number): FuzzOutcome {
  if (code) return BAD_CODES.has(code) ? { answer: code, problem: `answered ${code}` } : { answer: code };
  if (status === 200) return { answer: "ok" };
  if (status >= 400 && status < 500) return { answer: `http ${status}` };
  return { answer: `http ${status}`, problem: `HTTP ${status} without a Connect code` };
}

function sendHttp1(baseUrl: string, c: FuzzCase): Promise<FuzzOutcome> {
  return new Promise((resolve, reject) => {
    const bound = c.path.endsWith("/Subscribe") && c.headers["grpc-timeout"] === undefined && c.headers["connect-timeout-ms"] === undefined ? { "grpc-timeout": "500m", "connect-timeout-ms": "500" } : {};
    const req = http.request(baseUrl + c.path, { method: "POST", headers: { ...c.headers, ...bound, "content-length": String(c.body.length) }, agent: false });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => resolve(classifyHttp1(c, res.statusCode ?? 0, res.headers, Buffer.concat(chunks))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(c.body);
  });
}

function classifyHttp1(c: FuzzCase, status: number, headers: http.IncomingHttpHeaders, body: Buffer): FuzzOutcome {
  const type = String(headers["content-type"] ?? "");
  if (c.wire === "grpc-web" || type.startsWith("application/grpc-web")) {
    const header = headers["grpc-status"];
    if (header !== undefined) return judge(GRPC_CODES[Number(header)], status);
    const text = body.toString("latin1");
    const m = /grpc-status: ?(\d+)/.exec(text);
    return judge(m ? GRPC_CODES[Number(m[1])] : undefined, status);
  }
  if (c.wire === "connect-stream" && type.startsWith("application/connect")) {
    // The end-stream message (flag 0x02) holds the error, if any.
    let at = 0;
    while (at + 5 <= body.length) {
      const flags = body[at]!;
      const len = body.readUInt32BE(at + 1);
      if (flags & 0x02) {
        const end = JSON.parse(body.subarray(at + 5, at + 5 + len).toString("utf8")) as { error?: { code?: string } };
        return judge(end.error?.code ?? "ok", status);
      }
      at += 5 + len;
    }
    return judge(undefined, status);
  }
  if (type.startsWith("application/json")) {
    try {
      return judge((JSON.parse(body.toString("utf8")) as { code?: string }).code ?? (status === 200 ? "ok" : undefined), status);
    } catch {
      return judge(undefined, status);
    }
  }
  return judge(status === 200 ? "ok" : undefined, status);
}

function sendGrpc(baseUrl: string, c: FuzzCase, session?: http2.ClientHttp2Session): Promise<FuzzOutcome> {
  return new Promise((resolve, reject) => {
    const own = session ?? http2.connect(baseUrl);
    let settled = false;
    const done = (o: FuzzOutcome) => {
      if (settled) return;
      settled = true;
      if (!session) own.close();
      resolve(o);
    };
    if (!session) own.once("error", reject);
    // A valid subscription streams until its timeout: bound the ones that set none.
    const bound = c.path.endsWith("/Subscribe") && c.headers["grpc-timeout"] === undefined ? { "grpc-timeout": "500m" } : {};
    const req = own.request({ ":method": "POST", ":path": c.path, te: "trailers", ...c.headers, ...bound });
    let status = 0;
    let grpcStatus: string | undefined;
    req.on("response", (h) => {
      status = Number(h[":status"]);
      if (h["grpc-status"] !== undefined) grpcStatus = String(h["grpc-status"]);
      else if (status === 200 && c.path.endsWith("/Subscribe")) {
        // A valid subscription without a timeout streams for as long as the client
        // likes: an open stream is an answer.
        req.close(http2.constants.NGHTTP2_CANCEL);
        done({ answer: "ok" });
      }
    });
    req.on("trailers", (t) => {
      if (t["grpc-status"] !== undefined) grpcStatus = String(t["grpc-status"]);
    });
    req.on("data", () => undefined);
    req.on("end", () => done(judge(grpcStatus !== undefined ? GRPC_CODES[Number(grpcStatus)] : undefined, status)));
    req.on("error", (err) => done({ answer: "reset", problem: `stream failed: ${err.message}` }));
    req.end(c.body);
  });
}

export interface FuzzReport {
  readonly cases: number;
  readonly byKind: Record<string, number>;
  readonly byAnswer: Record<string, number>;
  /** The cases that broke a rule (index into the generated cases, so they can be replayed). */
  readonly problems: { readonly index: number; readonly kind: string; readonly path: string; readonly problem: string }[];
}

/** Sends every case, `concurrency` at a time (gRPC cases share one HTTP/2 session per worker). */
export async function runCases(baseUrl: string, cases: readonly FuzzCase[], options: { concurrency: number; deadlineMs: number }): Promise<FuzzReport> {
  const byKind: Record<string, number> = {};
  const byAnswer: Record<string, number> = {};
  const problems: FuzzReport["problems"][number][] = [];
  let next = 0;
  const worker = async () => {
    let session: http2.ClientHttp2Session | undefined;
    const fresh = () => {
      session?.destroy();
      session = http2.connect(baseUrl);
      session.on("error", () => undefined);
      return session;
    };
    try {
      while (next < cases.length) {
        const index = next++;
        const c = cases[index]!;
        if (c.wire === "grpc" && (!session || session.closed || session.destroyed)) fresh();
        const outcome = await sendCase(baseUrl, c, options.deadlineMs, c.wire === "grpc" ? session : undefined);
        byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
        byAnswer[outcome.answer] = (byAnswer[outcome.answer] ?? 0) + 1;
        if (outcome.problem) problems.push({ index, kind: c.kind, path: c.path, problem: outcome.problem });
      }
    } finally {
      session?.close();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { cases: cases.length, byKind, byAnswer, problems };
}
