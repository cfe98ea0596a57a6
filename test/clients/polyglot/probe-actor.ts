// The actor the generated-client tests call besides the example Counter: one action per
// thing a gRPC stack must get right that the Counter cannot show (binary payloads, error
// details, an expiring deadline, metadata).
import { create } from "@bufbuild/protobuf";
import { StringValueSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { defineActor } from "@actorgate/client/host";
import type { Gates } from "../../support/test-actors.js";

/** The message every `refuse` error carries as its one detail (a StringValue). */
export const REFUSAL_DETAIL = "probe-detail";

export function probeActor(gates: Gates) {
  return defineActor({
    name: "Probe",
    kind: "stateless",
    actions: {
      /** Binary in, binary out: a google.protobuf.StringValue, upper-cased. */
      upper: {
        input: StringValueSchema,
        output: StringValueSchema,
        handler: (input: { value: string }) => ({ reply: create(StringValueSchema, { value: input.value.toUpperCase() }) }),
      },
      /** The input and the metadata the host received, as JSON. */
      echo: (input: unknown, ctx) => ({ reply: { input, metadata: { ...ctx.metadata } } }),
      /** Fails with a code, a message naming the input and a detail (grpc-status-details-bin). */
      refuse: (input: { reason?: string }) => {
        throw new ConnectError(`probe refused: ${input?.reason ?? "no reason"}`, Code.FailedPrecondition, undefined, [
          { desc: StringValueSchema, value: create(StringValueSchema, { value: REFUSAL_DETAIL }) },
        ]);
      },
      /** Never answers on its own: waits at the gate named by the input until the gateway aborts it. */
      wait: async (input: { gate: string }, ctx) => {
        await gates.pass(input.gate, ctx.signal);
        return { reply: null };
      },
    },
  });
}
