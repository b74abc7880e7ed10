// The v1 list layout: a round trip, the canonical root, and LIST_FORMAT for each malformation.

import { describe, expect, it } from 'vitest';
import { buildList } from '../../src/lists/build.js';
import { ENTRY_BYTES, parseList } from '../../src/lists/format.js';
import { KEYS, listOptions, randomHashes, signedList, trustOf, verifyAtNow } from '../helpers/lists.js';

const layout = (bytes: Uint8Array) => {
  const p = parseList(bytes);
  return { header: p.headerBytes.length, body: p.body.length };
};

function expectFormatError(bytes: Uint8Array, why?: RegExp) {
  let error: unknown;
  try {
    parseList(bytes);
  } catch (e) {
    error = e;
  }
  expect(error).toMatchObject({ code: 'LIST_FORMAT' });
  if (why) expect((error as Error).message).toMatch(why);
}

describe('hash list format', () => {
  it('round-trips: a signed list verifies and reports what was built', async () => {
    const bytes = await signedList(KEYS.slice(0, 2));
    const { list, root, signers } = await verifyAtNow(bytes, { trust: trustOf(KEYS.slice(0, 3)) });
    expect(list).toMatchObject({ id: 'test-list', sequence: 5, pdqCount: 20, sha256Count: 5, categories: ['test'] });
    expect(root).toMatch(/^[0-9a-f]{64}$/);
    expect(signers).toEqual([KEYS[0].id, KEYS[1].id].sort());
  });

  it('the root depends on the entry set only: order, duplicates and signatures do not change it', async () => {
    const base = listOptions();
    const entries = [...base.entries];
    const shuffled = [...entries].reverse().concat(entries.slice(0, 7));
    const a = await verifyAtNow(await signedList(KEYS.slice(0, 2)), { trust: trustOf(KEYS) });
    const b = await verifyAtNow(await signedList(KEYS.slice(1, 4), { entries: shuffled }), { trust: trustOf(KEYS) });
    expect(b.root).toBe(a.root);
    const c = await verifyAtNow(await signedList(KEYS.slice(0, 2), { entries: entries.slice(1) }), { trust: trustOf(KEYS) });
    expect(c.root).not.toBe(a.root);
    const d = await verifyAtNow(await signedList(KEYS.slice(0, 2), { entries: entries.map((e) => ({ ...e, category: 'known-abuse' as const })) }), {
      trust: trustOf(KEYS),
    });
    expect(d.root).not.toBe(a.root); // the category is part of the root
  });

  it('refuses one hash given two categories when building', () => {
    const [h] = randomHashes(1);
    expect(() =>
      buildList(
        listOptions({
          entries: [
            { type: 'pdq', hash: h, category: 'test' },
            { type: 'pdq', hash: h, category: 'known-abuse' },
          ],
        }),
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('refuses wrong magic, version, flags and trailing bytes', () => {
    const good = buildList(listOptions());
    const at = (i: number, v: number) => Object.assign(good.slice(), { [i]: v });
    expectFormatError(at(0, 0x88), /magic/);
    expectFormatError(at(9, 2), /version/);
    expectFormatError(at(11, 1), /flags/);
    expectFormatError(Uint8Array.of(...good, 0), /signatures need/);
    expectFormatError(new Uint8Array(0), /truncated/);
  });

  it('refuses every truncation', () => {
    const good = buildList(listOptions());
    for (let n = 0; n < good.length; n++) expectFormatError(good.subarray(0, n));
  });

  it('refuses counts that do not fit the byte length, before allocating', () => {
    const good = buildList(listOptions());
    const { header } = layout(good);
    const big = good.slice();
    new DataView(big.buffer).setUint32(header - 8, 0xffffffff); // PDQ count
    expectFormatError(big, /exceed the limit/);
    const more = good.slice();
    new DataView(more.buffer).setUint32(header - 8, 21); // one more PDQ entry than present
    expectFormatError(more, /too short|signatures need/);
    const sigs = good.slice();
    sigs[sigs.length - 1] = 33;
    expectFormatError(sigs, /exceed the limit/);
  });

  it('refuses unsorted and duplicate entries', () => {
    const good = buildList(listOptions());
    const { header } = layout(good);
    const swapped = good.slice();
    const a = swapped.slice(header, header + ENTRY_BYTES);
    swapped.copyWithin(header, header + ENTRY_BYTES, header + 2 * ENTRY_BYTES);
    swapped.set(a, header + ENTRY_BYTES);
    expectFormatError(swapped, /sorted/);
    const dup = good.slice();
    dup.copyWithin(header + ENTRY_BYTES, header, header + ENTRY_BYTES);
    expectFormatError(dup, /sorted/);
  });

  it('refuses unknown, unannounced and unused categories and wrong entry types', () => {
    const good = buildList(listOptions());
    const { header } = layout(good);
    const category = header + ENTRY_BYTES - 1;
    expectFormatError(Object.assign(good.slice(), { [category]: 3 }), /unknown category/);
    expectFormatError(Object.assign(good.slice(), { [category]: 1 }), /does not announce/);
    expectFormatError(Object.assign(good.slice(), { [header - 9]: 1 }), /does not announce/); // header says known-abuse only
    expectFormatError(Object.assign(good.slice(), { [header - 9]: 9 }), /unknown category code 9/);
    // Announce both categories (count 2, codes 1 and 2) while every entry is "test".
    const both = Uint8Array.of(...good.subarray(0, header - 10), 2, 1, 2, ...good.subarray(header - 8));
    expectFormatError(both, /known-abuse is announced but not used/);
    const twice = Uint8Array.of(...good.subarray(0, header - 10), 2, 2, 2, ...good.subarray(header - 8));
    expectFormatError(twice, /increasing code order/);
    expectFormatError(Object.assign(good.slice(), { [header]: 2 }), /type/);
  });

  it('refuses bad ids and times', () => {
    const good = buildList(listOptions());
    expectFormatError(Object.assign(good.slice(), { [13]: 'A'.charCodeAt(0) }), /id must/);
    expectFormatError(Object.assign(good.slice(), { [12]: 0 }), /id length/);
    const t = 13 + 'test-list'.length + 8; // createdAt
    const times = good.slice();
    times.copyWithin(t, t + 8, t + 16); // createdAt = notAfter
    expectFormatError(times, /notAfter must be later/);
    const huge = good.slice();
    huge.fill(0xff, t + 8, t + 16);
    expectFormatError(huge, /2\^53/);
  });
});
