// Reports, worker side: a notice bound to one scan and one set of options (a random single-use
// id), then the sealed envelope — only for an incoming scan, only with that unused notice, and
// with a franking opening that verifies against the scanned file. Consent is the app's word and
// is not sent.

import { bytesEqual, fromBase64, fromHex, toBase64, toHex } from '../bytes.js';
import { checkOptions, checkString, describeValue } from '../check.js';
import { SafesealError } from '../errors.js';
import { franking as commitmentOf } from '../franking/index.js';
import { checkStampMetadata } from '../franking/construction.js';
import { sealReport } from '../seal/envelope.js';
import { FRANKING_KEYS, hourOf, MAX_NOTE_BYTES, type ReportFranking, type ReportHeader, type ReportMatch } from '../seal/header.js';
import type { CreateReportOptions, ReportItem } from '../protocol.js';
import type { Category, Reason } from '../taxonomy.js';
import type { KeptScan } from './scan-state.js';

/** What a kept scan holds for a report. `bytes` is the encoded file (incoming scans only). */
export interface ReportableScan extends KeptScan {
  readonly categories: readonly Category[];
  readonly reasons: readonly Reason[];
  /** sha256 of the classifier model the scanner was configured with. */
  readonly model: string;
  readonly match?: ReportMatch;
  /** SHA-256 of the scanned file (null for pixel input, which cannot be attached). */
  readonly sha256: string | null;
  /** Media type of the scanned file, e.g. image/jpeg. */
  readonly type: string | null;
  readonly bytes: Uint8Array | null;
}

export interface NoticeFacts {
  readonly id: string;
  readonly items: readonly ReportItem[];
  /** The image was too large to attach: its size and hash are sent instead. */
  readonly imageWithheld: boolean;
}

const bad = (why: string): SafesealError => new SafesealError('INVALID_ARGUMENT', why);
const LARGEST_ATTACHMENT = 4_194_304 - 48 - 1 - 8 - 4096; // leaves room for the header

function binary(v: unknown, name: string, length: number): Uint8Array {
  const bytes = v instanceof Uint8Array ? v : typeof v === 'string' ? fromHex(v.toLowerCase()) : null;
  if (!bytes || bytes.length !== length) throw bad(`"franking.${name}" must be ${length} bytes (Uint8Array or hex), got ${describeValue(v)}`);
  return bytes;
}

/**
 * Checks a franking opening and turns it into the header's form.
 * @throws SafesealError INVALID_ARGUMENT
 */
export function checkFrankingOpening(v: unknown): ReportFranking {
  const o = checkOptions(v, 'franking', FRANKING_KEYS);
  const meta = checkStampMetadata(o);
  const message = typeof o.message === 'string' ? new TextEncoder().encode(o.message) : o.message instanceof Uint8Array ? o.message : null;
  if (!message) throw bad('"franking.message" must be a string or a Uint8Array');
  return {
    frankingKey: toHex(binary(o.frankingKey, 'frankingKey', 32)),
    commitment: toHex(binary(o.commitment, 'commitment', 32)),
    sealedStamp: toHex(binary(o.sealedStamp, 'sealedStamp', 112)),
    ...meta,
    message: toBase64(message),
    ...(o.attachmentSha256 === undefined ? {} : { attachmentSha256: toHex(binary(o.attachmentSha256, 'attachmentSha256', 32)) }),
  };
}

function checkNoticeOptions(v: unknown, keys: readonly string[]): { attach: 'none' | 'image'; franking: ReportFranking | null } {
  const o = checkOptions(v, 'options', keys);
  const attach = o.attach ?? 'none';
  if (attach !== 'none' && attach !== 'image') throw bad('"attach" must be "none" or "image"');
  return { attach, franking: o.franking === undefined ? null : checkFrankingOpening(o.franking) };
}

/** A stable text of the options a notice was shown for, to bind the notice to them. */
function bindingOf(scanId: string, attach: string, franking: ReportFranking | null): string {
  return JSON.stringify([scanId, attach, franking]);
}

/** Issues notices and seals reports for one engine. */
export class ReportDesk {
  readonly #authorityPublicKey: Uint8Array | null;
  /** Unused notices: id → what they were shown for. */
  readonly #notices = new Map<string, string>();

