// DEMO ONLY. The demo relay (demo/PROTOCOL.md): one HTTP server on 127.0.0.1 that serves the
// messenger's files, the WebSocket /ws, POST /reports and the authority's inbox, logs everything a
// client sends, and keeps its state in SQLite under the data directory. It reads the platform's
// key to stamp and the authority's PUBLIC key to seal stamps to; never the authority's secret key.

import { readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers';
import { buildApp } from './app-bundle.js';
import { pageCsp, setRelayHeaders, WORKER_CSP } from './headers.js';
import { Messaging } from './messaging.js';
import { headerBytes, RelayLog, type LogKind } from './relay-log.js';
import { answerText, MAX_BODY_BYTES, postReport, readBody, serveInbox } from './reports.js';
import { serveStatic } from './serve-file.js';
import { RelayStore } from './store.js';

export interface RelayOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** Where relay.sqlite and relay-log.jsonl live (created by the caller). */
  readonly dataDir: string;
  /** The repository: demo/app, demo/content, demo/keys and dist/ are found from it. */
  readonly root: string;
  /** Keep the database and log of an earlier run (DEMO_KEEP_DATA=1); default: start empty. */
  readonly keepData?: boolean;
  /** The bearer token of /inbox/reports (shared with the authority server only). */
  readonly inboxToken: string;
  readonly onError?: (error: unknown) => void;
}

export interface Relay {
  /** The port it listens on. */
  readonly port: number;
  /** Stops accepting, closes every WebSocket and connection, then the database and log; idempotent. */
  close(): Promise<void>;
}

const ASSET_ROUTE = /^\/(?:$|app\.html$|app\/|sdk\/|demo\/)/;

/** The audit kind of an HTTP request, by the route table of PROTOCOL.md. */
function kindOf(method: string, pathname: string): LogKind {
  if (method === 'POST' && pathname === '/reports') return 'report';
  if (method === 'GET' && ASSET_ROUTE.test(pathname)) return 'asset';
  return 'control';
}

/** The pathname of a request target, normalised (`..` resolved) by the URL parser; null if unparsable. */
function pathnameOf(url: string | undefined): string | null {
  try {
    return new URL(url ?? '', 'http://relay.invalid').pathname;
  } catch {
    return null;
  }
}

/**
 * Starts the relay and resolves once it listens.
 * @throws Error when a key file is missing, demo/app/ does not build, or the port is taken
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const { root, dataDir, inboxToken } = options;
  const onError = options.onError ?? ((e: unknown) => console.error('relay:', e));
  const franking = await import('safeseal/franking');
  await sodium.ready;
  const platformKey = JSON.parse(readFileSync(join(root, 'demo/keys/platform.key.json'), 'utf8')) as { id: string };
  const authorityPublicKey = JSON.parse(readFileSync(join(root, 'demo/keys/authority.pub.json'), 'utf8')) as unknown;
  const bundle = await buildApp(join(root, 'demo/app'), join(root, 'demo/.build/app/app.js'));
  const roots = { app: join(root, 'demo/app'), sdk: join(root, 'dist'), content: join(root, 'demo/content'), keys: join(root, 'demo/keys') };

  const dbFile = join(dataDir, 'relay.sqlite');
  if (options.keepData !== true) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(dbFile + suffix, { force: true });
  const store = new RelayStore(dbFile);
  const log = new RelayLog(join(dataDir, 'relay-log.jsonl'), options.keepData !== true);
  const messaging = new Messaging({
    store,
    log,
    platformKeyId: platformKey.id,
    verifySignature: (sig, message, publicKey) => sodium.crypto_sign_verify_detached(sig, message, publicKey),
    stamp: (commitment, meta) => franking.stampCommitment(commitment, meta, platformKey, authorityPublicKey),
    onError,
  });

  const server = createServer({ requestTimeout: 60_000 });
  const sockets = new Map<Socket, number>();
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, ++connections);
    socket.on('close', () => sockets.delete(socket));
  });
  let port = options.port;
  const csp = (pathname: string | null) => (pathname === '/sdk/worker.js' ? WORKER_CSP : pageCsp(port));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? '';
    const pathname = pathnameOf(req.url);
    const body = await readBody(req, MAX_BODY_BYTES);
    const conn = sockets.get(req.socket) ?? 0;
    const kind = pathname === null ? 'control' : kindOf(method, pathname);
    log.write({
      t: Date.now(),
      conn,
      port: req.socket.remotePort ?? 0,
      kind,
      method,
      url: req.url ?? '',
      bytes: body.length,
      headerBytes: headerBytes(req),
    });
    setRelayHeaders(res, csp(pathname));
    if (pathname === null) return answerText(res, 404, 'not found\n');
    if (method === 'POST' && pathname === '/reports') return postReport(req, res, body, store);
    if (serveInbox(req, res, pathname, store, inboxToken)) return;
    if (method === 'GET' && body.length === 0 && (await serveStatic(res, pathname, roots, bundle))) return;
    answerText(res, 404, 'not found\n');
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      onError(e);
      if (!res.headersSent) answerText(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const conn = sockets.get(socket) ?? 0;
    const remotePort = socket.remotePort ?? 0;
    log.write({
      t: Date.now(),
      conn,
      port: remotePort,
      kind: 'control',
      method: req.method ?? '',
      url: req.url ?? '',
      bytes: 0,
      headerBytes: headerBytes(req),
    });
    if (req.method !== 'GET' || pathnameOf(req.url) !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    messaging.upgrade(req, socket, head, conn, remotePort);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await messaging.close();
      server.closeAllConnections();
      await stopped;
      store.close();
      log.close();
    })());
  return { port, close };
}
