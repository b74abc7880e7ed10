// The `safeseal/authority` entry, for reporting authorities (never imported by the SDK itself):
// opens sealed report envelopes, refusing anything that is not exactly what docs/report-format.md
// pins (code SEAL), and checks a report's franking against the platform's sealed stamp.

import { bytesEqual, fromBase64, fromHex, toHex } from '../bytes.js';
import { openBox, SEAL_OVERHEAD_BYTES } from '../crypto/box.js';
import { loadEd25519 } from '../crypto/ed25519.js';
import { sha256 } from '../crypto/digest.js';
import { checkKeyPair, checkPublicKey } from '../crypto/keys.js';
import { SafesealError } from '../errors.js';
import { stampInput } from '../franking/construction.js';
import { franking } from '../franking/index.js';
import { bucketFor, PLAINTEXT_PREFIX_BYTES, REPORT_BUCKETS, REPORT_MAGIC, unpadPlaintext } from '../seal/envelope.js';
import { checkHeader, type ReportHeader } from '../seal/header.js';
import { parseStrictJson } from '../seal/strict-json.js';

export type { ReportAttachment, ReportFranking, ReportHeader, ReportMatch } from '../seal/header.js';

/** An opened report: its header and the attached image's bytes (null when none was attached). */
export interface OpenedReport {
  readonly header: ReportHeader;
  readonly attachment: Uint8Array | null;
}

const seal = (why: string): SafesealError => new SafesealError('SEAL', `not a valid safeseal report: ${why}`);

/**
 * Opens an envelope with the authority's key pair (a parsed authority `NAME.key.json`).
 * @throws SafesealError SEAL unless the size is a bucket and the smallest that fits, the box opens,
 *   the padding is exact, the magic is right, the header length fits, the header is strict JSON
 *   with exactly the pinned fields, and `attachment.bytes` is the attachment's length;
 *   INVALID_ARGUMENT for a key of the wrong kind
 */
export async function openReport(envelope: Uint8Array, authorityKey: unknown): Promise<OpenedReport> {
  if (!(envelope instanceof Uint8Array)) throw new SafesealError('INVALID_ARGUMENT', '"envelope" must be a Uint8Array');
  const key = await checkKeyPair(authorityKey, 'authorityKey', 'authority');
  try {
    if (!(REPORT_BUCKETS as readonly number[]).includes(envelope.length)) throw seal(`${envelope.length} bytes is not a bucket size`);
    const padded = await openBox(envelope, key.publicKey, key.secretKey);
    if (!padded || padded.length !== envelope.length - SEAL_OVERHEAD_BYTES) throw seal('the box does not open with this key');
    const plain = unpadPlaintext(padded);
    if (!plain) throw seal('the padding is not exact');
    if (bucketFor(plain.length) !== envelope.length) throw seal('the envelope is larger than its contents need');
    if (plain.length < PLAINTEXT_PREFIX_BYTES || !bytesEqual(plain.subarray(0, 4), REPORT_MAGIC)) throw seal('wrong magic');
    const headerLength = new DataView(plain.buffer, plain.byteOffset).getUint32(4);
    if (headerLength > plain.length - PLAINTEXT_PREFIX_BYTES) throw seal('the header length exceeds the plaintext');
    let parsed: unknown;
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(plain.subarray(PLAINTEXT_PREFIX_BYTES, PLAINTEXT_PREFIX_BYTES + headerLength));
      parsed = parseStrictJson(text);
    } catch (e) {
      throw seal(`the header is not strict UTF-8 JSON (${(e as Error).message})`);
    }
    const header = checkHeader(parsed, (why) => {
      throw seal(why);
    });
    const rest = plain.slice(PLAINTEXT_PREFIX_BYTES + headerLength);
    padded.fill(0);
    const expected = header.attachment && header.attachment.withheld === undefined ? header.attachment.bytes : 0;
    if (rest.length !== expected) throw seal(`the attachment is ${rest.length} bytes, the header says ${expected}`);
    return { header, attachment: header.attachment && header.attachment.withheld === undefined ? rest : null };
  } finally {
    key.secretKey.fill(0);
  }
}

/** What the franking check established. Every other header field is a device claim, unverified. */
export interface FrankingVerification {
  /** The platform's signature verifies (RFC 8032, strictly) and the commitment opens. */
  readonly valid: boolean;
  /** Whether the attached image is the franked one. */
  readonly attachment: 'matches' | 'absent' | 'mismatch';
  readonly sender: string;
  readonly recipient: string;
  readonly conversation: string;
  readonly messageId: string;
  readonly timestamp: number;
}

/**
 * Checks an opened report's franking: opens the sealed stamp with the authority's key, verifies
 * the platform's Ed25519 signature over the commitment and metadata, recomputes the commitment
 * from the message (and attachment hash), and compares the attached image with the franked one.
 * @throws SafesealError INVALID_ARGUMENT (no franking in the report, keys of the wrong kind)
 */
export async function verifyReportFranking(opened: OpenedReport, platformPublicKey: unknown, authorityKey: unknown): Promise<FrankingVerification> {
  const f = opened?.header?.franking;
  if (!f) throw new SafesealError('INVALID_ARGUMENT', 'the report carries no franking');
  const platform = await checkPublicKey(platformPublicKey, 'platformPublicKey', 'platform');
  const authority = await checkKeyPair(authorityKey, 'authorityKey', 'authority');
  const ed25519 = await loadEd25519();
  try {
    const meta = { sender: f.sender, recipient: f.recipient, conversation: f.conversation, messageId: f.messageId, timestamp: f.timestamp };
    const commitment = fromHex(f.commitment)!;
    const signature = await openBox(fromHex(f.sealedStamp)!, authority.publicKey, authority.secretKey);
    let signed = false;
    if (signature && signature.length === 64) {
      // libsodium's crypto_sign_verify_detached: RFC 8032 strictly (canonical S, no small-order keys).
      signed = ed25519.verify(signature, stampInput(platform.id, commitment, meta), platform.publicKey);
    }
    const message = fromBase64(f.message);
    const frankedSha = f.attachmentSha256 === undefined ? null : fromHex(f.attachmentSha256)!;
    const opens = message !== null && bytesEqual(await franking(fromHex(f.frankingKey)!, message, frankedSha), commitment);
    let attachment: FrankingVerification['attachment'] = 'absent';
    if (opened.attachment) attachment = frankedSha && toHex(await sha256(opened.attachment)) === toHex(frankedSha) ? 'matches' : 'mismatch';
    return { valid: signed && opens, attachment, ...meta };
  } finally {
    authority.secretKey.fill(0);
  }
}
