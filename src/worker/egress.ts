// Defence in depth: once the engine is built, the worker's network APIs are replaced by functions
// that throw, so no later code path (ours or a dependency's) can send anything anywhere.

const NETWORK_APIS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'WebTransport', 'importScripts'] as const;

/** Replaces the network APIs present on `scope` with non-writable, non-configurable throwers. */
export function lockEgress(scope: object = globalThis): string[] {
  const locked: string[] = [];
  for (const name of NETWORK_APIS) {
    if (!(name in scope)) continue;
    const blocked = function blocked(): never {
      throw new Error(`safeseal: ${name} is disabled inside the scanner worker`);
    };
    Object.defineProperty(scope, name, { value: blocked, writable: false, configurable: false, enumerable: false });
    locked.push(name);
  }
  return locked;
}
