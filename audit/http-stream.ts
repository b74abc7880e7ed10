// HTTP/1.1 requests parsed from a raw byte stream, as the recording proxy receives them: the head
// (request line and headers, byte-exact) and a Content-Length body. Chunked bodies and anything
// malformed are errors: the audit accounts for bytes it can read or fails.

/** One request head as received. */
export interface RequestHead {
  readonly method: string;
  /** The request target as sent: absolute-form to a proxy, origin-form inside a tunnel. */
  readonly target: string;
  readonly version: string;
  /** Lower-cased names, values trimmed, in order. */
  readonly headers: readonly (readonly [string, string])[];
  /** The head's bytes, request line through the blank line. */
  readonly raw: Buffer;
}

export class HttpStreamError extends Error {}

/** Longest head the audit accepts (Chromium's are well under 8 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;

/** The value of header `name` (lower case), or undefined. */
export function headerValue(head: RequestHead, name: string): string | undefined {
  return head.headers.find(([n]) => n === name)?.[1];
}

/**
 * Splits a head out of `buffer` if a complete one is there.
 * @throws HttpStreamError on a head over MAX_HEAD_BYTES, a bad request line or header line
 */
export function takeHead(buffer: Buffer): { head: RequestHead; rest: Buffer } | null {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) {
    if (buffer.length > MAX_HEAD_BYTES) throw new HttpStreamError('request head too long');
    return null;
  }
  const raw = buffer.subarray(0, end + 4);
  const lines = raw.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/.exec(lines[0]);
  if (!m) throw new HttpStreamError(`bad request line ${JSON.stringify(lines[0].slice(0, 100))}`);
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpStreamError(`bad header line ${JSON.stringify(line.slice(0, 100))}`);
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { head: { method: m[1], target: m[2], version: m[3], headers, raw: Buffer.from(raw) }, rest: buffer.subarray(end + 4) };
}

/**
 * The body length a request announces (0 without Content-Length).
 * @throws HttpStreamError on Transfer-Encoding or a Content-Length that is not one decimal number
 */
export function bodyLength(head: RequestHead): number {
  if (headerValue(head, 'transfer-encoding') !== undefined) throw new HttpStreamError('Transfer-Encoding is not accepted');
  const all = head.headers.filter(([n]) => n === 'content-length');
  if (all.length === 0) return 0;
  if (all.length > 1 || !/^\d{1,10}$/.test(all[0][1])) throw new HttpStreamError('bad Content-Length');
  return Number(all[0][1]);
}
