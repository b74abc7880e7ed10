// The recording forward proxy: the audited browser's only way out (Playwright `proxy`, loopback
// not bypassed). It records, per browser connection, every byte each way, each HTTP request
// (absolute-form or inside a CONNECT tunnel) with its head and body, and every client→server
// WebSocket frame it unmasks itself — an account of the traffic that does not depend on the
// browser's or the relay's own. It forwards only to loopback targets; anything else is refused
// and recorded, so the accounting fails on it.

import { createServer, connect, type Server, type Socket } from 'node:net';
import { bodyLength, headerValue, HttpStreamError, takeHead, type RequestHead } from './http-stream.js';
import { ClientStream, ServerStream, type ParsedItem } from './proxy-streams.js';
import { WsFrameError } from './ws-frames.js';

export interface CapturedRequest {
  readonly seq: number;
  /** ms since the epoch, when the request was complete. */
  readonly t: number;
  readonly conn: number;
  /** Local port of the proxy's upstream socket (the relay log's `port`); 0 if refused. */
  readonly upstreamPort: number;
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  /** The head as the browser sent it (bytes). */
  readonly headerBytes: number;
  /** The head as forwarded upstream (origin-form request line; bytes). */
  readonly upstreamHeaderBytes: number;
  readonly headers: readonly (readonly [string, string])[];
  /** The head's bytes as the browser sent them. */
  readonly head: Buffer;
  readonly body: Buffer;
  /** Set when the proxy did not forward it (non-loopback target, bad request). */
  readonly refused?: string;
  readonly tag: string;
}

export interface CapturedFrame {
  readonly seq: number;
  readonly t: number;
  readonly conn: number;
  readonly upstreamPort: number;
  /** ws:// URL of the upgrade request that opened the socket. */
  readonly url: string;
  readonly opcode: number;
  readonly fin: boolean;
  readonly payload: Buffer;
  readonly wireBytes: number;
  readonly tag: string;
}

export interface UpstreamRecord {
  readonly target: string;
  localPort: number;
  bytesUp: number;
  bytesDown: number;
}

export interface ConnectionRecord {
  readonly id: number;
  readonly clientPort: number;
  mode: 'http' | 'tunnel' | 'new';
  /** host:port of a CONNECT tunnel. */
  tunnelTarget?: string;
  /** Bytes of the CONNECT head and of the proxy's 200 answer (not forwarded). */
  connectHeadBytes: number;
  connectReplyBytes: number;
  bytesFromBrowser: number;
  bytesToBrowser: number;
  readonly upstreams: UpstreamRecord[];
  readonly errors: string[];
}

