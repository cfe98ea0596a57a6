import { invalidArgument } from "../errors.js";

/** At most this many metadata entries per call. */
export const MAX_METADATA_ENTRIES = 256;
/** At most this many characters per metadata key. */
export const MAX_METADATA_KEY_LENGTH = 256;

/**
 * Checks the metadata a client sends with a call, like its payload (invalid_argument):
 * at most MAX_METADATA_ENTRIES entries, keys of 1 to MAX_METADATA_KEY_LENGTH characters,
 * no NUL anywhere (it is stored with durable invocations), and keys plus values (UTF-8)
 * at most `maxBytes` in all (setting maxMetadataBytes), which also bounds each value.
 */
export function checkMetadata(metadata: { readonly [key: string]: string } | undefined, maxBytes: number): void {
  if (!metadata) return;
  let entries = 0;
  let bytes = 0;
  for (const key in metadata) {
    const value = metadata[key]!;
    if (++entries > MAX_METADATA_ENTRIES) {
      throw invalidArgument(`metadata has more than ${MAX_METADATA_ENTRIES} entries: send fewer, or put the data in the payload`);
    }
    if (key.length === 0 || key.length > MAX_METADATA_KEY_LENGTH) {
      throw invalidArgument(`metadata key ${JSON.stringify(key.slice(0, 64))} must be 1-${MAX_METADATA_KEY_LENGTH} characters long`);
    }
    if (key.includes("\0") || value.includes("\0")) {
      throw invalidArgument(`metadata ${JSON.stringify(key.slice(0, 64))} contains a NUL character (\\u0000), which cannot be stored: remove it`);
    }
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    if (bytes > maxBytes) {
      throw invalidArgument(
        `metadata is larger than the ${maxBytes}-byte limit (setting maxMetadataBytes; keys and values count): put large data in the payload`,
      );
    }
  }
}
