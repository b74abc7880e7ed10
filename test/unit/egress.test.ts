// The egress lock on a stand-in of a worker global laid out as Chromium lays it out (fetch,
// importScripts and the caches/fonts/indexedDB accessors on WorkerGlobalScope.prototype, the
// constructors on the global itself, navigator members on WorkerNavigator.prototype). The real
// thing is tested in Chromium by test/browser/egress.spec.ts.

import { describe, expect, it } from 'vitest';
import { lockEgress } from '../../src/worker/egress.js';

const OWN = 'https://app.example/assets/worker.js?v=1';

/** Each scope gets its own Worker class: the lock changes its prototype for good. */
function fakeWorkerClass() {
  return class FakeWorker {
    static made: { url: unknown; options: unknown }[] = [];
    constructor(url: unknown, options?: unknown) {
      FakeWorker.made.push({ url, options });
    }
  };
}

function fakeScope() {
  const sent: string[] = [];
  const FakeWorker = fakeWorkerClass();
  class EventTargetLike {}
  class WorkerGlobalScope extends EventTargetLike {}
  Object.assign(WorkerGlobalScope.prototype, { fetch: (url: string) => sent.push(`fetch ${url}`), importScripts: () => sent.push('importScripts') });
  for (const name of ['caches', 'fonts', 'indexedDB']) {
    Object.defineProperty(WorkerGlobalScope.prototype, name, { get: () => ({ open: () => sent.push(name) }), configurable: true });
  }
  class DedicatedWorkerGlobalScope extends WorkerGlobalScope {}
  class WorkerNavigator {}
  Object.assign(WorkerNavigator.prototype, { sendBeacon: () => sent.push('beacon') });
  Object.defineProperty(WorkerNavigator.prototype, 'storage', { get: () => 'storage', configurable: true });
  Object.defineProperty(WorkerNavigator.prototype, 'hardwareConcurrency', { get: () => 4, configurable: true });
  const scope = new DedicatedWorkerGlobalScope() as unknown as Record<string, unknown>;
  class XMLHttpRequest {}
  class BroadcastChannel {}
  Object.assign(scope, {
    XMLHttpRequest,
    BroadcastChannel,
    WebSocket: class {},
    FontFace: class {},
    Worker: FakeWorker,
    navigator: new WorkerNavigator(),
    other: 1,
  });
  return { scope, sent, WorkerGlobalScope, WorkerNavigator, FakeWorker };
}

