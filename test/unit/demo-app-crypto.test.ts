// The demo messenger's E2EE against demo/PROTOCOL.md, checked with libsodium calls written out
// here from the protocol text (not through demo/app/crypto.ts): the kx role rule, the pinned AD,
// nonce ‖ AEAD, the payload JSON, a tampered AD or a wrong key refused, and the safety number.

import { createHash } from 'node:crypto';
import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  associatedData,
  compareBytes,
  decryptMessage,
  encryptMessage,
  loadIdentity,
  openSession,
  ready,
  safetyNumber,
  signChallenge,
  str,
  type Identity,
} from '../../demo/app/crypto.js';

class MapStore {
  readonly map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
}

const pub = (id: Identity) => ({ user: id.user, signPk: id.signPk, kxPk: id.kxPk });
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

let sam: Identity;
let alex: Identity;

beforeAll(async () => {
  await ready();
  sam = loadIdentity('sam', new MapStore());
  alex = loadIdentity('alex', new MapStore());
});

describe('demo E2EE (PROTOCOL.md)', () => {
  it('keeps the identity in its store across loads, and makes a new one elsewhere', () => {
    const store = new MapStore();
    const a = loadIdentity('sam', store);
    const b = loadIdentity('sam', store);
    expect(b64(b.signSk)).toBe(b64(a.signSk));
    expect(b64(b.kxSk)).toBe(b64(a.kxSk));
    expect([...store.map.keys()]).toEqual(['safeseal-demo:sam:identity']);
    expect(b64(loadIdentity('sam', new MapStore()).signPk)).not.toBe(b64(a.signPk));
  });

  it('signs the challenge as Ed25519 over "safeseal-demo-auth-v1" ‖ 0x00 ‖ nonce', () => {
    const nonce = sodium.randombytes_buf(32);
    const sig = signChallenge(sam, nonce);
    const signed = Buffer.concat([Buffer.from('safeseal-demo-auth-v1'), Buffer.from([0]), nonce]);
    expect(sodium.crypto_sign_verify_detached(sig, signed, sam.signPk)).toBe(true);
    expect(sodium.crypto_sign_verify_detached(sig, nonce, sam.signPk)).toBe(false);
  });

  it('derives crypto_kx keys with the bytewise smaller kxPk as the client, matching across the pair', () => {
    const s = openSession(sam, pub(alex));
    const a = openSession(alex, pub(sam));
    expect(b64(s.tx)).toBe(b64(a.rx));
    expect(b64(s.rx)).toBe(b64(a.tx));
    const [client, server] = compareBytes(sam.kxPk, alex.kxPk) < 0 ? [sam, alex] : [alex, sam];
    const expected = sodium.crypto_kx_client_session_keys(client.kxPk, client.kxSk, server.kxPk);
    const clientSession = client === sam ? s : a;
    expect(b64(clientSession.tx)).toBe(b64(expected.sharedTx));
  });

  it('encrypts nonce ‖ XChaCha20-Poly1305(payload JSON) under the pinned AD, and refuses any other AD or key', () => {
    const s = openSession(sam, pub(alex));
    const a = openSession(alex, pub(sam));
    const commitment = sodium.randombytes_buf(32);
    const frankingKey = sodium.randombytes_buf(32);
    const image = { type: 'image/png', data: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) };
    const messageId = 'ab'.repeat(16);
    const ad = associatedData('sam', 'alex', messageId, commitment);
    const pinned = Buffer.concat([
      Buffer.from('safeseal-demo-v1\0'),
      Buffer.from([0, 3]),
      Buffer.from('sam'),
      Buffer.from([0, 4]),
      Buffer.from('alex'),
      Buffer.from([0, 32]),
      Buffer.from(messageId),
      commitment,
    ]);
    expect(Buffer.from(ad).equals(pinned)).toBe(true);
    const ct = encryptMessage(s.tx, ad, { text: 'hi Alex', frankingKey, image });
    // Decrypted by hand, as the audit does.
    const plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ct.subarray(24), pinned, ct.subarray(0, 24), a.rx);
    expect(JSON.parse(Buffer.from(plain).toString('utf8'))).toEqual({
      text: 'hi Alex',
      frankingKey: b64(frankingKey),
      image: { type: 'image/png', data: b64(image.data) },
    });
    const back = decryptMessage(a.rx, ad, ct)!;
    expect(back.text).toBe('hi Alex');
    expect(b64(back.image!.data)).toBe(b64(image.data));
    expect(decryptMessage(a.rx, associatedData('sam', 'alex', 'cd'.repeat(16), commitment), ct)).toBeNull();
    expect(decryptMessage(a.tx, ad, ct)).toBeNull();
    expect(decryptMessage(a.rx, ad, ct.subarray(0, 30))).toBeNull();
    // Two encryptions of one payload differ (fresh nonce).
    expect(b64(encryptMessage(s.tx, ad, { text: 'x', frankingKey }))).not.toBe(b64(encryptMessage(s.tx, ad, { text: 'x', frankingKey })));
  });

  it('refuses str() beyond 255 UTF-8 bytes', () => {
    expect([...str('é')]).toEqual([0, 2, 0xc3, 0xa9]);
    expect(() => str('x'.repeat(256))).toThrow(RangeError);
  });

  it('gives both sides the same 30-digit safety number, groups of D[5i…5i+4] mod 100000', async () => {
    const n1 = await safetyNumber(pub(sam), pub(alex));
    const n2 = await safetyNumber(pub(alex), pub(sam));
    expect(n1).toBe(n2);
    expect(n1).toMatch(/^\d{5}( \d{5}){5}$/);
    const sort = (x: Uint8Array, y: Uint8Array) => (compareBytes(x, y) <= 0 ? [x, y] : [y, x]);
    const d = createHash('sha256')
      .update(Buffer.concat([...sort(sam.signPk, alex.signPk), ...sort(sam.kxPk, alex.kxPk)]))
      .digest();
    const groups = Array.from({ length: 6 }, (_, i) => (d.readUIntBE(5 * i, 5) % 100000).toString().padStart(5, '0'));
    expect(n1).toBe(groups.join(' '));
    const other = loadIdentity('alex', new MapStore());
    expect(await safetyNumber(pub(sam), pub(other))).not.toBe(n1);
  });
});
