// Franking: the receiver's check, the platform's sealed stamp and the authority's verification,
// including every field the stamp binds, a flipped stamp, a non-canonical signature and an
// attachment that is not the franked one.

import { readFileSync } from 'node:fs';
import sodium from 'libsodium-wrappers';
import { describe, expect, it } from 'vitest';
import { openReport, verifyReportFranking } from '../../src/authority/index.js';
import { fromHex, toBase64, toHex } from '../../src/bytes.js';
import { sealBox } from '../../src/crypto/box.js';
import { sha256 } from '../../src/crypto/digest.js';
import { generateKeyPair, type KeyPair } from '../../src/crypto/keys.js';
import { commitmentInput, stampInput } from '../../src/franking/construction.js';
import { franking, frankMessage, stampCommitment, verifyFrankedMessage } from '../../src/franking/index.js';
import { sealReport } from '../../src/seal/envelope.js';
import type { ReportFranking, ReportHeader } from '../../src/seal/header.js';

const VECTOR = JSON.parse(readFileSync(new URL('../fixtures/franking-vector.json', import.meta.url), 'utf8')) as Record<string, string & number>;
const pub = (k: KeyPair) => ({ kind: k.kind, id: toHex(k.id), publicKey: toHex(k.publicKey) });
const keyFile = (k: KeyPair) => ({ ...pub(k), secretKey: toHex(k.secretKey) });
const meta = { sender: 'alice@example', recipient: 'sam@example', conversation: '', messageId: 'm-1', timestamp: 1_764_626_400_123 };

