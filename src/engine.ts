// Engine: the worker's state and pipeline (decode → hash, decode → classify), free of worker
// plumbing so that it runs in Node tests as is. Built once per worker; fails closed if its self-test
// does not pass. A classifier that fails to verify or load is kept as an error, not a fallback.

import { Classifier } from './classify/classifier.js';
import { loadEd25519 } from './crypto/ed25519.js';
import { sha256Hex } from './crypto/digest.js';
import { isSafesealError, SafesealError } from './errors.js';
import type { Decoder } from './image/decoder.js';
import { checkPixelLimit, inspectImage } from './image/sniff.js';
import { hashToHex, pdqHash } from './pdq/index.js';
import {
  KNOWN_ANSWER_DIHEDRAL,
  KNOWN_ANSWER_HEIGHT,
  KNOWN_ANSWER_QUALITY,
  KNOWN_ANSWER_RGB_BASE64,
  KNOWN_ANSWER_WIDTH,
} from './pdq/known-answer.js';
import { checkMatchOptions, ListStore } from './lists/store.js';
import type { Pixels } from './pdq/pixels.js';
import type {
  ClassifierConfig,
  ClassifierStatus,
  ClassifyResult,
  EngineConfig,
  HashResult,
  ListInfo,
  MatchResult,
  SafesealStatus,
  WorkerImage,
} from './protocol.js';

const MAX_PIXELS_CEILING = 2 ** 31; // what a single ArrayBuffer of RGBA could address, and then some
const SHA256_HEX = /^[0-9a-f]{64}$/;

function checkClassifierConfig(classifier: unknown): ClassifierConfig {
  if (typeof classifier !== 'object' || classifier === null) throw new SafesealError('INVALID_ARGUMENT', '"classifier" must be an object');
  const { model, modelSha256, wasm } = classifier as Partial<ClassifierConfig>;
  if (!(model instanceof ArrayBuffer)) throw new SafesealError('INVALID_ARGUMENT', '"classifier.model" must be an ArrayBuffer');
  if (!(wasm instanceof ArrayBuffer)) throw new SafesealError('INVALID_ARGUMENT', '"classifier.wasm" must be an ArrayBuffer');
  if (typeof modelSha256 !== 'string' || !SHA256_HEX.test(modelSha256)) {
    throw new SafesealError('INVALID_ARGUMENT', '"classifier.modelSha256" must be 64 lowercase hex digits');
  }
  return { model, modelSha256, wasm };
}

/**
 * Validates an EngineConfig coming from the other side of the worker boundary.
 * @throws SafesealError INVALID_ARGUMENT
 */
export function checkEngineConfig(config: unknown): EngineConfig {
  if (typeof config !== 'object' || config === null) throw new SafesealError('INVALID_ARGUMENT', '"config" must be an object');
  const { maxPixels, classifier } = config as Partial<EngineConfig>;
  if (typeof maxPixels !== 'number' || !Number.isInteger(maxPixels) || maxPixels < 1 || maxPixels > MAX_PIXELS_CEILING) {
    throw new SafesealError('INVALID_ARGUMENT', `"maxPixels" must be an integer from 1 to ${MAX_PIXELS_CEILING}`);
  }
  return classifier === undefined ? { maxPixels } : { maxPixels, classifier: checkClassifierConfig(classifier) };
}

/** The classifier, or why there is none. */
interface ClassifierSlot {
  readonly classifier: Classifier | null;
  readonly status: ClassifierStatus;
}

