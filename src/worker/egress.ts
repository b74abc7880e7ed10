// The worker's egress lock: every route out of the worker that JavaScript can remove is replaced,
// on the worker's global object AND on every prototype in its chain (WorkerGlobalScope.prototype
// holds fetch, importScripts, caches, fonts, indexedDB in Chromium, so replacing `self.fetch` alone
// left `WorkerGlobalScope.prototype.fetch.call(self, …)` working), by non-configurable throwers.
// `Worker` becomes a wrapper that starts only onnxruntime's threads: this same bundle, as a module
// worker named `em-pthread…`, which lock themselves first in turn.
//
// This module has NO imports on purpose: `lock.ts` imports it first in each worker entry, so the
// lock runs before any dependency's module body (ES modules evaluate depth-first in import order).
// What JavaScript cannot remove — dynamic `import()`, and anything the platform adds later — is the
// job of the worker script's CSP (`default-src 'none'; script-src 'self' 'wasm-unsafe-eval'`).

/** Globals (looked up along the worker global's prototype chain) that reach the network. */
export const NETWORK_ROUTES = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'EventSource',
  'WebTransport',
  'importScripts',
  'SharedWorker',
  'RTCPeerConnection',
  'webkitRTCPeerConnection',
  'fetchLater',
  // Fonts load URLs: new FontFace(name, 'url(…)').load(), and the worker's FontFaceSet.
  'FontFace',
  'fonts',
  'FontFaceSet',
  // A notification's icon is fetched; and it is a route to the user outside the API.
  'Notification',
] as const;

/**
 * Globals that reach the page or outlive the worker without a request: same-origin storage and
 * channels that other contexts of the app's origin read (the review delivered a BroadcastChannel
 * message to the page). The scanner uses none of them. `caches.open().add(url)` also fetches.
 */
export const PAGE_ROUTES = [
  'BroadcastChannel',
  'caches',
  'CacheStorage',
  'Cache',
  'indexedDB',
  'IDBFactory',
  'cookieStore',
  'webkitRequestFileSystem',
  'webkitRequestFileSystemSync',
  'webkitResolveLocalFileSystemURL',
] as const;

/** Members of `navigator` (looked up along WorkerNavigator's chain): beacons, service workers, storage, locks, devices. */
export const NAVIGATOR_ROUTES = ['sendBeacon', 'serviceWorker', 'storage', 'storageBuckets', 'locks', 'usb', 'hid', 'serial', 'bluetooth'] as const;

/** What `lockEgress` did. Names absent from the platform are listed, not an error. */
export interface EgressLockReport {
  /** `name` or `navigator.name`, once per name, for each route replaced (or found already locked). */
  readonly locked: string[];
  /** Routes this platform does not have. */
  readonly absent: string[];
  /** Whether `Worker` was replaced by the own-threads-only wrapper (false: there is no Worker). */
  readonly worker: boolean;
}

/** Every thrower and wrapper this module installed: lets a second lockEgress recognise its own work. */
const installed = new WeakSet<object>();

function thrower(name: string): () => never {
  const blocked = function blocked(): never {
    throw new Error(`safeseal: ${name} is disabled inside the scanner worker (it never uses the network)`);
  };
  installed.add(blocked);
  return blocked;
}

/** The objects from `start` up its prototype chain (the worker global, DedicatedWorkerGlobalScope.prototype, WorkerGlobalScope.prototype, …). */
function chain(start: object): object[] {
  const out: object[] = [];
  for (let o: object | null = start; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) out.push(o);
  return out;
}

/**
 * Replaces `name` on every object of `objects` that has it as an own property: data properties by a
 * non-writable thrower, accessors (caches, fonts, indexedDB, navigator.storage…) by a throwing
 * getter; both non-configurable, so that later code can neither restore nor redefine them.
 * @returns whether `name` was found anywhere
 * @throws Error if a property cannot be replaced (the worker must not start half-locked)
 */
function replace(objects: readonly object[], name: string, label: string): boolean {
  let found = false;
  for (const o of objects) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (!d) continue;
    found = true;
    const current = d.get ?? d.value;
    if (!d.configurable) {
      if (typeof current === 'function' && installed.has(current as object)) continue; // locked by an earlier call
      throw new Error(`safeseal: cannot lock ${label}: the platform made it non-configurable`);
    }
    const blocked = thrower(label);
    // `set: undefined` explicitly: a descriptor without `set` would keep the platform's setter.
    if (d.get || d.set)
      Object.defineProperty(o, name, { get: blocked, set: undefined, enumerable: false, configurable: false } as unknown as PropertyDescriptor);
    else Object.defineProperty(o, name, { value: blocked, writable: false, enumerable: false, configurable: false });
  }
  return found;
}

