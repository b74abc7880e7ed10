// Types that cross the worker boundary, and nothing else. Everything here must survive
// structured clone; the worker re-checks every value it receives.

/** An image as it travels to the worker. The SDK owns every buffer in it (copied or transferred). */
export type WorkerImage =
  | { readonly kind: 'encoded'; readonly bytes: ArrayBuffer }
  | { readonly kind: 'pixels'; readonly width: number; readonly height: number; readonly data: Uint8Array | Uint8ClampedArray }
  | { readonly kind: 'bitmap'; readonly bitmap: ImageBitmap };

/** Settings the worker's engine is built with. */
export interface EngineConfig {
  /** Largest width × height accepted, checked from the header before decoding. */
  readonly maxPixels: number;
}

/** The result of `hashImage`. Hashes are lowercase hex, compatible with ThreatExchange / HMA. */
export interface HashResult {
  /** PDQ hash, 64 hex digits. */
  readonly pdq: string;
  /** PDQ quality 0..100; hashes below 50 are not reliable for matching. */
  readonly quality: number;
  /** The 8 dihedral PDQ hashes: orig (= pdq), rot90, rot180, rot270, flipx, flipy, flipp, flipm. */
  readonly dihedral: readonly string[];
  /** SHA-256 of the encoded bytes, 64 hex digits; null for ImageData / ImageBitmap input. */
  readonly sha256: string | null;
  /** Dimensions of the pixels hashed, as stored (EXIF orientation is not applied). */
  readonly width: number;
  readonly height: number;
}

/** What the worker exposes: methods only, frozen, nothing readable or writable. */
export interface WorkerApi {
  /** Builds the engine and runs the known-answer self-test. Callable once. */
  init(config: EngineConfig): Promise<void>;
  hashImage(image: WorkerImage): Promise<HashResult>;
}

/** Names of the WorkerApi methods: the only calls the worker answers. */
export const WORKER_METHODS = ['init', 'hashImage'] as const satisfies readonly (keyof WorkerApi)[];
