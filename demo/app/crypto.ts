// The messenger's end-to-end encryption, exactly as demo/PROTOCOL.md pins it so the audit can
// decrypt every frame it captured: an Ed25519 identity and an X25519 key per page (kept in
// sessionStorage so a reload keeps the identity), crypto_kx session keys per contact pair (the
// bytewise smaller kxPk is the client), and nonce ‖ XChaCha20-Poly1305 with a pinned AD.
// No forward secrecy and no ratchet: one static key pair per tab, for a demo.

import sodium from 'libsodium-wrappers';

/** The page's own keys. The secret halves never leave the page (sessionStorage only). */
export interface Identity {
  readonly user: string;
  readonly signPk: Uint8Array;
  readonly signSk: Uint8Array;
  readonly kxPk: Uint8Array;
  readonly kxSk: Uint8Array;
}

/** A contact's public keys, as the relay's welcome / keys frames carry them. */
export interface ContactKeys {
  readonly user: string;
  readonly signPk: Uint8Array;
  readonly kxPk: Uint8Array;
}

/** The pair's session keys: `tx` encrypts what this page sends, `rx` decrypts what it receives. */
export interface Session {
  readonly contact: ContactKeys;
  readonly tx: Uint8Array;
  readonly rx: Uint8Array;
}

/** What a message's plaintext holds (PROTOCOL: payload). */
export interface Payload {
  readonly text: string;
  readonly frankingKey: Uint8Array;
  readonly image?: { readonly type: string; readonly data: Uint8Array };
}

export const NONCE_BYTES = 24;
const AD_CONTEXT = 'safeseal-demo-v1';
const AUTH_CONTEXT = 'safeseal-demo-auth-v1';
/** A user name, message id or conversation: str() needs 1–255 UTF-8 bytes (docs/franking.md). */
const MAX_STR_BYTES = 255;

export const ready = (): Promise<void> => sodium.ready;

export const b64 = (bytes: Uint8Array): string => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);
export const unb64 = (text: string): Uint8Array => sodium.from_base64(text, sodium.base64_variants.ORIGINAL);
export const hex = (bytes: Uint8Array): string => sodium.to_hex(bytes);

/** u16 big-endian byte count ‖ the UTF-8 bytes (PROTOCOL's str(x)). */
export function str(value: string): Uint8Array {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length > MAX_STR_BYTES) throw new RangeError(`"${value.slice(0, 20)}…" is longer than ${MAX_STR_BYTES} UTF-8 bytes`);
  const out = new Uint8Array(2 + bytes.length);
  out[0] = bytes.length >> 8;
  out[1] = bytes.length & 0xff;
  out.set(bytes, 2);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ascii0 = (text: string): Uint8Array => concat(new TextEncoder().encode(text), new Uint8Array([0]));

/** Bytewise comparison: negative when a sorts first. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Where the identity is kept: sessionStorage in the page, a Map-backed stand-in in tests. */
export type KeyStore = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * This tab's identity for `user`: the one in `store` if there is one (a reload keeps it), else a
 * fresh Ed25519 + X25519 pair, stored there. Call after `ready()`.
 */
export function loadIdentity(user: string, store: KeyStore): Identity {
  const slot = `safeseal-demo:${user}:identity`;
  const kept = store.getItem(slot);
  if (kept !== null) {
    try {
      const o = JSON.parse(kept) as Record<string, string>;
      const id = { user, signPk: unb64(o.signPk), signSk: unb64(o.signSk), kxPk: unb64(o.kxPk), kxSk: unb64(o.kxSk) };
      if (id.signPk.length === 32 && id.signSk.length === 64 && id.kxPk.length === 32 && id.kxSk.length === 32) return id;
    } catch {
      // A damaged entry: make a new identity (the relay will refuse it if the old one was registered).
    }
  }
  const sign = sodium.crypto_sign_keypair();
  const kx = sodium.crypto_kx_keypair();
  const id = { user, signPk: sign.publicKey, signSk: sign.privateKey, kxPk: kx.publicKey, kxSk: kx.privateKey };
  store.setItem(slot, JSON.stringify({ signPk: b64(id.signPk), signSk: b64(id.signSk), kxPk: b64(id.kxPk), kxSk: b64(id.kxSk) }));
  return id;
}

/** The hello's signature: Ed25519 over ASCII 'safeseal-demo-auth-v1' ‖ 0x00 ‖ the relay's nonce. */
export function signChallenge(id: Identity, nonce: Uint8Array): Uint8Array {
  return sodium.crypto_sign_detached(concat(ascii0(AUTH_CONTEXT), nonce), id.signSk);
}

