// DEMO ONLY. Strict readers for the WebSocket messages of demo/PROTOCOL.md: each field is checked
// where it enters, and a message that is not exactly what the protocol says is refused.

/** Standard base64 with padding, decoded only if it re-encodes to the same text. */
export function fromB64(value: unknown, length?: { exact?: number; min?: number }): Uint8Array | null {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return null;
  const b = Buffer.from(value, 'base64');
  if (b.toString('base64') !== value) return null;
  if (length?.exact !== undefined && b.length !== length.exact) return null;
  if (length?.min !== undefined && b.length < length.min) return null;
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export const toB64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Demo user names: lower-case, 1–32 characters (the pages use `sam` and `alex`). */
export const isUserName = (v: unknown): v is string => typeof v === 'string' && /^[a-z][a-z0-9_-]{0,31}$/.test(v);

export interface Hello {
  readonly user: string;
  readonly signPk: Uint8Array;
  readonly kxPk: Uint8Array;
  readonly sig: Uint8Array;
}

export interface Send {
  readonly recipient: string;
  readonly conversation: string;
  readonly messageId: string;
  readonly commitment: Uint8Array;
  readonly ciphertext: Uint8Array;
}

const hasExactly = (o: Record<string, unknown>, keys: readonly string[]): boolean => {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(o, k));
};

/** nonce (24) + Poly1305 tag (16): the smallest XChaCha20-Poly1305 message. */
const MIN_CIPHERTEXT_BYTES = 40;

export function readHello(o: Record<string, unknown>): Hello | null {
  if (!hasExactly(o, ['type', 'user', 'signPk', 'kxPk', 'sig']) || !isUserName(o.user)) return null;
  const signPk = fromB64(o.signPk, { exact: 32 });
  const kxPk = fromB64(o.kxPk, { exact: 32 });
  const sig = fromB64(o.sig, { exact: 64 });
  return signPk && kxPk && sig ? { user: o.user, signPk, kxPk, sig } : null;
}

export function readSend(o: Record<string, unknown>): Send | null {
  if (!hasExactly(o, ['type', 'recipient', 'conversation', 'messageId', 'commitment', 'ciphertext']) || !isUserName(o.recipient)) return null;
  if (typeof o.conversation !== 'string' || Buffer.byteLength(o.conversation, 'utf8') > 255) return null;
  if (typeof o.messageId !== 'string' || !/^[0-9a-f]{32}$/.test(o.messageId)) return null;
  const commitment = fromB64(o.commitment, { exact: 32 });
  const ciphertext = fromB64(o.ciphertext, { min: MIN_CIPHERTEXT_BYTES });
  return commitment && ciphertext ? { recipient: o.recipient, conversation: o.conversation, messageId: o.messageId, commitment, ciphertext } : null;
}

/** The frame as a JSON object with a string `type`, or null. */
export function parseFrame(data: Buffer, isBinary: boolean): (Record<string, unknown> & { type: string }) | null {
  if (isBinary) return null;
  try {
    const v = JSON.parse(data.toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string'
      ? (v as Record<string, unknown> & { type: string })
      : null;
  } catch {
    return null;
  }
}
