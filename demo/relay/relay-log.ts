// DEMO ONLY. relay-log.jsonl (demo/PROTOCOL.md "Relay log"): one line per thing a client sent,
// written synchronously before the relay handles it, so the file is complete even if handling
// throws. The audit joins it with its recording proxy by `port` (the TCP peer port).

import { closeSync, openSync, writeSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';

export type LogKind = 'asset' | 'key' | 'ciphertext' | 'report' | 'control';

export interface LogEntry {
  /** ms since the epoch. */
  readonly t: number;
  /** The relay's number for the TCP connection, from 1. */
  readonly conn: number;
  readonly port: number;
  readonly kind: LogKind;
  /** The HTTP method, or "WS" for a WebSocket frame. */
  readonly method: string;
  /** The request target as sent, or "/ws" for a frame. */
  readonly url: string;
  /** The request body's length, or the frame's payload length (bytes). */
  readonly bytes: number;
  /** The request line and headers (bytes), 0 for a frame. */
  readonly headerBytes: number;
}

/**
 * The size of the request line and headers as sent: Node's parser keeps the raw header names and
 * values in order, so `METHOD SP target SP HTTP/x.y CRLF (name ": " value CRLF)* CRLF` rebuilds
 * them byte for byte for a client that writes one space after each colon (browsers and Node do).
 */
export function headerBytes(req: IncomingMessage): number {
  let n = Buffer.byteLength(`${req.method ?? ''} ${req.url ?? ''} HTTP/${req.httpVersion}\r\n`, 'latin1');
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) n += Buffer.byteLength(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`, 'latin1');
  return n + 2;
}

/** An append-only JSON-lines file. */
export class RelayLog {
  private fd: number | null;

  /** Opens `path` for appending (`truncate` starts it empty). */
  constructor(path: string, truncate: boolean) {
    this.fd = openSync(path, truncate ? 'w' : 'a');
  }

  write(entry: LogEntry): void {
    if (this.fd === null) return;
    const { t, conn, port, kind, method, url, bytes, headerBytes } = entry; // the pinned field order
    writeSync(this.fd, JSON.stringify({ t, conn, port, kind, method, url, bytes, headerBytes }) + '\n');
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
