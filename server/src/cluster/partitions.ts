// The actor space is cut into a fixed number of partitions; a partition, not an actor, is
// what a node owns. An actor's partition is a hash of its key, and the owner a partition
// should have is chosen by rendezvous (highest-random-weight) hashing over the live nodes:
// every node computes the same answer from the same member list, and a node joining or
// leaving moves only the partitions it wins or held (about 1/N of them).
import { actorKeyString } from "@actorgate/client/common";
import type { ActorKey } from "../store/store.js";

/** FNV-1a, 32 bits: cheap per call and stable across processes and versions. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The partition an actor belongs to. */
export function partitionOf(key: ActorKey, partitions: number): number {
  return fnv1a(actorKeyString(key)) % partitions;
}

/** A well-mixed 32-bit weight (murmur3's finalizer), so similar inputs spread out. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The node that should own `partition` among `nodes` (undefined when there are none). */
export function preferredOwner(partition: number, nodes: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1;
  for (const node of nodes) {
    const weight = mix(fnv1a(node) ^ Math.imul(partition + 1, 0x9e3779b1));
    if (weight > bestWeight || (weight === bestWeight && best !== undefined && node < best)) {
      best = node;
      bestWeight = weight;
    }
  }
  return best;
}