  constructor(authorityPublicKey: Uint8Array | null) {
    this.#authorityPublicKey = authorityPublicKey;
  }

  /**
   * Facts for the notice the user must see before a report of `scan`.
   * @throws SafesealError INVALID_ARGUMENT (no reportKey, an outgoing scan, bad options)
   */
  notice(scan: ReportableScan, options: unknown): NoticeFacts {
    const { attach, franking } = this.#check(scan, options, ['attach', 'franking']);
    const id = toHex(crypto.getRandomValues(new Uint8Array(16)));
    if (this.#notices.size >= 256) this.#notices.delete(this.#notices.keys().next().value!); // bounded
    this.#notices.set(id, bindingOf(scan.scanId, attach, franking));
    const withheld = attach === 'image' && (scan.bytes?.length ?? 0) > LARGEST_ATTACHMENT;
    const items: ReportItem[] = ['categories', 'reasons', 'model', 'hour'];
    if (scan.match) items.push('match');
    items.push('note');
    if (attach === 'image') items.push('image');
    if (franking) items.push('franking');
    return { id, items, imageWithheld: withheld };
  }

  /**
   * The sealed envelope for `scan`, exactly 4,096 or 4,194,304 bytes.
   * @throws SafesealError INVALID_ARGUMENT (no matching unused notice, an outgoing scan, a note over
   *   1,000 UTF-8 bytes, a franking opening that does not verify or is not of this file)
   */
  async create(scan: ReportableScan, options: unknown): Promise<Uint8Array> {
    const { attach, franking } = this.#check(scan, options, ['attach', 'franking', 'note', 'consent']);
    const o = options as CreateReportOptions;
    const consent = checkOptions(o.consent, 'consent', ['notice']);
    const noticeId = checkString(consent.notice, 'consent.notice', 1, 64);
    if (this.#notices.get(noticeId) !== bindingOf(scan.scanId, attach, franking)) {
      throw bad('"consent.notice" must be the id of an unused notice shown for this scan and these options');
    }
    const note = o.note === undefined ? undefined : checkString(o.note, 'note');
    if (note !== undefined && new TextEncoder().encode(note).length > MAX_NOTE_BYTES)
      throw bad(`"note" must be at most ${MAX_NOTE_BYTES} UTF-8 bytes`);
    if (franking) await this.#checkFranking(scan, franking);
    if (attach === 'image' && (!scan.bytes || !scan.sha256 || !scan.type)) throw bad('this scan has no file to attach (pixel input)');
    this.#notices.delete(noticeId); // single use, even if sealing fails below
    const header: ReportHeader = {
      reportId: toHex(crypto.getRandomValues(new Uint8Array(16))),
      createdAt: hourOf(Date.now()),
      categories: [...scan.categories],
      reasons: [...scan.reasons],
      model: scan.model,
      ...(scan.match ? { match: scan.match } : {}),
      ...(note === undefined ? {} : { note }),
      ...(attach === 'image' ? { attachment: { type: scan.type!, bytes: scan.bytes!.length, sha256: scan.sha256! } } : {}),
      ...(franking ? { franking } : {}),
    };
    return sealReport({ header, ...(attach === 'image' ? { attachment: scan.bytes! } : {}) }, this.#authorityPublicKey!);
  }

  #check(scan: ReportableScan, options: unknown, keys: readonly string[]): { attach: 'none' | 'image'; franking: ReportFranking | null } {
    if (!this.#authorityPublicKey) throw bad('reports need "reportKey" (the authority\'s public key) in createScanner');
    if (scan.direction !== 'incoming') throw bad('only images the user received can be reported (this scan was outgoing)');
    return checkNoticeOptions(options, keys);
  }

  async #checkFranking(scan: ReportableScan, f: ReportFranking): Promise<void> {
    const message = fromBase64(f.message)!;
    const attachment = f.attachmentSha256 === undefined ? null : fromHex(f.attachmentSha256)!;
    const expected = await commitmentOf(fromHex(f.frankingKey)!, message, attachment);
    if (!bytesEqual(expected, fromHex(f.commitment)!))
      throw bad('the franking opening does not verify: its commitment is not the one for this message');
    if (f.attachmentSha256 !== undefined && f.attachmentSha256 !== scan.sha256) {
      throw bad('"franking.attachmentSha256" is not the SHA-256 of the scanned file');
    }
  }
}
