// Writes test/fixtures/franking-vector.json: the commitment and stamp inputs of docs/franking.md
// for fixed, test-only values. Run: npx tsx scripts/make-franking-vector.ts

import { writeFileSync } from 'node:fs';
import { toHex } from '../src/bytes.js';
import { commitmentInput, stampInput } from '../src/franking/construction.js';
import { franking } from '../src/franking/index.js';

const frankingKey = Uint8Array.from({ length: 32 }, (_, i) => i); // 00 01 … 1f: test only
const message = 'hello, Sam';
const attachmentSha256 = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('attachment')));
const commitment = await franking(frankingKey, message, attachmentSha256);
const platformKeyId = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const meta = { sender: 'alice', recipient: 'sam', conversation: '', messageId: 'msg-0001', timestamp: 1764626400123 };
writeFileSync(
  new URL('../test/fixtures/franking-vector.json', import.meta.url),
  JSON.stringify(
    {
      about: 'safeseal franking test vector (docs/franking.md); all values are test-only',
      frankingKey: toHex(frankingKey),
      message,
      attachmentSha256: toHex(attachmentSha256),
      commitmentInput: toHex(commitmentInput(new TextEncoder().encode(message), attachmentSha256)),
      commitment: toHex(commitment),
      platformKeyId: toHex(platformKeyId),
      ...meta,
      stampInput: toHex(stampInput(platformKeyId, commitment, meta)),
    },
    null,
    2,
  ) + '\n',
);
