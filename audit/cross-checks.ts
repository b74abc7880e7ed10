// Three accounts of the same traffic must agree: the recording proxy's (bytes it forwarded, parsed
// by the audit itself), Playwright's (what the browser says it sent) and the relay's log (what
// arrived, joined by the TCP port of the proxy's upstream socket). A byte one of them saw and the
// others did not — a request around the proxy, a frame the parser missed — fails here.

import type { RecordingProxy } from './proxy.js';

/** What Playwright saw one context send (the independent second account). */
export interface PlaywrightCapture {
  readonly requests: { tag: string; method: string; url: string; bodyBytes: number }[];
  /** Per WebSocket, in the order they opened: its URL and each sent frame's payload length. */
  readonly sockets: { tag: string; url: string; frames: { tag: string; bytes: number }[] }[];
}

/** One person's traffic as the proxy and Playwright captured it. */
export interface Traffic {
  readonly user: string;
  readonly proxy: RecordingProxy;
  readonly capture: PlaywrightCapture;
}

export interface Assertion {
  readonly what: string;
  readonly passed: boolean;
  readonly detail?: string;
}

/** One relay-log.jsonl line (demo/PROTOCOL.md). */
export interface RelayLogLine {
  readonly t: number;
  readonly conn: number;
  readonly port: number;
  readonly kind: string;
  readonly method: string;
  readonly url: string;
  readonly bytes: number;
  readonly headerBytes: number;
}

const assertion = (what: string, passed: boolean, detail?: string): Assertion => ({ what, passed, ...(detail && !passed ? { detail } : {}) });

/** Every byte the browser sent to the proxy is a CONNECT head, a request head or body, or a frame. */
export function proxyConservation(user: string, proxy: RecordingProxy): Assertion[] {
  const out: Assertion[] = [];
  for (const c of proxy.connections) {
    const reqs = proxy.requests.filter((r) => r.conn === c.id);
    const frames = proxy.frames.filter((f) => f.conn === c.id);
    const parsed =
      (c.mode === 'tunnel' ? c.connectHeadBytes : 0) +
      reqs.filter((r) => !r.url.startsWith('connect://')).reduce((n, r) => n + r.headerBytes + r.body.length, 0) +
      frames.reduce((n, f) => n + f.wireBytes, 0);
    const up = c.upstreams.reduce((n, u) => n + u.bytesUp, 0);
    const forwarded =
      reqs.reduce((n, r) => n + (r.refused ? 0 : r.upstreamHeaderBytes + r.body.length), 0) + frames.reduce((n, f) => n + f.wireBytes, 0);
    out.push(
      assertion(
        `${user}, proxy connection ${c.id} (${c.mode}${c.tunnelTarget ? ' ' + c.tunnelTarget : ''}): all ${c.bytesFromBrowser} bytes from the browser parsed, ${up} forwarded`,
        c.errors.length === 0 && parsed === c.bytesFromBrowser && forwarded === up,
        `parsed ${parsed}, forwarded ${forwarded}/${up}; errors: ${c.errors.join('; ')}`,
      ),
    );
  }
  return out;
}

const key = (method: string, url: string, bytes: number): string => `${method} ${url} ${bytes}`;
const counts = (keys: string[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
};
const sameCounts = (a: Map<string, number>, b: Map<string, number>): string[] => {
  const diff: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()]))
    if ((a.get(k) ?? 0) !== (b.get(k) ?? 0)) diff.push(`${k}: proxy ${a.get(k) ?? 0}, Playwright ${b.get(k) ?? 0}`);
  return diff;
};

