// DEMO ONLY. Clients of the demo relay for tests: raw HTTP requests (the path sent as is, the
// local port recorded so log lines can be matched) and a WebSocket client that speaks
// demo/PROTOCOL.md (challenge → signed hello) with its own libsodium keys.

import { request } from 'node:http';
import { connect } from 'node:net';
import sodium from 'libsodium-wrappers';
import WebSocket from 'ws';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  /** The client's TCP port (the relay logs it as `port`). */
  readonly localPort: number;
}

/** One HTTP request on its own connection; `path` is sent exactly as given (no normalising). */
export function rawRequest(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array } = {},
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    let localPort = 0;
    const req = request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), localPort }));
        res.on('error', reject);
      },
    );
    req.on('socket', (s) => s.on('connect', () => (localPort = s.localPort ?? 0)));
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : Buffer.from(options.body));
  });
}

/** Writes `head` (a whole request without body) on a fresh socket; resolves with the answer's bytes. */
export function rawExchange(base: string, head: string): Promise<{ answer: Buffer; localPort: number }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = connect(Number(url.port), url.hostname, () => s.write(head, 'latin1'));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve({ answer: Buffer.concat(chunks), localPort: s.localPort ?? 0 }));
    s.on('error', reject);
  });
}

export type Frame = Record<string, unknown> & { type: string };

export interface DemoIdentity {
  readonly user: string;
  readonly sign: { publicKey: Uint8Array; privateKey: Uint8Array };
  readonly kx: { publicKey: Uint8Array; privateKey: Uint8Array };
}

export async function makeIdentity(user: string): Promise<DemoIdentity> {
  await sodium.ready;
  return { user, sign: sodium.crypto_sign_keypair(), kx: sodium.crypto_kx_keypair() };
}

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const unb64 = (text: unknown): Uint8Array => new Uint8Array(Buffer.from(String(text), 'base64'));

/** A WebSocket to the relay that queues every frame it receives. */
export class DemoClient {
  readonly frames: Frame[] = [];
  /** Every frame received, as text (for searching responses). */
  readonly raw: string[] = [];
  /** Text and lengths of each frame sent. */
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | null = null;
  localPort = 0;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.raw.push(data.toString('utf8'));
      this.frames.push(JSON.parse(data.toString('utf8')) as Frame);
      this.wake();
    });
    ws.on('upgrade', (res) => (this.localPort = res.socket.localPort ?? 0));
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  static async open(wsUrl: string): Promise<DemoClient> {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    const client = new DemoClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** The first queued frame of `type` (removed from the queue), waiting up to `ms`. */
  async next(type: string, ms = 5000): Promise<Frame> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.frames.findIndex((f) => f.type === type);
      if (i >= 0) return this.frames.splice(i, 1)[0];
      if (this.closed !== null) throw new Error(`closed (${this.closed.code} ${this.closed.reason}) before a ${type} frame`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} frame within ${ms} ms; have ${this.frames.map((f) => f.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  send(frame: object): void {
    const text = JSON.stringify(frame);
    this.sent.push(text);
    this.ws.send(text);
  }

  /** Answers the challenge with a hello signed by `id` (or by `signer` to forge one). */
  async hello(id: DemoIdentity, signer: Uint8Array = id.sign.privateKey): Promise<void> {
    const challenge = await this.next('challenge');
    const nonce = unb64(challenge.nonce);
    const signed = new Uint8Array([...new TextEncoder().encode('safeseal-demo-auth-v1'), 0, ...nonce]);
    const sig = sodium.crypto_sign_detached(signed, signer);
    this.send({ type: 'hello', user: id.user, signPk: b64(id.sign.publicKey), kxPk: b64(id.kx.publicKey), sig: b64(sig) });
  }

  async whenClosed(ms = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + ms;
    while (this.closed === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (this.closed === null) throw new Error('not closed');
    return this.closed;
  }
}
