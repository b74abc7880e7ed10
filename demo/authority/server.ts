// DEMO ONLY. The authority view, on its own origin (PORT+1): the only code that reads
// demo/keys/authority.key.json. It pulls sealed reports from the relay's inbox, opens them and
// shows them on a page; GET /api/reports gives the same as JSON (the audit reads it). The relay
// never imports this folder.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { ReportOpener } from './open-reports.js';

export interface AuthorityOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** The relay, e.g. http://127.0.0.1:8080 (no trailing slash). */
  readonly relayUrl: string;
  readonly root: string;
  /** The relay's inbox bearer token. */
  readonly inboxToken: string;
  readonly onError?: (error: unknown) => void;
}

export interface AuthorityServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Same-origin script, style and blob: images (the attachment preview); nothing else. */
export const AUTHORITY_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/authority.js': { file: 'authority.js', type: 'text/javascript; charset=utf-8' },
  '/authority.css': { file: 'authority.css', type: 'text/css; charset=utf-8' },
};

function answer(res: ServerResponse, status: number, body: string | Uint8Array, type: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Security-Policy', AUTHORITY_CSP);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.end(body);
}

/**
 * Starts the authority view and resolves once it listens.
 * @throws Error when demo/keys/authority.key.json or platform.pub.json is missing, or the port is taken
 */
export async function startAuthority(options: AuthorityOptions): Promise<AuthorityServer> {
  const onError = options.onError ?? ((e: unknown) => console.error('authority:', e));
  const authority = await import('safeseal/authority');
  const keys = join(options.root, 'demo/keys');
  const authorityKey = JSON.parse(readFileSync(join(keys, 'authority.key.json'), 'utf8')) as unknown;
  const platformPublicKey = JSON.parse(readFileSync(join(keys, 'platform.pub.json'), 'utf8')) as unknown;
  const fetchInbox = (path: string) =>
    fetch(`${options.relayUrl}${path}`, { headers: { authorization: `Bearer ${options.inboxToken}` }, signal: AbortSignal.timeout(10_000) });
  const opener = new ReportOpener(authority, authorityKey, platformPublicKey, fetchInbox);
  const publicDir = join(options.root, 'demo/authority/public');

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = new URL(req.url ?? '/', 'http://authority.invalid').pathname;
    if (req.method !== 'GET') return answer(res, 404, 'not found\n', 'text/plain; charset=utf-8');
    const page = PAGES[pathname];
    if (page !== undefined) return answer(res, 200, readFileSync(join(publicDir, page.file)), page.type);
    if (pathname === '/api/reports') return answer(res, 200, JSON.stringify(await opener.list()), 'application/json');
    const m = /^\/api\/reports\/([1-9][0-9]{0,15})\/attachment$/.exec(pathname);
    const bytes = m === null ? null : await opener.attachment(Number(m[1]));
    if (bytes !== null) return answer(res, 200, bytes, 'application/octet-stream');
    answer(res, 404, 'not found\n', 'text/plain; charset=utf-8');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      onError(e);
      if (!res.headersSent) answer(res, 502, 'the relay inbox could not be read\n', 'text/plain; charset=utf-8');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  return { port, close };
}
