// The test vectors printed in docs/report-format.md and docs/franking.md are the ones the tests
// check: a doc that drifts from the code fails here.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

describe('format docs carry the checked test vectors', () => {
  it('docs/report-format.md', () => {
    const v = JSON.parse(read('test/fixtures/report-vector.json')) as Record<string, string>;
    const doc = read('docs/report-format.md');
    for (const k of ['authoritySecretKey', 'authorityPublicKey', 'ephemeralSecretKey', 'envelopeSha256']) expect(doc).toContain(v[k]);
    expect(doc).toContain(v.envelopeHex.slice(0, 64));
  });

  it('docs/franking.md', () => {
    const v = JSON.parse(read('test/fixtures/franking-vector.json')) as Record<string, string>;
    const doc = read('docs/franking.md');
    for (const k of ['frankingKey', 'attachmentSha256', 'commitmentInput', 'commitment', 'platformKeyId', 'stampInput']) expect(doc).toContain(v[k]);
  });
});