describe('franking', async () => {
  const platform = await generateKeyPair('platform');
  const authority = await generateKeyPair('authority');
  const image = new TextEncoder().encode('pretend image bytes');

  it('genuine messages verify; a changed message or attachment, a forged commitment and a 31-byte key fail', async () => {
    const f = await frankMessage('hi Sam', image);
    expect(f.frankingKey.length).toBe(32);
    expect(await verifyFrankedMessage({ message: 'hi Sam', attachment: image, ...f })).toBe(true);
    expect(await verifyFrankedMessage({ message: 'hi Sam!', attachment: image, ...f })).toBe(false);
    expect(await verifyFrankedMessage({ message: 'hi Sam', attachment: image.slice(1), ...f })).toBe(false);
    expect(await verifyFrankedMessage({ message: 'hi Sam', ...f })).toBe(false);
    const forged = f.commitment.slice();
    forged[0] ^= 1;
    expect(await verifyFrankedMessage({ message: 'hi Sam', attachment: image, frankingKey: f.frankingKey, commitment: forged })).toBe(false);
    await expect(
      verifyFrankedMessage({ message: 'hi Sam', frankingKey: f.frankingKey.subarray(0, 31), commitment: f.commitment }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const noImage = await frankMessage('text only');
    expect(await verifyFrankedMessage({ message: 'text only', ...noImage })).toBe(true);
  });

  it('the commitment and stamp inputs are exactly the documented bytes (docs/franking.md vector)', async () => {
    const key = fromHex(VECTOR.frankingKey)!;
    const att = fromHex(VECTOR.attachmentSha256)!;
    expect(toHex(commitmentInput(new TextEncoder().encode(VECTOR.message), att))).toBe(VECTOR.commitmentInput);
    expect(toHex(await franking(key, VECTOR.message, att))).toBe(VECTOR.commitment);
    const m = {
      sender: VECTOR.sender,
      recipient: VECTOR.recipient,
      conversation: VECTOR.conversation,
      messageId: VECTOR.messageId,
      timestamp: VECTOR.timestamp,
    };
    expect(toHex(stampInput(fromHex(VECTOR.platformKeyId)!, fromHex(VECTOR.commitment)!, m))).toBe(VECTOR.stampInput);
    // Independent HMAC (node:crypto) of the same input.
    const { createHmac } = await import('node:crypto');
    expect(createHmac('sha256', key).update(fromHex(VECTOR.commitmentInput)!).digest('hex')).toBe(VECTOR.commitment);
  });

  it('refuses malformed stamp inputs', async () => {
    const f = await frankMessage('x');
    const stamp = (c: Uint8Array, m: object, p: unknown = keyFile(platform), a: unknown = pub(authority)) =>
      stampCommitment(c, m as typeof meta, p, a);
    await expect(stamp(f.commitment.subarray(0, 31), meta)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(stamp(f.commitment, { ...meta, sender: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(stamp(f.commitment, { ...meta, messageId: 'x'.repeat(256) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(stamp(f.commitment, { ...meta, timestamp: 2 ** 53 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(stamp(f.commitment, { ...meta, timestamp: 1.5 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(stamp(f.commitment, meta, keyFile(authority))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' }); // wrong kind
    await expect(stamp(f.commitment, meta, keyFile(platform), pub(platform))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await stamp(f.commitment, meta)).length).toBe(112);
  });

  async function report(changes: Partial<ReportFranking> & { attachment?: Uint8Array | null } = {}) {
    const { attachment: given, ...fr } = changes;
    const f = await frankMessage('look at this', image);
    const sealedStamp = await stampCommitment(f.commitment, meta, keyFile(platform), pub(authority));
    const franking: ReportFranking = {
      frankingKey: toHex(f.frankingKey),
      commitment: toHex(f.commitment),
      sealedStamp: toHex(sealedStamp),
      ...meta,
      message: toBase64(new TextEncoder().encode('look at this')),
      attachmentSha256: toHex(await sha256(image)),
      ...fr,
    };
    const attachment = given === undefined ? image : given;
    const header: ReportHeader = {
      reportId: 'aa'.repeat(16),
      createdAt: '2026-12-01T22:00:00Z',
      categories: ['test'],
      reasons: ['known-match'],
      model: 'ab'.repeat(32),
      ...(attachment ? { attachment: { type: 'image/png', bytes: attachment.length, sha256: toHex(await sha256(attachment)) } } : {}),
      franking,
    };
    const env = await sealReport({ header, ...(attachment ? { attachment } : {}) }, authority.publicKey);
    return openReport(env, keyFile(authority));
  }

  it('the authority verifies a genuine report, attachment included', async () => {
    const v = await verifyReportFranking(await report(), pub(platform), keyFile(authority));
    expect(v).toEqual({ valid: true, attachment: 'matches', ...meta });
    const noAttachment = await verifyReportFranking(await report({ attachment: null }), pub(platform), keyFile(authority));
    expect(noAttachment).toMatchObject({ valid: true, attachment: 'absent' });
  });

  it('a report whose attachment is not the franked one reports mismatch', async () => {
    const v = await verifyReportFranking(await report({ attachment: new TextEncoder().encode('another image') }), pub(platform), keyFile(authority));
    expect(v.attachment).toBe('mismatch');
    expect(v.valid).toBe(true); // the message itself is genuine; the image is not the franked one
  });

  for (const [field, value] of [
    ['sender', 'mallory@example'],
    ['recipient', 'someone@example'],
    ['conversation', 'group-9'],
    ['messageId', 'm-2'],
    ['timestamp', meta.timestamp + 1],
    ['message', toBase64(new TextEncoder().encode('look at that'))],
    ['attachmentSha256', '00'.repeat(32)],
  ] as const) {
    it(`fails for a changed ${field}`, async () => {
      const v = await verifyReportFranking(await report({ [field]: value }), pub(platform), keyFile(authority));
      expect(v.valid).toBe(false);
    });
  }

  it('fails for another platform key, a flipped stamp and a non-canonical signature', async () => {
    const r = await report();
    const other = await generateKeyPair('platform');
    expect((await verifyReportFranking(r, pub(other), keyFile(authority))).valid).toBe(false);
    const flipped = fromHex(r.header.franking!.sealedStamp)!;
    flipped[50] ^= 1;
    const withFlipped = { ...r, header: { ...r.header, franking: { ...r.header.franking!, sealedStamp: toHex(flipped) } } };
    expect((await verifyReportFranking(withFlipped, pub(platform), keyFile(authority))).valid).toBe(false);
    // Non-canonical: S + L (the group order) verifies under a lax verifier, never under RFC 8032.
    await sodium.ready;
    const f = fromHex(r.header.franking!.commitment)!;
    const msg = stampInput(platform.id, f, meta);
    const { privateKey } = sodium.crypto_sign_seed_keypair(platform.secretKey);
    const sig = sodium.crypto_sign_detached(msg, privateKey);
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]);
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let t = s + L;
    const malleated = sig.slice();
    for (let i = 0; i < 32; i++) {
      malleated[32 + i] = Number(t & 255n);
      t >>= 8n;
    }
    const resealed = await sealBox(malleated, authority.publicKey);
    const withMalleated = { ...r, header: { ...r.header, franking: { ...r.header.franking!, sealedStamp: toHex(resealed) } } };
    expect((await verifyReportFranking(withMalleated, pub(platform), keyFile(authority))).valid).toBe(false);
    const resealedGood = await sealBox(sig, authority.publicKey);
    const withGood = { ...r, header: { ...r.header, franking: { ...r.header.franking!, sealedStamp: toHex(resealedGood) } } };
    expect((await verifyReportFranking(withGood, pub(platform), keyFile(authority))).valid).toBe(true);
  });
});