type WorkerConstructor = new (url: string | URL, options?: WorkerOptions) => Worker;

/**
 * Replaces `scope.Worker` by a wrapper that starts only `ownUrl` as a module worker named
 * `em-pthread…` (onnxruntime's threads) and throws for every other URL, `blob:` and `data:`
 * included. The real constructor stays reachable only from the wrapper: the shared prototype's
 * `constructor` is pointed at the wrapper too.
 * @returns false if the platform has no Worker
 */
function lockWorker(scope: Record<string, unknown>, ownUrl: string): boolean {
  const d = Object.getOwnPropertyDescriptor(scope, 'Worker');
  const Real = d?.value as WorkerConstructor | undefined;
  if (typeof Real !== 'function') {
    if (d === undefined) return false;
    if (!d.configurable && installed.has(Real as unknown as object)) return true;
    throw new Error('safeseal: cannot lock Worker: it is not a constructor');
  }
  if (installed.has(Real)) return true; // locked by an earlier call
  // Captured now, before any other code runs: later changes to URL or String.prototype cannot bend the check.
  const URLCtor = URL;
  const startsWith = String.prototype.startsWith;
  const own = new URLCtor(ownUrl).href;
  const OwnThreadsOnly = function Worker(this: unknown, url: unknown, options?: unknown): Worker {
    if (new.target === undefined) throw new TypeError("safeseal: Worker must be called with 'new'");
    let href: string | null = null;
    try {
      href = typeof url === 'string' || url instanceof URLCtor ? new URLCtor(String(url), own).href : null;
    } catch {
      href = null;
    }
    const opts = typeof options === 'object' && options !== null ? (options as { type?: unknown; name?: unknown }) : {};
    const type = opts.type;
    const name = opts.name;
    if (href !== own || type !== 'module' || typeof name !== 'string' || !startsWith.call(name, 'em-pthread')) {
      const what = href === null ? 'that URL' : `${href.slice(0, 24)}${href.length > 24 ? '…' : ''}`;
      throw new Error(
        `safeseal: the scanner worker starts only its own onnxruntime threads (a module worker of its own URL named em-pthread…), not ${what}`,
      );
    }
    // The URL passed on is our own string, never the caller's object (which could stringify differently twice).
    return new Real(own, { type: 'module', name });
  } as unknown as WorkerConstructor;
  installed.add(OwnThreadsOnly);
  Object.defineProperty(OwnThreadsOnly, 'prototype', { value: Real.prototype, writable: false, enumerable: false, configurable: false });
  const proto = Real.prototype as object;
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor');
  if (ctor && !ctor.configurable) throw new Error('safeseal: cannot lock Worker.prototype.constructor');
  Object.defineProperty(proto, 'constructor', { value: OwnThreadsOnly, writable: false, enumerable: false, configurable: false });
  Object.defineProperty(scope, 'Worker', { value: OwnThreadsOnly, writable: false, enumerable: false, configurable: false });
  return true;
}

/**
 * Locks every route out of the worker that JavaScript can remove (NETWORK_ROUTES, PAGE_ROUTES,
 * NAVIGATOR_ROUTES and `Worker`), on `scope` and its prototypes. Idempotent. Call it before any
 * other code runs in the worker (see lock.ts); calling it later leaves whatever ran before free.
 * @param ownUrl the worker bundle's own URL (`import.meta.url`): the only script `Worker` may start
 * @throws Error if a route exists but cannot be replaced: a half-locked worker must not start
 */
export function lockEgress(scope: object = globalThis, ownUrl?: string): EgressLockReport {
  const objects = chain(scope);
  const locked: string[] = [];
  const absent: string[] = [];
  for (const name of [...NETWORK_ROUTES, ...PAGE_ROUTES]) (replace(objects, name, name) ? locked : absent).push(name);
  const nav = (scope as { navigator?: unknown }).navigator;
  for (const name of NAVIGATOR_ROUTES) {
    const label = `navigator.${name}`;
    (typeof nav === 'object' && nav !== null && replace(chain(nav), name, label) ? locked : absent).push(label);
  }
  let worker = false;
  if (ownUrl !== undefined) worker = lockWorker(scope as Record<string, unknown>, ownUrl);
  else if ('Worker' in scope) worker = replace(objects, 'Worker', 'Worker'); // no own URL: no threads either
  return { locked, absent, worker };
}
