// Engine: the worker's state and pipeline (decode → hash, decode → classify), free of worker
// plumbing so that it runs in Node tests as is. Built once per worker; fails closed if its self-test
// does not pass. A classifier that fails to verify or load is kept as an error, not a fallback.

import { Classifier } from '../classify/classifier.js';
import { loadEd25519 } from '../crypto/ed25519.js';
import { assertWasmAllowed } from '../crypto/wasm-allowed.js';
import { isSafesealError, SafesealError } from '../errors.js';
import type { Decoder } from '../image/decoder.js';
import { checkMatchOptions, ListStore } from '../lists/store.js';
import { hashToHex, pdqHash } from '../pdq/index.js';
import type { ClassifierConfig, ClassifierStatus, ClassifyResult, EngineConfig, HashResult, ListInfo, MatchResult, SafesealStatus, WorkerStage } from '../protocol.js';
import { checkClassifierConfig, checkEngineConfig, checkWorkerImage } from './config.js';
import { decodeImage } from './pixels.js';
import { selfTest } from './self-test.js';

/** The classifier, or why there is none. */
interface ClassifierSlot {
  readonly classifier: Classifier | null;
  readonly status: ClassifierStatus;
}

/** Reports a load stage as it begins. */
export type StageListener = (stage: WorkerStage) => void;

async function loadClassifier(config: ClassifierConfig | undefined, onStage: StageListener): Promise<ClassifierSlot> {
  if (!config) return { classifier: null, status: { state: 'off' } };
  try {
    onStage('model');
    // Under a CSP without 'wasm-unsafe-eval' onnxruntime would fail deep in its loader; say why.
    await assertWasmAllowed('the classifier (onnxruntime)', 'MODEL_LOAD');
    const classifier = await Classifier.create(config, undefined, onStage);
    return { classifier, status: { state: 'ready', model: classifier.model, threads: classifier.threads } };
  } catch (e) {
    if (isSafesealError(e) && (e.code === 'MODEL_INTEGRITY' || e.code === 'MODEL_LOAD')) {
      return { classifier: null, status: { state: 'failed', code: e.code, message: e.message } };
    }
    throw e;
  }
}

export class Engine {
  readonly #config: EngineConfig;
  readonly #decoder: Decoder;
  readonly #lists: ListStore;
  #classifier: ClassifierSlot;
  #enabling = false;

  private constructor(config: EngineConfig, decoder: Decoder, lists: ListStore, classifier: ClassifierSlot) {
    this.#config = config;
    this.#decoder = decoder;
    this.#lists = lists;
    this.#classifier = classifier;
  }

  /**
   * Builds an engine, runs its known-answer self-tests (PDQ, SHA-256) and loads the classifier if
   * configured. libsodium (Ed25519) is loaded, and its RFC 8032 self-test run, when the first list
   * is: hashing needs no WebAssembly at all. A classifier that fails (MODEL_INTEGRITY, MODEL_LOAD)
   * does not fail the engine: it is reported in `classifierStatus` and every classifyImage rejects
   * with that code.
   * @throws SafesealError INVALID_ARGUMENT (bad config), SELF_TEST (a known answer did not match).
   */
  static async create(config: unknown, decoder: Decoder, onStage: StageListener = () => undefined): Promise<Engine> {
    const checked = checkEngineConfig(config);
    await selfTest();
    return new Engine(checked, decoder, new ListStore(loadEd25519), await loadClassifier(checked.classifier, onStage));
  }

  /**
   * Loads the classifier into an engine built without one (or whose classifier failed), reporting
   * its stages to `onStage`. A model that fails to verify or load is the resolved status, as at create.
   * @throws SafesealError INVALID_ARGUMENT (bad config, a classifier is already ready or loading)
   */
  async enableClassifier(config: unknown, onStage: StageListener = () => undefined): Promise<ClassifierStatus> {
    const checked = checkClassifierConfig(config);
    if (this.#enabling) throw new SafesealError('INVALID_ARGUMENT', 'the classifier is already loading');
    if (this.#classifier.status.state === 'ready') throw new SafesealError('INVALID_ARGUMENT', 'the classifier is already enabled');
    this.#enabling = true;
    try {
      this.#classifier = await loadClassifier(checked, onStage);
    } finally {
      this.#enabling = false;
    }
    return this.#classifier.status;
  }

  /** Whether classifyImage can run, and with which model. */
  get classifierStatus(): ClassifierStatus {
    return this.#classifier.status;
  }

  /**
   * nsfwjs's five probabilities for one image.
   * @throws SafesealError NOT_READY (no classifier configured), MODEL_INTEGRITY / MODEL_LOAD (the
   *   classifier failed to load), INVALID_ARGUMENT, UNSUPPORTED_FORMAT, CORRUPT_IMAGE, IMAGE_TOO_LARGE
   */
  async classifyImage(image: unknown): Promise<ClassifyResult> {
    const { classifier, status } = this.#classifier;
    if (!classifier) {
      if (status.state === 'failed') throw new SafesealError(status.code, status.message);
      throw new SafesealError('NOT_READY', 'no classifier model was configured');
    }
    const { pixels } = await decodeImage(checkWorkerImage(image), this.#decoder, this.#config.maxPixels, false);
    return classifier.classify(pixels);
  }

  /**
   * Verifies a signed hash list (k-of-n trusted signers, rollback, expiry) and holds it for
   * matching, replacing an older version with the same id.
   * @throws SafesealError INVALID_ARGUMENT, LIST_FORMAT, LIST_SIGNATURE, LIST_ROLLBACK, LIST_EXPIRED
   */
  loadList(bytes: unknown, options: unknown): Promise<ListInfo> {
    return this.#lists.load(bytes, options);
  }

  /**
   * Matches an image against the lists held: PDQ within the threshold (default 31 bits; skipped
   * below quality 50), optionally with its 8 dihedral hashes, and SHA-256 exactly.
   * @throws SafesealError as hashImage, and NOT_READY (no list), LIST_EXPIRED (a held list expired)
   */
  async matchImage(image: unknown, options?: unknown): Promise<MatchResult> {
    const checked = checkMatchOptions(options);
    const hashes = await this.hashImage(image);
    const { matches, pdqUsed } = this.#lists.match(hashes, checked, Date.now());
    return { matches, quality: hashes.quality, pdqUsed };
  }

  /** The values a user or auditor compares with the published ones: the model's sha256 and the lists. */
  status(): SafesealStatus {
    const { status } = this.#classifier;
    return { model: status.state === 'ready' ? status.model : null, lists: this.#lists.infos() };
  }

  /**
   * PDQ (+ dihedral) and SHA-256 of one image.
   * @throws SafesealError INVALID_ARGUMENT, UNSUPPORTED_FORMAT, CORRUPT_IMAGE, IMAGE_TOO_LARGE
   */
  async hashImage(image: unknown): Promise<HashResult> {
    const { pixels, sha256 } = await decodeImage(checkWorkerImage(image), this.#decoder, this.#config.maxPixels, true);
    const { hash, quality, dihedral } = pdqHash(pixels);
    return { pdq: hashToHex(hash), quality, dihedral: dihedral.map(hashToHex), sha256, width: pixels.width, height: pixels.height };
  }

}

