// Lists through the Scanner and the worker API, with the real engine in-process behind a
// MessageChannel (so a crash can be staged): load, match, status, and what a restart does.

import { describe, expect, it } from 'vitest';
import { SafesealError } from '../../src/errors.js';
import type { WorkerApi } from '../../src/protocol.js';
import { Scanner } from '../../src/scanner/scanner.js';
import { vector } from '../helpers/bad-inputs.js';
import { realWorkers } from '../helpers/worker-harness.js';
import { KEYS, trustOf } from '../helpers/lists.js';
import { buildList, signList } from '../../src/lists/build.js';
import { ed25519 } from '../helpers/lists.js';

const CARD = 'pdq/data/bridge-mods/aaa-orig.jpg';

async function cardList(sequence = 1, notAfter = Math.floor(Date.now() / 1000) + 3600): Promise<Uint8Array> {
  const s = await Scanner.start(realWorkers().factory, { exposeDetails: true });
  const { pdq, sha256 } = await s.hashImage(vector(CARD));
  await s.dispose();
  let bytes = buildList({
    id: 'card',
    sequence,
    createdAt: notAfter - 7200,
    notAfter,
    entries: [
      { type: 'pdq', hash: pdq, category: 'test' },
      { type: 'sha256', hash: sha256!, category: 'test' },
    ],
  });
  for (const k of KEYS.slice(0, 2)) bytes = await signList(bytes, k.seed, ed25519);
  return bytes;
}

const trust = trustOf(KEYS.slice(0, 3));

describe('lists through the Scanner', () => {
  it('loads, matches (PDQ and SHA-256), reports status, and refuses matching with no list', async () => {
    const scanner = await Scanner.start(realWorkers().factory, { exposeDetails: true });
    await expect(scanner.matchImage(vector(CARD))).rejects.toMatchObject({ code: 'NOT_READY' });
    const info = await scanner.loadList(await cardList(), { trust });
    expect(info).toMatchObject({ id: 'card', sequence: 1, entries: 2, categories: ['test'], signers: [KEYS[0].id, KEYS[1].id].sort() });
    const result = await scanner.matchImage(vector(CARD));
    expect(result).toEqual({
      matches: [
        { list: 'card', index: 0, category: 'test', distance: 0, kind: 'pdq' },
        { list: 'card', index: 1, category: 'test', distance: 0, kind: 'sha256' },
      ],
      quality: 100,
      pdqUsed: true,
    });
    const blur = await scanner.matchImage(vector('pdq/data/bridge-mods/blur-a-lot.jpg'));
    expect(blur.matches).toEqual([{ list: 'card', index: 0, category: 'test', distance: 4, kind: 'pdq' }]);
    expect((await scanner.matchImage(vector('pdq/data/misc-images/wee.jpg'))).matches).toEqual([]);
    expect(await scanner.status()).toEqual({ model: null, lists: [info] });
    await scanner.dispose();
  });

  it('refuses a rollback of a list it holds even without listState', async () => {
    const scanner = await Scanner.start(realWorkers().factory, { exposeDetails: true });
    await scanner.loadList(await cardList(2), { trust });
    await expect(scanner.loadList(await cardList(1), { trust })).rejects.toMatchObject({ code: 'LIST_ROLLBACK' });
    await expect(scanner.loadList(await cardList(3), { trust })).resolves.toMatchObject({ sequence: 3 });
    expect((await scanner.status()).lists.map((l) => l.sequence)).toEqual([3]);
    await scanner.dispose();
  });

  it('loads its lists again into a worker restarted after a crash', async () => {
    const w = realWorkers();
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, timeoutMs: 0 });
    await scanner.loadList(await cardList(), { trust });
    w.spawned[0].crash();
    await new Promise((r) => setTimeout(r, 10));
    const after = await scanner.matchImage(vector(CARD));
    expect(w.spawned).toHaveLength(2);
    expect(after.matches.map((m) => m.kind)).toEqual(['pdq', 'sha256']);
    await scanner.dispose();
  });

  it('fails matching closed when the restarted worker refuses a list, until a new one is loaded', async () => {
    const expiredOnRestart = (api: WorkerApi, n: number): WorkerApi =>
      n === 0 ? api : { ...api, loadList: async () => Promise.reject(new SafesealError('LIST_EXPIRED', 'expired meanwhile')) };
    const w = realWorkers(expiredOnRestart);
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, timeoutMs: 0 });
    await scanner.loadList(await cardList(), { trust });
    w.spawned[0].crash();
    await new Promise((r) => setTimeout(r, 10));
    await expect(scanner.hashImage(vector(CARD))).resolves.toBeTruthy(); // the scanner itself works
    await expect(scanner.matchImage(vector(CARD))).rejects.toMatchObject({ code: 'LIST_EXPIRED', message: expect.stringMatching(/card/) });
    await scanner.dispose();
  });

  it('checks arguments on the main thread and in the worker', async () => {
    const scanner = await Scanner.start(realWorkers().factory, { exposeDetails: true });
    await expect(scanner.loadList('nope' as never, { trust })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/"list"/),
    });
    await expect(scanner.loadList(await cardList(), null as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(scanner.loadList(await cardList(), { trust: { signers: 'x' } as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(scanner.loadList(new Uint8Array(10), { trust })).rejects.toMatchObject({ code: 'LIST_FORMAT' });
    await scanner.loadList(await cardList(), { trust });
    await expect(scanner.matchImage(vector(CARD), { threshold: 300 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/threshold/),
    });
    await expect(scanner.matchImage(vector(CARD), { dihedral: 'yes' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await scanner.dispose();
  });
});
