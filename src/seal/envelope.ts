// The sealed report envelope (docs/report-format.md): P = "SSR1" ‖ u32 BE len(H) ‖ H ‖ A, padded
// (sodium_pad: 0x80 then zeros) to exactly B − 48 bytes and sealed to the authority's X25519 key,
// so every envelope is exactly B bytes, B = 4,096 or 4,194,304: its size tells only which bucket.

import { concatBytes } from '../bytes.js';
import { SEAL_OVERHEAD_BYTES, sealBox } from '../crypto/box.js';
import { SafesealError } from '../errors.js';
import { checkHeader, serializeHeader, type ReportHeader } from './header.js';

/** The envelope sizes: small (no or tiny attachment) and large (an image up to ~4 MiB). */
export const REPORT_BUCKETS = [4096, 4_194_304] as const;
export const REPORT_MAGIC = Uint8Array.from('SSR1', (c) => c.charCodeAt(0));
/** Magic and the header length field. */
export const PLAINTEXT_PREFIX_BYTES = 8;

/** The smallest bucket whose padded plaintext holds `plainBytes` (at least one padding byte), or null. */
export function bucketFor(plainBytes: number): number | null {
  for (const b of REPORT_BUCKETS) if (plainBytes <= b - SEAL_OVERHEAD_BYTES - 1) return b;
  return null;
}

/** sodium_pad(P, size) for a single block: P ‖ 0x80 ‖ zeros, exactly `size` bytes. */
export function padPlaintext(plain: Uint8Array, size: number): Uint8Array {
  if (plain.length >= size) throw new SafesealError('INTERNAL', 'the plaintext does not fit its bucket');
  const out = new Uint8Array(size);
  out.set(plain);
  out[plain.length] = 0x80;
  return out;
}

/** The plaintext of a padded block, or null unless it ends in exactly 0x80 followed by zeros. */
export function unpadPlaintext(padded: Uint8Array): Uint8Array | null {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 0x80) return null;
  return padded.subarray(0, end);
}

function plaintext(headerBytes: Uint8Array, attachment: Uint8Array): Uint8Array {
  const prefix = new Uint8Array(PLAINTEXT_PREFIX_BYTES);
  prefix.set(REPORT_MAGIC);
  new DataView(prefix.buffer).setUint32(4, headerBytes.length);
  return concatBytes(prefix, headerBytes, attachment);
}

/** A report to seal: the header, and the image bytes when the user chose to attach it. */
export interface ReportContents {
  readonly header: ReportHeader;
  readonly attachment?: Uint8Array;
}

/**
 * Seals a report to the authority's X25519 public key. An attachment too large for the largest
 * bucket is left out and marked `withheld: 'too-large'` (never re-encoded: a re-encoded image would
 * no longer match its franking). The plaintext buffers are zeroed after sealing.
 * `ephemeralSecretKey` is for test vectors only.
 * @throws SafesealError INVALID_ARGUMENT (a header that breaks the format, or one too large even
 *   without its attachment)
 */
export async function sealReport(contents: ReportContents, authorityPublicKey: Uint8Array, ephemeralSecretKey?: Uint8Array): Promise<Uint8Array> {
  const invalid = (why: string): never => {
    throw new SafesealError('INVALID_ARGUMENT', `report header: ${why}`);
  };
  let header = checkHeader(contents.header, invalid);
  let attachment = contents.attachment ?? new Uint8Array(0);
  if (attachment.length > 0 && header.attachment?.bytes !== attachment.length) invalid('"attachment.bytes" must be the attachment\'s length');
  if (attachment.length === 0 && header.attachment && header.attachment.withheld === undefined)
    invalid('"attachment" describes bytes that are not attached');
  if (attachment.length > 0 && header.attachment?.withheld !== undefined) invalid('a withheld attachment cannot be attached');
  let headerBytes = serializeHeader(header);
  if (bucketFor(PLAINTEXT_PREFIX_BYTES + headerBytes.length + attachment.length) === null && attachment.length > 0) {
    header = { ...header, attachment: { ...header.attachment!, withheld: 'too-large' } };
    headerBytes = serializeHeader(header);
    attachment = new Uint8Array(0);
  }
  const plain = plaintext(headerBytes, attachment);
  headerBytes.fill(0);
  const bucket = bucketFor(plain.length);
  if (bucket === null) {
    plain.fill(0);
    invalid('too large for the largest bucket even without its attachment');
  }
  const padded = padPlaintext(plain, bucket! - SEAL_OVERHEAD_BYTES);
  plain.fill(0);
  try {
    return await sealBox(padded, authorityPublicKey, ephemeralSecretKey);
  } finally {
    padded.fill(0);
  }
}
