import { createFileRegistry, toBinary, type DescEnum, type DescExtension, type DescMessage, type DescService, type MutableRegistry } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import { invalidArgument, resourceExhausted } from "../errors.js";

type Desc = DescMessage | DescEnum | DescExtension | DescService;

/** What one registration holds in the pool; give it back with `release`. */
export interface DescriptorHold {
  readonly files: readonly string[];
  readonly types: readonly string[];
}

const NONE: DescriptorHold = { files: [], types: [] };

/**
 * The message types hosts uploaded (FileDescriptorSets), in the gateway's shared
 * registry, so binary (Any) payloads and state render as JSON for JSON clients, admin
 * views and GetState. Each file and type is counted per registration that uploaded
 * it: it leaves the registry when the last host using it leaves, and the bytes held
 * are bounded (`registryMaxDescriptorBytes`). Types the registry had before any upload
 * (well-known types) are never replaced or removed.
 */
export class DescriptorPool {
  readonly #files = new Map<string, { bytes: number; refs: number }>();
  readonly #types = new Map<string, number>();
  #bytes = 0;

  constructor(
    private readonly registry: MutableRegistry,
    private readonly maxBytes: number,
  ) {}

  /** Bytes of distinct uploaded files held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Distinct uploaded types held now. */
  get typeCount(): number {
    return this.#types.size;
  }

  /**
   * Validates a set and checks the byte limit; call `add` with the result once the
   * registration is sure to go ahead (nothing is held until then).
   */
  prepare(set: FileDescriptorSet | undefined): PreparedDescriptors | undefined {
    if (!set || set.file.length === 0) return undefined;
    let files;
    try {
      files = createFileRegistry(set);
    } catch (err) {
      throw invalidArgument(
        `descriptors are not a complete FileDescriptorSet (${(err as Error).message}); include every imported file`,
      );
    }
    const sizes = new Map<string, number>();
    for (const f of set.file) sizes.set(f.name, toBinary(FileDescriptorProtoSchema, f).byteLength);
    let added = 0;
    for (const [name, bytes] of sizes) if (!this.#files.has(name)) added += bytes;
    if (this.#bytes + added > this.maxBytes) {
      throw resourceExhausted(
        `uploaded descriptors would hold ${this.#bytes + added} bytes, over registryMaxDescriptorBytes ` +
          `(--registry-max-descriptor-bytes = ${this.maxBytes}); upload only the files your actors use, or raise the setting`,
      );
    }
    return { sizes, types: [...files] as Desc[] };
  }

  /** Takes what `prepare` checked into the registry; returns what to release later. */
  add(prepared: PreparedDescriptors | undefined): DescriptorHold {
    if (!prepared) return NONE;
    for (const [name, bytes] of prepared.sizes) {
      const held = this.#files.get(name);
      if (held) held.refs++;
      else {
        this.#files.set(name, { bytes, refs: 1 });
        this.#bytes += bytes;
      }
    }
    const types: string[] = [];
    for (const desc of prepared.types) {
      const refs = this.#types.get(desc.typeName);
      if (refs === undefined && this.registry.get(desc.typeName)) continue; // built in: keep it
      // The latest upload of a type wins, as hosts roll out a new version.
      this.registry.add(desc);
      this.#types.set(desc.typeName, (refs ?? 0) + 1);
      types.push(desc.typeName);
    }
    return { files: [...prepared.sizes.keys()], types };
  }

  release(hold: DescriptorHold): void {
    for (const name of hold.types) {
      const refs = (this.#types.get(name) ?? 1) - 1;
      if (refs > 0) {
        this.#types.set(name, refs);
        continue;
      }
      this.#types.delete(name);
      const desc = this.registry.get(name);
      if (desc) this.registry.remove(desc);
    }
    for (const name of hold.files) {
      const held = this.#files.get(name);
      if (!held) continue;
      if (--held.refs > 0) continue;
      this.#files.delete(name);
      this.#bytes -= held.bytes;
    }
  }
}

export interface PreparedDescriptors {
  readonly sizes: ReadonlyMap<string, number>;
  readonly types: readonly Desc[];
}
