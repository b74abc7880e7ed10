// The byte strings franking commits to and platforms sign (docs/franking.md pins them):
//   commitment = HMAC-SHA-256(frankingKey, "safeseal-franking-v1" ‖ 0x00 ‖ u64 BE len(message) ‖ message
//                             ‖ (0x00 | 0x01 ‖ SHA-256(attachment)))
//   stamp      = Ed25519("safeseal-stamp-v1" ‖ 0x00 ‖ platform key id ‖ commitment ‖ str(sender)
//                        ‖ str(recipient) ‖ str(conversation) ‖ str(messageId) ‖ u64 BE timestamp)
// with str(x) = u16 BE byte count ‖ the UTF-8 bytes of x, not normalised.

import { concatBytes } from '../bytes.js';
import { SafesealError } from '../errors.js';
import { MAX_FRANKING_ID_BYTES, MAX_TIMESTAMP } from '../seal/header.js';

export const FRANKING_KEY_BYTES = 32;
export const COMMITMENT_BYTES = 32;
/** crypto_box_seal of a 64-byte signature: 32 + 16 + 64. */
export const SEALED_STAMP_BYTES = 112;

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const FRANKING_CONTEXT = ascii('safeseal-franking-v1\0');
const STAMP_CONTEXT = ascii('safeseal-stamp-v1\0');

function u64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

/** The data the commitment's HMAC covers. `attachmentSha256`: 32 bytes, or null for none. */
export function commitmentInput(message: Uint8Array, attachmentSha256: Uint8Array | null): Uint8Array {
  const tail = attachmentSha256 ? concatBytes(Uint8Array.of(1), attachmentSha256) : Uint8Array.of(0);
  return concatBytes(FRANKING_CONTEXT, u64(message.length), message, tail);
}

/** The routing metadata a platform stamps, as it authenticated it. */
export interface StampMetadata {
  /** The account the platform authenticated: never a value taken from the message. */
  readonly sender: string;
  readonly recipient: string;
  /** May be empty for a 1:1 chat. */
  readonly conversation: string;
  /** Unique per sender: the platform refuses a message id a sender has used before. */
  readonly messageId: string;
  /** The platform's receive time, ms since the epoch, an integer 0 … 2^53 − 1. */
  readonly timestamp: number;
}

function str(value: unknown, name: string, min: number): Uint8Array {
  if (typeof value !== 'string') throw new SafesealError('INVALID_ARGUMENT', `"${name}" must be a string`);
  const bytes = new TextEncoder().encode(value);
  if (bytes.length < min || bytes.length > MAX_FRANKING_ID_BYTES) {
    throw new SafesealError('INVALID_ARGUMENT', `"${name}" must be ${min} to ${MAX_FRANKING_ID_BYTES} UTF-8 bytes, got ${bytes.length}`);
  }
  const out = new Uint8Array(2 + bytes.length);
  new DataView(out.buffer).setUint16(0, bytes.length);
  out.set(bytes, 2);
  return out;
}

/**
 * Checks stamp metadata from the app.
 * @throws SafesealError INVALID_ARGUMENT naming the field
 */
export function checkStampMetadata(meta: unknown): StampMetadata {
  if (typeof meta !== 'object' || meta === null) throw new SafesealError('INVALID_ARGUMENT', '"metadata" must be an object');
  const m = meta as Record<string, unknown>;
  str(m.sender, 'sender', 1);
  str(m.recipient, 'recipient', 1);
  str(m.conversation, 'conversation', 0);
  str(m.messageId, 'messageId', 1);
  const t = m.timestamp;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > MAX_TIMESTAMP) {
    throw new SafesealError('INVALID_ARGUMENT', '"timestamp" must be an integer from 0 to 2^53 − 1 (ms since the epoch)');
  }
  return {
    sender: m.sender as string,
    recipient: m.recipient as string,
    conversation: m.conversation as string,
    messageId: m.messageId as string,
    timestamp: t,
  };
}

/** What the platform signs. @throws SafesealError INVALID_ARGUMENT (commitment not 32 bytes, bad metadata) */
export function stampInput(platformKeyId: Uint8Array, commitment: Uint8Array, meta: StampMetadata): Uint8Array {
  if (!(commitment instanceof Uint8Array) || commitment.length !== COMMITMENT_BYTES) {
    throw new SafesealError('INVALID_ARGUMENT', `"commitment" must be exactly ${COMMITMENT_BYTES} bytes`);
  }
  const m = checkStampMetadata(meta);
  return concatBytes(
    STAMP_CONTEXT,
    platformKeyId,
    commitment,
    str(m.sender, 'sender', 1),
    str(m.recipient, 'recipient', 1),
    str(m.conversation, 'conversation', 0),
    str(m.messageId, 'messageId', 1),
    u64(m.timestamp),
  );
}
