// A route to an action whose host declared protobuf input/output types and uploaded their
// descriptors: the JSON body becomes the binary message, the reply comes back as JSON,
// and the OpenAPI document carries the types' JSON Schemas.
import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { defineActor } from "@actorgate/client/host";
import { ActorRefSchema, type ActorRef } from "@actorgate/client/gen";
import { startGateway, startHost, uniqueName } from "../support/harness.js";

const tagger = defineActor<ActorRef | undefined>({
  name: "Tagger",
  kind: "unnamed",
  stateSchema: ActorRefSchema,
  actions: {
    set: {
      input: ActorRefSchema,
      output: ActorRefSchema,
      handler: (input: ActorRef) => ({ state: input, reply: create(ActorRefSchema, { ...input, name: `${input.name}!` }) }),
    },
  },
});

describe("routes to protobuf actions", () => {
  it("converts the JSON body to the declared type, answers JSON, and documents both schemas", async () => {
    const gw = await startGateway({
      activators: [{ kind: "http", id: "tag", method: "POST", path: "/tags/{name}", system: "test", type: "Tagger", name: "{path.name}", action: "set" }],
    });
    await startHost(gw, [tagger]);
    const name = uniqueName("t");
    const r = await fetch(`${gw.url}/tags/${name}`, { method: "POST", body: JSON.stringify({ system: "s", type: "t", name: "n" }) });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ "@type": "type.googleapis.com/actorgate.v1.ActorRef", system: "s", type: "t", name: "n!" });
    const bad = await fetch(`${gw.url}/tags/${name}`, { method: "POST", body: JSON.stringify({ nosuch: 1 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^the payload is not a valid actorgate\.v1\.ActorRef in JSON form/);

    const doc = (await (await fetch(`${gw.url}/openapi.json`)).json()) as {
      paths: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }> } }>;
    };
    const op = doc.paths["/tags/{name}"]!.post;
    expect(op.requestBody.content["application/json"]!.schema).toMatchObject({
      type: "object",
      title: "actorgate.v1.ActorRef",
      properties: { system: { type: "string" }, type: { type: "string" }, name: { type: "string" } },
    });
    expect(op.responses["200"]!.content!["application/json"]!.schema).toMatchObject({ title: "actorgate.v1.ActorRef" });
  });
});
