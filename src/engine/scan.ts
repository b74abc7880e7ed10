// One scan, the call a messenger makes: decode once, then PDQ + SHA-256 against the lists (every
// variant of what is shown counts), the classifier on the pixels as shown (the highest score over
// the frames counts), the policy, and a prompt — and nothing else leaves: the verdict carries no
// score, hash, distance or list entry. What a later report, preview or contest needs is kept in
// the worker (scan-state.ts), never returned.

import { toHex } from '../bytes.js';
import { isSafesealError, type ErrorCode } from '../errors.js';
import type { Pixels } from '../image/pixels.js';
import { hashToHex, pdqHash } from '../pdq/index.js';
import { decide, type ResolvedPolicy } from '../policy/decide.js';
import { classifierRuns } from '../policy/profiles.js';
import type { Decision, Direction, PromptDescriptor, Verdict } from '../policy/types.js';
import type { ListMatch } from '../protocol.js';
import type { ReportMatch } from '../seal/header.js';
import type { Category, Reason } from '../taxonomy.js';
import type { Allowlist } from './allowlist.js';
import { blurredPreview, type PreviewImage } from './preview.js';
import type { ReportableScan } from './report.js';

/** The pixels of one decoded image, as every stage needs them. */
export interface ScanPixels {
  /** The stored pixels (PDQ's reference convention, first frame): what lists are built from. */
  readonly stored: Pixels;
  /** Further pixels that are shown and matched too: as-shown colour/orientation, other frames. */
  readonly variants: readonly Pixels[];
  /** What the classifier sees: the pixels as shown, up to 8 evenly spaced frames. */
  readonly shown: readonly Pixels[];
  /** SHA-256 (hex) and media type of the encoded file; null for pixel input. */
  readonly sha256: string | null;
  readonly mime: string | null;
  /** The encoded file, kept for a report (incoming scans only). */
  readonly bytes: Uint8Array | null;
}

/** The PDQ hashes of one variant, as the list store matches them. */
export interface VariantHashes {
  readonly pdq: string;
  readonly quality: number;
  readonly dihedral: readonly string[];
  readonly sha256: string | null;
}

/** What a scan may use; the engine provides it. */
export interface ScanServices {
  readonly policy: ResolvedPolicy;
  /** The sha256 of the configured model (reports name it). */
  readonly model: string;
  decode(): Promise<ScanPixels>;
  /** Matches against the loaded lists (empty when none are loaded). @throws LIST_EXPIRED */
  match(hashes: readonly VariantHashes[]): { list: string; root: string; match: ListMatch }[];
  /** sexual and suggestive for one image's pixels, or the code the classifier is failing with. */
  classify: ((pixels: Pixels) => Promise<{ sexual: number; suggestive: number }>) | ErrorCode;
  readonly allowlist: Allowlist | null;
  prompt(decision: Decision, direction: Direction): PromptDescriptor | undefined;
  newScanId(): string;
}

/** A kept scan: what a report, a preview or "not sensitive" needs later. */
export interface ScanRecord extends ReportableScan {
  readonly preview: PreviewImage | null;
  readonly flaggedByClassifier: boolean;
}

/** The verdict for the app, and the record the worker keeps. */
export interface ScanOutcome {
  readonly verdict: Verdict;
  readonly record: ScanRecord;
}

function hashesOf(p: Pixels, sha256: string | null): VariantHashes {
  const { hash, quality, dihedral } = pdqHash(p);
  return { pdq: hashToHex(hash), quality, dihedral: dihedral.map(hashToHex), sha256 };
}

/** Highest score over the shown frames, per category. */
async function classifyShown(classify: (p: Pixels) => Promise<{ sexual: number; suggestive: number }>, frames: readonly Pixels[]) {
  let sexual = 0;
  let suggestive = 0;
  for (const f of frames) {
    const s = await classify(f);
    sexual = Math.max(sexual, s.sexual);
    suggestive = Math.max(suggestive, s.suggestive);
  }
  return { sexual, suggestive };
}

/**
 * Runs one scan. An image that cannot be checked becomes a decision with reason `error` (or a
 * rejection under onError 'throw'); INVALID_ARGUMENT and the like always reject.
 * @throws SafesealError per `decide`
 */
export async function runScan(direction: Direction, s: ScanServices): Promise<ScanOutcome> {
  const scanId = s.newScanId();
  let pixels: ScanPixels | null = null;
  let decision: Decision;
  let matched: { list: string; root: string; match: ListMatch }[] = [];
  try {
    pixels = await s.decode();
    const variants = [pixels.stored, ...pixels.variants].map((p, i) => hashesOf(p, i === 0 ? pixels!.sha256 : null));
    matched = s.match(variants);
    const matches = matched.map((m) => m.match);
    const runs = classifierRuns(s.policy.audience, direction);
    const allowlisted = runs && pixels.sha256 !== null && s.allowlist !== null ? await s.allowlist.has(pixels.sha256) : false;
    if (!runs || allowlisted) {
      decision = decide({ direction, matches, allowlisted }, s.policy);
    } else if (typeof s.classify === 'string') {
      decision = decide({ direction, matches, error: s.classify }, s.policy);
    } else {
      decision = decide({ direction, matches, scores: await classifyShown(s.classify, pixels.shown) }, s.policy);
    }
  } catch (e) {
    if (!isSafesealError(e)) throw e;
    // What was matched before the failure still counts (a known match is never lost to an error).
    decision = decide({ direction, matches: matched.map((m) => m.match), error: e.code }, s.policy);
  }
  const prompt = s.prompt(decision, direction);
  const verdict: Verdict = { scanId, ...decision, ...(prompt ? { prompt } : {}) };
  const first = matched.find((m) => decision.categories.includes(m.match.category as Category));
  const match: ReportMatch | undefined = first
    ? { list: first.list, root: first.root, index: first.match.index, category: first.match.category }
    : undefined;
  const keepBytes = direction === 'incoming' && pixels?.bytes ? pixels.bytes : null;
  const preview = decision.action !== 'allow' && pixels ? blurredPreview(pixels.shown[0] ?? pixels.stored) : null;
  const record: ScanRecord = {
    scanId,
    direction,
    allowed: decision.action === 'allow',
    at: Date.now(),
    categories: decision.categories as Category[],
    reasons: decision.reasons as Reason[],
    model: s.model,
    ...(match ? { match } : {}),
    sha256: pixels?.sha256 ?? null,
    type: pixels?.mime ?? null,
    bytes: keepBytes,
    preview,
    flaggedByClassifier: decision.reasons.includes('classifier'),
    wipe() {
      keepBytes?.fill(0);
      preview?.data.fill(0);
    },
  };
  return { verdict, record };
}

/** A random scan id: 32 hex digits. */
export function randomScanId(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}
