import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ROLES, type Principal, type Role } from "./principal.js";

const name = z.string().min(1).max(256);
const entry = z
  .object({
    name,
    /** The bearer token itself (fine for tests; prefer tokenSha256 in files others read). */
    token: z.string().min(16, "a token must be at least 16 characters").optional(),
    /** Hex SHA-256 of the bearer token. */
    tokenSha256: z.string().regex(/^[0-9a-fA-F]{64}$/, "tokenSha256 must be 64 hex digits").optional(),
    /** The subject common name (CN) of a client certificate that proves this principal (mTLS). */
    certificateCn: z.string().min(1).optional(),
    roles: z.array(z.enum(ROLES as [Role, ...Role[]])).default(["client"]),
    systems: z.array(name).optional(),
    types: z.array(name).optional(),
    actions: z.array(name).optional(),
  })
  .strict()
  .refine((p) => p.token || p.tokenSha256 || p.certificateCn, "a principal needs token, tokenSha256 or certificateCn");
const fileSchema = z.object({ principals: z.array(entry) }).strict();

/** The principals of an `--auth-file`, looked up by token hash or certificate name. */
export interface PrincipalFile {
  byTokenHash(sha256: string): Principal | undefined;
  byCertificate(cn: string): Principal | undefined;
  readonly size: number;
}

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** Parses the principals JSON; throws an Error naming the first bad entry. */
export function parsePrincipalFile(json: unknown, source = "auth file"): PrincipalFile {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  }
  const byHash = new Map<string, Principal>();
  const byCert = new Map<string, Principal>();
  const set = (v: string[] | undefined) => (v ? new Set(v) : undefined);
  for (const p of parsed.data.principals) {
    const base = { name: p.name, roles: new Set(p.roles), systems: set(p.systems), types: set(p.types), actions: set(p.actions) };
    const hash = p.tokenSha256?.toLowerCase() ?? (p.token ? sha256Hex(p.token) : undefined);
    if (hash) {
      if (byHash.has(hash)) throw new Error(`${source}: principal ${p.name} has the same token as ${byHash.get(hash)!.name}`);
      byHash.set(hash, { ...base, via: "token" });
    }
    if (p.certificateCn) byCert.set(p.certificateCn, { ...base, via: "certificate" });
  }
  return {
    byTokenHash: (h) => byHash.get(h),
    byCertificate: (cn) => byCert.get(cn),
    size: parsed.data.principals.length,
  };
}

export function loadPrincipalFile(path: string): PrincipalFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`cannot read auth file ${path}: ${(err as Error).message}`);
  }
  return parsePrincipalFile(json, `auth file ${path}`);
}
