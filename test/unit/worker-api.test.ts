// The worker's comlink surface: a frozen, methods-only object behind a guard. Driven over a real
// MessageChannel, as the page would drive it.

import { releaseProxy } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { SafesealError } from '../../src/errors.js';
import { nodeDecoder } from '../../src/node/decode.js';
import { lockEgress } from '../../src/worker/egress.js';
import { createWorkerApi } from '../../src/worker/expose.js';
import { vector } from '../helpers/bad-inputs.js';
import { closeWorkerApis, connectWorkerApi } from '../helpers/worker-harness.js';

afterEach(closeWorkerApis);

const connect = () => connectWorkerApi(['init', 'hashImage']);

const wee = () => vector('pdq/data/misc-images/wee.jpg').slice().buffer;

describe('worker API', () => {
  it('the exposed object is frozen, has no prototype and only methods', () => {
    const api = createWorkerApi(nodeDecoder);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.getPrototypeOf(api)).toBeNull();
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('answers NOT_READY before init, then hashes; init twice is refused', async () => {
    const remote = connect();
    await expect(remote.hashImage({ kind: 'encoded', bytes: wee() })).rejects.toMatchObject({ code: 'NOT_READY' });
    await remote.init({ maxPixels: 10_000 });
    await expect(remote.init({ maxPixels: 10_000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const r = await remote.hashImage({ kind: 'encoded', bytes: wee() });
    expect(r.pdq).toBe('6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d');
  });

  it('errors keep their code and class across the boundary', async () => {
    const remote = connect();
    await remote.init({ maxPixels: 100 });
    const err = await remote.hashImage({ kind: 'encoded', bytes: wee() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SafesealError);
    expect(err).toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    await expect(remote.init(null as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses property reads, writes and walks to Function', async () => {
    const remote = connect() as unknown as Record<string, unknown> & { hashImage: Record<string, unknown> };
    // comlink turns `await remote.x` into a GET, assignment into a SET, `new` into CONSTRUCT.
    await expect(Promise.resolve(remote.hashImage as unknown as PromiseLike<unknown>)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const walk = (remote.hashImage as unknown as { constructor: new (src: string) => Promise<unknown> }).constructor;
    await expect(new walk('return 1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      (remote as unknown as { secret: { set: (v: number) => Promise<void> } }).secret.set(1),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const api = remote as unknown as { [releaseProxy]: () => void };
    api[releaseProxy]();
  });
});

describe('lockEgress', () => {
  it('replaces network APIs with non-writable throwers', () => {
    const scope: Record<string, unknown> = { fetch: () => 'sent', WebSocket: class {}, XMLHttpRequest: class {}, other: 1 };
    expect(lockEgress(scope).sort()).toEqual(['WebSocket', 'XMLHttpRequest', 'fetch']);
    expect(() => (scope.fetch as () => unknown)()).toThrow(/disabled/);
    expect(() => {
      'use strict';
      scope.fetch = () => 'sent again';
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(scope, 'fetch', { value: 1 })).toThrow(TypeError);
    expect(scope.other).toBe(1);
  });
});
