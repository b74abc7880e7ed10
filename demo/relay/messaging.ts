// DEMO ONLY. The relay's WebSocket side (demo/PROTOCOL.md): a challenge per connection, a signed
// hello that registers keys on first use, and `send` → reused-id check → the platform's stamp →
// store → deliver now or at the recipient's next hello → ack. The sender is always the
// connection's authenticated user, never a field of the message.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RelayLog } from './relay-log.js';
import type { RelayStore, StoredMessage } from './store.js';
import { parseFrame, readHello, readSend, toB64, type Hello, type Send } from './wire.js';

/** The largest WebSocket frame the relay reads (bytes); larger ones close with 1009. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
const AUTH_CONTEXT = new TextEncoder().encode('safeseal-demo-auth-v1\0');

/** What the messaging side needs: its stamping is injected so this file imports no key files. */
export interface MessagingDeps {
  readonly store: RelayStore;
  readonly log: RelayLog;
  readonly platformKeyId: string;
  /** Ed25519 detached-signature check (libsodium's crypto_sign_verify_detached). */
  readonly verifySignature: (sig: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;
  /** The platform's sealed stamp (stampCommitment with the platform key and the authority's public key). */
  readonly stamp: (commitment: Uint8Array, m: Omit<StoredMessage, 'rowId' | 'commitment' | 'sealedStamp' | 'ciphertext'>) => Promise<Uint8Array>;
  readonly onError: (error: unknown) => void;
}

interface Connection {
  readonly ws: WebSocket;
  readonly conn: number;
  readonly port: number;
  readonly nonce: Uint8Array;
  user: string | null;
  queue: Promise<void>;
}

type Reply = Record<string, unknown> & { type: string };

export class Messaging {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  private readonly online = new Map<string, Set<Connection>>();
  private readonly connections = new Set<Connection>();

  constructor(private readonly deps: MessagingDeps) {}