/** crypto_kx session keys with `contact`: the bytewise smaller kxPk takes the client role. */
export function openSession(id: Identity, contact: ContactKeys): Session {
  if (contact.kxPk.length !== 32 || contact.signPk.length !== 32) throw new RangeError(`${contact.user}'s public keys are not 32 bytes`);
  const order = compareBytes(id.kxPk, contact.kxPk);
  if (order === 0) throw new RangeError(`${contact.user} presents this page's own key`);
  const keys =
    order < 0
      ? sodium.crypto_kx_client_session_keys(id.kxPk, id.kxSk, contact.kxPk)
      : sodium.crypto_kx_server_session_keys(id.kxPk, id.kxSk, contact.kxPk);
  return { contact, tx: keys.sharedTx, rx: keys.sharedRx };
}

/** AD = ASCII 'safeseal-demo-v1' ‖ 0x00 ‖ str(sender) ‖ str(recipient) ‖ str(messageId) ‖ commitment. */
export function associatedData(sender: string, recipient: string, messageId: string, commitment: Uint8Array): Uint8Array {
  if (commitment.length !== 32) throw new RangeError('the commitment must be 32 bytes');
  return concat(ascii0(AD_CONTEXT), str(sender), str(recipient), str(messageId), commitment);
}

const payloadJson = (p: Payload): string =>
  JSON.stringify({
    text: p.text,
    frankingKey: b64(p.frankingKey),
    ...(p.image ? { image: { type: p.image.type, data: b64(p.image.data) } } : {}),
  });

/** nonce (24 random bytes) ‖ crypto_aead_xchacha20poly1305_ietf_encrypt(payload JSON, AD, nonce, tx). */
export function encryptMessage(key: Uint8Array, ad: Uint8Array, payload: Payload): Uint8Array {
  const nonce = sodium.randombytes_buf(NONCE_BYTES);
  const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(new TextEncoder().encode(payloadJson(payload)), ad, null, nonce, key);
  return concat(nonce, sealed);
}

/**
 * The payload of `message` under `key` and `ad`, or null when it does not decrypt or is not a
 * payload of the pinned shape (such a message is dropped, never shown).
 */
export function decryptMessage(key: Uint8Array, ad: Uint8Array, message: Uint8Array): Payload | null {
  if (message.length < NONCE_BYTES + 16) return null;
  let plain: Uint8Array;
  try {
    plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, message.subarray(NONCE_BYTES), ad, message.subarray(0, NONCE_BYTES), key);
  } catch {
    return null;
  }
  try {
    const o = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)) as Record<string, unknown>;
    if (typeof o.text !== 'string' || typeof o.frankingKey !== 'string') return null;
    const frankingKey = unb64(o.frankingKey);
    if (o.image === undefined) return { text: o.text, frankingKey };
    const image = o.image as Record<string, unknown> | null;
    if (typeof image !== 'object' || image === null || typeof image.type !== 'string' || typeof image.data !== 'string') return null;
    return { text: o.text, frankingKey, image: { type: image.type, data: unb64(image.data) } };
  } catch {
    return null;
  }
}

/**
 * The pair's safety number: SHA-256(smaller signPk ‖ larger signPk ‖ smaller kxPk ‖ larger kxPk);
 * group i (0…5) = the big-endian 40-bit integer of digest bytes 5i…5i+4 mod 100,000, as 5 digits.
 * Both sides compute the same 30 digits; a relay that swapped a key changes them.
 */
export async function safetyNumber(a: ContactKeys, b: ContactKeys): Promise<string> {
  const [s1, s2] = compareBytes(a.signPk, b.signPk) <= 0 ? [a.signPk, b.signPk] : [b.signPk, a.signPk];
  const [k1, k2] = compareBytes(a.kxPk, b.kxPk) <= 0 ? [a.kxPk, b.kxPk] : [b.kxPk, a.kxPk];
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', concat(s1, s2, k1, k2) as Uint8Array<ArrayBuffer>));
  const groups: string[] = [];
  for (let i = 0; i < 6; i++) {
    let n = 0n;
    for (let j = 0; j < 5; j++) n = (n << 8n) | BigInt(digest[5 * i + j]);
    groups.push((n % 100000n).toString().padStart(5, '0'));
  }
  return groups.join(' ');
}

/** A fresh message id: 16 random bytes as 32 lowercase hex digits. */
export const newMessageId = (): string => sodium.to_hex(sodium.randombytes_buf(16));
