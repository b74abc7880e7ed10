// Engine: the worker's state and pipeline (decode → hash, decode → classify), free of worker
// plumbing so that it runs in Node tests as is. Built once per worker; fails closed if its self-test
// does not pass. A classifier that fails to verify or load is kept as an error, not a fallback.

import { Classifier } from '../classify/classifier.js';
import type { NativeRuntimeLoader } from '../classify/runtime.js';
import { loadEd25519 } from '../crypto/ed25519.js';
import { assertWasmAllowed } from '../crypto/wasm-allowed.js';
import { isSafesealError, SafesealError } from '../errors.js';
import type { Decoder } from '../image/decoder.js';
import type { Pixels } from '../image/pixels.js';
import { checkMatchOptions, ListStore, type ImageHashes } from '../lists/store.js';
import { hashToHex, pdqHash } from '../pdq/index.js';
import type {
  ClassifierConfig,
  ClassifierStatus,
  ClassifyResult,
  EngineConfig,
  HashResult,
  ListInfo,
  ListMatch,
  MatchResult,
  SafesealStatus,
  WorkerStage,
} from '../protocol.js';
import { checkClassifierConfig, checkEngineConfig, checkWorkerImage } from './config.js';
import { decodeImage } from './pixels.js';
import { promptKind } from '../policy/decide.js';
import type { Verdict } from '../policy/types.js';
import { buildPrompt } from '../prompts/build.js';
import type { BlurredPreview, ReportNoticeDescriptor } from '../protocol.js';
import type { ScanPixels } from './scan.js';
import { selfTest } from './self-test.js';
import { VerdictDesk } from './verdicts.js';

/** Most frames the classifier looks at in an animated image: evenly spaced, the highest score counts. */
export const MAX_CLASSIFIED_FRAMES = 8;

/** What the classifier sees: the pixels as shown (up to 8 evenly spaced frames), else the stored ones. */
function classifierFrames(stored: Pixels, shown: readonly Pixels[]): Pixels[] {
  if (shown.length === 0) return [stored];
  if (shown.length <= MAX_CLASSIFIED_FRAMES) return [...shown];
  return Array.from({ length: MAX_CLASSIFIED_FRAMES }, (_, i) => shown[Math.floor((i * shown.length) / MAX_CLASSIFIED_FRAMES)]);
}

/** The classifier, or why there is none. */
interface ClassifierSlot {
  readonly classifier: Classifier | null;
  readonly status: ClassifierStatus;
}

/** Reports a load stage as it begins. */
export type StageListener = (stage: WorkerStage) => void;