  /** Takes over an upgrade request for /ws (already logged by the HTTP side). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, conn: number, port: number): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, conn, port));
  }

  private accept(ws: WebSocket, conn: number, port: number): void {
    const c: Connection = { ws, conn, port, nonce: new Uint8Array(randomBytes(32)), user: null, queue: Promise.resolve() };
    this.connections.add(c);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const frame = parseFrame(data, isBinary);
      const kind = frame?.type === 'hello' ? 'key' : frame?.type === 'send' ? 'ciphertext' : 'control';
      this.deps.log.write({ t: Date.now(), conn, port, kind, method: 'WS', url: '/ws', bytes: data.length, headerBytes: 0 });
      // One frame at a time per connection: a send's stamp is async, and order must hold.
      c.queue = c.queue
        .then(() => this.handle(c, frame))
        .catch((e: unknown) => {
          this.deps.onError(e);
          this.reply(c, { type: 'error', code: 'INTERNAL' });
        });
    });
    ws.on('close', () => {
      this.connections.delete(c);
      if (c.user !== null) this.online.get(c.user)?.delete(c);
    });
    ws.on('error', () => ws.terminate());
    this.reply(c, { type: 'challenge', nonce: toB64(c.nonce) });
  }

  private reply(c: Connection, message: Reply, sent?: () => void): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(JSON.stringify(message), (err) => {
      if (!err) sent?.();
    });
  }

  private refuse(c: Connection, code: string, close: boolean, extra: Record<string, unknown> = {}): void {
    this.reply(c, { type: 'error', code, ...extra });
    if (close) c.ws.close(1008, code);
  }

  private async handle(c: Connection, frame: Reply | null): Promise<void> {
    if (frame?.type === 'hello') {
      const hello = readHello(frame);
      if (hello === null) return this.refuse(c, 'BAD_MESSAGE', true);
      if (c.user !== null) return this.refuse(c, 'ALREADY_AUTHENTICATED', true);
      return this.hello(c, hello);
    }
    if (frame?.type === 'send') {
      if (c.user === null) return this.refuse(c, 'NOT_AUTHENTICATED', true);
      const send = readSend(frame);
      if (send === null) return this.refuse(c, 'BAD_MESSAGE', true);
      return this.send(c, c.user, send);
    }
    return this.refuse(c, 'BAD_MESSAGE', true);
  }

  private hello(c: Connection, hello: Hello): void {
    const signed = new Uint8Array(AUTH_CONTEXT.length + c.nonce.length);
    signed.set(AUTH_CONTEXT);
    signed.set(c.nonce, AUTH_CONTEXT.length);
    if (!this.deps.verifySignature(hello.sig, signed, hello.signPk)) return this.refuse(c, 'BAD_SIGNATURE', true);
    const { store } = this.deps;
    const known = store.account(hello.user);
    if (known === null) store.register({ user: hello.user, signPk: hello.signPk, kxPk: hello.kxPk }, Date.now());
    else if (!Buffer.from(known.signPk).equals(hello.signPk) || !Buffer.from(known.kxPk).equals(hello.kxPk))
      return this.refuse(c, 'KEY_MISMATCH', true);
    c.user = hello.user;
    const contacts = store
      .accounts()
      .filter((a) => a.user !== hello.user)
      .map((a) => ({ user: a.user, signPk: toB64(a.signPk), kxPk: toB64(a.kxPk) }));
    this.reply(c, { type: 'welcome', user: hello.user, contacts, platformKeyId: this.deps.platformKeyId });
    const keys = { type: 'keys', user: hello.user, signPk: toB64(hello.signPk), kxPk: toB64(hello.kxPk) };
    for (const other of this.connections) if (other !== c && other.user !== null && other.user !== hello.user) this.reply(other, keys);
    let mine = this.online.get(hello.user);
    if (mine === undefined) this.online.set(hello.user, (mine = new Set()));
    mine.add(c);
    for (const m of store.pending(hello.user)) this.deliver(m);
  }

  private async send(c: Connection, sender: string, s: Send): Promise<void> {
    const { store } = this.deps;
    if (!store.claimMessageId(sender, s.messageId)) return this.refuse(c, 'REUSED_ID', false, { messageId: s.messageId });
    const timestamp = Date.now();
    const meta = { sender, recipient: s.recipient, conversation: s.conversation, messageId: s.messageId, timestamp };
    const sealedStamp = await this.deps.stamp(s.commitment, meta);
    const rowId = store.storeMessage({ ...meta, commitment: s.commitment, sealedStamp, ciphertext: s.ciphertext });
    this.deliver({ ...meta, rowId, commitment: s.commitment, sealedStamp, ciphertext: s.ciphertext });
    this.reply(c, { type: 'ack', messageId: s.messageId, timestamp });
  }

  /** To every open connection of the recipient; marked delivered once one has it. */
  private deliver(m: StoredMessage): void {
    const message = {
      type: 'message',
      sender: m.sender,
      recipient: m.recipient,
      conversation: m.conversation,
      messageId: m.messageId,
      timestamp: m.timestamp,
      commitment: toB64(m.commitment),
      sealedStamp: toB64(m.sealedStamp),
      ciphertext: toB64(m.ciphertext),
    };
    for (const c of this.online.get(m.recipient) ?? [])
      this.reply(c, message, () => {
        try {
          this.deps.store.markDelivered(m.rowId);
        } catch (e) {
          this.deps.onError(e); // the store closed while the frame was in flight
        }
      });
  }

  /** Closes every client (1001, then terminate after `graceMs`) and waits for their queued frames. */
  async close(graceMs = 1000): Promise<void> {
    const all = [...this.connections];
    await Promise.all(
      all.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.ws.readyState === c.ws.CLOSED) return resolve();
            const timer = setTimeout(() => c.ws.terminate(), graceMs);
            c.ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            c.ws.close(1001, 'relay stopping');
          }),
      ),
    );
    await Promise.all(all.map((c) => c.queue));
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
