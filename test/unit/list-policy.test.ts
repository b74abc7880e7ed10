// Signature policy (k of n distinct trusted signers), rollback, expiry and demo keys.

import { describe, expect, it } from 'vitest';
import { assembleList, parseList } from '../../src/lists/format.js';
import { signList } from '../../src/lists/build.js';
import { ed25519, KEYS, NOW_S, randomHashes, signedList, trustOf, verifyAtNow } from '../helpers/lists.js';

const [A, B, C, D] = KEYS;
const trustABC = trustOf([A, B, C]); // default threshold 2

describe('list signature policy', () => {
  it('refuses one valid signature when k = 2, and accepts it when the app sets k = 1', async () => {
    const one = await signedList([A]);
    await expect(verifyAtNow(one, { trust: trustABC })).rejects.toMatchObject({ code: 'LIST_SIGNATURE' });
    await expect(verifyAtNow(one, { trust: trustOf([A, B, C], 1) })).resolves.toMatchObject({ signers: [A.id] });
  });

  it('does not count a signer outside the trust set', async () => {
    const bytes = await signedList([A, D]);
    await expect(verifyAtNow(bytes, { trust: trustABC })).rejects.toMatchObject({ code: 'LIST_SIGNATURE' });
    await expect(verifyAtNow(bytes, { trust: trustOf([A, B, C, D]) })).resolves.toBeTruthy();
  });

  it('counts the same signer twice once, also when the trust set lists its key twice', async () => {
    const bytes = await signedList([A]);
    const p = parseList(bytes);
    const doubled = assembleList(p.headerBytes, p.body, [p.signatures[0], p.signatures[0]]);
    await expect(verifyAtNow(doubled, { trust: trustABC })).rejects.toMatchObject({ code: 'LIST_SIGNATURE' });
    const twice = { threshold: 2, signers: [...trustABC.signers, { publicKey: A.publicKey }] };
    await expect(verifyAtNow(doubled, { trust: twice })).rejects.toMatchObject({ code: 'LIST_SIGNATURE' });
    await expect(signList(bytes, A.seed, ed25519)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a list whose entry changed after signing, and a changed list re-signed by one key', async () => {
    const bytes = await signedList([A, B]);
    const p = parseList(bytes);
    const body = p.body.slice();
    body[34 * 19 + 32] ^= 1; // one bit of the last PDQ hash
    const changed = assembleList(p.headerBytes, body, p.signatures);
    await expect(verifyAtNow(changed, { trust: trustABC })).rejects.toMatchObject({ code: 'LIST_SIGNATURE' });
    const resigned = await signList(assembleList(p.headerBytes, body, [p.signatures[0]]), C.seed, ed25519);
    await expect(verifyAtNow(resigned, { trust: trustABC })).rejects.toMatchObject({ code: 'LIST_SIGNATURE' });
  });

  it('does not count a trusted signature copied from another list', async () => {
    const other = parseList(await signedList([B], { sequence: 4 }));
    const mine = parseList(await signedList([A]));
    const spliced = assembleList(mine.headerBytes, mine.body, [...mine.signatures, ...other.signatures]);
    await expect(verifyAtNow(spliced, { trust: trustABC })).rejects.toMatchObject({ code: 'LIST_SIGNATURE' });
  });

  it('refuses rollback: a lower sequence, or the same sequence with another root', async () => {
    const v5 = await verifyAtNow(await signedList([A, B]), { trust: trustABC });
    const state = { 'test-list': { sequence: v5.list.sequence, root: v5.root } };
    await expect(verifyAtNow(await signedList([A, B]), { trust: trustABC, listState: state })).resolves.toBeTruthy(); // the same list again
    await expect(verifyAtNow(await signedList([A, B], { sequence: 6 }), { trust: trustABC, listState: state })).resolves.toBeTruthy();
    await expect(verifyAtNow(await signedList([A, B], { sequence: 4 }), { trust: trustABC, listState: state })).rejects.toMatchObject({
      code: 'LIST_ROLLBACK',
    });
    const changed = await signedList([A, B], { entries: randomHashes(3, 99).map((hash) => ({ type: 'pdq', hash, category: 'test' })) });
    await expect(verifyAtNow(changed, { trust: trustABC, listState: state })).rejects.toMatchObject({ code: 'LIST_ROLLBACK' });
    await expect(verifyAtNow(changed, { trust: trustABC, listState: { 'other-list': state['test-list'] } })).resolves.toBeTruthy();
  });

  it('refuses an expired list with LIST_EXPIRED, after checking its signatures', async () => {
    const expired = await signedList([A, B], { createdAt: NOW_S - 100, notAfter: NOW_S - 1 });
    await expect(verifyAtNow(expired, { trust: trustABC })).rejects.toMatchObject({ code: 'LIST_EXPIRED' });
    const unsignedExpired = await signedList([A], { createdAt: NOW_S - 100, notAfter: NOW_S - 1 });
    await expect(verifyAtNow(unsignedExpired, { trust: trustABC })).rejects.toMatchObject({ code: 'LIST_SIGNATURE' });
  });

  it('refuses demo-only keys unless the app allows them', async () => {
    const bytes = await signedList([A, B]);
    const demo = { signers: trustABC.signers.map((s) => ({ ...s, demoOnly: true })) };
    const error = await verifyAtNow(bytes, { trust: demo }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LIST_SIGNATURE', message: expect.stringMatching(/demo-only/) });
    await expect(verifyAtNow(bytes, { trust: demo, allowDemoKeys: true })).resolves.toBeTruthy();
  });

  it('checks the trust set and list state, naming the field', async () => {
    const bytes = await signedList([A, B]);
    const cases: [unknown, RegExp][] = [
      [null, /"trust" must be an object/],
      [{ signers: [] }, /signers/],
      [{ signers: [{ publicKey: 'zz' }] }, /publicKey/],
      [{ threshold: 4, signers: trustABC.signers }, /threshold/],
      [{ threshold: 0, signers: trustABC.signers }, /threshold/],
      [{ signers: [{ ...trustABC.signers[0], id: B.id }, trustABC.signers[1]] }, /key id/],
    ];
    for (const [trust, why] of cases) {
      await expect(verifyAtNow(bytes, { trust })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(why) });
    }
    await expect(verifyAtNow(bytes, { trust: trustABC, listState: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(verifyAtNow(bytes, { trust: trustABC, listState: { 'test-list': { sequence: -1, root: 'x' } } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/listState/),
    });
  });
});
