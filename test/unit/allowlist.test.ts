// The local allowlist: keyed tags, sorted output, restore from stored bytes, key checks.

import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes.js';
import { Allowlist } from '../../src/engine/allowlist.js';

const key = (extractable = false, hash = 'SHA-256') => crypto.subtle.generateKey({ name: 'HMAC', hash }, extractable, ['sign']) as Promise<CryptoKey>;
const sha = (n: number) => n.toString(16).padStart(64, '0');

describe('Allowlist', () => {
  it('remembers marked images under the key, returns the sorted list, and restores from it', async () => {
    const k = await key();
    const a = new Allowlist(k);
    expect(await a.has(sha(1))).toBe(false);
    const bytes = await a.add(sha(1));
    const bytes2 = await a.add(sha(2));
    expect(bytes.length).toBe(32);
    expect(bytes2.length).toBe(64);
    const tags = [toHex(bytes2.subarray(0, 32)), toHex(bytes2.subarray(32))];
    expect([...tags].sort()).toEqual(tags);
    expect(tags).not.toContain(sha(1)); // keyed: not the digest itself
    const restored = new Allowlist(k, bytes2);
    expect(await restored.has(sha(1))).toBe(true);
    expect(await restored.has(sha(3))).toBe(false);
    expect(await new Allowlist(await key(), bytes2).has(sha(1))).toBe(false); // another key, another list
  });

  it('refuses keys that are extractable, of another hash or not CryptoKeys, and malformed entries', async () => {
    const extractable = await key(true);
    const sha1 = await key(false, 'SHA-1');
    const good = await key();
    expect(() => new Allowlist(extractable)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => new Allowlist(sha1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => new Allowlist({})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => new Allowlist(good, new Uint8Array(31))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
