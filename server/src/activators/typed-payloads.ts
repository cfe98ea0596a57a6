// JSON bodies for protobuf actions: when an action declares its input type and a host
// uploaded that type's descriptors, an activator's JSON payload (proto3 JSON form) is
// turned into the binary message, packed in an Any, so a protobuf host gets what it
// expects. Anything else passes unchanged.

import { create, fromJson, toBinary, toJson, type JsonValue, type Registry } from "@bufbuild/protobuf";
import { AnySchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import { PayloadSchema, type ActorRef, type Payload } from "@actorgate/client/gen";
import { invalidArgument } from "../errors.js";
import type { ActivatorDelivery } from "./activator-delivery.js";
import type { ActionTypes } from "./openapi.js";

/** The delivery, with JSON payloads of typed actions converted to their protobuf type. */
export function withTypedPayloads(delivery: ActivatorDelivery, types: ActionTypes, descriptors: Registry): ActivatorDelivery {
  const convert = (actor: ActorRef | undefined, action: string, payload: Payload | undefined): Payload | undefined => {
    if (payload?.kind.case !== "json" || !actor) return payload;
    const input = types.actionTypes(actor.system, actor.type, action)?.input;
    const schema = input ? descriptors.getMessage(input) : undefined;
    if (!schema) return payload;
    let message;
    try {
      message = fromJson(schema, toJson(ValueSchema, payload.kind.value) as JsonValue, { registry: descriptors });
    } catch (err) {
      throw invalidArgument(`the payload is not a valid ${input} in JSON form: ${(err as Error).message}`);
    }
    const any = create(AnySchema, { typeUrl: `type.googleapis.com/${schema.typeName}`, value: toBinary(schema, message) });
    return create(PayloadSchema, { kind: { case: "binary", value: any } });
  };
  return {
    invoke: (input, headers) => delivery.invoke({ ...input, payload: convert(input.actor, input.action, input.payload) }, headers),
    invokeAsync: (input, headers) => delivery.invokeAsync({ ...input, payload: convert(input.actor, input.action, input.payload) }, headers),
    getState: (actor, headers, signal) => delivery.getState(actor, headers, signal),
  };
}
