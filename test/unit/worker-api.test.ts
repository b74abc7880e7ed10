// The worker's comlink surface: a frozen, methods-only object behind a guard. Driven over a real
// MessageChannel, as the page would drive it.

import { expose, releaseProxy } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { installErrorTransfer, SafesealError } from '../../src/errors.js';
import { nodeDecoder } from '../../src/node/decode.js';
import { nodeEndpoint } from '../../src/node/endpoint.js';
import { WORKER_METHODS } from '../../src/protocol.js';
import { createWorkerApi, guardEndpoint } from '../../src/worker/expose.js';
import { vector } from '../helpers/bad-inputs.js';
import { closeWorkerApis, connectWorkerApi } from '../helpers/worker-harness.js';

const channels: MessageChannel[] = [];
afterEach(() => {
  closeWorkerApis();
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

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
    await remote.init({ maxPixels: 10_000, exposeDetails: true });
    await expect(remote.init({ maxPixels: 10_000, exposeDetails: true })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const r = await remote.hashImage({ kind: 'encoded', bytes: wee() });
    expect(r.pdq).toBe('6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d');
  });

  it('errors keep their code and class across the boundary', async () => {
    const remote = connect();
    await remote.init({ maxPixels: 100, exposeDetails: true });
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
    await expect((remote as unknown as { secret: { set: (v: number) => Promise<void> } }).secret.set(1)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const api = remote as unknown as { [releaseProxy]: () => void };
    api[releaseProxy]();
  });
});

describe('message guard', () => {
  /** The raw side of a guarded worker API: what a page (or a hostile script on it) can post. */
  function rawConnect() {
    installErrorTransfer();
    const channel = new MessageChannel();
    channels.push(channel);
    expose(createWorkerApi(nodeDecoder), guardEndpoint(nodeEndpoint(channel.port2), WORKER_METHODS));
    const replies = new Map<string, unknown>();
    const waiting = new Map<string, (v: unknown) => void>();
    channel.port1.on('message', (m: { id?: string }) => {
      if (typeof m?.id !== 'string') return;
      replies.set(m.id, m);
      waiting.get(m.id)?.(m);
    });
    const ask = (message: Record<string, unknown>): Promise<unknown> =>
      new Promise((resolve) => {
        waiting.set(message.id as string, resolve);
        channel.port1.postMessage(message);
      });
    return { ask, replies, port: channel.port1 };
  }
  const raw = (value: unknown) => ({ type: 'RAW', value });
  const image = raw({ kind: 'encoded', bytes: new ArrayBuffer(8) });

  it('answers malformed calls with INVALID_ARGUMENT and goes on working', async () => {
    const { ask, replies, port } = rawConnect();
    const malformed: [string, Record<string, unknown>, RegExp][] = [
      ['list not an array', { type: 'APPLY', path: ['hashImage'], argumentList: 'x' }, /argument list must be an array/],
      ['null wire value', { type: 'APPLY', path: ['hashImage'], argumentList: [null] }, /plain value/],
      ['proxy handler', { type: 'APPLY', path: ['hashImage'], argumentList: [{ type: 'HANDLER', name: 'proxy', value: 1 }] }, /plain value/],
      ['unknown handler', { type: 'APPLY', path: ['hashImage'], argumentList: [{ type: 'HANDLER', name: 'nope', value: 1 }] }, /plain value/],
      ['too few', { type: 'APPLY', path: ['hashImage'], argumentList: [] }, /hashImage takes 1 argument, got 0/],
      ['too many', { type: 'APPLY', path: ['init'], argumentList: [raw({}), raw({})] }, /init takes 1 argument, got 2/],
      ['a long list', { type: 'APPLY', path: ['status'], argumentList: Array.from({ length: 1000 }, () => raw(0)) }, /at most 2 arguments/],
      ['status with one', { type: 'APPLY', path: ['status'], argumentList: [raw(1)] }, /status takes 0 arguments/],
      ['image a string', { type: 'APPLY', path: ['hashImage'], argumentList: [raw('img')] }, /"image" must be an object, got string/],
      ['image kind', { type: 'APPLY', path: ['classifyImage'], argumentList: [raw({ kind: 'svg' })] }, /"image.kind" must be one of/],
      ['config null', { type: 'APPLY', path: ['init'], argumentList: [raw(null)] }, /"config" must be an object, got null/],
      ['list bytes', { type: 'APPLY', path: ['loadList'], argumentList: [raw('bytes'), raw({})] }, /"bytes" must be an ArrayBuffer or Uint8Array/],
      [
        'list options',
        { type: 'APPLY', path: ['loadList'], argumentList: [raw(new ArrayBuffer(4)), raw([])] },
        /"options" must be an object, got array/,
      ],
      ['match options', { type: 'APPLY', path: ['matchImage'], argumentList: [image, raw('dihedral')] }, /"options" must be an object/],
      ['path a string', { type: 'APPLY', path: 'hashImage', argumentList: [image] }, /answers only calls of/],
      ['path walks', { type: 'APPLY', path: ['hashImage', 'constructor'], argumentList: [image] }, /answers only calls of/],
      ['not a method', { type: 'APPLY', path: ['toString'], argumentList: [] }, /answers only calls of/],
      ['GET', { type: 'GET', path: [] }, /answers only calls of/],
      ['ENDPOINT', { type: 'ENDPOINT' }, /answers only calls of/],
      ['RELEASE with arguments', { type: 'RELEASE', argumentList: 'x' }, /RELEASE message takes no path/],
    ];
    for (const [name, message, why] of malformed) {
      const reply = (await ask({ id: name, ...message })) as { type: string; name: string; value: { code: string; message: string } };
      expect(reply.type, name).toBe('HANDLER');
      expect(reply.name, name).toBe('throw');
      expect(reply.value.code, name).toBe('INVALID_ARGUMENT');
      expect(reply.value.message, name).toMatch(why);
    }
    // Messages without a comlink id have nobody to answer: dropped, silently, without a crash.
    port.postMessage({ hostile: true, type: 'APPLY', path: ['init'], argumentList: 'x' });
    port.postMessage(null);
    port.postMessage({ id: 7, type: 'APPLY', path: ['init'] });
    // Still alive: a well-formed init and hash over the same channel.
    const init = (await ask({ id: 'init', type: 'APPLY', path: ['init'], argumentList: [raw({ maxPixels: 10_000, exposeDetails: true })] })) as {
      type: string;
      value: unknown;
    };
    expect(init.type).toBe('RAW');
    const hash = (await ask({ id: 'hash', type: 'APPLY', path: ['hashImage'], argumentList: [raw({ kind: 'encoded', bytes: wee() })] })) as {
      value: { pdq: string };
    };
    expect(hash.value.pdq).toBe('6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d');
    expect([...replies.keys()].filter((k) => !malformed.some(([n]) => n === k)).sort()).toEqual(['hash', 'init']);
  });
});
