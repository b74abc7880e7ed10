// The audit's recording proxy and its WebSocket frame parser on synthetic traffic: what the proxy
// records must be exactly what crossed it, byte for byte, or the audit's accounting means nothing.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startRecordingProxy, type RecordingProxy } from '../../audit/proxy.js';
import { ClientFrameParser, encodeClientFrame, WsFrameError } from '../../audit/ws-frames.js';
import { seededBytes } from '../helpers/prng.js';

const MASK = Uint8Array.of(0x12, 0x34, 0x56, 0x78);

describe('ClientFrameParser', () => {
  it('unmasks frames of every length form, fed one byte at a time', () => {
    const payloads = [Buffer.alloc(0), Buffer.from('{"type":"send"}'), Buffer.from(seededBytes(300, 1)), Buffer.from(seededBytes(70_000, 2))];
    const wire = Buffer.concat(payloads.map((p, i) => encodeClientFrame(i % 2 ? 1 : 2, p, MASK)));
    const parser = new ClientFrameParser();
    const frames = [];
    for (let i = 0; i < wire.length; i++) frames.push(...parser.push(wire.subarray(i, i + 1)));
    expect(frames.map((f) => f.payload)).toEqual(payloads);
    expect(frames.reduce((n, f) => n + f.wireBytes, 0)).toBe(wire.length);
    expect(frames.map((f) => f.wireBytes)).toEqual([6, 6 + 15, 8 + 300, 14 + 70_000]);
    expect(parser.pendingBytes).toBe(0);
  });

  it('keeps fragments and control frames apart', () => {
    const parser = new ClientFrameParser();
    const frames = parser.push(
      Buffer.concat([
        encodeClientFrame(1, Buffer.from('ab'), MASK, false),
        encodeClientFrame(9, Buffer.from('p'), MASK),
        encodeClientFrame(0, Buffer.from('cd'), MASK, true),
        encodeClientFrame(8, Buffer.from([0x03, 0xe8]), MASK),
      ]),
    );
    expect(frames.map((f) => [f.opcode, f.fin, f.payload.toString('latin1')])).toEqual([
      [1, false, 'ab'],
      [9, true, 'p'],
      [0, true, 'cd'],
      [8, true, '\x03\xe8'],
    ]);
  });

  it('refuses unmasked frames, extensions, reserved opcodes and long control frames', () => {
    const unmasked = Buffer.from([0x81, 0x01, 0x41]);
    expect(() => new ClientFrameParser().push(unmasked)).toThrow(WsFrameError);
    const compressed = encodeClientFrame(1, Buffer.from('x'), MASK);
    compressed[0] |= 0x40;
    expect(() => new ClientFrameParser().push(compressed)).toThrow(/RSV/);
    expect(() => new ClientFrameParser().push(encodeClientFrame(3, Buffer.from('x'), MASK))).toThrow(/opcode/);
    expect(() => new ClientFrameParser().push(encodeClientFrame(9, Buffer.alloc(126), MASK))).toThrow(/control/);
    // The server's side is the mirror image: unmasked only.
    expect(new ClientFrameParser(false).push(unmasked).map((f) => f.payload.toString())).toEqual(['A']);
    expect(() => new ClientFrameParser(false).push(encodeClientFrame(1, Buffer.from('x'), MASK))).toThrow(/masked server/);
  });
});

