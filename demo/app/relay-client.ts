// The WebSocket side of demo/PROTOCOL.md: answer the relay's challenge with `hello`, send
// `send` frames, and hand every relay frame to the app. The browser sends these two frame types
// and nothing else — no delivery, read, viewed or typing receipts; receiving sends nothing.

import { b64, signChallenge, unb64, type ContactKeys, type Identity } from './crypto.js';
import type { NetLog } from './net-log.js';

/** A message as the relay delivers it (binary fields decoded). */
export interface Delivered {
  readonly sender: string;
  readonly recipient: string;
  readonly conversation: string;
  readonly messageId: string;
  readonly timestamp: number;
  readonly commitment: Uint8Array;
  readonly sealedStamp: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export interface RelayEvents {
  welcome(contacts: ContactKeys[], platformKeyId: string): void;
  keys(contact: ContactKeys): void;
  message(m: Delivered): void;
  ack(messageId: string, timestamp: number): void;
  error(code: string, messageId: string | undefined): void;
  closed(reason: string): void;
}

const isStr = (v: unknown): v is string => typeof v === 'string';

function contactOf(o: Record<string, unknown>): ContactKeys | null {
  if (!isStr(o.user) || !isStr(o.signPk) || !isStr(o.kxPk)) return null;
  try {
    return { user: o.user, signPk: unb64(o.signPk), kxPk: unb64(o.kxPk) };
  } catch {
    return null;
  }
}

function deliveredOf(o: Record<string, unknown>): Delivered | null {
  const { sender, recipient, conversation, messageId, timestamp, commitment, sealedStamp, ciphertext } = o;
  if (![sender, recipient, conversation, messageId, commitment, sealedStamp, ciphertext].every(isStr)) return null;
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp)) return null;
  try {
    return {
      sender: sender as string,
      recipient: recipient as string,
      conversation: conversation as string,
      messageId: messageId as string,
      timestamp,
      commitment: unb64(commitment as string),
      sealedStamp: unb64(sealedStamp as string),
      ciphertext: unb64(ciphertext as string),
    };
  } catch {
    return null;
  }
}

export class RelayClient {
  #ws: WebSocket | null = null;
  readonly #url: string;

  constructor(
    readonly identity: Identity,
    readonly log: NetLog,
    readonly events: RelayEvents,
  ) {
    this.#url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  }

  get connected(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Opens the connection; the hello goes out when the relay's challenge arrives. */
  connect(): void {
    if (this.#ws && this.#ws.readyState <= WebSocket.OPEN) return;
    this.log.upgrade(this.#url);
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    ws.addEventListener('message', (e) => this.#onFrame(e.data));
    ws.addEventListener('close', (e) => {
      if (this.#ws === ws) this.#ws = null;
      this.events.closed(e.reason || `closed (${e.code})`);
    });
  }

  /** Sends one `send` frame (the relay stamps, stores and delivers it, then acks). */
  send(frame: { recipient: string; messageId: string; commitment: Uint8Array; ciphertext: Uint8Array }): void {
    this.#frame({
      type: 'send',
      recipient: frame.recipient,
      conversation: '',
      messageId: frame.messageId,
      commitment: b64(frame.commitment),
      ciphertext: b64(frame.ciphertext),
    });
  }

  close(): void {
    this.#ws?.close(1000, 'page closed');
  }

  #frame(o: { type: 'hello' | 'send' } & Record<string, unknown>): void {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) throw new Error('not connected to the relay');
    const text = JSON.stringify(o);
    this.log.frame(o.type, this.#url, new TextEncoder().encode(text).length);
    ws.send(text);
  }

  #onFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(data) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof o !== 'object' || o === null) return;
    switch (o.type) {
      case 'challenge': {
        if (!isStr(o.nonce)) return;
        const id = this.identity;
        this.#frame({ type: 'hello', user: id.user, signPk: b64(id.signPk), kxPk: b64(id.kxPk), sig: b64(signChallenge(id, unb64(o.nonce))) });
        return;
      }
      case 'welcome': {
        const contacts = Array.isArray(o.contacts) ? o.contacts.map((c) => contactOf(c as Record<string, unknown>)) : [];
        this.events.welcome(
          contacts.filter((c): c is ContactKeys => c !== null),
          isStr(o.platformKeyId) ? o.platformKeyId : '',
        );
        return;
      }
      case 'keys': {
        const c = contactOf(o);
        if (c) this.events.keys(c);
        return;
      }
      case 'message': {
        const m = deliveredOf(o);
        if (m) this.events.message(m);
        return;
      }
      case 'ack':
        if (isStr(o.messageId) && typeof o.timestamp === 'number') this.events.ack(o.messageId, o.timestamp);
        return;
      case 'error':
        this.events.error(isStr(o.code) ? o.code : 'UNKNOWN', isStr(o.messageId) ? o.messageId : undefined);
        return;
    }
  }
}
