// The scanner's FIFO: one call at a time, in order; BUSY beyond maxQueue; aborting a waiting call
// removes it; an aborted running call rejects at once but the next waits for the worker.

import { describe, expect, it } from 'vitest';
import { CallQueue } from '../../src/scanner/call-queue.js';

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

describe('CallQueue', () => {
  it('runs calls one at a time, first in first out', async () => {
    const q = new CallQueue(10);
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const calls = gates.map((g, i) =>
      q.enqueue(() => {
        log.push(`start ${i}`);
        const result = g.promise.then(() => {
          log.push(`end ${i}`);
          return i;
        });
        return { result, settled: result };
      }),
    );
    await Promise.resolve();
    expect(log).toEqual(['start 0']);
    gates[2].resolve();
    gates[1].resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['start 0']);
    gates[0].resolve();
    expect(await Promise.all(calls)).toEqual([0, 1, 2]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('refuses with BUSY beyond maxQueue waiting calls', async () => {
    const q = new CallQueue(2);
    const gate = deferred();
    const run = () => ({ result: gate.promise, settled: gate.promise });
    const first = q.enqueue(run); // running
    const waiting = [q.enqueue(run), q.enqueue(run)];
    await expect(q.enqueue(run)).rejects.toMatchObject({ code: 'BUSY' });
    gate.resolve();
    await Promise.all([first, ...waiting]);
    expect(q.length).toBe(0);
  });

  it('an aborted waiting call is removed and never runs; an already aborted signal never queues', async () => {
    const q = new CallQueue(10);
    const gate = deferred();
    let ran = false;
    const first = q.enqueue(() => ({ result: gate.promise, settled: gate.promise }));
    const ctrl = new AbortController();
    const second = q.enqueue(() => {
      ran = true;
      return { result: Promise.resolve(), settled: Promise.resolve() };
    }, ctrl.signal);
    expect(q.length).toBe(1);
    ctrl.abort();
    await expect(second).rejects.toMatchObject({ code: 'ABORTED' });
    expect(q.length).toBe(0);
    await expect(q.enqueue(() => ({ result: Promise.resolve(), settled: Promise.resolve() }), ctrl.signal)).rejects.toMatchObject({
      code: 'ABORTED',
    });
    gate.resolve();
    await first;
    expect(ran).toBe(false);
  });

  it('a running call that rejects early still holds the worker until it settles', async () => {
    const q = new CallQueue(10);
    const worker = deferred();
    const log: string[] = [];
    const first = q.enqueue(() => ({ result: Promise.reject(new Error('aborted')), settled: worker.promise }));
    const second = q.enqueue(() => {
      log.push('second started');
      return { result: Promise.resolve(2), settled: Promise.resolve() };
    });
    await expect(first).rejects.toThrow('aborted');
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual([]);
    worker.resolve();
    expect(await second).toBe(2);
  });

  it('rejectWaiting fails every waiting call', async () => {
    const q = new CallQueue(10);
    const gate = deferred();
    const first = q.enqueue(() => ({ result: gate.promise, settled: gate.promise }));
    const rest = [1, 2].map(() => q.enqueue(() => ({ result: Promise.resolve(), settled: Promise.resolve() })));
    q.rejectWaiting(Object.assign(new Error('gone'), { code: 'DISPOSED' }) as never);
    for (const r of rest) await expect(r).rejects.toMatchObject({ code: 'DISPOSED' });
    gate.resolve();
    await first;
  });
});
