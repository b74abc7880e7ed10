// Scanner: the main-thread API. Checks arguments, copies what the app passes, and asks the worker
// (through WorkerHost, which restarts it after a crash) — bringing a restarted worker back to the
// same model and lists.

import { transfer, type Remote } from 'comlink';
import { checkAssets, describeAssetSource, loadClassifierAssets, type AssetSource, type ClassifierAssets, type LocalReader, type ProgressListener } from './assets.js';
import { installErrorTransfer, SafesealError, toSafesealError } from '../errors.js';
import { DEFAULT_MAX_PIXELS } from '../image/sniff.js';
import { describeValue } from '../check.js';
import { prepareImage, type ImageInput, type PlatformInstance } from './input.js';
import type {
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
}

export interface CallOptions {
  /** Move the caller's buffer to the worker instead of copying it (it is detached afterwards). */
  readonly transfer?: boolean;
  /** Abort the wait: the call rejects with ABORTED (the worker's result is dropped). */
  readonly signal?: PlatformInstance<'AbortSignal'>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function checkOptions(options: unknown): { engine: EngineConfig; timeoutMs: number; assets: ClassifierAssets | null } {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new SafesealError('INVALID_ARGUMENT', '"options" must be an object');
  }
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
  /** Where the model and wasm came from, added to the worker's MODEL_* messages (it sees only bytes). */
  readonly #assetSources: string;

  private constructor(factory: WorkerFactory, engine: EngineConfig, timeoutMs: number, classifier: ClassifierStatus, assetSources: string) {
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
    installErrorTransfer();
    const loaded = await loadClassifierAssets(assets, readLocal);
    const withModel = 'wasm' in loaded ? { ...engine, classifier: loaded } : engine;
    const sources = assets ? ` (model: ${describeAssetSource(assets.model)}; wasm: ${describeAssetSource(assets.wasm)})` : '';
    const scanner = new Scanner(factory, withModel, timeoutMs, 'wasm' in loaded ? { state: 'off' } : loaded, sources);
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

  /** Terminates the worker and rejects calls in flight with DISPOSED. Idempotent. */
  dispose(): Promise<void> {
    return this.#host.dispose();
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
