// The Scanner's options and their checks: what createScanner, enableClassifier and every call
// accept. Each is checked with the named checks of check.ts before anything is started or
// registered, so a malformed option is INVALID_ARGUMENT and leaves no trace.

import { checkAssets, type AssetSource, type ClassifierAssets, type LocalReader, type ProgressListener } from './assets.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions, checkSignal, checkString } from '../check.js';
import { checkPublicKey } from '../crypto/key-files.js';
import { SafesealError } from '../errors.js';
import { DEFAULT_MAX_PIXELS } from '../image/sniff.js';
import type { LedgerEntry, LedgerHead } from '../ledger/ledger.js';
import { resolvePolicy, type ResolvedPolicy } from '../policy/decide.js';
import type { Direction, HelpResource, PolicyOptions } from '../policy/types.js';
import { checkHelpResources } from '../prompts/build.js';
import type { EngineConfig, VerdictConfig } from '../protocol.js';
import type { PlatformInstance } from './input.js';

export interface ScannerOptions {
  /** Largest width × height accepted, checked from the file header before decoding. Default 50 000 000. */
  readonly maxPixels?: number;
  /**
   * A call that takes longer than this (ms) fails with TIMEOUT and the worker is restarted.
   * Default 30 000; 0 disables.
   */
  readonly timeoutMs?: number;
  /**
   * Starting a worker — its self-test; after a restart also the model and the lists — and loading
   * the classifier (createScanner's, or `enableClassifier`) may take this long (ms). Separate from
   * `timeoutMs` because compiling onnxruntime and the model on a slow phone takes far longer than
   * one scan. Past it, createScanner rejects with WORKER_CRASHED naming the stage, a classifier
   * load leaves `scanner.classifier` failed (MODEL_LOAD), and a restart fails its call with
   * TIMEOUT. Default 60 000; 0 disables.
   */
  readonly startTimeoutMs?: number;
  /**
   * The classifier model (ONNX): a URL on the app's own origin, or its bytes. The entries default
   * it to the model safeseal ships (`model: false` turns the classifier off); at this level,
   * without it the scanner only hashes, classifyImage fails with NOT_READY and scanImage hands
   * NOT_READY to `onError` (see `enableClassifier`).
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
  /**
   * onnxruntime's threads (1–16). Default: 1, or up to 4 with ≥ 4 logical cores; in browsers more
   * than 1 needs a cross-origin isolated page. Threads pay only on idle cores (README, Classifier).
   */
  readonly threads?: number;
  /** At most this many calls may wait for the worker (default 1,000); beyond that, BUSY. */
  readonly maxQueue?: number;
  /** How scanImage decides: audience (default `child`), thresholds, onError, onKnownMatch (docs/policy.md). */
  readonly policy?: PolicyOptions;
  /** BCP 47 tag for prompts (English when safeseal has no such locale). */
  readonly locale?: string;
  /** ISO 3166-1 alpha-2: which help resources prompts offer (GB, US, CA, AU; INHOPE elsewhere). */
  readonly region?: string;
  /** Your own help resources, replacing the built-in ones. */
  readonly helpResources?: readonly HelpResource[];
  /** Answer the detail calls (hashImage, classifyImage, matchImage). Evaluation tools and list operators only. */
  readonly exposeDetails?: boolean;
  /** The reporting authority's parsed `.pub.json` (kind `authority`): enables reportNotice / createReport. */
  readonly reportKey?: unknown;
  /** A non-extractable HMAC-SHA-256 CryptoKey you keep, and the allowlist markNotSensitive returned last. */
  readonly allowlist?: { readonly key: PlatformInstance<'CryptoKey'>; readonly entries?: Uint8Array };
  /** The privacy ledger's entries as `scanner.ledger()` returned them: restored only if they verify. */
  readonly ledger?: readonly LedgerEntry[];
}

/** `scanImage`'s options. */
export interface ScanCallOptions {
  /** `outgoing`: before you encrypt and send it; `incoming`: after you decrypt it, before you show it. */
  readonly direction: Direction;
  /** Aborts the wait (ABORTED). */
  readonly signal?: PlatformInstance<'AbortSignal'>;
  /** Move the caller's buffer instead of copying it (it is detached afterwards). */
  readonly transfer?: boolean;
}

/** The privacy ledger: one entry per sealed report this scanner produced. */
export interface LedgerView {
  readonly entries: LedgerEntry[];
  readonly head: LedgerHead;
}

/** The options of `enableClassifier`: those of createScanner's classifier. */
export interface ClassifierOptions {
  /**
   * As createScanner's `model`: `true` (the default) for the model safeseal ships, a URL on the
   * app's own origin or bytes; in Node also a file path.
   */
  readonly model?: AssetSource | true;
  readonly modelSha256?: string;
  readonly wasm?: AssetSource;
  readonly onProgress?: ProgressListener;
}

