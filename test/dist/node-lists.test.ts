// Lists in the built Node entry (dist/node, a real worker thread): the committed demo list, demo
// keys refused by default, dihedral matching, the quality floor, and results that carry no hash.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner, type TrustSet } from '../../dist/node/index.js';
import { buildList, signList } from '../../src/lists/build.js';
import { vector } from '../helpers/bad-inputs.js';
import { ed25519, KEYS, trustOf } from '../helpers/lists.js';
import { FIXTURES } from '../../scripts/make-list-fixtures.js';

const demoList = new Uint8Array(readFileSync(join(FIXTURES, 'lists/demo-test.ssl')));
const demoTrust = JSON.parse(readFileSync(join(FIXTURES, 'lists/demo-trust.json'), 'utf8')) as TrustSet;
let scanner: Scanner;

beforeAll(async () => {
  scanner = await createScanner({ model: false, exposeDetails: true });
});
afterAll(async () => {
  await scanner.dispose();
});

async function listOf(images: string[], id: string): Promise<Uint8Array> {
  const entries = [];
  for (const file of images) {
    const { pdq, sha256 } = await scanner.hashImage(vector(file));
    entries.push(
      { type: 'pdq' as const, hash: pdq, category: 'test' as const },
      { type: 'sha256' as const, hash: sha256!, category: 'test' as const },
    );
  }
  let bytes = buildList({ id, sequence: 1, createdAt: 0, notAfter: Math.floor(Date.now() / 1000) + 3600, entries });
  for (const k of KEYS.slice(0, 2)) bytes = await signList(bytes, k.seed, ed25519);
  return bytes;
}

describe('lists in the Node scanner (dist/node)', () => {
  it('refuses the demo list unless demo keys are allowed, then matches the test card', async () => {
    await expect(scanner.loadList(demoList, { trust: demoTrust })).rejects.toMatchObject({ code: 'LIST_SIGNATURE' });
    // Stripping the demoOnly marks does not help: the demo keys are pinned in the SDK.
    const stripped = { threshold: 2, signers: demoTrust.signers.map(({ id, publicKey }) => ({ id, publicKey })) } as TrustSet;
    await expect(scanner.loadList(demoList, { trust: stripped })).rejects.toMatchObject({ code: 'LIST_SIGNATURE' });
    const info = await scanner.loadList(demoList, { trust: demoTrust, allowDemoKeys: true });
    expect(info).toMatchObject({ id: 'safeseal-demo-test', sequence: 1, entries: 2, categories: ['test'] });
    const { matches } = await scanner.matchImage(vector('pdq/data/bridge-mods/aaa-orig.jpg'));
    expect(matches.map((m) => [m.list, m.kind, m.distance])).toEqual([
      ['safeseal-demo-test', 'pdq', 0],
      ['safeseal-demo-test', 'sha256', 0],
    ]);
    // Privacy: the result names entries, never a hash (no 64-hex string anywhere in it).
    expect(JSON.stringify(matches)).not.toMatch(/[0-9a-f]{64}/);
  });

  it('matches a rotated image only when asked for dihedral hashes', async () => {
    await scanner.loadList(await listOf(['pdq/data/reg-test-input/dih/bridge-1-original.jpg'], 'dih'), { trust: trustOf(KEYS) });
    const rotated = vector('pdq/data/reg-test-input/dih/bridge-2-rotate-90.jpg');
    const plain = await scanner.matchImage(rotated);
    expect(plain.matches.filter((m) => m.list === 'dih')).toEqual([]);
    const dih = await scanner.matchImage(rotated, { dihedral: true });
    const hit = dih.matches.find((m) => m.list === 'dih')!;
    expect(hit).toMatchObject({ kind: 'pdq', index: 0 });
    expect(hit.distance).toBeLessThanOrEqual(31);
  });

  it('skips PDQ below quality 50 but still matches SHA-256 exactly', async () => {
    await scanner.loadList(await listOf(['pdq/data/misc-images/small.jpg'], 'flat'), { trust: trustOf(KEYS) });
    const r = await scanner.matchImage(vector('pdq/data/misc-images/small.jpg'));
    expect(r.pdqUsed).toBe(false);
    expect(r.quality).toBeLessThan(50);
    expect(r.matches.filter((m) => m.list === 'flat')).toEqual([{ list: 'flat', index: 1, category: 'test', distance: 0, kind: 'sha256' }]);
  });

  it('status lists every loaded list with the values to compare', async () => {
    const { model, lists } = await scanner.status();
    expect(model).toBeNull(); // no classifier asked for
    expect(lists.map((l) => l.id)).toEqual(['safeseal-demo-test', 'dih', 'flat']);
    for (const l of lists) expect(l.root).toMatch(/^[0-9a-f]{64}$/);
  });
});