async function loadClassifier(config: ClassifierConfig | undefined): Promise<ClassifierSlot> {
  if (!config) return { classifier: null, status: { state: 'off' } };
  try {
    const classifier = await Classifier.create(config);
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
  readonly #classifier: ClassifierSlot;

  private constructor(config: EngineConfig, decoder: Decoder, lists: ListStore, classifier: ClassifierSlot) {
    this.#config = config;
    this.#decoder = decoder;
    this.#lists = lists;
    this.#classifier = classifier;
  }

  /**
   * Builds an engine, runs its known-answer self-tests (PDQ, SHA-256, Ed25519) and loads the
   * classifier if configured. A classifier that fails (MODEL_INTEGRITY, MODEL_LOAD) does not fail
   * the engine: it is reported in `classifierStatus` and every classifyImage rejects with that code.
   * @throws SafesealError INVALID_ARGUMENT (bad config), SELF_TEST (a known answer did not match).
   */
  static async create(config: unknown, decoder: Decoder): Promise<Engine> {
    const checked = checkEngineConfig(config);
    const [, ed25519] = await Promise.all([selfTest(), loadEd25519()]);
    return new Engine(checked, decoder, new ListStore(ed25519), await loadClassifier(checked.classifier));
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
    const { pixels } = await this.#pixels(checkWorkerImage(image), false);
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
    const { pixels, sha256 } = await this.#pixels(checkWorkerImage(image), true);
    const { hash, quality, dihedral } = pdqHash(pixels);
    return { pdq: hashToHex(hash), quality, dihedral: dihedral.map(hashToHex), sha256, width: pixels.width, height: pixels.height };
  }

  async #pixels(image: WorkerImage, digest: boolean): Promise<{ pixels: Pixels; sha256: string | null }> {
    const { maxPixels } = this.#config;
    switch (image.kind) {
      case 'encoded': {
        const bytes = new Uint8Array(image.bytes);
        const header = inspectImage(bytes, maxPixels);
        const sha256 = digest ? await sha256Hex(bytes) : null; // before the decoder may rewrite EXIF in place
        const pixels = await this.#decoder.decode(bytes, header);
        if (pixels.width !== header.width || pixels.height !== header.height) {
          throw new SafesealError('CORRUPT_IMAGE', `decoded ${pixels.width}×${pixels.height}, header says ${header.width}×${header.height}`);
        }
        return { pixels, sha256 };
      }
      case 'pixels': {
        checkPixelLimit(image.width, image.height, maxPixels, 'ImageData');
        return { pixels: { width: image.width, height: image.height, channels: 4, data: image.data }, sha256: null };
      }
      case 'bitmap': {
        if (!this.#decoder.decodeBitmap) throw new SafesealError('INVALID_ARGUMENT', 'ImageBitmap input is not available on this platform');
        return { pixels: await this.#decoder.decodeBitmap(image.bitmap, maxPixels), sha256: null };
      }
    }
  }
}

/**
 * Checks the shape of an image that crossed the worker boundary.
 * @throws SafesealError INVALID_ARGUMENT
 */
export function checkWorkerImage(image: unknown): WorkerImage {
  const bad = (why: string) => new SafesealError('INVALID_ARGUMENT', `"image" ${why}`);
  if (typeof image !== 'object' || image === null) throw bad('must be an object');
  const kind = (image as { kind?: unknown }).kind;
  if (kind === 'encoded') {
    const { bytes } = image as { bytes?: unknown };
    if (!(bytes instanceof ArrayBuffer)) throw bad('bytes must be an ArrayBuffer');
    return { kind, bytes };
  }
  if (kind === 'pixels') {
    const { width, height, data } = image as { width?: unknown; height?: unknown; data?: unknown };
    if (!isDimension(width) || !isDimension(height)) throw bad('width and height must be positive integers');
    if (!(data instanceof Uint8ClampedArray || data instanceof Uint8Array)) throw bad('data must be a Uint8ClampedArray');
    if (data.length !== width * height * 4) throw bad(`data must hold width × height × 4 = ${width * height * 4} bytes, got ${data.length}`);
    return { kind, width, height, data };
  }
  if (kind === 'bitmap') {
    const { bitmap } = image as { bitmap?: unknown };
    if (typeof ImageBitmap === 'undefined' || !(bitmap instanceof ImageBitmap)) throw bad('bitmap must be an ImageBitmap');
    return { kind, bitmap };
  }
  throw bad('kind must be "encoded", "pixels" or "bitmap"');
}

function isDimension(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 0x7fffffff;
}

export { sha256Hex } from './crypto/digest.js';

const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'; // FIPS 180-2

/** An image with its known PDQ answer: RGB pixels (base64), quality and the 8 dihedral hashes. */
export interface KnownAnswer {
  readonly width: number;
  readonly height: number;
  readonly rgbBase64: string;
  readonly quality: number;
  readonly dihedral: readonly string[];
}

/** The reference's own decoded pixels of ThreatExchange's wee.jpg, and its reference hashes. */
export const WEE_KNOWN_ANSWER: KnownAnswer = {
  width: KNOWN_ANSWER_WIDTH,
  height: KNOWN_ANSWER_HEIGHT,
  rgbBase64: KNOWN_ANSWER_RGB_BASE64,
  quality: KNOWN_ANSWER_QUALITY,
  dihedral: KNOWN_ANSWER_DIHEDRAL,
};

/**
 * Known-answer tests run at start-up: PDQ of a known image (hash, quality and all 8 dihedral
 * hashes) and SHA-256("abc").
 * @throws SafesealError SELF_TEST
 */
export async function selfTest(known: KnownAnswer = WEE_KNOWN_ANSWER): Promise<void> {
  const bin = atob(known.rgbBase64);
  const data = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
  const { quality, dihedral } = pdqHash({ width: known.width, height: known.height, channels: 3, data });
  const got = dihedral.map(hashToHex);
  if (quality !== known.quality || got.length !== known.dihedral.length || got.some((h, i) => h !== known.dihedral[i])) {
    throw new SafesealError('SELF_TEST', 'PDQ self-test failed: the known image did not give its known hash');
  }
  if ((await sha256Hex(new TextEncoder().encode('abc'))) !== SHA256_ABC) {
    throw new SafesealError('SELF_TEST', 'SHA-256 self-test failed');
  }
}
