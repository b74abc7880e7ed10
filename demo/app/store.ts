// What the messenger keeps on the device, per user (two tabs of one browser share an origin):
// the allowlist's HMAC key in IndexedDB (a non-extractable CryptoKey, which localStorage cannot
// hold), and in localStorage the allowlist, the lists' accepted {sequence, root}, the privacy
// ledger and the blocked contacts. None of it is ever sent.

import type { LedgerEntry, ListState } from './sdk.js';

const slot = (user: string, name: string) => `safeseal-demo:${user}:${name}`;

function readJson<T>(user: string, name: string, fallback: T): T {
  const text = localStorage.getItem(slot(user, name));
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const writeJson = (user: string, name: string, value: unknown) => localStorage.setItem(slot(user, name), JSON.stringify(value));

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromHex = (h: string) => new Uint8Array((h.match(/../g) ?? []).map((x) => parseInt(x, 16)));

export class DeviceStore {
  constructor(readonly user: string) {}

  get allowlist(): Uint8Array | undefined {
    const h = localStorage.getItem(slot(this.user, 'allowlist'));
    return h && /^([0-9a-f]{64})+$/.test(h) ? fromHex(h) : undefined;
  }
  set allowlist(entries: Uint8Array) {
    localStorage.setItem(slot(this.user, 'allowlist'), toHex(entries));
  }

  get listState(): Record<string, ListState> {
    return readJson(this.user, 'list-state', {});
  }
  saveListState(id: string, state: ListState): void {
    writeJson(this.user, 'list-state', { ...this.listState, [id]: { sequence: state.sequence, root: state.root } });
  }

  get ledger(): LedgerEntry[] {
    return readJson(this.user, 'ledger', []);
  }
  set ledger(entries: readonly LedgerEntry[]) {
    writeJson(this.user, 'ledger', entries);
  }
  /** Keeps a ledger that did not verify aside (for the auditor to look at) and starts a new one. */
  setAsideLedger(): void {
    localStorage.setItem(slot(this.user, 'ledger-refused'), localStorage.getItem(slot(this.user, 'ledger')) ?? '[]');
    localStorage.removeItem(slot(this.user, 'ledger'));
  }

  get blocked(): string[] {
    return readJson(this.user, 'blocked', []);
  }
  set blocked(users: string[]) {
    writeJson(this.user, 'blocked', users);
  }

  /** Deletes everything kept for this user (not the tab's identity, which lives in sessionStorage). */
  async forget(): Promise<void> {
    const prefix = slot(this.user, '');
    for (const k of Object.keys(localStorage)) if (k.startsWith(prefix)) localStorage.removeItem(k);
    await new Promise<void>((resolve) => {
      const r = indexedDB.deleteDatabase(`safeseal-demo-${this.user}`);
      r.onsuccess = r.onerror = r.onblocked = () => resolve();
    });
  }

  /** The allowlist key: made once per user as a non-extractable HMAC-SHA-256 key, kept in IndexedDB. */
  async allowlistKey(): Promise<CryptoKey> {
    const db = await openDb(`safeseal-demo-${this.user}`);
    try {
      const kept = await request<CryptoKey | undefined>(db.transaction('keys').objectStore('keys').get('allowlist'));
      if (kept instanceof CryptoKey) return kept;
      const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      await request(db.transaction('keys', 'readwrite').objectStore('keys').put(key, 'allowlist'));
      return key;
    } finally {
      db.close();
    }
  }
}

function openDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('keys');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function request<T>(r: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result as T);
    r.onerror = () => reject(r.error);
  });
}
