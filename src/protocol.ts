// The wire contract: every type that crosses the worker boundary, and nothing else. A leaf: it
// imports nothing from implementation files, so both sides of the worker depend on it and not on
// each other. Everything here must survive structured clone; the worker re-checks every value.

import type { Audience, Direction, HelpResource, PolicyOptions, Verdict } from './policy/types.js';
import type { ListCategory } from './taxonomy.js';

export type { ListCategory };
export type {
  Action,
  Audience,
  Decision,
  Direction,
  HelpResource,
  OnError,
  OnKnownMatch,
  PolicyOptions,
  PromptDescriptor,
  PromptKind,
  PromptOption,
  PromptOptionId,
  Thresholds,
  Verdict,
} from './policy/types.js';

/** An image as it travels to the worker. The SDK owns every buffer in it (copied or transferred). */
export type WorkerImage =
  | { readonly kind: 'encoded'; readonly bytes: ArrayBuffer }
  | { readonly kind: 'pixels'; readonly width: number; readonly height: number; readonly data: Uint8Array | Uint8ClampedArray }
  | { readonly kind: 'bitmap'; readonly bitmap: ImageBitmap };

/** The classifier's assets as the worker receives them: bytes only, the worker never fetches. */
export interface ClassifierConfig {
  /** The ONNX model file. */
  readonly model: ArrayBuffer;
  /** The sha256 (hex) the model must have: the shipped model's pin unless the app names another. */
  readonly modelSha256: string;
  /** onnxruntime-web's wasm binary; its sha256 is pinned inside the worker bundle. */
  readonly wasm: ArrayBuffer;
  /** onnxruntime's threads, chosen by the app (1–16); absent: the ≥ 4-cores rule (classify/runtime.ts). */
  readonly threads?: number;
}

/** Settings the worker's engine is built with. */
export interface EngineConfig {
  /** Largest width × height accepted, checked from the header before decoding. */
  readonly maxPixels: number;
  /** The classifier to load; absent: no classifier (classifyImage fails with NOT_READY). */
  readonly classifier?: ClassifierConfig;
  /** Answer the detail calls (hashImage, classifyImage, matchImage); otherwise DETAILS_DISABLED. */
  readonly exposeDetails?: boolean;
  /** How scanImage decides and what its prompts say. */
  readonly verdicts?: VerdictConfig;
}

/**
 * WebCrypto's CryptoKey where the platform's types declare it, else `never`: the published types
 * need no DOM lib (Node's own types declare CryptoKey only under node:crypto's webcrypto).
 */
export type PlatformCryptoKey = typeof globalThis extends { readonly CryptoKey: { readonly prototype: infer T } } ? T : never;

/** The verdict side of the engine's settings (createScanner's policy, locale, … options). */
export interface VerdictConfig {
  readonly policy?: PolicyOptions;
  /** BCP 47 tag for prompts (default English). */
  readonly locale?: string;
  /** ISO 3166-1 alpha-2 region for the built-in help resources. */
  readonly region?: string;
  /** The app's own help resources, replacing the built-in ones. */
  readonly helpResources?: readonly HelpResource[];
  /** The reporting authority's X25519 public key (from its `.pub.json`), its name and URL. */
  readonly reportKey?: { readonly publicKey: Uint8Array; readonly name?: string; readonly url?: string };
  /** The app's non-extractable HMAC-SHA-256 key and the stored allowlist. */
  readonly allowlist?: { readonly key: PlatformCryptoKey; readonly entries?: Uint8Array };
}

/** The options of one `scanImage` call, as they cross to the worker. */
export interface WorkerScanOptions {
  readonly direction: Direction;
  /**
   * Why the main thread has no classifier to give this worker: its model or wasm could not be
   * fetched or verified there. The worker hands it to `onError` instead of NOT_READY; it cannot
   * turn a classifier the worker holds off.
   */
  readonly classifierError?: 'MODEL_INTEGRITY' | 'MODEL_LOAD';
}