async function loadClassifier(
  config: ClassifierConfig | undefined,
  onStage: StageListener,
  nativeRuntime?: NativeRuntimeLoader,
): Promise<ClassifierSlot> {
  if (!config) return { classifier: null, status: { state: 'off' } };
  try {
    onStage('model');
    const native = nativeRuntime ? await nativeRuntime() : null;
    // Under a CSP without 'wasm-unsafe-eval' onnxruntime would fail deep in its loader; say why.
    if (!native) await assertWasmAllowed('the classifier (onnxruntime)', 'MODEL_LOAD');
    // An app's `threads` overrides the cores rule; onnxruntime-web can use threads only when isolated.
    const threads =
      config.threads === undefined
        ? undefined
        : native || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true
          ? config.threads
          : 1;
    const classifier = await Classifier.create(config, threads, native, onStage);
    return { classifier, status: { state: 'ready', model: classifier.model, threads: classifier.threads, runtime: classifier.runtime } };
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
  readonly #verdicts: VerdictDesk;
  readonly #nativeRuntime: NativeRuntimeLoader | undefined;

  private constructor(
    config: EngineConfig,
    decoder: Decoder,
    lists: ListStore,
    classifier: ClassifierSlot,
    verdicts: VerdictDesk,
    nativeRuntime: NativeRuntimeLoader | undefined,
  ) {
    this.#config = config;
    this.#decoder = decoder;
    this.#lists = lists;
    this.#classifier = classifier;
    this.#verdicts = verdicts;
    this.#nativeRuntime = nativeRuntime;
  }

  /**
   * Builds an engine, runs its known-answer self-tests (PDQ, SHA-256) and loads the classifier if
   * configured. libsodium (Ed25519) is loaded, and its RFC 8032 self-test run, when the first list
   * is: hashing needs no WebAssembly at all. A classifier that fails (MODEL_INTEGRITY, MODEL_LOAD)
   * does not fail the engine: it is reported in `classifierStatus` and every classifyImage rejects
   * with that code. `nativeRuntime` (Node) supplies onnxruntime-node when installed; otherwise
   * onnxruntime-web runs.
   * @throws SafesealError INVALID_ARGUMENT (bad config), SELF_TEST (a known answer did not match).
   */
  static async create(
    config: unknown,
    decoder: Decoder,
    onStage: StageListener = () => undefined,
    nativeRuntime?: NativeRuntimeLoader,
  ): Promise<Engine> {
    const checked = checkEngineConfig(config);
    const v = checked.verdicts;
    const verdicts = new VerdictDesk(v, (decision, direction, policy) => {
      const kind = promptKind(decision);
      if (kind === undefined || decision.action === 'allow') return undefined;
      return buildPrompt({
        kind,
        action: decision.action,
        audience: policy.audience,
        direction,
        ...(v?.locale === undefined ? {} : { locale: v.locale }),
        ...(v?.region === undefined ? {} : { region: v.region }),
        ...(v?.helpResources === undefined ? {} : { helpResources: v.helpResources }),
      });
    });
    await selfTest();
    const classifier = await loadClassifier(checked.classifier, onStage, nativeRuntime);
    return new Engine(checked, decoder, new ListStore(loadEd25519), classifier, verdicts, nativeRuntime);
  }

  /** Whether the detail calls (hashImage, classifyImage, matchImage) are answered. */
  get exposesDetails(): boolean {
    return this.#config.exposeDetails === true;
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
      this.#classifier = await loadClassifier(checked, onStage, this.#nativeRuntime);
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
    this.#checkDetails('classifyImage');
    const { classifier, status } = this.#classifier;
    if (!classifier) {
      if (status.state === 'failed') throw new SafesealError(status.code, status.message);
      throw new SafesealError('NOT_READY', 'no classifier model was configured');
    }
    // TODO(verdicts issue): classify the shown pixels too, by the same rule as matching.
    const { stored } = await decodeImage(checkWorkerImage(image), this.#decoder, this.#config.maxPixels, false);
    return classifier.classify(stored);
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
   * below quality 50), optionally with its 8 dihedral hashes, and SHA-256 exactly. PDQ is matched
   * for the stored pixels and for every variant shown (animation frames, gAMA / ICC, EXIF
   * orientation); a match on any of them counts, reported once with its smallest distance.
   * @throws SafesealError as hashImage, and NOT_READY (no list), LIST_EXPIRED (a held list expired)
   */
  async matchImage(image: unknown, options?: unknown): Promise<MatchResult> {
    this.#checkDetails('matchImage');
    const checked = checkMatchOptions(options);
    const { result, variants } = await this.#hash(image);
    const now = Date.now();
    const first = this.#lists.match(result, checked, now);
    if (variants.length === 0) return { matches: first.matches, quality: result.quality, pdqUsed: first.pdqUsed };
    let pdqUsed = first.pdqUsed;
    const best = new Map<string, ListMatch>();
    const keep = (m: ListMatch): void => {
      const key = `${m.kind}:${m.list}:${m.index}`;
      const seen = best.get(key);
      if (!seen || m.distance < seen.distance) best.set(key, m);
    };
    first.matches.forEach(keep);
    for (const v of variants) {
      const more = this.#lists.match(v, checked, now);
      pdqUsed ||= more.pdqUsed;
      more.matches.forEach(keep);
    }
    // The order the stored-pixel matches use: lists as held, then distance, then entry.
    const rank = new Map(this.#lists.infos().map((l, i) => [l.id, i]));
    const matches = [...best.values()].sort((a, b) => rank.get(a.list)! - rank.get(b.list)! || a.distance - b.distance || a.index - b.index);
    return { matches, quality: result.quality, pdqUsed };
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
    this.#checkDetails('hashImage');
    return (await this.#hash(image)).result;
  }

  /** The stored pixels' hashes (the result) and those of each distinct variant shown. */
  async #hash(image: unknown): Promise<{ result: HashResult; variants: ImageHashes[] }> {
    const { stored, shown, sha256 } = await decodeImage(checkWorkerImage(image), this.#decoder, this.#config.maxPixels, true, 'shown');
    const { hash, quality, dihedral } = pdqHash(stored);
    const pdq = hashToHex(hash);
    const seen = new Set([pdq]);
    const variants: ImageHashes[] = [];
    for (const px of shown) {
      const h = pdqHash(px);
      const hex = hashToHex(h.hash);
      if (seen.has(hex)) continue;
      seen.add(hex);
      variants.push({ pdq: hex, quality: h.quality, dihedral: h.dihedral.map(hashToHex), sha256: null });
    }
    const result: HashResult = {
      pdq,
      quality,
      dihedral: dihedral.map(hashToHex),
      sha256,
      width: stored.width,
      height: stored.height,
      shown: variants.map((v) => ({ pdq: v.pdq, quality: v.quality })),
    };
    return { result, variants };
  }

  /**
   * The call a messenger makes: decode once, match, classify as the policy says, decide. The
   * verdict names only what the action acted on; nothing else leaves the worker.
   * @throws SafesealError INVALID_ARGUMENT, or the "could not check" code under onError 'throw'
   */
  async scanImage(image: unknown, options: unknown): Promise<Verdict> {
    const checked = checkWorkerImage(image);
    const { classifier, status } = this.#classifier;
    return this.#verdicts.scan(options, {
      model: this.#config.classifier?.modelSha256 ?? '0'.repeat(64),
      decode: async (): Promise<ScanPixels> => {
        const bytes = checked.kind === 'encoded' ? new Uint8Array(checked.bytes.slice(0)) : null; // the decoder may rewrite EXIF in place
        const { stored, shown, sha256, mime } = await decodeImage(checked, this.#decoder, this.#config.maxPixels, true, 'shown');
        return { stored, variants: shown, shown: classifierFrames(stored, shown), sha256, mime, bytes };
      },
      match: (variants) => {
        if (this.#lists.infos().length === 0) return [];
        const roots = new Map(this.#lists.infos().map((l) => [l.id, l.root]));
        const found = new Map<string, { list: string; root: string; match: ListMatch }>();
        for (const v of variants) {
          const { matches } = this.#lists.match(v, { dihedral: true, threshold: 31 }, Date.now());
          for (const m of matches) {
            const key = `${m.list}/${m.index}`;
            const seen = found.get(key);
            if (!seen || m.distance < seen.match.distance) found.set(key, { list: m.list, root: roots.get(m.list)!, match: m });
          }
        }
        return [...found.values()];
      },
      classify: classifier ? (p) => classifier.classify(p) : status.state === 'failed' ? status.code : 'NOT_READY',
    });
  }

  /** @throws SafesealError UNKNOWN_SCAN, INVALID_ARGUMENT (the scan was not flagged) */
  blurredPreview(scanId: unknown): BlurredPreview {
    return this.#verdicts.preview(scanId);
  }

  /** @throws SafesealError UNKNOWN_SCAN, INVALID_ARGUMENT (no allowlist key; pixel input) */
  markNotSensitive(scanId: unknown): Promise<Uint8Array> {
    return this.#verdicts.markNotSensitive(scanId);
  }

  /** @throws SafesealError UNKNOWN_SCAN, INVALID_ARGUMENT */
  reportNotice(scanId: unknown, options: unknown): ReportNoticeDescriptor {
    return this.#verdicts.reportNotice(scanId, options);
  }

  /** @throws SafesealError UNKNOWN_SCAN, INVALID_ARGUMENT */
  createReport(scanId: unknown, options: unknown): Promise<Uint8Array> {
    return this.#verdicts.createReport(scanId, options);
  }

  /**
   * Refuses a detail call unless the scanner was created with `exposeDetails: true`.
   * @throws SafesealError DETAILS_DISABLED
   */
  #checkDetails(call: string): void {
    if (this.#config.exposeDetails !== true) {
      throw new SafesealError(
        'DETAILS_DISABLED',
        `${call} is a detail call: create the scanner with exposeDetails: true (evaluation tools, list operators)`,
      );
    }
  }
}
