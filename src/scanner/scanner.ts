// Scanner: the main-thread API. Checks arguments, copies what the app passes, and asks the worker
// (through WorkerHost, which restarts it after a crash) — bringing a restarted worker back to the
// same model and lists.

import { transfer, type Remote } from 'comlink';
import { checkAssets, describeAssetSource, loadClassifierAssets, type AssetSource, type ClassifierAssets, type LocalReader, type ProgressListener } from './assets.js';
import { installErrorTransfer, SafesealError, toSafesealError } from '../errors.js';
import { DEFAULT_MAX_PIXELS } from '../image/sniff.js';
import { describeValue } from '../check.js';
import { prepareImage, type ImageInput, type PlatformInstance } from './input.js';
import { toHex } from '../bytes.js';
import { checkBoolean, checkOneOf, checkOptions as checkKeys, checkSignal, checkString } from '../check.js';
import { checkPublicKey } from '../crypto/key-files.js';
import { Ledger, type LedgerEntry, type LedgerHead } from '../ledger/ledger.js';
import { decide, promptKind, resolvePolicy, type ResolvedPolicy } from '../policy/decide.js';
import { DIRECTIONS, type Direction, type HelpResource, type PolicyOptions, type Verdict } from '../policy/types.js';
import { buildPrompt, checkHelpResources } from '../prompts/build.js';
import type {
  BlurredPreview,
  CreateReportOptions,
  ReportNoticeDescriptor,
  ReportOptions,
  VerdictConfig,
  ClassifierStatus,
  ClassifyResult,
  EngineConfig,
  HashResult,
  ListInfo,
  LoadListOptions,
  MatchOptions,
  MatchResult,
  SafesealStatus,
  WorkerApi,
} from '../protocol.js';
import { WorkerHost, type Run, type WorkerFactory } from './worker-host.js';

export type { WorkerFactory, WorkerHandle } from './worker-host.js';

export interface ScannerOptions {
  /** Largest width × height accepted, checked from the file header before decoding. Default 50 000 000. */
  readonly maxPixels?: number;
  /**
   * A call that takes longer than this (ms) fails with TIMEOUT and the worker is restarted.
   * Default 30 000; 0 disables.
   */
  readonly timeoutMs?: number;
  /**
   * The classifier model (ONNX): a URL on the app's own origin, or its bytes. Without it the
   * scanner only hashes and classifyImage fails with NOT_READY.
   */
  readonly model?: AssetSource;
  /** sha256 (hex) the model must have. Default: the pin of the model safeseal ships. */
  readonly modelSha256?: string;
  /**
   * onnxruntime-web's `ort-wasm-simd-threaded.wasm` (URL on the app's own origin, or bytes);
   * required with `model`. The worker checks it against the sha256 pinned in this build.
   */
  readonly wasm?: AssetSource;
  /** Called as the model and wasm download (bytes so far, and the total when known). */
  readonly onProgress?: ProgressListener;
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
  readonly signal?: AbortSignal;
  /** Move the caller's buffer instead of copying it (it is detached afterwards). */
  readonly transfer?: boolean;
}

/** The privacy ledger: one entry per sealed report this scanner produced. */
export interface LedgerView {
  readonly entries: LedgerEntry[];
  readonly head: LedgerHead;
}

const SCANNER_OPTION_KEYS = [
  'maxPixels',
  'timeoutMs',
  'model',
  'modelSha256',
  'wasm',
  'onProgress',
  'policy',
  'locale',
  'region',
  'helpResources',
  'exposeDetails',
  'reportKey',
  'allowlist',
  'ledger',
  'workerUrl',
] as const;

