// Scanner: the main-thread API. Checks arguments, copies what the app passes, and asks the worker
// (through WorkerHost, which restarts it after a crash) — bringing a restarted worker back to the
// same model and lists.

import { transfer, type Remote } from 'comlink';
import { checkAssets, describeAssetSource, loadClassifierAssets, report, type ClassifierAssets, type ProgressListener } from './assets.js';
import { installErrorTransfer, SafesealError, toSafesealError } from '../errors.js';
import { checkBoolean, checkBytes, checkObject, checkOneOf, checkOptions, checkSignal, checkString, describeValue } from '../check.js';
import { prepareImage, type ImageInput } from './input.js';
import { toHex } from '../bytes.js';
import { Ledger, type LedgerEntry } from '../ledger/ledger.js';
import { decide, promptKind, type ResolvedPolicy } from '../policy/decide.js';
import { classifierRuns } from '../policy/profiles.js';
import { DIRECTIONS, type Verdict } from '../policy/types.js';
import { buildPrompt } from '../prompts/build.js';
import type {
  BlurredPreview,
  CreateReportOptions,
  ReportNoticeDescriptor,
  ReportOptions,
  VerdictConfig,
  WorkerScanOptions,
  ClassifierConfig,
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

import {
  checkCallOptions,
  checkScannerOptions,
  CLASSIFIER_KEYS,
  type CallOptions,
  type Checked,
  checkVerdictOptions,
  type ClassifierOptions,
  type LedgerView,
  type Platform,
  type ScanCallOptions,
  type ScannerOptions,
} from './options.js';

export type { WorkerFactory, WorkerHandle } from './worker-host.js';
export type { CallOptions, ClassifierOptions, LedgerView, ScanCallOptions, ScannerOptions } from './options.js';

/** Failures the worker cannot turn into a verdict itself: the policy decides them here. */
const SCAN_ERRORS_ON_MAIN_THREAD = ['TIMEOUT', 'WORKER_CRASHED'] as const;

const randomId = (): string => toHex(crypto.getRandomValues(new Uint8Array(16)));

/**
 * Scans images on the device, in a worker. Create with `createScanner()`; call `dispose()` when
 * done. Every method rejects with a `SafesealError`.
 */
export class Scanner {
  #engine: EngineConfig;
  readonly #host: WorkerHost;
  readonly #platform: Platform;
  /** Lists accepted so far, kept to load them again into a restarted worker. */
  readonly #lists = new Map<string, { bytes: ArrayBuffer; options: LoadListOptions }>();
  /** Lists a restarted worker refused (e.g. expired meanwhile): matching fails closed until replaced. */
  readonly #lost = new Map<string, SafesealError>();
  #classifier: ClassifierStatus;
  /** enableClassifier under way: classifyImage waits for it. */
  #enabling: Promise<unknown> | null = null;
  /** Calls waiting in #waitForClassifier: they count against maxQueue. */
  #waitingForClassifier = 0;
  /** Aborted by dispose(): ends the waits for the classifier. */
  readonly #disposing = new AbortController();
  /** Who hears the worker's load stages now (createScanner's or enableClassifier's onProgress). */
  #onProgress: ProgressListener | undefined;
  /** Where the model and wasm came from, added to the worker's MODEL_* messages (it sees only bytes). */
  #assetSources: string;
  readonly #policy: ResolvedPolicy;
  readonly #verdictConfig: VerdictConfig;
  readonly #ledger: Ledger;
  /** The app's `threads` for onnxruntime, passed with every classifier config. */
  readonly #threads: number | undefined;

  private constructor(
    factory: WorkerFactory,
    checked: Checked,
    classifier: ClassifierStatus,
    platform: Platform,
    verdicts: { policy: ResolvedPolicy; config: VerdictConfig },
    ledger: Ledger,
  ) {
    this.#policy = verdicts.policy;
    this.#verdictConfig = verdicts.config;
    this.#ledger = ledger;
    this.#assetSources = sourcesOf(checked.assets);
    this.#engine = checked.engine;
    this.#classifier = classifier;
    this.#platform = platform;
    this.#threads = checked.threads;
    this.#host = new WorkerHost(
      factory,
      checked.timeouts,
      (api, run) => this.#prepare(api, run),
      (stage) => report(this.#onProgress, { stage }),
      checked.maxQueue,
    );
  }

  /**
   * @internal Used by `createScanner`: starts the worker and waits for its self-test, then loads
   * the classifier in the background (`scanner.classifier` is `loading` meanwhile): the model never
   * delays nor fails the start. Rejects only with the codes createScanner documents.
   * @throws SafesealError INVALID_ARGUMENT, SELF_TEST, WORKER_CRASHED
   */
  static async start(factory: WorkerFactory, options?: ScannerOptions, platform: Platform = {}): Promise<Scanner> {
    const checked = checkScannerOptions(options);
    const o = (options ?? {}) as ScannerOptions;
    const verdicts = await checkVerdictOptions(o);
    const ledger = await Ledger.restore(o.ledger === undefined ? [] : (o.ledger as LedgerEntry[]));
    if (!ledger) throw new SafesealError('INVALID_ARGUMENT', '"ledger" does not verify: it was changed, reordered or truncated at the start');
    installErrorTransfer();
    checked.engine = { ...checked.engine, exposeDetails: verdicts.exposeDetails, verdicts: verdicts.config };
    const scanner = new Scanner(factory, checked, { state: 'off' }, platform, verdicts, ledger);
    try {
      await scanner.#host.start();
    } catch (e) {
      throw startFailure(e);
    }
    if (checked.assets) scanner.#loadInBackground(checked.assets);
    return scanner;
  }

  /**
   * createScanner's classifier: loaded after the start, as enableClassifier would, so that a model
   * that is slow, missing or refused only ever shows in `scanner.classifier` (and in the verdicts'
   * `onError`), never as a failed or late start. Calls that need it wait for it.
   */
  #loadInBackground(assets: ClassifierAssets): void {
    this.#classifier = { state: 'loading' };
    const job = this.#enable(assets, { state: 'off' }).catch((e: unknown) => {
      // #enable has set the failed status when the worker could not load it; anything else
      // (an unexpected error before the worker was asked) must not leave it 'loading' for ever.
      if (this.#classifier.state === 'loading' || this.#classifier.state === 'off') {
        const err = toSafesealError(e);
        this.#classifier = { state: 'failed', code: 'MODEL_LOAD', message: `the classifier could not be loaded: ${err.code}: ${err.message}` };
      }
    });
    this.#enabling = job;
    void job.then(() => {
      if (this.#enabling === job) this.#enabling = null;
    });
  }

  /**
   * The classifier's state: `ready` (with the model's sha256 and thread count), `loading`
   * (createScanner's model, or enableClassifier, under way), `failed` (with the MODEL_INTEGRITY or
   * MODEL_LOAD that every classifyImage then throws and every scanImage hands to `onError`; the
   * message names the asset's URL and its expected and actual sha256) or `off` (`model: false`).
   * `await scanner.status()` waits for a classifier that is loading.
   */
  get classifier(): ClassifierStatus {
    return this.#classifier;
  }

  /**
   * Loads the classifier into this scanner's worker — no second worker — for a scanner created
   * with `model: false`, or whose classifier failed; `model` defaults to the one safeseal ships.
   * `scanner.classifier` is `loading` meanwhile, and scanImage, classifyImage and status wait for it. A restarted worker loads it again. Resolves with the new
   * status: a model that cannot be fetched, verified or loaded resolves `failed` (as at createScanner).
   * Runs under `startTimeoutMs`.
   * @throws SafesealError INVALID_ARGUMENT (options; a classifier already ready or loading),
   *   DISPOSED, TIMEOUT, WORKER_CRASHED
   */
  async enableClassifier(options: ClassifierOptions = {}): Promise<ClassifierStatus> {
    this.#checkAlive();
    const o = checkOptions(checkObject(options, 'options'), 'options', CLASSIFIER_KEYS);
    if (o.model === false) throw new SafesealError('INVALID_ARGUMENT', '"model: false" enables nothing');
    const mapped = this.#platform.classifierOptions ? this.#platform.classifierOptions(o) : o;
    if (mapped.model === undefined) throw new SafesealError('INVALID_ARGUMENT', '"model" is required');
    const assets = checkAssets(mapped)!;
    if (this.#classifier.state === 'loading') throw new SafesealError('INVALID_ARGUMENT', 'the classifier is already loading');
    if (this.#classifier.state === 'ready') throw new SafesealError('INVALID_ARGUMENT', 'the classifier is already enabled');
    const before = this.#classifier;
    this.#classifier = { state: 'loading' };
    const job = this.#enable(assets, before);
    this.#enabling = job.catch(() => undefined);
    try {
      return await job;
    } finally {
      this.#enabling = null;
    }
  }

  async #enable(assets: ClassifierAssets, before: ClassifierStatus): Promise<ClassifierStatus> {
    let loaded: ClassifierConfig | ClassifierStatus;
    try {
      loaded = await loadClassifierAssets(assets, this.#platform.readLocal);
    } catch (e) {
      this.#classifier = before;
      throw e;
    }
    if (!('wasm' in loaded)) return (this.#classifier = loaded); // could not be fetched
    const config: ClassifierConfig = this.#threads === undefined ? loaded : { ...loaded, threads: this.#threads };
    this.#onProgress = assets.onProgress;
    this.#assetSources = sourcesOf(assets);
    try {
      const answered = await this.#host.call<ClassifierStatus>((api) => api.enableClassifier(config) as Promise<ClassifierStatus>, undefined, true);
      const status: ClassifierStatus = answered.state === 'failed' ? { ...answered, message: answered.message + this.#assetSources } : answered;
      this.#classifier = status;
      // Only a classifier that loaded is restored in a restarted worker.
      if (status.state === 'ready') {
        this.#engine = { ...this.#engine, classifier: config };
        report(assets.onProgress, { stage: 'ready' });
      }
      return status;
    } catch (e) {
      const err = toSafesealError(e);
      this.#classifier = { state: 'failed', code: 'MODEL_LOAD', message: `the classifier could not be loaded: ${err.code}: ${err.message}` };
      throw err;
    } finally {
      this.#onProgress = undefined;
    }
  }

  /**
   * PDQ hash (+ quality, 8 dihedral hashes) and SHA-256 of an image, computed in the worker.
   * @throws SafesealError INVALID_ARGUMENT (input, options, a detached buffer), UNSUPPORTED_FORMAT,
   *   CORRUPT_IMAGE, IMAGE_TOO_LARGE, DISPOSED, ABORTED, TIMEOUT, WORKER_CRASHED
   */
  async hashImage(input: ImageInput, options?: CallOptions): Promise<HashResult> {
    this.#checkAlive();
    this.#checkDetails('hashImage');
    const { transfer: move, signal } = checkCallOptions(options);
    const { image, transfer: transferables } = await prepareImage(input, move);
    return this.#host.call((api) => api.hashImage(transfer(image, transferables)), signal);
  }

  /**
   * nsfwjs's five probabilities for an image (drawing, hentai, neutral, porn, sexy), with
   * sexual = porn + hentai, suggestive = sexy and the model's sha256. A detail call for evaluation
   * tools; messengers act on verdicts, not scores. Waits for an enableClassifier under way.
   * @throws SafesealError NOT_READY (no model), MODEL_INTEGRITY, MODEL_LOAD, INVALID_ARGUMENT,
   *   UNSUPPORTED_FORMAT, CORRUPT_IMAGE, IMAGE_TOO_LARGE, DISPOSED, ABORTED, TIMEOUT, WORKER_CRASHED
   */
  async classifyImage(input: ImageInput, options?: CallOptions): Promise<ClassifyResult> {
    this.#checkAlive();
    this.#checkDetails('classifyImage');
    const { transfer: move, signal } = checkCallOptions(options);
    await this.#waitForClassifier(signal);
    const status = this.#classifier;
    // Nothing to ask the worker: the model could not be fetched or verified (the status names the
    // asset's URL and its sha256), or none was given.
    if (status.state === 'failed') throw new SafesealError(status.code, status.message);
    if (!this.#engine.classifier) throw new SafesealError('NOT_READY', 'no classifier model was configured');
    const { image, transfer: transferables } = await prepareImage(input, move);
    return this.#host.call((api) => api.classifyImage(transfer(image, transferables)), signal);
  }

  /**
   * Verifies a signed hash list in the worker and holds it there for `matchImage`, replacing an
   * older version with the same id. Persist the returned `{sequence, root}` under its `id` and pass
   * it back as `listState` next time: that is what refuses rollbacks across restarts. The list is
   * always copied (the scanner keeps it to reload a restarted worker); `transfer` changes nothing.
   * The worker compiles its Ed25519 WebAssembly (and runs its RFC 8032 self-test) with the first list.
   * @throws SafesealError INVALID_ARGUMENT, LIST_FORMAT, LIST_SIGNATURE, LIST_ROLLBACK, LIST_EXPIRED,
   *   SELF_TEST (Ed25519 failed its self-test or cannot run: a CSP without 'wasm-unsafe-eval'),
   *   DISPOSED, ABORTED, TIMEOUT, WORKER_CRASHED
   */
  async loadList(list: ArrayBuffer | Uint8Array | Blob, options: LoadListOptions & CallOptions): Promise<ListInfo> {
    this.#checkAlive();
    checkObject(options, 'options');
    const { signal, o } = checkCallOptions(options, ['trust', 'listState', 'allowDemoKeys']);
    if (o.trust === undefined) throw new SafesealError('INVALID_ARGUMENT', '"options.trust" is required');
    if (o.allowDemoKeys !== undefined) checkBoolean(o.allowDemoKeys, 'allowDemoKeys');
    let bytes: ArrayBuffer;
    if (typeof Blob !== 'undefined' && list instanceof Blob) bytes = await list.arrayBuffer();
    else if (list instanceof ArrayBuffer || list instanceof Uint8Array)
      bytes = Uint8Array.prototype.slice.call(checkBytes(list, 'list')).buffer; // a copy, also of a Node Buffer
    else throw new SafesealError('INVALID_ARGUMENT', `"list" must be an ArrayBuffer, Uint8Array or Blob, got ${describeValue(list)}`);
    const { trust, listState, allowDemoKeys } = o as unknown as LoadListOptions;
    const wire: LoadListOptions = {
      trust,
      ...(listState === undefined ? {} : { listState }),
      ...(allowDemoKeys === undefined ? {} : { allowDemoKeys }),
    };
    const kept = bytes.slice(0);
    const info = await this.#host.call((api) => api.loadList(transfer(bytes, [bytes]), wire), signal);
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
  async matchImage(input: ImageInput, options?: MatchOptions & CallOptions): Promise<MatchResult> {
    this.#checkAlive();
    this.#checkDetails('matchImage');
    const { transfer: move, signal, o } = checkCallOptions(options, ['dihedral', 'threshold']);
    if (o.dihedral !== undefined) checkBoolean(o.dihedral, 'dihedral');
    for (const [id, e] of this.#lost) {
      throw new SafesealError(e.code, `hash list ${id} could not be loaded again after the worker restarted: ${e.message}`);
    }
    const { dihedral, threshold } = o as unknown as MatchOptions;
    const wire: MatchOptions = { ...(dihedral === undefined ? {} : { dihedral }), ...(threshold === undefined ? {} : { threshold }) };
    const { image, transfer: transferables } = await prepareImage(input, move);
    return this.#host.call((api) => api.matchImage(transfer(image, transferables), wire), signal);
  }

  /**
   * The values a user or auditor compares with the published ones: the model's SHA-256 (null when
   * none) and each list's id, sequence, root, signers, entry count and categories. Waits for a
   * classifier that is loading, so the answer names the model that scans will use.
   * @throws SafesealError INVALID_ARGUMENT (options), DISPOSED, ABORTED, TIMEOUT, WORKER_CRASHED
   */
  async status(options?: { readonly signal?: AbortSignal }): Promise<SafesealStatus> {
    this.#checkAlive();
    const o = checkOptions(options, 'options', ['signal']);
    const signal = checkSignal(o.signal);
    await this.#waitForClassifier(signal);
    return this.#host.call((api) => api.status(), signal);
  }

  /**
   * The call a messenger makes, before it encrypts an outgoing image and after it decrypts an
   * incoming one: what to do with it (`allow`, `blur`, `warn`, `block`), what it acted on, and a
   * prompt to show. Nothing else: no score, hash, distance or list entry. An image that cannot
   * be checked gets the policy's `onError` verdict (reason `error`); never show it unscanned. A
   * classifier that is loading is waited for (unless the policy does not classify this image:
   * adults' outgoing ones); one that is off (`model: false`) gives `NOT_READY`,
   * one that failed its code (`MODEL_LOAD`, `MODEL_INTEGRITY`), both through `onError`.
   * @throws SafesealError INVALID_ARGUMENT, ABORTED, DISPOSED, BUSY; with onError 'throw' also the
   *   code of why the image could not be checked
   */
  async scanImage(input: ImageInput, options: ScanCallOptions): Promise<Verdict> {
    this.#checkAlive();
    const { transfer: move, signal, o } = checkCallOptions(checkObject(options, 'options'), ['direction']);
    const direction = checkOneOf(o.direction, 'direction', DIRECTIONS);
    const { image, transfer: transferables } = await prepareImage(input, move);
    // Adults' outgoing images are never classified (docs/policy.md): they need not wait for the model.
    if (classifierRuns(this.#policy.audience, direction)) await this.#waitForClassifier(signal);
    // A classifier whose assets failed on this thread never reached the worker: tell it why, so
    // that onError gets MODEL_LOAD / MODEL_INTEGRITY rather than NOT_READY.
    const status = this.#classifier;
    const wire: WorkerScanOptions = status.state === 'failed' ? { direction, classifierError: status.code } : { direction };
    try {
      return await this.#host.call((api) => api.scanImage(transfer(image, transferables), wire), signal);
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
    return this.#host.call((api) => api.blurredPreview(id), checkSignal(checkOptions(options, 'options', ['signal']).signal));
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
    return this.#host.call((api) => api.markNotSensitive(id));
  }

  /**
   * The notice to show before a report: who receives it, everything it carries, that it cannot be
   * undone. Its `id` is single-use and bound to this scan and these options.
   * @throws SafesealError INVALID_ARGUMENT (no reportKey, an outgoing scan, bad options), UNKNOWN_SCAN, DISPOSED
   */
  async reportNotice(scanId: string, options: ReportOptions = {}): Promise<ReportNoticeDescriptor> {
    this.#checkAlive();
    const id = checkString(scanId, 'scanId', 1, 64);
    checkOptions(options, 'options', ['attach', 'franking']);
    return this.#host.call((api) => api.reportNotice(id, options));
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
    checkOptions(checkObject(options, 'options'), 'options', ['attach', 'franking', 'note', 'consent']);
    const envelope = await this.#host.call((api) => api.createReport(id, options));
    await this.#ledger.append(envelope, Date.now());
    return envelope;
  }

  /** The privacy ledger: one entry per report this scanner sealed (hour, size, digest), and its head. */
  ledger(): LedgerView {
    return { entries: this.#ledger.entries, head: this.#ledger.head };
  }

  /**
   * Terminates the worker — also one still starting, and with calls in flight, which reject with
   * DISPOSED. Idempotent; never rejects.
   */
  dispose(): Promise<void> {
    const done = this.#host.dispose();
    this.#disposing.abort();
    return done;
  }

  #checkDetails(call: string): void {
    if (this.#engine.exposeDetails !== true) {
      throw new SafesealError(
        'DETAILS_DISABLED',
        `${call} is a detail call: create the scanner with exposeDetails: true (evaluation tools, list operators)`,
      );
    }
  }

  /**
   * Waits for a classifier under way (createScanner's or enableClassifier's). The calls waiting
   * here count against `maxQueue` as if queued (BUSY beyond it); `signal` aborts the wait; dispose
   * ends it with DISPOSED.
   * @throws SafesealError BUSY, ABORTED, DISPOSED
   */
  async #waitForClassifier(signal: AbortSignal | undefined): Promise<void> {
    const enabling = this.#enabling;
    if (enabling) {
      if (signal?.aborted) throw new SafesealError('ABORTED', 'the call was aborted');
      this.#host.checkRoom(this.#waitingForClassifier);
      this.#waitingForClassifier++;
      let onAbort: () => void = () => undefined;
      let onDispose: () => void = () => undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(new SafesealError('ABORTED', 'the call was aborted while it waited for the classifier'));
        onDispose = () => reject(new SafesealError('DISPOSED', 'the scanner was disposed'));
        signal?.addEventListener('abort', onAbort, { once: true });
        // A download under way is not waited for: dispose ends the wait at once.
        this.#disposing.signal.addEventListener('abort', onDispose, { once: true });
      });
      try {
        await Promise.race([enabling, aborted]);
      } finally {
        this.#waitingForClassifier--;
        signal?.removeEventListener('abort', onAbort);
        this.#disposing.signal.removeEventListener('abort', onDispose);
      }
    }
    this.#checkAlive();
  }

  #checkAlive(): void {
    if (this.#host.disposed) throw new SafesealError('DISPOSED', 'the scanner was disposed');
  }

  /** Brings a fresh worker to this scanner's state: engine (self-test, model), then its lists. */
  async #prepare(api: Remote<WorkerApi>, run: Run): Promise<void> {
    // The worker says nothing before it answers init: loading its script and the self-test are one stage here.
    const stage = `loading its script and running its self-test${this.#engine.classifier ? ', then loading the classifier' : ''}`;
    const { classifier } = await run(api.init(this.#engine), stage);
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
        await run(api.loadList(transfer(copy, [copy]), options), `loading hash list ${id} again`);
      } catch (e) {
        const err = toSafesealError(e);
        if (['WORKER_CRASHED', 'TIMEOUT', 'DISPOSED'].includes(err.code)) throw err;
        this.#lists.delete(id);
        this.#lost.set(id, err);
      }
    }
  }
}

/** What createScanner may reject with: anything else that stops a start is a worker that did not start. */
const START_ERRORS: readonly string[] = ['INVALID_ARGUMENT', 'SELF_TEST', 'WORKER_CRASHED'];

/**
 * Maps a failed start to createScanner's three codes. A start past `startTimeoutMs` (TIMEOUT, its
 * message naming the stage) is a worker that did not start; so is a worker that could not even be
 * constructed (a DOMException from `new Worker`). DISPOSED cannot happen here (the app holds no
 * scanner to dispose before createScanner resolves) and would be mapped the same way.
 */
function startFailure(e: unknown): SafesealError {
  const err = toSafesealError(e);
  if (START_ERRORS.includes(err.code)) return err;
  const what = err.code === 'TIMEOUT' ? err.message : `${err.code}: ${err.message}`;
  return new SafesealError('WORKER_CRASHED', `the scanner worker could not be started: ${what}`, { cause: err });
}

/** " (model: …; wasm: …)": where the assets came from, for messages the worker writes from bytes alone. */
function sourcesOf(assets: ClassifierAssets | null): string {
  return assets ? ` (model: ${describeAssetSource(assets.model)}; wasm: ${describeAssetSource(assets.wasm)})` : '';
}
