// The two byte streams of one proxied connection, parsed: the browser's side (HTTP requests, then
// WebSocket frames after an upgrade) and, for tunnels, the relay's side (a 101 head, then frames).

import { bodyLength, headerValue, takeHead, type RequestHead } from './http-stream.js';
import { ClientFrameParser, type WsFrame } from './ws-frames.js';

export type ParsedItem =
  { type: 'request'; head: RequestHead; body: Buffer; forwardedHeadBytes?: number } | { type: 'frame'; path: string; frame: WsFrame };

/** The client side of one upstream byte stream: HTTP requests, then frames after an upgrade. */
export class ClientStream {
  #buffer: Buffer = Buffer.alloc(0);
  #frames: ClientFrameParser | null = null;
  #path = '';

  get upgraded(): boolean {
    return this.#frames !== null;
  }

  get path(): string {
    return this.#path;
  }

  /** Switches to frames (the upgrade request itself was parsed elsewhere). */
  upgradeAt(path: string): void {
    this.#frames = new ClientFrameParser();
    this.#path = path;
  }

  push(data: Buffer): ParsedItem[] {
    const out: ParsedItem[] = [];
    if (this.#frames) {
      for (const frame of this.#frames.push(data)) out.push({ type: 'frame', path: this.#path, frame });
      return out;
    }
    this.#buffer = this.#buffer.length === 0 ? data : Buffer.concat([this.#buffer, data]);
    for (;;) {
      const taken = takeHead(this.#buffer);
      if (!taken) return out;
      const length = bodyLength(taken.head);
      if (taken.rest.length < length) return out;
      out.push({ type: 'request', head: taken.head, body: Buffer.from(taken.rest.subarray(0, length)) });
      this.#buffer = taken.rest.subarray(length);
      if (/websocket/i.test(headerValue(taken.head, 'upgrade') ?? '')) {
        this.upgradeAt(taken.head.target);
        const early = this.#buffer;
        this.#buffer = Buffer.alloc(0);
        if (early.length > 0) out.push(...this.push(early));
        return out;
      }
    }
  }
}

/** The server side of a tunnel: a 101 response head, then unmasked frames (nothing before a 101). */
export class ServerStream {
  #head: Buffer | null = Buffer.alloc(0);
  #frames: ClientFrameParser | null = null;

  push(data: Buffer): WsFrame[] {
    if (this.#frames) return this.#frames.push(data);
    this.#head = Buffer.concat([this.#head!, data]);
    const end = this.#head.indexOf('\r\n\r\n');
    if (end < 0) return [];
    if (!this.#head.subarray(0, 12).toString('latin1').startsWith('HTTP/1.1 101')) {
      this.#head = Buffer.alloc(0); // a plain HTTP response in a tunnel: not a WebSocket
      return [];
    }
    const rest = this.#head.subarray(end + 4);
    this.#head = null;
    this.#frames = new ClientFrameParser(false);
    return this.#frames.push(rest);
  }
}
