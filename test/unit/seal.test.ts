// Sealed report envelopes: round trips in both buckets, exact sizes, the pinned test vector opened
// by an independent implementation (tweetnacl + blakejs), and every malformed envelope refused
// with SEAL.

import blake from 'blakejs';
import nacl from 'tweetnacl';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openReport } from '../../src/authority/index.js';
import { toHex, fromHex } from '../../src/bytes.js';
import { sealBox, SEAL_OVERHEAD_BYTES } from '../../src/crypto/box.js';
import { sha256 } from '../../src/crypto/digest.js';
import { generateKeyPair, type KeyPair } from '../../src/crypto/keys.js';
import { padPlaintext, REPORT_BUCKETS, sealReport } from '../../src/seal/envelope.js';
import type { ReportHeader } from '../../src/seal/header.js';
import { seededBytes } from '../helpers/prng.js';

const VECTOR = JSON.parse(readFileSync(new URL('../fixtures/report-vector.json', import.meta.url), 'utf8')) as {
  authoritySecretKey: string;
  ephemeralSecretKey: string;
  header: ReportHeader;
  attachmentHex: string;
  envelopeSha256: string;
  envelopeHex: string;
};

const keyFile = (k: KeyPair) => ({ kind: k.kind, id: toHex(k.id), publicKey: toHex(k.publicKey), secretKey: toHex(k.secretKey) });
const header = (extra: Partial<ReportHeader> = {}): ReportHeader => ({
  reportId: '0123456789abcdef0123456789abcdef',
  createdAt: '2026-12-01T22:00:00Z',
  categories: ['test'],
  reasons: ['known-match'],
  model: 'ab'.repeat(32),
  ...extra,
});

/** Seals a raw plaintext (already padded or not) the way sealReport would, for malformed cases. */
async function sealRaw(plain: Uint8Array, bucket: number, pk: Uint8Array): Promise<Uint8Array> {
  return sealBox(padPlaintext(plain, bucket - SEAL_OVERHEAD_BYTES), pk);
}

