// Client→server WebSocket frames (RFC 6455 §5.2) parsed from the raw bytes of a tunnel, so the
// audit sees each frame's payload itself instead of trusting the browser's or the relay's account.
// Strict: a client frame must be masked and must not use an extension (RSV bits), else it is an
// error the audit reports: it cannot account for bytes it cannot read.

/** One frame as it crossed the wire. */
export interface WsFrame {
  readonly fin: boolean;
  /** 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong. */
  readonly opcode: number;
  /** The unmasked payload. */
  readonly payload: Buffer;
  /** Bytes of the frame on the wire: header, mask key and payload. */
  readonly wireBytes: number;
}

/** Frames above this are refused by the relay too (PROTOCOL.md: close 1009 above 16 MiB). */
export const MAX_FRAME_PAYLOAD = 16 * 1024 * 1024 + 1024;

export class WsFrameError extends Error {}

/** Parses client frames incrementally: push bytes as they arrive, get complete frames back. */
export class ClientFrameParser {
  #pending: Buffer = Buffer.alloc(0);
  readonly #masked: boolean;

  /** `masked` false parses the server's side (RFC 6455: server frames are never masked). */
  constructor(masked = true) {
    this.#masked = masked;
  }

  /** Bytes received but not yet part of a complete frame. */
  get pendingBytes(): number {
    return this.#pending.length;
  }

  /**
   * Appends `chunk` and returns every frame it completes.
   * @throws WsFrameError on an unmasked frame, RSV bits set, a control frame over 125 bytes or
   *   fragmented, a reserved opcode, or a payload above MAX_FRAME_PAYLOAD
   */
  push(chunk: Buffer): WsFrame[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const frames: WsFrame[] = [];
    for (;;) {
      const frame = this.#next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  #next(): WsFrame | null {
    const b = this.#pending;
    if (b.length < 2) return null;
    const fin = (b[0] & 0x80) !== 0;
    if ((b[0] & 0x70) !== 0) throw new WsFrameError('RSV bits set: an extension (compression?) the audit cannot read');
    const opcode = b[0] & 0x0f;
    if (![0, 1, 2, 8, 9, 10].includes(opcode)) throw new WsFrameError(`reserved opcode ${opcode}`);
    if ((b[1] & 0x80) === 0 && this.#masked) throw new WsFrameError('unmasked client frame');
    if ((b[1] & 0x80) !== 0 && !this.#masked) throw new WsFrameError('masked server frame');
    let length = b[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return null;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return null;
      const big = b.readBigUInt64BE(2);
      if (big > BigInt(MAX_FRAME_PAYLOAD)) throw new WsFrameError(`frame payload of ${big} bytes`);
      length = Number(big);
      offset = 10;
    }
    if (length > MAX_FRAME_PAYLOAD) throw new WsFrameError(`frame payload of ${length} bytes`);
    if (opcode >= 8 && (length > 125 || !fin)) throw new WsFrameError('control frame too long or fragmented');
    const maskBytes = this.#masked ? 4 : 0;
    const total = offset + maskBytes + length;
    if (b.length < total) return null;
    const mask = this.#masked ? b.subarray(offset, offset + 4) : Buffer.alloc(4);
    const payload = Buffer.alloc(length);
    const data = b.subarray(offset + maskBytes, total);
    for (let i = 0; i < length; i++) payload[i] = data[i] ^ mask[i & 3];
    this.#pending = b.subarray(total);
    return { fin, opcode, payload, wireBytes: total };
  }
}

/**
 * A masked client frame (for tests and the proxy's own unit tests): what a browser would send.
 * `mask` is 4 bytes; RFC 6455 wants it random, tests pass a fixed one.
 */
export function encodeClientFrame(opcode: number, payload: Uint8Array, mask: Uint8Array, fin = true): Buffer {
  const length = payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | opcode];
  if (length < 126) head.push(0x80 | length);
  else if (length < 65536) head.push(0x80 | 126, length >> 8, length & 0xff);
  else {
    head.push(0x80 | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  const out = Buffer.alloc(head.length + 4 + length);
  Buffer.from(head).copy(out);
  Buffer.from(mask).copy(out, head.length);
  for (let i = 0; i < length; i++) out[head.length + 4 + i] = payload[i] ^ mask[i & 3];
  return out;
}