export interface RecordingProxy {
  readonly port: number;
  /** `http://127.0.0.1:PORT` for Playwright's `proxy.server`. */
  readonly server: string;
  readonly connections: readonly ConnectionRecord[];
  readonly requests: readonly CapturedRequest[];
  readonly frames: readonly CapturedFrame[];
  /** Server→client WebSocket frames of tunnels (what the relay said: challenges, acks). */
  readonly serverFrames: readonly CapturedFrame[];
  /** Label given to everything captured from now on (the running scenario). */
  tag: string;
  /** Resolves once nothing has moved through the proxy for `quietMs`. */
  settle(quietMs?: number, maxMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** One sequence across every proxy of a run, so items of different people sort into one timeline. */
let nextSeq = 0;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const CONNECT_REPLY = Buffer.from('HTTP/1.1 200 Connection Established\r\n\r\n');

function splitTarget(hostPort: string): { host: string; port: number } | null {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(hostPort);
  if (!m) return null;
  return { host: m[1], port: Number(m[2]) };
}

/**
 * Starts the proxy on 127.0.0.1 (an ephemeral port unless `port` is given).
 * @throws when the port cannot be bound
 */
export async function startRecordingProxy(port = 0): Promise<RecordingProxy> {
  const connections: ConnectionRecord[] = [];
  const requests: CapturedRequest[] = [];
  const frames: CapturedFrame[] = [];
  const serverFrames: CapturedFrame[] = [];
  const sockets = new Set<Socket>();
  let lastActivity = Date.now();
  const state = { tag: 'start' };

  const server: Server = createServer((browser) => {
    sockets.add(browser);
    browser.on('close', () => sockets.delete(browser));
    const record: ConnectionRecord = {
      id: connections.length + 1,
      clientPort: browser.remotePort ?? 0,
      mode: 'new',
      connectHeadBytes: 0,
      connectReplyBytes: 0,
      bytesFromBrowser: 0,
      bytesToBrowser: 0,
      upstreams: [],
      errors: [],
    };
    connections.push(record);
    handleConnection(browser, record);
  });

  function toBrowser(browser: Socket, record: ConnectionRecord, data: Buffer): void {
    record.bytesToBrowser += data.length;
    lastActivity = Date.now();
    if (!browser.destroyed) browser.write(data);
  }

  function openUpstream(browser: Socket, record: ConnectionRecord, target: string, path?: () => string): { socket: Socket; info: UpstreamRecord } {
    const { host, port: targetPort } = splitTarget(target)!;
    const info: UpstreamRecord = { target, localPort: 0, bytesUp: 0, bytesDown: 0 };
    record.upstreams.push(info);
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port: targetPort });
    sockets.add(socket);
    socket.on('connect', () => (info.localPort = socket.localPort ?? 0));
    const downstream = new ServerStream();
    socket.on('data', (data: Buffer) => {
      info.bytesDown += data.length;
      toBrowser(browser, record, data);
      if (!path) return;
      try {
        for (const frame of downstream.push(data)) {
          serverFrames.push({
            seq: ++nextSeq,
            t: Date.now(),
            conn: record.id,
            upstreamPort: info.localPort,
            url: `ws://${target}${path()}`,
            opcode: frame.opcode,
            fin: frame.fin,
            payload: frame.payload,
            wireBytes: frame.wireBytes,
            tag: state.tag,
          });
        }
      } catch (e) {
        record.errors.push(`server frames: ${(e as Error).message}`);
      }
    });
    socket.on('close', () => {
      sockets.delete(socket);
      browser.end();
    });
    socket.on('error', (e) => {
      record.errors.push(`upstream ${target}: ${e.message}`);
      browser.destroy();
    });
    return { socket, info };
  }

