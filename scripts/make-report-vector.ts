// Writes test/fixtures/report-vector.json: a sealed report made with fixed (test-only) authority
// and ephemeral keys, so independent implementations can check docs/report-format.md byte for byte.
// Run: npx tsx scripts/make-report-vector.ts

import { writeFileSync } from 'node:fs';
import { toHex } from '../src/bytes.js';
import { boxPublicKeyOf } from '../src/crypto/box.js';
import { sha256 } from '../src/crypto/digest.js';
import { sealReport } from '../src/seal/envelope.js';
import type { ReportHeader } from '../src/seal/header.js';

const authoritySecretKey = Uint8Array.from({ length: 32 }, (_, i) => i + 1); // 01 02 … 20: test only
const ephemeralSecretKey = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i); // 80 81 … 9f: test only
const attachment = new TextEncoder().encode('GIF89a: not an image, a test attachment');
const sha = new Uint8Array(await crypto.subtle.digest('SHA-256', attachment));
const header: ReportHeader = {
  reportId: '5afe5ea1000000000000000000000001',
  createdAt: '2026-12-01T22:00:00Z',
  categories: ['test'],
  reasons: ['known-match'],
  model: 'fb19178d' + '0'.repeat(56),
  match: { list: 'demo-test', root: '00'.repeat(32), index: 0, category: 'test' },
  note: 'test vector',
  attachment: { type: 'image/gif', bytes: attachment.length, sha256: toHex(sha) },
};
const envelope = await sealReport({ header, attachment }, await boxPublicKeyOf(authoritySecretKey), ephemeralSecretKey);
const envelopeSha256 = toHex(await sha256(envelope));
writeFileSync(
  new URL('../test/fixtures/report-vector.json', import.meta.url),
  JSON.stringify(
    {
      about: 'safeseal report envelope test vector (docs/report-format.md); keys are test-only',
      authoritySecretKey: toHex(authoritySecretKey),
      authorityPublicKey: toHex(await boxPublicKeyOf(authoritySecretKey)),
      ephemeralSecretKey: toHex(ephemeralSecretKey),
      header,
      attachmentHex: toHex(attachment),
      envelopeSha256,
      envelopeHex: toHex(envelope),
    },
    null,
    2,
  ) + '\n',
);
console.log(envelope.length, envelopeSha256);