/** A heavily blurred, small RGBA copy of a flagged image (ImageData's layout). */
export interface BlurredPreview {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** What a report may carry besides the verdict's labels: the image, the franking opening. */
export interface ReportOptions {
  /** Attach the image itself (default `none`). */
  readonly attach?: 'none' | 'image';
  /** The opening of the franked message the image came in (docs/franking.md). */
  readonly franking?: FrankingOpening;
}

/** The opening of a franked message, as the app holds it; binary fields as bytes or hex. */
export interface FrankingOpening {
  readonly frankingKey: Uint8Array | string;
  readonly commitment: Uint8Array | string;
  readonly sealedStamp: Uint8Array | string;
  readonly sender: string;
  readonly recipient: string;
  readonly conversation: string;
  readonly messageId: string;
  readonly timestamp: number;
  readonly message: string | Uint8Array;
  readonly attachmentSha256?: Uint8Array | string;
}

/** `createReport`'s options: the notice the user consented to, and an optional note. */
export interface CreateReportOptions extends ReportOptions {
  /** At most 1,000 UTF-8 bytes. */
  readonly note?: string;
  /** The app's word that the user saw `reportNotice`'s descriptor (its id) and chose to send. */
  readonly consent: { readonly notice: string };
}

/** What a report will carry, for the notice to list; never the values themselves. */
export type ReportItem = 'categories' | 'reasons' | 'model' | 'hour' | 'match' | 'note' | 'image' | 'franking';

/** The notice shown before a report is sealed; `id` is single-use. */
export interface ReportNoticeDescriptor {
  readonly kind: 'report-notice';
  readonly id: string;
  readonly audience: Audience;
  readonly direction: 'incoming';
  readonly locale: string;
  readonly title: string;
  readonly body: string;
  readonly authority: { readonly name: string; readonly url?: string };
  readonly items: readonly { readonly id: ReportItem; readonly label: string }[];
  readonly options: readonly [{ readonly id: 'send'; readonly label: string }, { readonly id: 'cancel'; readonly label: string }];
  readonly safeOption: 'cancel';
}

/**
 * Whether the classifier is usable. A model that fails its integrity check or does not load
 * leaves the scanner hashing; every classifyImage then fails with that error's code.
 */
export type ClassifierStatus =
  | { readonly state: 'off' }
  /** createScanner's model, or `enableClassifier`, is being fetched and loaded. */
  | { readonly state: 'loading' }
  | {
      readonly state: 'ready';
      readonly model: string;
      readonly threads: number;
      /** onnxruntime-node (Node, when the app installed it) or onnxruntime-web (wasm). */
      readonly runtime: 'onnxruntime-node' | 'onnxruntime-web';
    }
  | { readonly state: 'failed'; readonly code: 'MODEL_INTEGRITY' | 'MODEL_LOAD'; readonly message: string };

/** What `init` reports back. */
export interface InitResult {
  readonly classifier: ClassifierStatus;
}

/** The five probabilities of the nsfwjs MobileNetV2, in [0, 1], summing to 1. */
export interface ClassScores {
  readonly drawing: number;
  readonly hentai: number;
  readonly neutral: number;
  readonly porn: number;
  readonly sexy: number;
}

/** The result of `classifyImage`: a detail view for evaluation tools. */
export interface ClassifyResult {
  readonly scores: ClassScores;
  /** porn + hentai. */
  readonly sexual: number;
  /** sexy. */
  readonly suggestive: number;
  /** sha256 (hex) of the model that produced the scores. */
  readonly model: string;
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
  /**
   * PDQ of the pixels browsers show where they differ from the stored ones hashed above: each
   * animation frame as composed, gAMA / ICC applied, EXIF orientation applied. Distinct hashes
   * only, none equal to `pdq`; empty for most images. `matchImage` matches these too.
   */
  readonly shown: readonly ShownHash[];
}

/** The PDQ hash of one variant of an image as browsers show it. */
export interface ShownHash {
  readonly pdq: string;
  readonly quality: number;
}

/** One trusted signer, as in `NAME.pub.json` and `trust.json`. */
export interface TrustedSigner {
  /** Key id (32 hex digits); optional, but when present it must be the id of `publicKey`. */
  readonly id?: string;
  /** Ed25519 public key, 64 hex digits. */
  readonly publicKey: string;
  /** Key files name their kind; a trusted list signer is always a `signer` key. */
  readonly kind?: 'signer';
  /** A key for tests and demos only: never counted unless `allowDemoKeys` is set. */
  readonly demoOnly?: boolean;
}

/** Who may sign lists: `threshold` (default 2) distinct signers out of `signers`. */
export interface TrustSet {
  readonly threshold?: number;
  readonly signers: readonly TrustedSigner[];
}

export interface MatchOptions {
  /** Also query the 7 rotated / flipped hashes of the image. Default false. */
  readonly dihedral?: boolean;
  /** Largest PDQ Hamming distance that matches, 0..128 bits. Default 31. */
  readonly threshold?: number;
}

/** One list entry the image matched. Never carries the hash itself. */
export interface ListMatch {
  /** List id. */
  readonly list: string;
  /** Entry index in the list's canonical order (as `safeseal list inspect` counts). */
  readonly index: number;
  readonly category: ListCategory;
  /** PDQ Hamming distance in bits (the smallest over the hashes queried); 0 for SHA-256. */
  readonly distance: number;
  readonly kind: 'pdq' | 'sha256';
}

/** The last accepted version of a list, which the app persists per list id. */
export interface ListState {
  readonly sequence: number;
  /** Root of that version, 64 hex digits. */
  readonly root: string;
}

/** What a user or auditor compares with the list's published values. */
export interface ListInfo {
  readonly id: string;
  readonly sequence: number;
  /** Canonical root, 64 hex digits. */
  readonly root: string;
  /** Key ids (hex) of the distinct trusted signers whose signatures verified. */
  readonly signers: readonly string[];
  /** Number of entries (PDQ + SHA-256). */
  readonly entries: number;
  readonly categories: readonly ListCategory[];
  /** ISO 8601 times from the header. */
  readonly createdAt: string;
  readonly notAfter: string;
}

/** How `loadList` decides whether to trust a list. Plain data: it crosses to the worker. */
export interface LoadListOptions {
  /** Who may sign lists and how many must (default threshold 2). */
  readonly trust: TrustSet;
  /** The last accepted sequence and root per list id, which the app persists (see ListInfo). */
  readonly listState?: Readonly<Record<string, ListState>>;
  /** Count signers marked demo-only, and safeseal's published demo keys. Never in production. */
  readonly allowDemoKeys?: boolean;
}

/** The result of `matchImage`: list entries matched, never the hashes themselves. */
export interface MatchResult {
  readonly matches: readonly ListMatch[];
  /** PDQ quality 0..100 of the image. */
  readonly quality: number;
  /** False when the quality was below 50: then only SHA-256 was matched. */
  readonly pdqUsed: boolean;
}

/** The values a user or auditor compares with the published ones. */
export interface SafesealStatus {
  /** SHA-256 of the classifier model in use, or null when none is loaded. */
  readonly model: string | null;
  readonly lists: readonly ListInfo[];
}

/**
 * The classifier's load stages inside the worker, each reported as it begins: `model` (the model
 * and onnxruntime's wasm are checked against their sha256 pins), `compile` (onnxruntime compiles
 * its wasm and builds the session from the model), `warmup` (the warm-up inferences).
 */
export type WorkerStage = 'model' | 'compile' | 'warmup';

/** `type` of the worker's progress messages (`{type, stage}`); they carry nothing but the stage. */
export const PROGRESS_MESSAGE = 'safeseal:progress';

/** A progress message, posted by the worker on its own endpoint next to comlink's answers. */
export interface ProgressMessage {
  readonly type: typeof PROGRESS_MESSAGE;
  readonly stage: WorkerStage;
}

/** What the worker exposes: methods only, frozen, nothing readable or writable. */
export interface WorkerApi {
  /** Builds the engine and runs the known-answer self-test. Callable once. */
  init(config: EngineConfig): Promise<InitResult>;
  hashImage(image: WorkerImage): Promise<HashResult>;
  classifyImage(image: WorkerImage): Promise<ClassifyResult>;
  /** Verifies and holds a signed hash list. The buffer is the worker's (copied or transferred). */
  loadList(bytes: ArrayBuffer, options: LoadListOptions): Promise<ListInfo>;
  matchImage(image: WorkerImage, options?: MatchOptions): Promise<MatchResult>;
  status(): Promise<SafesealStatus>;
  scanImage(image: WorkerImage, options: WorkerScanOptions): Promise<Verdict>;
  blurredPreview(scanId: string): Promise<BlurredPreview>;
  markNotSensitive(scanId: string): Promise<Uint8Array>;
  reportNotice(scanId: string, options: ReportOptions): Promise<ReportNoticeDescriptor>;
  createReport(scanId: string, options: CreateReportOptions): Promise<Uint8Array>;
  /** Loads the classifier into an initialised engine that has none (off or failed). */
  enableClassifier(config: ClassifierConfig): Promise<ClassifierStatus>;
}

/** Names of the WorkerApi methods: the only calls the worker answers. */
export const WORKER_METHODS = [
  'init',
  'hashImage',
  'classifyImage',
  'loadList',
  'matchImage',
  'status',
  'scanImage',
  'blurredPreview',
  'markNotSensitive',
  'reportNotice',
  'createReport',
  'enableClassifier',
] as const satisfies readonly (keyof WorkerApi)[];

/** The detail calls: answered only by a scanner created with `exposeDetails: true`. */
export const DETAIL_METHODS = ['hashImage', 'classifyImage', 'matchImage'] as const satisfies readonly (keyof WorkerApi)[];