describe('startRecordingProxy', () => {
  let upstream: Server;
  let upstreamPort: number;
  let proxy: RecordingProxy;
  const seen: { method: string; url: string; body: Buffer; peerPort: number }[] = [];
  const wsSeen: { data: Buffer; peerPort: number }[] = [];

  beforeAll(async () => {
    upstream = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks), peerPort: req.socket.remotePort! });
        res.end('ok');
      });
    });
    const wss = new WebSocketServer({ server: upstream, path: '/ws' });
    wss.on('connection', (ws, req) => {
      const peerPort = req.socket.remotePort!;
      ws.on('message', (data: Buffer) => wsSeen.push({ data, peerPort }));
      ws.send('hello from server');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    upstreamPort = (upstream.address() as { port: number }).port;
    proxy = await startRecordingProxy();
  });
  afterAll(async () => {
    await proxy.close();
    upstream.closeAllConnections();
    await new Promise((r) => upstream.close(r));
  });

  const open = async (): Promise<Socket> => {
    const s = connect({ host: '127.0.0.1', port: proxy.port });
    await new Promise((r) => s.once('connect', r));
    return s;
  };
  const readUntil = (s: Socket, pattern: RegExp): Promise<string> =>
    new Promise((resolve) => {
      let text = '';
      const on = (d: Buffer): void => {
        text += d.toString('latin1');
        if (pattern.test(text)) {
          s.off('data', on);
          resolve(text);
        }
      };
      s.on('data', on);
    });

  it('forwards absolute-form requests and records heads, bodies and bytes exactly', async () => {
    proxy.tag = 'plain';
    const s = await open();
    const body = Buffer.from(seededBytes(4096, 7));
    const get = `GET http://127.0.0.1:${upstreamPort}/app.html?as=sam HTTP/1.1\r\nHost: 127.0.0.1:${upstreamPort}\r\nProxy-Connection: keep-alive\r\n\r\n`;
    const post = `POST http://127.0.0.1:${upstreamPort}/reports HTTP/1.1\r\nHost: 127.0.0.1:${upstreamPort}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`;
    s.write(get);
    await readUntil(s, /ok$/);
    // The body in two pieces, the second after a pause: the proxy must wait for all of it.
    s.write(Buffer.concat([Buffer.from(post), body.subarray(0, 1000)]));
    await new Promise((r) => setTimeout(r, 50));
    s.write(body.subarray(1000));
    await readUntil(s, /ok$/);
    s.end();
    await proxy.settle(100);

    const mine = proxy.requests.filter((r) => r.tag === 'plain');
    expect(mine.map((r) => [r.method, r.url, r.body.length])).toEqual([
      ['GET', `http://127.0.0.1:${upstreamPort}/app.html?as=sam`, 0],
      ['POST', `http://127.0.0.1:${upstreamPort}/reports`, 4096],
    ]);
    expect(mine[1].body.equals(body)).toBe(true);
    expect(mine.map((r) => r.headerBytes)).toEqual([get.length, post.length]);
    expect(seen.slice(-2).map((r) => [r.method, r.url, r.body.length])).toEqual([
      ['GET', '/app.html?as=sam', 0],
      ['POST', '/reports', 4096],
    ]);
    const conn = proxy.connections.find((c) => c.id === mine[0].conn)!;
    expect(conn.mode).toBe('http');
    expect(conn.bytesFromBrowser).toBe(get.length + post.length + body.length);
    expect(conn.upstreams).toHaveLength(1);
    // Forwarded heads lose the scheme and authority of the request line, nothing else.
    const shrink = `http://127.0.0.1:${upstreamPort}`.length;
    expect(conn.upstreams[0].bytesUp).toBe(conn.bytesFromBrowser - 2 * shrink);
    expect(mine.map((r) => r.upstreamHeaderBytes)).toEqual([get.length - shrink, post.length - shrink]);
    // The upstream socket's local port is the port the server saw: the join key with the relay log.
    expect(mine[0].upstreamPort).toBe(seen.at(-1)!.peerPort);
    expect(conn.bytesToBrowser).toBe(conn.upstreams[0].bytesDown);
  });

  it('tunnels CONNECT and parses the WebSocket frames inside it', async () => {
    proxy.tag = 'tunnel';
    const s = await open();
    const connectHead = `CONNECT 127.0.0.1:${upstreamPort} HTTP/1.1\r\nHost: 127.0.0.1:${upstreamPort}\r\n\r\n`;
    s.write(connectHead);
    await readUntil(s, /\r\n\r\n$/);
    const upgrade =
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${upstreamPort}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;
    s.write(upgrade);
    await readUntil(s, /hello from server/);
    const payloads = [Buffer.from('{"type":"hello"}'), Buffer.from(seededBytes(200_000, 3).map((b) => 0x41 + (b % 26)))];
    const wire = Buffer.concat(payloads.map((p) => encodeClientFrame(1, p, MASK)));
    s.write(wire.subarray(0, 7));
    await new Promise((r) => setTimeout(r, 30));
    s.write(wire.subarray(7));
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (wsSeen.length >= 2) {
          clearInterval(t);
          resolve();
        }
      }, 20);
    });
    s.destroy();
    await proxy.settle(100);

    const frames = proxy.frames.filter((f) => f.tag === 'tunnel');
    expect(frames.map((f) => f.payload)).toEqual(payloads);
    expect(frames[0].url).toBe(`ws://127.0.0.1:${upstreamPort}/ws`);
    expect(wsSeen.map((w) => w.data)).toEqual(payloads);
    // The relay's side too (the audit needs its challenge to check the hello's signature).
    expect(proxy.serverFrames.filter((f) => f.tag === 'tunnel').map((f) => [f.opcode, f.payload.toString()])).toEqual([[1, 'hello from server']]);
    expect(frames[0].upstreamPort).toBe(wsSeen[0].peerPort);
    const reqs = proxy.requests.filter((r) => r.tag === 'tunnel');
    expect(reqs.map((r) => [r.method, r.url, r.headerBytes])).toEqual([['GET', `http://127.0.0.1:${upstreamPort}/ws`, upgrade.length]]);
    const conn = proxy.connections.find((c) => c.id === frames[0].conn)!;
    expect(conn.mode).toBe('tunnel');
    expect(conn.connectHeadBytes).toBe(connectHead.length);
    // Every byte the browser sent is the CONNECT head, the upgrade head or a frame.
    expect(conn.bytesFromBrowser).toBe(connectHead.length + upgrade.length + wire.length);
    expect(conn.upstreams[0].bytesUp).toBe(upgrade.length + wire.length);
    expect(conn.bytesToBrowser).toBe(conn.connectReplyBytes + conn.upstreams[0].bytesDown);
  });

  it('refuses and records a request to anywhere but loopback', async () => {
    proxy.tag = 'outside';
    const s = await open();
    s.write('GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n');
    await readUntil(s, /403/);
    const t = await open();
    t.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    await readUntil(t, /403/);
    await proxy.settle(100);
    const refused = proxy.requests.filter((r) => r.tag === 'outside');
    expect(refused.map((r) => [r.url, Boolean(r.refused)])).toEqual([
      ['http://example.com/', true],
      ['connect://example.com:443', true],
    ]);
  });
});
