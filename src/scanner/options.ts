// The Scanner's options and their checks: what createScanner, enableClassifier and every call
// accept. Each is checked with the named checks of check.ts before anything is started or
// registered, so a malformed option is INVALID_ARGUMENT and leaves no trace.

import { checkAssets, type AssetSource, type ClassifierAssets, type LocalReader, type ProgressListener } from './assets.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions, checkSignal } from '../check.js';
import { DEFAULT_MAX_PIXELS } from '../image/sniff.js';
import type { EngineConfig } from '../protocol.js';

export interface ScannerOptions {
  /** Largest width × height accepted, checked from the file header before decoding. Default 50 000 000. */
  readonly maxPixels?: number;
  /**
   * A call that takes longer than this (ms) fails with TIMEOUT and the worker is restarted.
   * Default 30 000; 0 disables.
   */
  readonly timeoutMs?: number;
  /**
   * Starting a worker — its self-test, loading the model, reloading lists after a restart — and
   * `enableClassifier` taking longer than this (ms) fail with TIMEOUT. Separate from `timeoutMs`
   * because compiling onnxruntime and the model on a slow phone takes far longer than one scan.
   * Default 60 000; 0 disables.
   */
  readonly startTimeoutMs?: number;
  /**
   * The classifier model (ONNX): a URL on the app's own origin, or its bytes. Without it the
   * scanner only hashes and classifyImage fails with NOT_READY (see `enableClassifier`).
   */
  readonly model?: AssetSource;
  /** sha256 (hex) the model must have. Default: the pin of the model safeseal ships. */
  readonly modelSha256?: string;
  /**
   * onnxruntime-web's `ort-wasm-simd-threaded.wasm` (URL on the app's own origin, or bytes);
   * required with `model`. The worker checks it against the sha256 pinned in this build.
   */
  readonly wasm?: AssetSource;
  /** Called as the classifier loads: download progress, then the `model`, `compile`, `warmup` and `ready` stages. */
  readonly onProgress?: ProgressListener;
}

/** The options of `enableClassifier`: those of createScanner's classifier. */
export interface ClassifierOptions {
  /** As ScannerOptions.model; in Node also `true` (the shipped model) or a file path. Required. */
  readonly model: AssetSource | true;
  readonly modelSha256?: string;
  readonly wasm?: AssetSource;
  readonly onProgress?: ProgressListener;
}

export interface CallOptions {
  /** Move the caller's buffer to the worker instead of copying it (it is detached afterwards). */
  readonly transfer?: boolean;
  /** Abort the wait: the call rejects with ABORTED (the worker's result is dropped). */
  readonly signal?: AbortSignal;
}

/**
 * What an entry adds for its platform: reading file: URLs (Node), and mapping its own
 * classifier options (Node: `model: true`, file paths) to the Scanner's.
 */
export interface Platform {
  readonly readLocal?: LocalReader;
  readonly classifierOptions?: (options: Record<string, unknown>) => Record<string, unknown>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_START_TIMEOUT_MS = 60_000;
/** setTimeout's largest delay; a larger one fires at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** The engine's own ceiling for maxPixels (engine/config.ts), checked here too so the error comes early. */
const MAX_PIXELS_CEILING = 2 ** 31;

const SCANNER_KEYS = ['maxPixels', 'timeoutMs', 'startTimeoutMs', 'model', 'modelSha256', 'wasm', 'onProgress'] as const;
export const CLASSIFIER_KEYS = ['model', 'modelSha256', 'wasm', 'onProgress'] as const;
const CALL_KEYS = ['transfer', 'signal'] as const;

export interface Checked {
  engine: EngineConfig;
  timeouts: { callMs: number; startMs: number };
  assets: ClassifierAssets | null;
}

export function checkScannerOptions(options: unknown): Checked {
  const o = checkOptions(options, 'options', SCANNER_KEYS);
  const maxPixels = o.maxPixels === undefined ? DEFAULT_MAX_PIXELS : checkInteger(o.maxPixels, 'maxPixels', 1, MAX_PIXELS_CEILING);
  const callMs = o.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkNumber(o.timeoutMs, 'timeoutMs', 0, MAX_TIMEOUT_MS);
  const startMs = o.startTimeoutMs === undefined ? DEFAULT_START_TIMEOUT_MS : checkNumber(o.startTimeoutMs, 'startTimeoutMs', 0, MAX_TIMEOUT_MS);
  return { engine: { maxPixels }, timeouts: { callMs, startMs }, assets: checkAssets(o) };
}

/** Checks a call's options: only `allowed` keys, `transfer` a boolean, `signal` an AbortSignal. */
export function checkCallOptions(options: unknown, extra: readonly string[] = []): { transfer: boolean; signal: AbortSignal | undefined; o: Record<string, unknown> } {
  const o = checkOptions(options, 'options', [...CALL_KEYS, ...extra]);
  return { transfer: o.transfer === undefined ? false : checkBoolean(o.transfer, 'transfer'), signal: checkSignal(o.signal), o };
}