function plaintextOf(headerJson: string, attachment = new Uint8Array(0), magic = 'SSR1'): Uint8Array {
  const h = new TextEncoder().encode(headerJson);
  const out = new Uint8Array(8 + h.length + attachment.length);
  out.set(Uint8Array.from(magic, (c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, h.length);
  out.set(h, 8);
  out.set(attachment, 8 + h.length);
  return out;
}

describe('report envelopes', async () => {
  const authority = await generateKeyPair('authority');
  const authorityFile = keyFile(authority);

  it('round-trips in the small bucket, exactly 4,096 bytes', async () => {
    const env = await sealReport({ header: header({ note: 'hello' }) }, authority.publicKey);
    expect(env.length).toBe(4096);
    const opened = await openReport(env, authorityFile);
    expect(opened.header).toEqual(header({ note: 'hello' }));
    expect(opened.attachment).toBeNull();
  });

  it('round-trips an image in the large bucket, exactly 4,194,304 bytes', async () => {
    const image = seededBytes(100_000, 7);
    const att = { type: 'image/jpeg', bytes: image.length, sha256: 'cd'.repeat(32) };
    const env = await sealReport({ header: header({ attachment: att }), attachment: image }, authority.publicKey);
    expect(env.length).toBe(4_194_304);
    const opened = await openReport(env, authorityFile);
    expect(opened.header.attachment).toEqual(att);
    expect(toHex(opened.attachment!)).toBe(toHex(image));
  });

  it('a small attachment stays in the small bucket; an oversized one is withheld, never re-encoded', async () => {
    const tiny = seededBytes(1000, 3);
    const env = await sealReport(
      { header: header({ attachment: { type: 'image/png', bytes: 1000, sha256: '11'.repeat(32) } }), attachment: tiny },
      authority.publicKey,
    );
    expect(env.length).toBe(4096);
    const big = new Uint8Array(REPORT_BUCKETS[1]);
    const env2 = await sealReport(
      { header: header({ attachment: { type: 'image/png', bytes: big.length, sha256: '22'.repeat(32) } }), attachment: big },
      authority.publicKey,
    );
    expect(env2.length).toBe(4096);
    const opened = await openReport(env2, authorityFile);
    expect(opened.header.attachment).toEqual({ type: 'image/png', bytes: big.length, sha256: '22'.repeat(32), withheld: 'too-large' });
    expect(opened.attachment).toBeNull();
  });

  it('the bucket edges: 4,047 plaintext bytes fit the small bucket, 4,048 do not', async () => {
    const withBytes = (n: number) => header({ attachment: { type: 'image/png', bytes: n, sha256: '33'.repeat(32) } });
    const plainLength = (n: number) => plaintextOf(JSON.stringify(withBytes(n))).length + n;
    let n = 3000;
    while (plainLength(n) < 4047) n++;
    expect(plainLength(n)).toBe(4047);
    expect(plainLength(n + 1)).toBe(4048);
    expect((await sealReport({ header: withBytes(n), attachment: new Uint8Array(n) }, authority.publicKey)).length).toBe(4096);
    expect((await sealReport({ header: withBytes(n + 1), attachment: new Uint8Array(n + 1) }, authority.publicKey)).length).toBe(4_194_304);
  });

  it('the pinned test vector: byte for byte, and opened by tweetnacl + blakejs', async () => {
    const pk = nacl.scalarMult.base(fromHex(VECTOR.authoritySecretKey)!);
    const attachment = fromHex(VECTOR.attachmentHex)!;
    const env = await sealReport({ header: VECTOR.header, ...(attachment.length ? { attachment } : {}) }, pk, fromHex(VECTOR.ephemeralSecretKey)!);
    expect(toHex(env)).toBe(VECTOR.envelopeHex);
    const digest = await sha256(env);
    expect(toHex(digest)).toBe(VECTOR.envelopeSha256);
    // Independent opening: crypto_box_seal = epk ‖ box(m, nonce = BLAKE2b-192(epk ‖ pk)).
    const epk = env.subarray(0, 32);
    const nonce = blake.blake2b(new Uint8Array([...epk, ...pk]), undefined, 24);
    const padded = nacl.box.open(env.subarray(32), nonce, epk, fromHex(VECTOR.authoritySecretKey)!);
    expect(padded).not.toBeNull();
    expect(padded!.length).toBe(env.length - 48);
    const hLen = new DataView(padded!.buffer, padded!.byteOffset).getUint32(4);
    expect(String.fromCharCode(...padded!.subarray(0, 4))).toBe('SSR1');
    expect(JSON.parse(new TextDecoder().decode(padded!.subarray(8, 8 + hLen)))).toEqual(VECTOR.header);
    const end = 8 + hLen + attachment.length;
    expect(padded![end]).toBe(0x80);
    expect(padded!.subarray(end + 1).every((b) => b === 0)).toBe(true);
  });

  describe('refused with SEAL', () => {
    const good = JSON.stringify(header());
    const cases: [string, () => Promise<Uint8Array>][] = [
      [
        'a flipped byte',
        async () => {
          const env = await sealReport({ header: header() }, authority.publicKey);
          env[100] ^= 1;
          return env;
        },
      ],
      ['a truncated envelope', async () => (await sealReport({ header: header() }, authority.publicKey)).subarray(0, 4095)],
      [
        'bad padding (0x81 marker)',
        async () => {
          const p = padPlaintext(plaintextOf(good), 4096 - 48);
          p[plaintextOf(good).length] = 0x81;
          return sealBox(p, authority.publicKey);
        },
      ],
      [
        'bad padding (a non-zero byte after the marker)',
        async () => {
          const p = padPlaintext(plaintextOf(good), 4096 - 48);
          p[p.length - 1] = 1;
          return sealBox(p, authority.publicKey);
        },
      ],
      ['no padding at all', async () => sealBox(new Uint8Array(4096 - 48).fill(0x41), authority.publicKey)],
      ['a non-minimal bucket', async () => sealRaw(plaintextOf(good), 4_194_304, authority.publicKey)],
      ['a duplicate JSON key', async () => sealRaw(plaintextOf(good.replace('{', '{"model":"' + 'ab'.repeat(32) + '",')), 4096, authority.publicKey)],
      ['an unknown header key', async () => sealRaw(plaintextOf(JSON.stringify({ ...header(), score: 0.9 })), 4096, authority.publicKey)],
      [
        'a category outside the taxonomy',
        async () => sealRaw(plaintextOf(JSON.stringify({ ...header(), categories: ['nudity'] })), 4096, authority.publicKey),
      ],
      ['a missing field', async () => sealRaw(plaintextOf(JSON.stringify({ ...header(), model: undefined })), 4096, authority.publicKey)],
      ['a wrong magic', async () => sealRaw(plaintextOf(good, undefined, 'SSR2'), 4096, authority.publicKey)],
      [
        'a header length beyond the plaintext',
        async () => {
          const p = plaintextOf(good);
          new DataView(p.buffer).setUint32(4, p.length);
          return sealRaw(p, 4096, authority.publicKey);
        },
      ],
      [
        'attachment.bytes that is not the attachment length',
        async () =>
          sealRaw(
            plaintextOf(JSON.stringify(header({ attachment: { type: 'image/png', bytes: 10, sha256: '44'.repeat(32) } })), new Uint8Array(9)),
            4096,
            authority.publicKey,
          ),
      ],
      ['trailing bytes without an attachment', async () => sealRaw(plaintextOf(good, new Uint8Array(3)), 4096, authority.publicKey)],
      [
        'a header that is not UTF-8',
        async () => {
          const p = plaintextOf(good);
          p[20] = 0xff;
          return sealRaw(p, 4096, authority.publicKey);
        },
      ],
      ['a size that is no bucket', async () => sealBox(padPlaintext(plaintextOf(good), 5000 - 48), authority.publicKey)],
    ];
    for (const [name, make] of cases) {
      it(name, async () => {
        await expect(openReport(await make(), authorityFile)).rejects.toMatchObject({ code: 'SEAL' });
      });
    }

    it('a wrong key', async () => {
      const other = keyFile(await generateKeyPair('authority'));
      const env = await sealReport({ header: header() }, authority.publicKey);
      await expect(openReport(env, other)).rejects.toMatchObject({ code: 'SEAL' });
    });
  });

  it('a key of the wrong kind is INVALID_ARGUMENT', async () => {
    const env = await sealReport({ header: header() }, authority.publicKey);
    const platform = keyFile(await generateKeyPair('platform'));
    await expect(openReport(env, platform)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(openReport(env, { ...authorityFile, kind: 'platform' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('the SDK refuses to seal a header the format does not allow', async () => {
    await expect(sealReport({ header: { ...header(), note: 'é'.repeat(501) } }, authority.publicKey)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(sealReport({ header: { ...header(), extra: 1 } as ReportHeader }, authority.publicKey)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