/** The verdict side of the options, checked on the main thread and again in the worker. */
async function checkVerdictOptions(o: ScannerOptions): Promise<{ config: VerdictConfig; policy: ResolvedPolicy; exposeDetails: boolean }> {
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
    const a = checkKeys(o.allowlist, 'allowlist', ['key', 'entries']);
    if (typeof CryptoKey === 'undefined' || !(a.key instanceof CryptoKey)) throw new SafesealError('INVALID_ARGUMENT', '"allowlist.key" must be a CryptoKey');
    if (a.entries !== undefined && !(a.entries instanceof Uint8Array)) throw new SafesealError('INVALID_ARGUMENT', '"allowlist.entries" must be a Uint8Array');
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

const SCAN_ERRORS_ON_MAIN_THREAD = ['TIMEOUT', 'WORKER_CRASHED'] as const;

const randomId = (): string => toHex(crypto.getRandomValues(new Uint8Array(16)));

export interface CallOptions {
  /** Move the caller's buffer to the worker instead of copying it (it is detached afterwards). */
  readonly transfer?: boolean;
  /** Abort the wait: the call rejects with ABORTED (the worker's result is dropped). */
  readonly signal?: PlatformInstance<'AbortSignal'>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function checkOptions(options: unknown): { engine: EngineConfig; timeoutMs: number; assets: ClassifierAssets | null } {
  checkKeys(options, 'options', SCANNER_OPTION_KEYS);
  const { maxPixels = DEFAULT_MAX_PIXELS, timeoutMs = DEFAULT_TIMEOUT_MS } = (options ?? {}) as ScannerOptions;
  if (typeof maxPixels !== 'number' || !Number.isInteger(maxPixels) || maxPixels < 1) {
    throw new SafesealError('INVALID_ARGUMENT', '"maxPixels" must be a positive integer');
  }
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0) || !Number.isFinite(timeoutMs)) {
    throw new SafesealError('INVALID_ARGUMENT', '"timeoutMs" must be a finite number ≥ 0');
  }
  return { engine: { maxPixels }, timeoutMs, assets: checkAssets((options ?? {}) as ScannerOptions) };
}

/**
 * Scans images on the device, in a worker. Create with `createScanner()`; call `dispose()` when
 * done. Every method rejects with a `SafesealError`.
 */
export class Scanner {
  readonly #engine: EngineConfig;
  readonly #host: WorkerHost;
  /** Lists accepted so far, kept to load them again into a restarted worker. */
  readonly #lists = new Map<string, { bytes: ArrayBuffer; options: LoadListOptions }>();
  /** Lists a restarted worker refused (e.g. expired meanwhile): matching fails closed until replaced. */
  readonly #lost = new Map<string, SafesealError>();
  #classifier: ClassifierStatus;
  readonly #policy: ResolvedPolicy;
  readonly #verdictConfig: VerdictConfig;
  readonly #ledger: Ledger;
  /** Where the model and wasm came from, added to the worker's MODEL_* messages (it sees only bytes). */
  readonly #assetSources: string;

  private constructor(
    factory: WorkerFactory,
    engine: EngineConfig,
    timeoutMs: number,
    classifier: ClassifierStatus,
    assetSources: string,
    verdicts: { policy: ResolvedPolicy; config: VerdictConfig },
    ledger: Ledger,
  ) {
    this.#policy = verdicts.policy;
    this.#verdictConfig = verdicts.config;
    this.#ledger = ledger;
    this.#engine = engine;
    this.#classifier = classifier;
    this.#assetSources = assetSources;
    this.#host = new WorkerHost(factory, timeoutMs, (api, run) => this.#prepare(api, run));
  }

  /**
   * @internal Used by `createScanner`: loads the classifier's assets, starts the worker and waits
   * for its self-test and model verification. `readLocal` reads file: URLs (Node).
   */
  static async start(factory: WorkerFactory, options?: ScannerOptions, readLocal?: LocalReader): Promise<Scanner> {
    const { engine, timeoutMs, assets } = checkOptions(options);
    const o = (options ?? {}) as ScannerOptions;
    const verdicts = await checkVerdictOptions(o);
    const ledger = await Ledger.restore(o.ledger === undefined ? [] : (o.ledger as LedgerEntry[]));
    if (!ledger) throw new SafesealError('INVALID_ARGUMENT', '"ledger" does not verify: it was changed, reordered or truncated at the start');
    installErrorTransfer();
    const loaded = await loadClassifierAssets(assets, readLocal);
    const configured: EngineConfig = { ...engine, exposeDetails: verdicts.exposeDetails, verdicts: verdicts.config };
    const withModel = 'wasm' in loaded ? { ...configured, classifier: loaded } : configured;
    const sources = assets ? ` (model: ${describeAssetSource(assets.model)}; wasm: ${describeAssetSource(assets.wasm)})` : '';
    const scanner = new Scanner(factory, withModel, timeoutMs, 'wasm' in loaded ? { state: 'off' } : loaded, sources, verdicts, ledger);
    await scanner.#host.start();
    return scanner;
  }

