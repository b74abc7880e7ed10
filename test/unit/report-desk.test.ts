// Reports in the engine: a notice first (single use, bound to the scan and the options), incoming
// scans only, franking openings checked against the scanned file, and envelopes the authority
// opens to exactly the expected header.

import { describe, expect, it } from 'vitest';
import { openReport, verifyReportFranking } from '../../src/authority/index.js';
import { toHex } from '../../src/bytes.js';
import { sha256 } from '../../src/crypto/digest.js';
import { generateKeyPair, type KeyPair } from '../../src/crypto/keys.js';
import { ReportDesk, type ReportableScan } from '../../src/engine/report.js';
import { frankMessage, stampCommitment } from '../../src/franking/index.js';

const pub = (k: KeyPair) => ({ kind: k.kind, id: toHex(k.id), publicKey: toHex(k.publicKey) });
const keyFile = (k: KeyPair) => ({ ...pub(k), secretKey: toHex(k.secretKey) });

describe('ReportDesk', async () => {
  const authority = await generateKeyPair('authority');
  const platform = await generateKeyPair('platform');
  const image = new TextEncoder().encode('benign image bytes');
  const imageSha = toHex(await sha256(image));
  const scan = (direction: 'incoming' | 'outgoing' = 'incoming'): ReportableScan => ({
    scanId: 'scan-1',
    direction,
    allowed: false,
    at: Date.now(),
    categories: ['test'],
    reasons: ['known-match'],
    model: 'ab'.repeat(32),
    match: { list: 'demo-test', root: 'cd'.repeat(32), index: 0, category: 'test' },
    sha256: imageSha,
    type: 'image/jpeg',
    bytes: image,
    wipe: () => undefined,
  });

  it('needs a matching, unused notice; reports the expected header', async () => {
    const desk = new ReportDesk(authority.publicKey);
    await expect(desk.create(scan(), { consent: { notice: 'nope' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const n = desk.notice(scan(), { attach: 'image' });
    expect(n.items).toEqual(['categories', 'reasons', 'model', 'hour', 'match', 'note', 'image']);
    await expect(desk.create(scan(), { attach: 'none', consent: { notice: n.id } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' }); // other options
    const env = await desk.create(scan(), { attach: 'image', note: 'he keeps sending these', consent: { notice: n.id } });
    expect(env.length).toBe(4096);
    const opened = await openReport(env, keyFile(authority));
    expect(opened.header).toMatchObject({
      categories: ['test'],
      reasons: ['known-match'],
      model: 'ab'.repeat(32),
      match: { list: 'demo-test', index: 0, category: 'test' },
      note: 'he keeps sending these',
      attachment: { type: 'image/jpeg', bytes: image.length, sha256: imageSha },
    });
    expect(opened.header.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00Z$/);
    expect(Object.keys(opened.header)).toEqual(['reportId', 'createdAt', 'categories', 'reasons', 'model', 'match', 'note', 'attachment']);
    expect(toHex(opened.attachment!)).toBe(toHex(image));
    await expect(desk.create(scan(), { attach: 'image', consent: { notice: n.id } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' }); // reused
  });

  it('refuses outgoing scans, a scanner without reportKey, and long notes', async () => {
    const desk = new ReportDesk(authority.publicKey);
    expect(() => desk.notice(scan('outgoing'), {})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => new ReportDesk(null).notice(scan(), {})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const n = desk.notice(scan(), {});
    await expect(desk.create(scan(), { note: 'x'.repeat(1001), consent: { notice: n.id } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(() => desk.notice(scan(), { attach: 'everything' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => desk.notice(scan(), { extra: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('carries a franking opening that verifies, and refuses one that does not or is of another file', async () => {
    const desk = new ReportDesk(authority.publicKey);
    const f = await frankMessage('look', image);
    const meta = { sender: 'alice', recipient: 'sam', conversation: '', messageId: 'm-9', timestamp: 1_764_626_400_000 };
    const sealedStamp = await stampCommitment(f.commitment, meta, keyFile(platform), pub(authority));
    const opening = { ...f, sealedStamp, ...meta, message: 'look', attachmentSha256: imageSha };
    const n = desk.notice(scan(), { attach: 'image', franking: opening });
    expect(n.items).toContain('franking');
    const env = await desk.create(scan(), { attach: 'image', franking: opening, consent: { notice: n.id } });
    const opened = await openReport(env, keyFile(authority));
    expect(await verifyReportFranking(opened, pub(platform), keyFile(authority))).toEqual({ valid: true, attachment: 'matches', ...meta });

    const forged = { ...opening, message: 'looking' };
    const n2 = desk.notice(scan(), { franking: forged });
    await expect(desk.create(scan(), { franking: forged, consent: { notice: n2.id } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const other = await frankMessage('look', new TextEncoder().encode('another image'));
    const otherOpening = { ...opening, ...other, attachmentSha256: toHex(await sha256(new TextEncoder().encode('another image'))) };
    const n3 = desk.notice(scan(), { franking: otherOpening });
    await expect(desk.create(scan(), { franking: otherOpening, consent: { notice: n3.id } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
