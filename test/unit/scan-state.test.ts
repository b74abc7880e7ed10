// Kept scans: at most 32 per direction, `allow` evicted first, 10 minutes, zeroed when dropped.

import { describe, expect, it } from 'vitest';
import { ScanStore, type KeptScan } from '../../src/engine/scan-state.js';

interface Rec extends KeptScan {
  bytes: Uint8Array;
}

const rec = (id: string, at: number, allowed = false, direction: 'incoming' | 'outgoing' = 'incoming'): Rec => {
  const bytes = new Uint8Array([1, 2, 3]);
  return { scanId: id, direction, allowed, at, bytes, wipe: () => bytes.fill(0) };
};

describe('ScanStore', () => {
  it('keeps 32 incoming scans, evicting allow verdicts first, then the oldest, and zeroes them', () => {
    let now = 1000;
    const store = new ScanStore<Rec>(() => now);
    const allowed = rec('allowed', now, true);
    store.add(allowed);
    const first = rec('s0', now);
    store.add(first);
    for (let i = 1; i < 31; i++) store.add(rec(`s${i}`, now));
    expect(store.size).toBe(32);
    store.add(rec('s31', ++now));
    expect(() => store.get('allowed')).toThrow(expect.objectContaining({ code: 'UNKNOWN_SCAN' }));
    expect(allowed.bytes).toEqual(new Uint8Array(3));
    store.add(rec('s32', ++now));
    expect(() => store.get('s0')).toThrow(expect.objectContaining({ code: 'UNKNOWN_SCAN' }));
    expect(first.bytes).toEqual(new Uint8Array(3));
    expect(store.get('s1').bytes).toEqual(new Uint8Array([1, 2, 3]));
    store.add(rec('out', now, false, 'outgoing')); // another direction does not evict incoming ones
    expect(store.size).toBe(33);
  });

  it('forgets and zeroes scans after 10 minutes', () => {
    let now = 0;
    const store = new ScanStore<Rec>(() => now);
    const r = rec('a', now);
    store.add(r);
    now = 10 * 60 * 1000;
    expect(store.get('a')).toBe(r);
    now += 1;
    expect(() => store.get('a')).toThrow(expect.objectContaining({ code: 'UNKNOWN_SCAN' }));
    expect(r.bytes).toEqual(new Uint8Array(3));
    expect(() => store.get(42)).toThrow(expect.objectContaining({ code: 'UNKNOWN_SCAN' }));
  });
});
