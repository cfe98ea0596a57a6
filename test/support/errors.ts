import { ConnectError, type Code } from "@connectrpc/connect";

/** The Connect code and raw message a call failed with; throws if it succeeded. */
export async function codeOf(p: Promise<unknown>): Promise<{ code: Code; message: string }> {
  try {
    await p;
  } catch (err) {
    const ce = ConnectError.from(err);
    return { code: ce.code, message: ce.rawMessage };
  }
  throw new Error("the call succeeded");
}
