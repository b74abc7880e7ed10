// Reports end to end through the built Node entry: a test-card image on the demo list is blocked,
// the notice names the authority and its items, createReport makes an envelope the authority
// opens to exactly the expected header (franking verified), the ledger records it, and reports
// of outgoing scans, without a notice or with a reused one are refused.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScanner, verifyLedger } from '../../dist/node/index.js';
import { openReport, verifyReportFranking } from '../../dist/authority.js';
import { frankMessage, stampCommitment } from '../../dist/franking.js';
import { toHex } from '../../src/bytes.js';
import { sha256 } from '../../src/crypto/digest.js';
import { generateKeyPair, type KeyPair } from '../../src/crypto/keys.js';
import { FIXTURES } from '../helpers/classifier-assets.js';
import { VECTORS } from '../helpers/vectors.js';

const pub = (k: KeyPair) => ({
  kind: k.kind,
  id: toHex(k.id),
  publicKey: toHex(k.publicKey),
  ...(k.kind === 'authority' ? { name: 'Test Authority', url: 'https://authority.invalid/' } : {}),
});
const keyFile = (k: KeyPair) => ({ kind: k.kind, id: toHex(k.id), publicKey: toHex(k.publicKey), secretKey: toHex(k.secretKey) });

describe('reports through the Node scanner', async () => {
  const authority = await generateKeyPair('authority');
  const platform = await generateKeyPair('platform');
  const card = new Uint8Array(readFileSync(join(VECTORS, 'pdq/data/bridge-mods/aaa-orig.jpg')));
  const list = readFileSync(join(FIXTURES, 'lists/demo-test.ssl'));
  const trust = JSON.parse(readFileSync(join(FIXTURES, 'lists/demo-trust.json'), 'utf8'));

  it('scan → notice → sealed report the authority opens, franking verified, recorded in the ledger', async () => {
    const scanner = await createScanner({ model: false, reportKey: pub(authority) });
    try {
      await scanner.loadList(list, { trust, allowDemoKeys: true });
      const v = await scanner.scanImage(card, { direction: 'incoming' });
      expect(v).toMatchObject({ action: 'block', categories: ['test'], reasons: ['known-match'], prompt: { kind: 'test' } });
      const f = await frankMessage('look at this', card);
      const meta = { sender: 'alex', recipient: 'sam', conversation: '', messageId: 'm-1', timestamp: 1_764_626_400_000 };
      const sealedStamp = await stampCommitment(f.commitment, meta, keyFile(platform), pub(authority));
      const franking = { ...f, sealedStamp, ...meta, message: 'look at this', attachmentSha256: toHex(await sha256(card)) };
      const notice = await scanner.reportNotice(v.scanId, { attach: 'image', franking });
      expect(notice).toMatchObject({ kind: 'report-notice', audience: 'child', authority: { name: 'Test Authority' }, safeOption: 'cancel' });
      expect(notice.items.map((i) => i.id)).toEqual(['categories', 'reasons', 'model', 'hour', 'match', 'note', 'image', 'franking']);
      expect(notice.body).toMatch(/grown-up you trust/);
      await expect(scanner.createReport(v.scanId, { attach: 'image', franking, consent: { notice: 'made-up' } })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      const envelope = await scanner.createReport(v.scanId, { attach: 'image', franking, note: 'from a stranger', consent: { notice: notice.id } });
      expect(envelope.length).toBe(4_194_304);
      await expect(scanner.createReport(v.scanId, { attach: 'image', franking, consent: { notice: notice.id } })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });

      const opened = await openReport(envelope, keyFile(authority));
      expect(opened.header).toMatchObject({
        categories: ['test'],
        reasons: ['known-match'],
        match: { list: 'safeseal-demo-test', category: 'test' },
        note: 'from a stranger',
        attachment: { type: 'image/jpeg', bytes: card.length, sha256: toHex(await sha256(card)) },
      });
      expect(toHex(opened.attachment!)).toBe(toHex(card));
      expect(await verifyReportFranking(opened, pub(platform), keyFile(authority))).toEqual({ valid: true, attachment: 'matches', ...meta });

      const { entries, head } = scanner.ledger();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ seq: 1, bytes: envelope.length, sha256: toHex(await sha256(envelope)) });
      expect(await verifyLedger(entries, head)).toBe(true);
      // A restored scanner continues the chain; a tampered one is refused.
      await expect(createScanner({ ledger: [{ ...entries[0], bytes: 4096 }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      const again = await createScanner({ model: false, ledger: entries });
      expect(again.ledger().head).toEqual(head);
      await again.dispose();
    } finally {
      await scanner.dispose();
    }
  });

  it('never for an outgoing scan, and UNKNOWN_SCAN for a scan it does not hold', async () => {
    const scanner = await createScanner({ model: false, reportKey: pub(authority) });
    try {
      await scanner.loadList(list, { trust, allowDemoKeys: true });
      const out = await scanner.scanImage(card, { direction: 'outgoing' });
      await expect(scanner.reportNotice(out.scanId, {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(scanner.reportNotice('0'.repeat(32), {})).rejects.toMatchObject({ code: 'UNKNOWN_SCAN' });
      const plain = await createScanner({ model: false });
      const v = await plain.scanImage(card, { direction: 'incoming' });
      await expect(plain.reportNotice(v.scanId, {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' }); // no reportKey
      await plain.dispose();
    } finally {
      await scanner.dispose();
    }
  });
});