describe('lockEgress', () => {
  it('locks the routes on the global and on every prototype, and reports what the platform lacks', () => {
    const { scope, sent, WorkerGlobalScope, WorkerNavigator } = fakeScope();
    const report = lockEgress(scope, OWN);
    expect(report.locked).toEqual(
      expect.arrayContaining([
        'fetch',
        'importScripts',
        'caches',
        'fonts',
        'indexedDB',
        'XMLHttpRequest',
        'WebSocket',
        'BroadcastChannel',
        'FontFace',
        'navigator.sendBeacon',
        'navigator.storage',
      ]),
    );
    expect(report.absent).toEqual(expect.arrayContaining(['EventSource', 'WebTransport', 'navigator.serviceWorker']));
    expect(report.worker).toBe(true);
    const proto = WorkerGlobalScope.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(() => proto.fetch.call(scope, 'https://evil.example/')).toThrow(/fetch is disabled/);
    expect(() => (scope.fetch as (u: string) => unknown)('https://evil.example/')).toThrow(/disabled/);
    expect(() => proto.importScripts.call(scope)).toThrow(/disabled/);
    expect(() => scope.caches).toThrow(/caches is disabled/);
    expect(() => Object.getOwnPropertyDescriptor(WorkerGlobalScope.prototype, 'indexedDB')!.get!.call(scope)).toThrow(/disabled/);
    expect(() => new (scope.XMLHttpRequest as new () => unknown)()).toThrow(/disabled/);
    expect(() => new (scope.BroadcastChannel as new () => unknown)()).toThrow(/disabled/);
    const nav = scope.navigator as Record<string, (...a: unknown[]) => unknown>;
    expect(() => nav.sendBeacon('https://evil.example/')).toThrow(/navigator.sendBeacon is disabled/);
    expect(() => (WorkerNavigator.prototype as Record<string, (...a: unknown[]) => unknown>).sendBeacon.call(nav)).toThrow(/disabled/);
    expect(() => nav.storage).toThrow(/navigator.storage is disabled/);
    expect(nav.hardwareConcurrency).toBe(4); // what onnxruntime reads is left alone
    expect(scope.other).toBe(1);
    expect(sent).toEqual([]);
  });

  it('cannot be undone: the replacements are non-configurable and non-writable', () => {
    const { scope, WorkerGlobalScope } = fakeScope();
    lockEgress(scope, OWN);
    const real = () => 'sent';
    expect(() => Object.defineProperty(scope, 'XMLHttpRequest', { value: real })).toThrow(TypeError);
    expect(() => Object.defineProperty(WorkerGlobalScope.prototype, 'fetch', { value: real })).toThrow(TypeError);
    expect(() => Object.defineProperty(WorkerGlobalScope.prototype, 'caches', { get: real })).toThrow(TypeError);
    expect(() => {
      'use strict';
      (WorkerGlobalScope.prototype as unknown as Record<string, unknown>).fetch = real;
    }).toThrow(TypeError);
    expect(Reflect.deleteProperty(WorkerGlobalScope.prototype, 'fetch')).toBe(false);
    expect(Reflect.deleteProperty(scope, 'Worker')).toBe(false);
  });

  it('Worker starts only its own URL as a module worker named em-pthread…', () => {
    const { scope, FakeWorker } = fakeScope();
    lockEgress(scope, OWN);
    const W = scope.Worker as new (url: unknown, options?: unknown) => unknown;
    new W(new URL(OWN), { type: 'module', workerData: 'em-pthread', name: 'em-pthread' });
    new W('worker.js?v=1', { type: 'module', name: 'em-pthread-3' }); // relative to the own URL
    expect(FakeWorker.made).toEqual([
      { url: OWN, options: { type: 'module', name: 'em-pthread' } },
      { url: OWN, options: { type: 'module', name: 'em-pthread-3' } },
    ]);
    const refused: [unknown, unknown][] = [
      ['blob:https://app.example/0b5c7a1e-1111-4c7e-9d3e-8f1a2b3c4d5e', { type: 'module', name: 'em-pthread' }],
      ['data:text/javascript,fetch("https://evil.example/")', { type: 'module', name: 'em-pthread' }],
      ['https://app.example/assets/other.js', { type: 'module', name: 'em-pthread' }],
      ['https://app.example/assets/worker.js', { type: 'module', name: 'em-pthread' }], // other query: another URL
      [OWN, { name: 'em-pthread' }], // classic
      [OWN, { type: 'module', name: 'safeseal' }],
      [OWN, undefined],
      [{ toString: () => OWN }, { type: 'module', name: 'em-pthread' }], // not a string or URL
    ];
    for (const [url, options] of refused) expect(() => new W(url, options), String(url)).toThrow(/only its own onnxruntime threads/);
    expect(() => (W as unknown as (u: string) => unknown)(OWN)).toThrow(/new/);
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('leaves no way back to the real Worker constructor', () => {
    const { scope, FakeWorker } = fakeScope();
    lockEgress(scope, OWN);
    const W = scope.Worker as new (url: unknown, options?: unknown) => object;
    expect(FakeWorker.prototype.constructor).toBe(W);
    const thread = new W(OWN, { type: 'module', name: 'em-pthread' });
    expect(thread).toBeInstanceOf(W);
    const ctor = (thread as { constructor: new (url: string) => unknown }).constructor;
    expect(() => new ctor('blob:https://app.example/x')).toThrow(/only its own/);
    // A URL that stringifies to the own URL once and elsewhere after: the real constructor gets our string.
    let calls = 0;
    class Shifty extends URL {
      override toString(): string {
        return calls++ === 0 ? OWN : 'blob:https://app.example/x';
      }
    }
    new W(new Shifty(OWN), { type: 'module', name: 'em-pthread' });
    expect(FakeWorker.made.at(-1)!.url).toBe(OWN);
  });

  it('is idempotent, and refuses to leave a route it cannot replace', () => {
    const { scope } = fakeScope();
    const first = lockEgress(scope, OWN);
    expect(lockEgress(scope, OWN)).toEqual(first);
    const stuck = { fetch: () => 'sent' };
    Object.defineProperty(stuck, 'fetch', { configurable: false });
    expect(() => lockEgress(stuck)).toThrow(/cannot lock fetch/);
  });

  it('without an own URL, Worker is removed like any other route', () => {
    const { scope } = fakeScope();
    expect(lockEgress(scope).worker).toBe(true);
    expect(() => new (scope.Worker as new (u: string) => unknown)(OWN)).toThrow(/Worker is disabled/);
  });
});