/** The proxy's requests and frames equal Playwright's capture of the same context. */
export function playwrightMatches(person: Traffic): Assertion[] {
  const { proxy, capture, user } = person;
  const isUpgrade = (r: { method: string; url: string; headers: readonly (readonly [string, string])[] }): boolean =>
    r.method === 'GET' && r.headers.some(([n, v]) => n === 'upgrade' && /websocket/i.test(v));
  const proxyHttp = proxy.requests.filter((r) => !isUpgrade(r)).map((r) => key(r.method, r.url, r.body.length));
  const pwHttp = capture.requests.map((r) => key(r.method, r.url, r.bodyBytes));
  const httpDiff = sameCounts(counts(proxyHttp), counts(pwHttp));
  const out = [
    assertion(
      `${user}: the proxy's ${proxyHttp.length} HTTP requests (method, URL, body bytes) are exactly Playwright's ${pwHttp.length}`,
      httpDiff.length === 0,
      httpDiff.join('; '),
    ),
  ];
  const tunnels = proxy.connections.filter(
    (c) => proxy.frames.some((f) => f.conn === c.id) || proxy.requests.some((r) => r.conn === c.id && isUpgrade(r)),
  );
  out.push(
    assertion(
      `${user}: ${tunnels.length} WebSocket tunnel(s) at the proxy, ${capture.sockets.length} in Playwright`,
      tunnels.length === capture.sockets.length,
    ),
  );
  tunnels.forEach((c, i) => {
    const mine = proxy.frames.filter((f) => f.conn === c.id && (f.opcode === 1 || f.opcode === 2)).map((f) => f.payload.length);
    const theirs = capture.sockets[i]?.frames.map((f) => f.bytes) ?? [];
    const bytes = mine.reduce((n, b) => n + b, 0);
    out.push(
      assertion(
        `${user}, WebSocket ${i + 1}: ${mine.length} data frames, ${bytes} payload bytes at the proxy = Playwright's framesent`,
        JSON.stringify(mine) === JSON.stringify(theirs),
        `proxy ${JSON.stringify(mine)}, Playwright ${JSON.stringify(theirs)}`,
      ),
    );
  });
  return out;
}

/**
 * The relay's log, joined by port with each proxy upstream socket: the same requests and frames
 * with the same head and body sizes; and no line from a port no proxy opened (traffic that went
 * around the proxy). The authority's own inbox reads (server to server) are the only exception.
 */
export function relayLogMatches(
  people: readonly Traffic[],
  log: readonly RelayLogLine[],
  kinds: ReadonlyMap<number, string>,
  /** Upstream ports of the audit's own canary page (checked separately). */
  otherPorts: readonly number[] = [],
): Assertion[] {
  const out: Assertion[] = [];
  const ports = new Set<number>(otherPorts);
  for (const { user, proxy } of people) {
    for (const c of proxy.connections) {
      for (const u of c.upstreams) {
        ports.add(u.localPort);
        const lines = log.filter((l) => l.port === u.localPort);
        const fromRelay = lines.map((l) => `${l.method} ${l.url} ${l.headerBytes}+${l.bytes} ${l.kind}`);
        const reqs = proxy.requests.filter((r) => r.conn === c.id && r.upstreamPort === u.localPort && !r.refused);
        const frames = proxy.frames.filter((f) => f.conn === c.id && f.upstreamPort === u.localPort && (f.opcode === 1 || f.opcode === 2));
        const fromProxy = [
          ...reqs.map((r) => ({
            seq: r.seq,
            s: `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search} ${r.upstreamHeaderBytes}+${r.body.length} ${kinds.get(r.seq)}`,
          })),
          ...frames.map((f) => ({ seq: f.seq, s: `WS /ws 0+${f.payload.length} ${kinds.get(f.seq)}` })),
        ]
          .sort((a, b) => a.seq - b.seq)
          .map((x) => x.s);
        out.push(
          assertion(
            `${user}, upstream port ${u.localPort}: the relay logged the same ${fromProxy.length} items (head + body bytes, kind) the proxy forwarded`,
            JSON.stringify(fromRelay) === JSON.stringify(fromProxy),
            `relay ${JSON.stringify(fromRelay.slice(0, 5))}…, proxy ${JSON.stringify(fromProxy.slice(0, 5))}…`,
          ),
        );
      }
    }
  }
  const stray = log.filter((l) => !ports.has(l.port) && !l.url.startsWith('/inbox/'));
  out.push(
    assertion(
      `every relay-log line but the authority's inbox reads comes from a proxy upstream socket (${log.length} lines)`,
      stray.length === 0,
      JSON.stringify(stray.slice(0, 3)),
    ),
  );
  return out;
}
