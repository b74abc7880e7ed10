// The audit's cross-checks between its proxy, Playwright and the relay's log must fail when one
// account has a byte the others lack: a request around the proxy, a size that differs, bytes the
// proxy could not parse.

import { describe, expect, it } from 'vitest';
import { playwrightMatches, proxyConservation, relayLogMatches, type RelayLogLine, type Traffic } from '../../audit/cross-checks.js';
import type { RecordingProxy } from '../../audit/proxy.js';

const head = Buffer.from('GET /app/app.js HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n');

function fakeProxy(over: { bytesFromBrowser?: number; errors?: string[] } = {}): RecordingProxy {
  const fromBrowser = head.length + 'http://127.0.0.1:8080'.length;
  return {
    port: 1,
    server: 'http://127.0.0.1:1',
    tag: 'x',
    connections: [
      {
        id: 1,
        clientPort: 5000,
        mode: 'http',
        connectHeadBytes: 0,
        connectReplyBytes: 0,
        bytesFromBrowser: over.bytesFromBrowser ?? fromBrowser,
        bytesToBrowser: 10,
        upstreams: [{ target: '127.0.0.1:8080', localPort: 40000, bytesUp: head.length, bytesDown: 10 }],
        errors: over.errors ?? [],
      },
    ],
    requests: [
      {
        seq: 1,
        t: 0,
        conn: 1,
        upstreamPort: 40000,
        method: 'GET',
        url: 'http://127.0.0.1:8080/app/app.js',
        headerBytes: fromBrowser,
        upstreamHeaderBytes: head.length,
        headers: [['host', '127.0.0.1:8080']],
        head,
        body: Buffer.alloc(0),
        tag: 'x',
      },
    ],
    frames: [],
    serverFrames: [],
    settle: async () => undefined,
    close: async () => undefined,
  };
}

const person = (proxy: RecordingProxy, pwUrls: string[] = ['http://127.0.0.1:8080/app/app.js']): Traffic =>
  ({
    user: 'sam',
    proxy,
    capture: { requests: pwUrls.map((url) => ({ tag: 'x', method: 'GET', url, bodyBytes: 0 })), sockets: [] },
  }) as Traffic;

const line = (over: Partial<RelayLogLine> = {}): RelayLogLine => ({
  t: 0,
  conn: 1,
  port: 40000,
  kind: 'asset',
  method: 'GET',
  url: '/app/app.js',
  bytes: 0,
  headerBytes: head.length,
  ...over,
});
const kinds = new Map([[1, 'asset']]);

describe('audit cross-checks', () => {
  it('agree on traffic all three saw alike', () => {
    const p = person(fakeProxy());
    expect(proxyConservation('sam', p.proxy).every((a) => a.passed)).toBe(true);
    expect(playwrightMatches(p).every((a) => a.passed)).toBe(true);
    expect(relayLogMatches([p], [line(), line({ port: 1234, url: '/inbox/reports' })], kinds).every((a) => a.passed)).toBe(true);
  });

  it('fail on bytes the proxy could not parse, or a proxy error', () => {
    expect(proxyConservation('sam', fakeProxy({ bytesFromBrowser: 999 }))[0].passed).toBe(false);
    expect(proxyConservation('sam', fakeProxy({ errors: ['WsFrameError: unmasked client frame'] }))[0].passed).toBe(false);
  });

  it('fail on a request Playwright saw and the proxy did not (it went around the proxy)', () => {
    const p = person(fakeProxy(), ['http://127.0.0.1:8080/app/app.js', 'http://127.0.0.1:8080/sdk/index.js']);
    expect(playwrightMatches(p)[0].passed).toBe(false);
  });

  it('fail on a relay-log line from a port no proxy opened, a size that differs, or another kind', () => {
    const p = person(fakeProxy());
    const stray = relayLogMatches([p], [line(), line({ port: 40001, url: '/sdk/index.js' })], kinds);
    expect(stray.at(-1)!.passed).toBe(false);
    expect(relayLogMatches([p], [line({ headerBytes: head.length + 1 })], kinds)[0].passed).toBe(false);
    expect(relayLogMatches([p], [line({ kind: 'control' })], kinds)[0].passed).toBe(false);
    expect(relayLogMatches([p], [], kinds)[0].passed).toBe(false);
  });
});
