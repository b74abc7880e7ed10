// The privacy ledger: the chain recomputes, and changed, inserted, reordered and (with an anchor)
// dropped entries are detected; a restored chain that does not verify is refused.

import { describe, expect, it } from 'vitest';
import { Ledger, LEDGER_GENESIS, ledgerHash, verifyLedger, type LedgerEntry } from '../../src/ledger/ledger.js';
import { seededBytes } from '../helpers/prng.js';

async function chain(n: number): Promise<{ ledger: Ledger; entries: LedgerEntry[] }> {
  const ledger = (await Ledger.restore())!;
  for (let i = 0; i < n; i++) await ledger.append(seededBytes(4096, i + 1), Date.UTC(2026, 11, 1, 10 + i, 17, 5));
  return { ledger, entries: ledger.entries };
}

describe('privacy ledger', () => {
  it('chains entries by the documented construction', async () => {
    const { ledger, entries } = await chain(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0].hour).toBe('2026-12-01T10:00:00Z');
    expect(entries[0].bytes).toBe(4096);
    expect(entries[0].hash).toBe(await ledgerHash(LEDGER_GENESIS, 1, entries[0].hour, 4096, entries[0].sha256));
    expect(entries[1].hash).toBe(await ledgerHash(entries[0].hash, 2, entries[1].hour, 4096, entries[1].sha256));
    expect(ledger.head).toEqual({ seq: 3, hash: entries[2].hash });
    expect(await verifyLedger(entries)).toBe(true);
    expect(await verifyLedger([])).toBe(true);
  });

  it('a known vector: one entry', async () => {
    const sha = '00'.repeat(32);
    // SHA-256("safeseal-ledger-v1\0" ‖ 32 zero bytes ‖ u64 1 ‖ u64 1764583200 ‖ u32 4096 ‖ 32 zero bytes)
    const { createHash } = await import('node:crypto');
    const fields = Buffer.alloc(20);
    fields.writeBigUInt64BE(1n, 0);
    fields.writeBigUInt64BE(BigInt(Date.UTC(2026, 11, 1, 10) / 1000), 8);
    fields.writeUInt32BE(4096, 16);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('safeseal-ledger-v1\0'), Buffer.alloc(32), fields, Buffer.alloc(32)]))
      .digest('hex');
    expect(await ledgerHash(LEDGER_GENESIS, 1, '2026-12-01T10:00:00Z', 4096, sha)).toBe(expected);
  });

  it('detects changed, inserted and reordered entries', async () => {
    const { entries } = await chain(4);
    const changed = entries.map((e, i) => (i === 1 ? { ...e, bytes: 4_194_304 } : e));
    expect(await verifyLedger(changed)).toBe(false);
    const rehourd = entries.map((e, i) => (i === 2 ? { ...e, hour: '2026-12-01T09:00:00Z' } : e));
    expect(await verifyLedger(rehourd)).toBe(false);
    const inserted = [entries[0], { ...entries[1] }, entries[1], entries[2], entries[3]].map((e, i) => ({ ...e, seq: i + 1 }));
    expect(await verifyLedger(inserted)).toBe(false);
    expect(await verifyLedger([entries[0], entries[2], entries[1], entries[3]])).toBe(false);
    expect(await verifyLedger([entries[1], entries[2]])).toBe(false); // oldest dropped
    expect(await verifyLedger([...entries.slice(0, 2), { ...entries[2], extra: 1 } as LedgerEntry])).toBe(false);
  });

  it('dropped newest entries go undetected without an anchor, and are detected with one', async () => {
    const { ledger, entries } = await chain(5);
    const anchor = ledger.head;
    expect(await verifyLedger(entries.slice(0, 3))).toBe(true);
    expect(await verifyLedger(entries.slice(0, 3), anchor)).toBe(false);
    expect(await verifyLedger(entries, anchor)).toBe(true);
    expect(await verifyLedger(entries, { seq: 5, hash: '11'.repeat(32) })).toBe(false);
  });

  it('restores only a chain that verifies, and continues it', async () => {
    const { entries } = await chain(2);
    expect(await Ledger.restore([entries[1]])).toBeNull();
    const restored = (await Ledger.restore(entries))!;
    const e3 = await restored.append(new Uint8Array(4096), Date.UTC(2026, 11, 2));
    expect(e3.seq).toBe(3);
    expect(await verifyLedger(restored.entries)).toBe(true);
  });

  it('concurrent appends stay a chain', async () => {
    const ledger = (await Ledger.restore())!;
    await Promise.all(Array.from({ length: 8 }, (_, i) => ledger.append(seededBytes(64, i), Date.UTC(2026, 0, 1))));
    expect(ledger.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await verifyLedger(ledger.entries)).toBe(true);
  });
});
