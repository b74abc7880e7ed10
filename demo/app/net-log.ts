// Everything this page sends, for the auditor panel: every HTTP request (resource timing entries
// for what the browser loaded itself — the page, scripts, styles, module imports — and a wrapped
// fetch for the app's and the SDK's own fetches, with method and body size) and every WebSocket
// frame, classified by demo/PROTOCOL.md's audit kinds. Kept in memory only; never sent.

export type Kind = 'asset' | 'key' | 'ciphertext' | 'report' | 'control';

export interface SentRecord {
  readonly seq: number;
  /** ms since the page started (performance.now()). */
  readonly at: number;
  readonly kind: Kind;
  /** 'GET', 'POST', … or 'WS' for a WebSocket frame. */
  readonly method: string;
  readonly url: string;
  /** Bytes of the request body (0 for a GET) or of the frame's UTF-8 payload. */
  readonly bytes: number;
  /** For a frame: its `type`. For HTTP: the response status once known, the initiator type for what the browser loaded. */
  note: string;
}

type Listener = (record: SentRecord) => void;

/** PROTOCOL's kind of an HTTP request: a report is the POST to /reports, the upgrade is control. */
export function httpKind(method: string, url: string): Kind {
  const path = new URL(url, location.href).pathname;
  if (method === 'POST' && path === '/reports') return 'report';
  if (path === '/ws') return 'control';
  return method === 'GET' ? 'asset' : 'control';
}

/** PROTOCOL's kind of a client frame: hello carries the keys, send the ciphertext. */
export const frameKind = (type: string): Kind => (type === 'hello' ? 'key' : type === 'send' ? 'ciphertext' : 'control');

function bodyBytes(body: BodyInit | null | undefined): number {
  if (body === null || body === undefined) return 0;
  if (typeof body === 'string') return new TextEncoder().encode(body).length;
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  return -1; // a stream or form: unknown here (the app sends none)
}

export class NetLog {
  readonly records: SentRecord[] = [];
  readonly #listeners = new Set<Listener>();
  #seq = 0;
  /** URLs fetched through the wrapper, so the resource-timing entry of the same fetch is not listed twice. */
  readonly #fetched = new Map<string, number>();

  /** Wraps window.fetch and starts observing resource timing (buffered: also what loaded before). */
  install(): void {
    const native = window.fetch.bind(window);
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = input instanceof Request ? input : null;
      const url = new URL(request ? request.url : String(input), location.href).href;
      const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
      this.#fetched.set(url, (this.#fetched.get(url) ?? 0) + 1);
      // Listed when it is sent (a request that fails is still listed); the status is added after.
      const record = this.#add({ kind: httpKind(method, url), method, url, bytes: bodyBytes(init?.body), note: 'sent' });
      try {
        const response = await native(input, init);
        record.note = String(response.status);
        return response;
      } catch (e) {
        record.note = 'failed';
        throw e;
      } finally {
        for (const l of this.#listeners) l(record);
      }
    };
    const take = (entries: PerformanceEntryList) => {
      for (const e of entries as PerformanceResourceTiming[]) {
        if (!/^https?:/.test(e.name)) continue;
        const pending = this.#fetched.get(e.name) ?? 0;
        if (e.initiatorType === 'fetch' && pending > 0) {
          this.#fetched.set(e.name, pending - 1); // already listed by the wrapper
          continue;
        }
        const method = 'GET';
        this.#add({ kind: httpKind(method, e.name), method, url: e.name, bytes: 0, note: e.initiatorType });
      }
    };
    take(performance.getEntriesByType('navigation'));
    new PerformanceObserver((list) => take(list.getEntries())).observe({ type: 'resource', buffered: true });
  }

  /** Records a WebSocket frame this page sent, or the upgrade request. */
  frame(type: string, url: string, bytes: number): void {
    this.#add({ kind: frameKind(type), method: 'WS', url, bytes, note: type });
  }

  /** Records the WebSocket upgrade (a body-less GET the page cannot observe otherwise). */
  upgrade(url: string): void {
    this.#add({ kind: 'control', method: 'GET', url, bytes: 0, note: 'websocket upgrade' });
  }

  onRecord(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #add(r: Omit<SentRecord, 'seq' | 'at'>): SentRecord {
    const record = { seq: ++this.#seq, at: Math.round(performance.now()), ...r };
    this.records.push(record);
    for (const l of this.#listeners) l(record);
    return record;
  }
}