  /**
   * The classifier's state: `ready` (with the model's sha256 and thread count), `failed` (with the
   * MODEL_INTEGRITY or MODEL_LOAD that every classifyImage then throws) or `off` (no model given).
   */
  get classifier(): ClassifierStatus {
    return this.#classifier;
  }

  /**
   * PDQ hash (+ quality, 8 dihedral hashes) and SHA-256 of an image, computed in the worker.
   * @throws SafesealError INVALID_ARGUMENT, UNSUPPORTED_FORMAT, CORRUPT_IMAGE, IMAGE_TOO_LARGE,
   *   DISPOSED, ABORTED, TIMEOUT, WORKER_CRASHED
   */
  async hashImage(input: ImageInput, options: CallOptions = {}): Promise<HashResult> {
    this.#checkAlive();
    this.#checkDetails('hashImage');
    const { image, transfer: transferables } = await prepareImage(input, options.transfer === true);
    return this.#call((api) => api.hashImage(transfer(image, transferables)), options.signal);
  }

  /**
   * nsfwjs's five probabilities for an image (drawing, hentai, neutral, porn, sexy), with
   * sexual = porn + hentai, suggestive = sexy and the model's sha256. A detail call for evaluation
   * tools; messengers act on verdicts, not scores.
   * @throws SafesealError NOT_READY (no model), MODEL_INTEGRITY, MODEL_LOAD, INVALID_ARGUMENT,
   *   UNSUPPORTED_FORMAT, CORRUPT_IMAGE, IMAGE_TOO_LARGE, DISPOSED, ABORTED, TIMEOUT, WORKER_CRASHED
   */
  async classifyImage(input: ImageInput, options: CallOptions = {}): Promise<ClassifyResult> {
    this.#checkAlive();
    this.#checkDetails('classifyImage');
    const status = this.#classifier;
    // Nothing to ask the worker: the model could not be fetched or verified (the status names the
    // asset's URL and its sha256), or none was given.
    if (status.state === 'failed') throw new SafesealError(status.code, status.message);
    if (!this.#engine.classifier) throw new SafesealError('NOT_READY', 'no classifier model was configured');
    const { image, transfer: transferables } = await prepareImage(input, options.transfer === true);
    return this.#call((api) => api.classifyImage(transfer(image, transferables)), options.signal);
  }

  /**
   * Verifies a signed hash list in the worker and holds it there for `matchImage`, replacing an
   * older version with the same id. Persist the returned `{sequence, root}` under its `id` and pass
   * it back as `listState` next time: that is what refuses rollbacks across restarts.
   * @throws SafesealError INVALID_ARGUMENT, LIST_FORMAT, LIST_SIGNATURE, LIST_ROLLBACK, LIST_EXPIRED,
   *   DISPOSED, ABORTED, TIMEOUT, WORKER_CRASHED
   */
  async loadList(list: ArrayBuffer | Uint8Array | PlatformInstance<'Blob'>, options: LoadListOptions & CallOptions): Promise<ListInfo> {
    this.#checkAlive();
    if (typeof options !== 'object' || options === null) throw new SafesealError('INVALID_ARGUMENT', '"options" must be an object with "trust"');
    let bytes: ArrayBuffer;
    if (typeof Blob !== 'undefined' && list instanceof Blob) bytes = await list.arrayBuffer();
    else if (list instanceof ArrayBuffer) bytes = list.slice(0);
    else if (list instanceof Uint8Array) bytes = Uint8Array.prototype.slice.call(list).buffer; // a copy, also of a Node Buffer
    else throw new SafesealError('INVALID_ARGUMENT', `"list" must be an ArrayBuffer, Uint8Array or Blob, got ${describeValue(list)}`);
    const { trust, listState, allowDemoKeys } = options;
    const wire: LoadListOptions = { trust, ...(listState === undefined ? {} : { listState }), ...(allowDemoKeys === undefined ? {} : { allowDemoKeys }) };
    const kept = bytes.slice(0);
    const info = await this.#call((api) => api.loadList(transfer(bytes, [bytes]), wire), options.signal);
    this.#lists.set(info.id, { bytes: kept, options: wire });
    this.#lost.delete(info.id);
    return info;
  }

  /**
   * Matches an image against the loaded lists in the worker: PDQ within `threshold` bits (default
   * 31; skipped when the image's quality is below 50), optionally all 8 dihedral hashes, and its
   * SHA-256 exactly. Matches name list, entry index, category and distance, never a hash.
   * @throws SafesealError as hashImage, and NOT_READY (no list loaded), LIST_EXPIRED (a list expired)
   */
  async matchImage(input: ImageInput, options: MatchOptions & CallOptions = {}): Promise<MatchResult> {
    this.#checkAlive();
    this.#checkDetails('matchImage');
    if (typeof options !== 'object' || options === null) throw new SafesealError('INVALID_ARGUMENT', '"options" must be an object');
    for (const [id, e] of this.#lost) {
      throw new SafesealError(e.code, `hash list ${id} could not be loaded again after the worker restarted: ${e.message}`);
    }
    const { dihedral, threshold } = options;
    const wire: MatchOptions = { ...(dihedral === undefined ? {} : { dihedral }), ...(threshold === undefined ? {} : { threshold }) };
    const { image, transfer: transferables } = await prepareImage(input, options.transfer === true);
    return this.#call((api) => api.matchImage(transfer(image, transferables), wire), options.signal);
  }

  /**
   * The values a user or auditor compares with the published ones: the model's SHA-256 (null when
   * none) and each list's id, sequence, root, signers, entry count and categories.
   * @throws SafesealError DISPOSED, ABORTED, TIMEOUT, WORKER_CRASHED
   */
  async status(options: CallOptions = {}): Promise<SafesealStatus> {
    return this.#call((api) => api.status(), options.signal);
  }

  /**
   * The call a messenger makes, before it encrypts an outgoing image and after it decrypts an
   * incoming one: what to do with it (`allow`, `blur`, `warn`, `block`), what it acted on, and a
   * prompt to show. Nothing else: no score, hash, distance or list entry. An image that cannot
   * be checked gets the policy's `onError` verdict (reason `error`); never show it unscanned.
   * @throws SafesealError INVALID_ARGUMENT, ABORTED, DISPOSED, BUSY; with onError 'throw' also the
   *   code of why the image could not be checked
   */
  async scanImage(input: ImageInput, options: ScanCallOptions): Promise<Verdict> {
    this.#checkAlive();
    const o = checkKeys(options, 'options', ['direction', 'signal', 'transfer']);
    const direction = checkOneOf(o.direction, 'direction', DIRECTIONS);
    const signal = checkSignal(o.signal);
    const transferIt = o.transfer === undefined ? false : checkBoolean(o.transfer, 'transfer');
    const { image, transfer: transferables } = await prepareImage(input, transferIt);
    try {
      return await this.#call((api) => api.scanImage(transfer(image, transferables), { direction }), signal);
    } catch (e) {
      const err = toSafesealError(e);
      if (!(SCAN_ERRORS_ON_MAIN_THREAD as readonly string[]).includes(err.code)) throw err;
      // The worker died or stalled on this image: the policy still decides, here.
      const decision = decide({ direction, error: err.code }, this.#policy);
      const kind = promptKind(decision);
      const prompt =
        kind === undefined || decision.action === 'allow'
          ? undefined
          : buildPrompt({
              kind,
              action: decision.action,
              audience: this.#policy.audience,
              direction,
              ...(this.#verdictConfig.locale === undefined ? {} : { locale: this.#verdictConfig.locale }),
              ...(this.#verdictConfig.region === undefined ? {} : { region: this.#verdictConfig.region }),
              ...(this.#verdictConfig.helpResources === undefined ? {} : { helpResources: this.#verdictConfig.helpResources }),
            });
      return { scanId: randomId(), ...decision, ...(prompt ? { prompt } : {}) };
    }
  }

  /**
   * A heavily blurred, small RGBA copy (at most 32 px on its long side) of a flagged scan, made in
   * the worker, to show in place of the image until the user chooses to view it.
   * @throws SafesealError UNKNOWN_SCAN (unknown, or no longer kept), INVALID_ARGUMENT (not flagged), DISPOSED
   */
  async blurredPreview(scanId: string, options: { signal?: AbortSignal } = {}): Promise<BlurredPreview> {
    this.#checkAlive();
    const id = checkString(scanId, 'scanId', 1, 64);
    return this.#call((api) => api.blurredPreview(id), checkSignal(checkKeys(options, 'options', ['signal']).signal));
  }

  /**
   * The user says a flagged image is not sensitive: the classifier will not flag this image again
   * (a known-list match still blocks). Resolves to the whole allowlist, sorted, for you to store
   * and pass back as `allowlist.entries`; it is never sent anywhere.
   * @throws SafesealError INVALID_ARGUMENT (no `allowlist` key), UNKNOWN_SCAN, DISPOSED
   */
  async markNotSensitive(scanId: string): Promise<Uint8Array> {
    this.#checkAlive();
    const id = checkString(scanId, 'scanId', 1, 64);
    return this.#call((api) => api.markNotSensitive(id));
  }

  /**
   * The notice to show before a report: who receives it, everything it carries, that it cannot be
   * undone. Its `id` is single-use and bound to this scan and these options.
   * @throws SafesealError INVALID_ARGUMENT (no reportKey, an outgoing scan, bad options), UNKNOWN_SCAN, DISPOSED
   */
  async reportNotice(scanId: string, options: ReportOptions = {}): Promise<ReportNoticeDescriptor> {
    this.#checkAlive();
    const id = checkString(scanId, 'scanId', 1, 64);
    checkKeys(options, 'options', ['attach', 'franking']);
    return this.#call((api) => api.reportNotice(id, options));
  }

  /**
   * The sealed report (exactly 4,096 or 4,194,304 bytes) for you to send to the authority, made
   * only with the id of an unused notice the user consented to; recorded in the privacy ledger.
   * @throws SafesealError INVALID_ARGUMENT (no matching unused notice, outgoing scan, note over
   *   1,000 UTF-8 bytes, a franking opening that does not verify), UNKNOWN_SCAN, DISPOSED
   */
  async createReport(scanId: string, options: CreateReportOptions): Promise<Uint8Array> {
    this.#checkAlive();
    const id = checkString(scanId, 'scanId', 1, 64);
    checkKeys(options, 'options', ['attach', 'franking', 'note', 'consent']);
    const envelope = await this.#call((api) => api.createReport(id, options));
    await this.#ledger.append(envelope, Date.now());
    return envelope;
  }

  /** The privacy ledger: one entry per report this scanner sealed (hour, size, digest), and its head. */
  ledger(): LedgerView {
    return { entries: this.#ledger.entries, head: this.#ledger.head };
  }

  /** Terminates the worker and rejects calls in flight with DISPOSED. Idempotent. */
  dispose(): Promise<void> {
    return this.#host.dispose();
  }

  #checkDetails(call: string): void {
    if (this.#engine.exposeDetails !== true) {
      throw new SafesealError('DETAILS_DISABLED', `${call} is a detail call: create the scanner with exposeDetails: true (evaluation tools, list operators)`);
    }
  }

  #checkAlive(): void {
    if (this.#host.disposed) throw new SafesealError('DISPOSED', 'the scanner was disposed');
  }

  #call<T>(fn: (api: Remote<WorkerApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.#host.call(fn, signal);
  }

  /** Brings a fresh worker to this scanner's state: engine (self-test, model), then its lists. */
  async #prepare(api: Remote<WorkerApi>, run: Run): Promise<void> {
    const { classifier } = await run(api.init(this.#engine));
    // Without assets the worker has nothing to report; a failed download stays the status.
    if (this.#engine.classifier) {
      this.#classifier = classifier.state === 'failed' ? { ...classifier, message: classifier.message + this.#assetSources } : classifier;
    }
    await this.#reloadLists(api, run);
  }

  /** Loads the accepted lists into a fresh worker; one it now refuses is set aside, not dropped silently. */
  async #reloadLists(api: Remote<WorkerApi>, run: Run): Promise<void> {
    for (const [id, { bytes, options }] of [...this.#lists]) {
      const copy = bytes.slice(0);
      try {
        await run(api.loadList(transfer(copy, [copy]), options));
      } catch (e) {
        const err = toSafesealError(e);
        if (['WORKER_CRASHED', 'TIMEOUT', 'DISPOSED'].includes(err.code)) throw err;
        this.#lists.delete(id);
        this.#lost.set(id, err);
      }
    }
  }
}
