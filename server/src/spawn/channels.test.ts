import { describe, expect, it } from "vitest";
import { create, toBinary } from "@bufbuild/protobuf";
import { ChannelSchema } from "@actorgate/client/gen/spawn";
import { channelsOf } from "./channels.js";

const channel = (topic: string, action = "") => toBinary(ChannelSchema, create(ChannelSchema, { topic, action }));
const text = (s: string) => new TextEncoder().encode(s);

describe("channelsOf (Metadata.channel_group of both SDK generations)", () => {
  it("reads newer SDKs' Channel messages, with Spawn's default action", () => {
    expect(channelsOf([channel("news", "onNews"), channel("alerts")])).toEqual([
      { topic: "news", action: "onNews" },
      { topic: "alerts", action: "receive" },
    ]);
  });

  it("reads older SDKs' plain topic string, even one that looks like protobuf", () => {
    expect(channelsOf([text("spawn-python")])).toEqual([{ topic: "spawn-python", action: "receive" }]);
    // "R" is 0x52: field 10, length-delimited; it must not be read as a Channel.
    expect(channelsOf([text("R2-topic")])).toEqual([{ topic: "R2-topic", action: "receive" }]);
  });

  it("skips empty entries", () => {
    expect(channelsOf([new Uint8Array()])).toEqual([]);
  });
});
