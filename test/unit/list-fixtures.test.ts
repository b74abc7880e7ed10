// The committed demo fixtures: every committed key is demo-only and pinned in the SDK, and the
// demo list is exactly what scripts/make-list-fixtures.ts builds from the benign test card.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_DEMO_PUBLIC_KEYS } from '../../src/lists/demo-keys.js';
import { parseList } from '../../src/lists/format.js';
import { DEMO_KEY_NAMES, FIXTURES, makeDemoList, readDemoSeed, TEST_CARD } from '../../scripts/make-list-fixtures.js';
import { vector } from '../helpers/bad-inputs.js';

describe('demo list fixtures', () => {
  it('every committed key is marked demo-only and pinned as a demo key', () => {
    const files = readdirSync(join(FIXTURES, 'keys'));
    expect(files.filter((f) => f.endsWith('.key.json'))).toHaveLength(DEMO_KEY_NAMES.length);
    for (const f of files) {
      const key = JSON.parse(readFileSync(join(FIXTURES, 'keys', f), 'utf8')) as { publicKey: string; demoOnly?: boolean };
      expect(key.demoOnly).toBe(true);
      expect(KNOWN_DEMO_PUBLIC_KEYS).toContain(key.publicKey);
    }
  });

  it('the demo list is a test-category list rebuilt byte for byte from the test card', async () => {
    const committed = new Uint8Array(readFileSync(join(FIXTURES, 'lists/demo-test.ssl')));
    expect(parseList(committed).categories).toEqual(['test']);
    const rebuilt = await makeDemoList(vector(TEST_CARD), [readDemoSeed('demo-a'), readDemoSeed('demo-b')]);
    expect(Buffer.from(rebuilt).equals(Buffer.from(committed))).toBe(true);
  });
});
