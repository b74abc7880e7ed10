// DEMO ONLY. The reports inbox: `POST /reports` takes one sealed envelope of a bucket size and
// stores it as opaque bytes (the relay cannot open it); `/inbox/reports` hands them to the
// authority server, which alone holds the key. The inbox needs a bearer token the launcher gives
// both servers, so the messenger pages (same origin) cannot list or fetch reports.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayStore } from './store.js';

/** The envelope buckets of the sealed-reports format (bytes). */
export const REPORT_BUCKETS: readonly number[] = [4096, 4_194_304];
const MAX_REPORT_BYTES = Math.max(...REPORT_BUCKETS);

export const answerText = (res: ServerResponse, status: number, body = '', type = 'text/plain; charset=utf-8'): void => {
  res.statusCode = status;
  if (body !== '') res.setHeader('Content-Type', type);
  res.end(body);
};

/** A request body: its bytes (null when longer than the limit, then discarded) and its length. */
export interface Body {
  readonly bytes: Buffer | null;
  readonly length: number;
}

/** Reads the whole body, keeping at most `limit` bytes (the length counts all of it). */
export function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ bytes: length <= limit ? Buffer.concat(chunks) : null, length }));
    req.on('error', reject);
  });
}

/** The largest body the relay reads for any route (bytes): the large report bucket. */
export const MAX_BODY_BYTES = MAX_REPORT_BYTES;

/** POST /reports with its body already read: 204 when stored; 400 for a wrong size, a cookie or a wrong media type. */
export function postReport(req: IncomingMessage, res: ServerResponse, body: Body, store: RelayStore): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (req.headers.cookie !== undefined) return answerText(res, 400, 'reports carry no cookie\n');
  if (type !== 'application/octet-stream') return answerText(res, 400, 'Content-Type must be application/octet-stream\n');
  if (body.bytes === null || !REPORT_BUCKETS.includes(body.bytes.length)) return answerText(res, 400, 'a report is 4096 or 4194304 bytes\n');
  store.storeReport(new Uint8Array(body.bytes), Date.now());
  answerText(res, 204);
}

const tokenMatches = (req: IncomingMessage, token: string): boolean => {
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
};

/** GET /inbox/reports and /inbox/reports/:id; false when `pathname` is not an inbox route. */
export function serveInbox(req: IncomingMessage, res: ServerResponse, pathname: string, store: RelayStore, token: string): boolean {
  const one = /^\/inbox\/reports\/([1-9][0-9]{0,15})$/.exec(pathname);
  if (req.method !== 'GET' || (pathname !== '/inbox/reports' && one === null)) return false;
  if (!tokenMatches(req, token)) {
    answerText(res, 404, 'not found\n'); // the same answer as any unknown path
    return true;
  }
  if (one === null) {
    answerText(res, 200, JSON.stringify(store.reports()), 'application/json');
    return true;
  }
  const envelope = store.report(Number(one[1]));
  if (envelope === null) answerText(res, 404, 'not found\n');
  else {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/octet-stream');
    res.end(Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength));
  }
  return true;
}
