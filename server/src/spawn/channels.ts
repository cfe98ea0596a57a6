import { fromBinary } from "@bufbuild/protobuf";
import { ChannelSchema } from "@actorgate/client/gen/spawn";

/** The action a Spawn channel subscription runs when it names none (Spawn's default). */
export const DEFAULT_CHANNEL_ACTION = "receive";

export interface SpawnChannel {
  readonly topic: string;
  readonly action: string;
}

// A serialized Channel starts with the tag of field 1 or 2, length-delimited.
const CHANNEL_TAGS = new Set([0x0a, 0x12]);

/**
 * The channel subscriptions in `Metadata.channel_group`, from either SDK generation:
 * older SDKs send one plain string (the topic), newer ones `Channel{topic, action}`
 * messages, both as length-delimited field 1. An entry is a Channel when it parses as
 * one with a topic; a topic string cannot be mistaken for one, since valid channel names
 * never start with the control characters 0x0A or 0x12.
 */
export function channelsOf(entries: readonly Uint8Array[]): SpawnChannel[] {
  const channels: SpawnChannel[] = [];
  for (const bytes of entries) {
    if (bytes.length === 0) continue;
    const channel = CHANNEL_TAGS.has(bytes[0]!) ? asChannel(bytes) : undefined;
    if (channel) {
      channels.push({ topic: channel.topic, action: channel.action || DEFAULT_CHANNEL_ACTION });
      continue;
    }
    const topic = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    channels.push({ topic, action: DEFAULT_CHANNEL_ACTION });
  }
  return channels;
}

function asChannel(bytes: Uint8Array): { topic: string; action: string } | undefined {
  try {
    const channel = fromBinary(ChannelSchema, bytes, { readUnknownFields: false });
    return channel.topic ? channel : undefined;
  } catch {
    return undefined;
  }
}