  function handleConnection(browser: Socket, record: ConnectionRecord): void {
    let buffer: Buffer = Buffer.alloc(0);
    const upstreams = new Map<string, { socket: Socket; info: UpstreamRecord }>();
    let tunnel: { socket: Socket; info: UpstreamRecord } | null = null;
    const inner = new ClientStream();

    const fail = (why: string): void => {
      record.errors.push(why);
      browser.destroy();
      for (const u of upstreams.values()) u.socket.destroy();
      tunnel?.socket.destroy();
    };

    const refuse = (head: RequestHead, why: string, url: string): void => {
      requests.push({
        seq: ++nextSeq,
        t: Date.now(),
        conn: record.id,
        upstreamPort: 0,
        method: head.method,
        url,
        headerBytes: head.raw.length,
        upstreamHeaderBytes: 0,
        headers: head.headers,
        head: head.raw,
        body: Buffer.alloc(0),
        refused: why,
        tag: state.tag,
      });
      toBrowser(browser, record, Buffer.from('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
      fail(`refused ${head.method} ${url}: ${why}`);
    };

    // Records what the inner stream parsed; `upstream` says where it went.
    const capture = (origin: string, info: () => UpstreamRecord, parsed: ParsedItem[]): void => {
      for (const item of parsed) {
        if (item.type === 'request') {
          const url = item.head.target.startsWith('/') ? origin + item.head.target : item.head.target;
          requests.push({
            seq: ++nextSeq,
            t: Date.now(),
            conn: record.id,
            // The upstream socket may still be connecting: read its port when asked.
            get upstreamPort() {
              return info().localPort;
            },
            method: item.head.method,
            url,
            headerBytes: item.head.raw.length,
            upstreamHeaderBytes: item.forwardedHeadBytes ?? item.head.raw.length,
            headers: item.head.headers,
            head: item.head.raw,
            body: item.body,
            tag: state.tag,
          });
        } else {
          frames.push({
            seq: ++nextSeq,
            t: Date.now(),
            conn: record.id,
            get upstreamPort() {
              return info().localPort;
            },
            url: origin.replace(/^http/, 'ws') + item.path,
            opcode: item.frame.opcode,
            fin: item.frame.fin,
            payload: item.frame.payload,
            wireBytes: item.frame.wireBytes,
            tag: state.tag,
          });
        }
      }
    };

    browser.on('data', (data: Buffer) => {
      record.bytesFromBrowser += data.length;
      lastActivity = Date.now();
      try {
        if (tunnel) {
          tunnel.info.bytesUp += data.length;
          tunnel.socket.write(data);
          const t = tunnel;
          capture(`http://${record.tunnelTarget}`, () => t.info, inner.push(data));
          return;
        }
        if (record.mode === 'http' && inner.upgraded) {
          // A WebSocket upgrade sent to the proxy in absolute form: frames go to its upstream.
          const u = [...upstreams.values()].at(-1)!;
          u.info.bytesUp += data.length;
          u.socket.write(data);
          capture(`http://${u.info.target}`, () => u.info, inner.push(data));
          return;
        }
        buffer = buffer.length === 0 ? data : Buffer.concat([buffer, data]);
        for (;;) {
          const taken = takeHead(buffer);
          if (!taken) return;
          const { head, rest } = taken;
          if (record.mode === 'new' && head.method === 'CONNECT') {
            const target = splitTarget(head.target);
            record.mode = 'tunnel';
            record.tunnelTarget = head.target;
            record.connectHeadBytes = head.raw.length;
            if (!target || !LOOPBACK.has(target.host)) return refuse(head, 'CONNECT to a non-loopback target', `connect://${head.target}`);
            tunnel = openUpstream(browser, record, head.target, () => inner.path);
            record.connectReplyBytes = CONNECT_REPLY.length;
            toBrowser(browser, record, CONNECT_REPLY);
            buffer = Buffer.alloc(0);
            if (rest.length > 0) {
              tunnel.info.bytesUp += rest.length;
              tunnel.socket.write(rest);
              const t = tunnel;
              capture(`http://${head.target}`, () => t.info, inner.push(rest));
            }
            return;
          }
          record.mode = 'http';
          const length = bodyLength(head);
          if (rest.length < length) return;
          let url: URL;
          try {
            url = new URL(head.target);
          } catch {
            return refuse(head, 'not an absolute URL', head.target);
          }
          if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) return refuse(head, 'not a loopback http URL', head.target);
          const hostPort = `${url.hostname}:${url.port || '80'}`;
          const forwardedLine = `${head.method} ${url.pathname}${url.search} ${head.version}\r\n`;
          const firstLineEnd = head.raw.indexOf('\r\n') + 2;
          const forwardedHead = Buffer.concat([Buffer.from(forwardedLine, 'latin1'), head.raw.subarray(firstLineEnd)]);
          const body = Buffer.from(rest.subarray(0, length));
          buffer = rest.subarray(length);
          let u = upstreams.get(hostPort);
          if (!u || u.socket.destroyed) {
            u = openUpstream(browser, record, hostPort);
            upstreams.set(hostPort, u);
          }
          u.info.bytesUp += forwardedHead.length + body.length;
          u.socket.write(Buffer.concat([forwardedHead, body]));
          const chosen = u;
          const item: ParsedItem = { type: 'request', head, body, forwardedHeadBytes: forwardedHead.length };
          capture(`http://${hostPort}`, () => chosen.info, [item]);
          if (/websocket/i.test(headerValue(head, 'upgrade') ?? '')) {
            inner.upgradeAt(url.pathname + url.search);
            if (buffer.length > 0) {
              const early: Buffer = buffer;
              buffer = Buffer.alloc(0);
              chosen.info.bytesUp += early.length;
              chosen.socket.write(early);
              capture(`http://${hostPort}`, () => chosen.info, inner.push(early));
            }
            return;
          }
        }
      } catch (e) {
        if (e instanceof HttpStreamError || e instanceof WsFrameError) fail(`${e.constructor.name}: ${e.message}`);
        else throw e;
      }
    });
    browser.on('end', () => {
      for (const u of upstreams.values()) u.socket.end();
      tunnel?.socket.end();
    });
    browser.on('error', (e) => record.errors.push(`browser socket: ${e.message}`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as { port: number }).port;

  return {
    port: bound,
    server: `http://127.0.0.1:${bound}`,
    connections,
    requests,
    frames,
    serverFrames,
    get tag() {
      return state.tag;
    },
    set tag(value: string) {
      state.tag = value;
    },
    async settle(quietMs = 300, maxMs = 10_000) {
      const start = Date.now();
      while (Date.now() - lastActivity < quietMs && Date.now() - start < maxMs) {
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
