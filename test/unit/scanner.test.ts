// The Scanner's lifecycle logic (crash, restart, timeout, abort, dispose, copy vs transfer), with
// the in-process fake worker (test/helpers/fake-worker.ts) so each failure can be staged.

import { describe, expect, it } from 'vitest';
import { SafesealError } from '../../src/errors.js';
import { Scanner } from '../../src/scanner/scanner.js';
import { FAKE_HASH as RESULT, fakeWorkers } from '../helpers/fake-worker.js';

const bytes = () => new Uint8Array([1, 2, 3]);

describe('Scanner lifecycle', () => {
  it('a crash rejects calls in flight with WORKER_CRASHED and the next call restarts the worker', async () => {
    let stall = true;
    const w = fakeWorkers({ hash: () => (stall ? new Promise(() => undefined) : Promise.resolve(RESULT)) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, timeoutMs: 0 });
    const inFlight = scanner.hashImage(bytes());
    await new Promise((r) => setTimeout(r, 20));
    w.spawned[0].crash();
    await expect(inFlight).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    stall = false;
    await expect(scanner.hashImage(bytes())).resolves.toEqual(RESULT);
    expect(w.spawned.length).toBe(2);
    expect(w.spawned[0].terminated).toBe(true);
    await scanner.dispose();
  });

  it('a stuck call times out with TIMEOUT and the worker is replaced', async () => {
    let calls = 0;
    const w = fakeWorkers({ hash: () => (++calls === 1 ? new Promise(() => undefined) : Promise.resolve(RESULT)) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, timeoutMs: 50 });
    await expect(scanner.hashImage(bytes())).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(w.spawned[0].terminated).toBe(true);
    await expect(scanner.hashImage(bytes())).resolves.toEqual(RESULT);
    expect(w.spawned.length).toBe(2);
    await scanner.dispose();
  });

  it('calls run one at a time: a timeout fails only the running call, the queued one waits for a fresh worker, and its timeout starts then', async () => {
    let calls = 0;
    const w = fakeWorkers({ hash: () => (++calls === 1 ? new Promise(() => undefined) : Promise.resolve(RESULT)) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, timeoutMs: 100 });
    const first = scanner.hashImage(bytes());
    await new Promise((r) => setTimeout(r, 60));
    const second = scanner.hashImage(bytes()); // queued 60 ms in: it must not time out with the first
    await expect(first).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(second).resolves.toEqual(RESULT);
    expect(w.spawned.length).toBe(2); // the stuck worker was replaced
    await scanner.dispose();
  });

  it('BUSY beyond maxQueue waiting calls; an aborted queued call is removed; dispose fails the waiting ones', async () => {
    const w = fakeWorkers({ hash: () => new Promise((r) => setTimeout(() => r(RESULT), 100)) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, maxQueue: 2, timeoutMs: 0 });
    const running = scanner.hashImage(bytes());
    await new Promise((r) => setTimeout(r, 10));
    const ctl = new AbortController();
    const queued = [scanner.hashImage(bytes(), { signal: ctl.signal }), scanner.hashImage(bytes())];
    await expect(scanner.hashImage(bytes())).rejects.toMatchObject({ code: 'BUSY' });
    ctl.abort();
    await expect(queued[0]).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(running).resolves.toEqual(RESULT);
    await expect(queued[1]).resolves.toEqual(RESULT);
    const last = [scanner.hashImage(bytes()), scanner.hashImage(bytes())];
    await scanner.dispose();
    for (const p of last) await expect(p).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('an abort signal rejects with ABORTED; an already-aborted one before any work', async () => {
    const w = fakeWorkers({ hash: () => new Promise((r) => setTimeout(() => r(RESULT), 200)) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true });
    const ctl = new AbortController();
    const p = scanner.hashImage(bytes(), { signal: ctl.signal });
    ctl.abort();
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(scanner.hashImage(bytes(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
    await scanner.dispose();
  });

  it('dispose is idempotent, rejects calls in flight and later calls with DISPOSED, and terminates the worker', async () => {
    const w = fakeWorkers({ hash: () => new Promise(() => undefined) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, timeoutMs: 0 });
    const inFlight = scanner.hashImage(bytes());
    await new Promise((r) => setTimeout(r, 10));
    await scanner.dispose();
    await scanner.dispose();
    await expect(inFlight).rejects.toMatchObject({ code: 'DISPOSED' });
    await expect(scanner.hashImage(bytes())).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(w.spawned[0].terminated).toBe(true);
  });

  it('start-up fails closed when the worker init fails, and terminates it', async () => {
    const w = fakeWorkers({
      init: () => Promise.reject(new SafesealError('SELF_TEST', 'known answer mismatch')),
      hash: () => Promise.resolve(RESULT),
    });
    await expect(Scanner.start(w.factory)).rejects.toMatchObject({ code: 'SELF_TEST' });
    expect(w.spawned[0].terminated).toBe(true);
  });

  it('checks options and inputs with INVALID_ARGUMENT', async () => {
    const w = fakeWorkers({ hash: () => Promise.resolve(RESULT) });
    for (const options of [null, 5, { maxPixels: 0 }, { maxPixels: 1.5 }, { timeoutMs: -1 }, { timeoutMs: Infinity }]) {
      await expect(Scanner.start(w.factory, options as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    const scanner = await Scanner.start(w.factory, { exposeDetails: true });
    for (const input of [undefined, null, 'a string', 42, {}, [1, 2], new Uint16Array(4), { width: 2, height: 2, data: new Uint8ClampedArray(3) }]) {
      await expect(scanner.hashImage(input as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    await scanner.dispose();
  });

  it('copies the caller’s buffers by default and moves them only when asked', async () => {
    const w = fakeWorkers({ hash: () => Promise.resolve(RESULT) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true });
    const buffer = new Uint8Array([9, 8, 7, 6]).buffer;
    await scanner.hashImage(buffer);
    expect(buffer.byteLength).toBe(4);
    const view = new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 4);
    await scanner.hashImage(view);
    expect(view.byteLength).toBe(3);
    const received = w.spawned[0].received;
    expect(new Uint8Array((received[1] as { bytes: ArrayBuffer }).bytes)).toEqual(new Uint8Array([2, 3, 4]));
    const pixels = { width: 1, height: 1, data: new Uint8ClampedArray([1, 2, 3, 255]) };
    await scanner.hashImage(pixels);
    expect(pixels.data.byteLength).toBe(4);
    await scanner.hashImage(buffer, { transfer: true });
    expect(buffer.byteLength).toBe(0); // detached: moved, not copied
    await scanner.dispose();
  });
});