export interface CallOptions {
  /** Move the caller's buffer to the worker instead of copying it (it is detached afterwards). */
  readonly transfer?: boolean;
  /** Abort the wait: the call rejects with ABORTED (the worker's result is dropped). */
  readonly signal?: PlatformInstance<'AbortSignal'>;
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

const SCANNER_KEYS = [
  'maxPixels',
  'timeoutMs',
  'startTimeoutMs',
  'model',
  'modelSha256',
  'wasm',
  'onProgress',
  'threads',
  'maxQueue',
  'policy',
  'locale',
  'region',
  'helpResources',
  'exposeDetails',
  'reportKey',
  'allowlist',
  'ledger',
] as const;
export const CLASSIFIER_KEYS = ['model', 'modelSha256', 'wasm', 'onProgress'] as const;
const CALL_KEYS = ['transfer', 'signal'] as const;

export interface Checked {
  engine: EngineConfig;
  /** The app's `threads`, passed with the classifier's config. */
  threads?: number;
  /** Most calls that may wait for the worker. */
  maxQueue: number;
  timeouts: { callMs: number; startMs: number };
  assets: ClassifierAssets | null;
}

export function checkScannerOptions(options: unknown): Checked {
  const o = checkOptions(options, 'options', SCANNER_KEYS);
  const maxPixels = o.maxPixels === undefined ? DEFAULT_MAX_PIXELS : checkInteger(o.maxPixels, 'maxPixels', 1, MAX_PIXELS_CEILING);
  const callMs = o.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkNumber(o.timeoutMs, 'timeoutMs', 0, MAX_TIMEOUT_MS);
  const startMs = o.startTimeoutMs === undefined ? DEFAULT_START_TIMEOUT_MS : checkNumber(o.startTimeoutMs, 'startTimeoutMs', 0, MAX_TIMEOUT_MS);
  const threads = o.threads === undefined ? undefined : checkInteger(o.threads, 'threads', 1, 16);
  const maxQueue = o.maxQueue === undefined ? 1000 : checkInteger(o.maxQueue, 'maxQueue', 0, 1_000_000);
  return { engine: { maxPixels }, timeouts: { callMs, startMs }, assets: checkAssets(o), maxQueue, ...(threads === undefined ? {} : { threads }) };
}

/** Checks a call's options: only `allowed` keys, `transfer` a boolean, `signal` an AbortSignal. */
export function checkCallOptions(
  options: unknown,
  extra: readonly string[] = [],
): { transfer: boolean; signal: AbortSignal | undefined; o: Record<string, unknown> } {
  const o = checkOptions(options, 'options', [...CALL_KEYS, ...extra]);
  return { transfer: o.transfer === undefined ? false : checkBoolean(o.transfer, 'transfer'), signal: checkSignal(o.signal), o };
}

/** The verdict side of the options, checked on the main thread and again in the worker. */
export async function checkVerdictOptions(o: ScannerOptions): Promise<{ config: VerdictConfig; policy: ResolvedPolicy; exposeDetails: boolean }> {
  const policy = resolvePolicy(o.policy);
  const locale = o.locale === undefined ? undefined : checkString(o.locale, 'locale', 1, 35);
  const region = o.region === undefined ? undefined : checkString(o.region, 'region', 2, 2).toUpperCase();
  const helpResources = o.helpResources === undefined ? undefined : checkHelpResources(o.helpResources);
  const exposeDetails = o.exposeDetails === undefined ? false : checkBoolean(o.exposeDetails, 'exposeDetails');
  let reportKey: VerdictConfig['reportKey'];
  if (o.reportKey !== undefined) {
    const k = await checkPublicKey(o.reportKey, 'reportKey', 'authority');
    reportKey = { publicKey: k.publicKey, ...(k.name ? { name: k.name } : {}), ...(k.url ? { url: k.url } : {}) };
  }
  let allowlist: VerdictConfig['allowlist'];
  if (o.allowlist !== undefined) {
    const a = checkOptions(o.allowlist, 'allowlist', ['key', 'entries']);
    if (typeof CryptoKey === 'undefined' || !(a.key instanceof CryptoKey))
      throw new SafesealError('INVALID_ARGUMENT', '"allowlist.key" must be a CryptoKey');
    if (a.entries !== undefined && !(a.entries instanceof Uint8Array))
      throw new SafesealError('INVALID_ARGUMENT', '"allowlist.entries" must be a Uint8Array');
    allowlist = { key: a.key as PlatformInstance<'CryptoKey'>, ...(a.entries === undefined ? {} : { entries: a.entries.slice() }) };
  }
  const config: VerdictConfig = {
    ...(o.policy === undefined ? {} : { policy: { ...o.policy } }),
    ...(locale === undefined ? {} : { locale }),
    ...(region === undefined ? {} : { region }),
    ...(helpResources === undefined ? {} : { helpResources }),
    ...(reportKey === undefined ? {} : { reportKey }),
    ...(allowlist === undefined ? {} : { allowlist }),
  };
  return { config, policy, exposeDetails };
}
