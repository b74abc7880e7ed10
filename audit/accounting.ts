// Every outgoing byte accounted for (issue 10, item 6): each request and frame the proxy captured
// gets one of the kinds of demo/PROTOCOL.md — asset, key, ciphertext, report, control — only if it
// is exactly what that kind allows: an asset is a body-less GET of a listed URL; a ciphertext frame
// has the pinned layout and decrypts, with the scenario's keys, to exactly the scenario's message;
// a report is one bucket-sized POST /reports the authority opens to the expected header, franking
// verified. Anything else is `unaccounted` and fails the scenario.

import { fromB64, messageAd, openMessage, senderKey, verifyHello, type AccountKeys } from './e2ee.js';

export type Kind = 'asset' | 'key' | 'ciphertext' | 'report' | 'control';

/** One thing an account's browser sent, as the proxy captured it. */
export interface OutgoingItem {
  readonly seq: number;
  readonly account: string;
  readonly type: 'http' | 'frame';
  /** HTTP method, or 'WS' for a frame. */
  readonly method: string;
  readonly url: string;
  /** HTTP: lower-cased header names and values. */
  readonly headers?: readonly (readonly [string, string])[];
  /** HTTP: the head's bytes as the browser sent them. */
  readonly head?: Buffer;
  /** HTTP body or frame payload. */
  readonly body: Buffer;
  readonly opcode?: number;
  readonly fin?: boolean;
  /** The relay's challenge nonce on this item's WebSocket (for a hello). */
  readonly challenge?: Uint8Array;
  /** Payloads of the relay's pings on this WebSocket (a pong may only echo one). */
  readonly serverPings?: readonly Buffer[];
  /** Set when the proxy refused to forward it. */
  readonly refused?: string;
}

export interface ExpectedMessage {
  readonly recipient: string;
  readonly text: string;
  readonly image?: { readonly type: string; readonly bytes: Uint8Array };
}

/** What the authority must find in a report the scenario sends. */
export interface ExpectedReport {
  readonly categories: readonly string[];
  readonly reasons: readonly string[];
  /** The reported message: sender, recipient, text and (when attached) the image. */
  readonly sender: string;
  readonly recipient: string;
  readonly text: string;
  readonly image: Uint8Array | null;
  /** sha256 of the classifier model the verdict came from (64 hex digits). */
  readonly model?: string;
}

/** What the authority's code found in an envelope (openReport + verifyReportFranking). */
export interface OpenedForAudit {
  readonly header: {
    readonly categories: readonly string[];
    readonly reasons: readonly string[];
    readonly model?: string;
    readonly match?: unknown;
    readonly note?: string;
    readonly franking?: { readonly message: string; readonly sender: string; readonly recipient: string };
    readonly attachment?: { readonly bytes: number; readonly withheld?: string };
  };
  readonly attachment: Uint8Array | null;
  readonly franking: { readonly valid: boolean; readonly attachment: 'matches' | 'absent' | 'mismatch' } | null;
}

export interface AccountingContext {
  /** `http://127.0.0.1:PORT`, the relay. */
  readonly origin: string;
  readonly assets: ReadonlySet<string>;
  readonly keys: ReadonlyMap<string, AccountKeys>;
  /** Per sender, in order: the messages this scenario sends. */
  readonly messages: ReadonlyMap<string, readonly ExpectedMessage[]>;
  /** Per reporter, in order: the reports this scenario sends. */
  readonly reports: ReadonlyMap<string, readonly ExpectedReport[]>;
  /** The report sizes the SDK may produce (bytes). */
  readonly buckets: readonly number[];
  /** Opens an envelope with the authority's code; throws when it is not a valid report. */
  openReport(envelope: Uint8Array): Promise<OpenedForAudit>;
  /** The franking commitment check of `safeseal/franking` (verifyFrankedMessage). */
  verifyFranking(opening: { message: string; attachment?: Uint8Array; frankingKey: Uint8Array; commitment: Uint8Array }): Promise<boolean>;
}

export interface Verdict {
  readonly item: OutgoingItem;
  readonly kind: Kind | 'unaccounted';
  readonly ok: boolean;
  /** Why it was accepted, or why not. */
  readonly verdict: string;
}

export interface AccountingResult {
  readonly verdicts: Verdict[];
  /** Expected messages or reports that were never sent. */
  readonly missing: string[];
}

/** Header names a browser sends by itself; any other header is unaccounted. */
const BROWSER_HEADERS = new Set([
  'host',
  'connection',
  'proxy-connection',
  'user-agent',
  'accept',
  'accept-encoding',
  'accept-language',
  'referer',
  'origin',
  'content-type',
  'content-length',
  'cache-control',
  'pragma',
  'upgrade',
  'upgrade-insecure-requests',
  'priority',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-fetch-site',
  'sec-fetch-mode',
  'sec-fetch-dest',
  'sec-fetch-user',
  'sec-fetch-storage-access',
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
]);

/** Close reasons that carry nothing: none, and the page's fixed one (demo/app/relay-client.ts). */
const CLOSE_REASONS = ['', 'page closed'];

const keysInOrder = (value: unknown, keys: readonly string[]): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && JSON.stringify(Object.keys(value)) === JSON.stringify(keys);

const sameBytes = (a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean =>
  a != null && b != null && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

const strictUtf8 = (bytes: Uint8Array): string | null => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
};

/**
 * Gives every item a kind and a verdict, consuming the context's expected messages and reports
 * in order. Pure apart from the injected authority and franking calls.
 */
export async function accountFor(items: readonly OutgoingItem[], ctx: AccountingContext): Promise<AccountingResult> {
  const messages = new Map([...ctx.messages].map(([k, v]) => [k, [...v]]));
  const reports = new Map([...ctx.reports].map(([k, v]) => [k, [...v]]));
  const seenIds = new Set<string>();
  const verdicts: Verdict[] = [];
  for (const item of items) {
    const judge = (kind: Kind | 'unaccounted', verdict: string): void => {
      verdicts.push({ item, kind, ok: kind !== 'unaccounted', verdict });
    };
    try {
      if (item.refused) judge('unaccounted', `refused by the proxy: ${item.refused}`);
      else if (item.type === 'http') await accountHttp(item, ctx, reports, judge);
      else accountFrame(item, ctx, messages, seenIds, judge, await frameChecks(item, ctx, messages));
    } catch (e) {
      judge('unaccounted', `check failed: ${(e as Error).message}`);
    }
  }
  const missing: string[] = [];
  for (const [user, list] of messages)
    for (const m of list) missing.push(`${user} → ${m.recipient}: message ${JSON.stringify(m.text)} was never sent`);
  for (const [user, list] of reports) for (const r of list) missing.push(`${user}: report of ${JSON.stringify(r.text)} was never sent`);
  return { verdicts, missing };
}

type Judge = (kind: Kind | 'unaccounted', verdict: string) => void;

async function accountHttp(item: OutgoingItem, ctx: AccountingContext, reports: Map<string, ExpectedReport[]>, judge: Judge): Promise<void> {
  const headers = item.headers ?? [];
  const extra = headers.map(([n]) => n).filter((n) => !BROWSER_HEADERS.has(n));
  if (extra.length > 0) return judge('unaccounted', `headers the browser does not send by itself: ${extra.join(', ')}`);
  if (headers.some(([n]) => n === 'cookie')) return judge('unaccounted', 'a Cookie header');
  if (!item.url.startsWith(ctx.origin + '/')) return judge('unaccounted', `not the relay's origin (${ctx.origin})`);
  const path = item.url.slice(ctx.origin.length);
  const header = (name: string): string | undefined => headers.find(([n]) => n === name)?.[1];
  if (item.method === 'GET' && path === '/ws' && /^websocket$/i.test(header('upgrade') ?? '')) {
    if (item.body.length !== 0) return judge('unaccounted', 'a WebSocket upgrade with a body');
    return judge('control', 'the WebSocket upgrade of /ws (PROTOCOL: the one socket to the relay)');
  }
  if (item.method === 'GET') {
    if (item.body.length !== 0 || header('content-length') !== undefined) return judge('unaccounted', 'a GET with a body');
    if (!ctx.assets.has(path)) return judge('unaccounted', `GET ${path} is not on the asset list`);
    return judge('asset', 'body-less GET of a listed asset');
  }
  if (item.method === 'POST' && path === '/reports') {
    if (header('content-type') !== 'application/octet-stream') return judge('unaccounted', `report Content-Type ${header('content-type')}`);
    if (!ctx.buckets.includes(item.body.length))
      return judge('unaccounted', `a report of ${item.body.length} bytes is not a bucket size (${ctx.buckets.join(', ')})`);
    const queue = reports.get(item.account) ?? [];
    const expected = queue[0];
    if (!expected) return judge('unaccounted', `${item.account} sent a report the scenario did not make`);
    let opened: OpenedForAudit;
    try {
      opened = await ctx.openReport(item.body);
    } catch (e) {
      return judge('unaccounted', `the authority cannot open it: ${(e as Error).message}`);
    }
    const problem = reportProblem(opened, expected);
    if (problem) return judge('unaccounted', `the opened report is not the one made: ${problem}`);
    queue.shift();
    return judge(
      'report',
      `sealed report, ${item.body.length} bytes (a bucket); the authority opened it to categories [${opened.header.categories.join(', ')}], ` +
        `${expected.image ? 'the image attached and matching its franking' : 'no image'}, franking valid`,
    );
  }
  return judge('unaccounted', `${item.method} ${path} is not in the protocol`);
}

function reportProblem(opened: OpenedForAudit, expected: ExpectedReport): string | null {
  const h = opened.header;
  if (JSON.stringify(h.categories) !== JSON.stringify(expected.categories)) return `categories ${JSON.stringify(h.categories)}`;
  if (JSON.stringify(h.reasons) !== JSON.stringify(expected.reasons)) return `reasons ${JSON.stringify(h.reasons)}`;
  if (expected.model !== undefined && h.model !== expected.model) return `model ${String(h.model)}, expected ${expected.model}`;
  if (h.note !== undefined) return 'a note the user did not write';
  if (h.match !== undefined && !expected.reasons.includes('known-match')) return 'a list match in a classifier report';
  if (!h.franking || !opened.franking) return 'no franking';
  if (!opened.franking.valid) return 'the franking does not verify';
  if (h.franking.sender !== expected.sender || h.franking.recipient !== expected.recipient) return 'franked sender or recipient';
  if (Buffer.from(h.franking.message, 'base64').toString('utf8') !== expected.text) return 'franked message text';
  if (expected.image) {
    if (!sameBytes(opened.attachment, expected.image)) return 'the attachment is not the image';
    if (opened.franking.attachment !== 'matches') return `attachment franking ${opened.franking.attachment}`;
  } else if (opened.attachment !== null) return 'an attachment the user did not choose to send';
  return null;
}

/** The async part of a `send` frame's check (the franking commitment), done before the sync verdict. */
async function frameChecks(item: OutgoingItem, ctx: AccountingContext, messages: Map<string, ExpectedMessage[]>): Promise<string | null> {
  const parsed = parseFrame(item);
  if (!parsed || parsed.type !== 'send') return null;
  const opened = openSend(item, parsed, ctx, messages.get(item.account)?.[0]);
  if (typeof opened === 'string') return opened;
  const ok = await ctx.verifyFranking({
    message: opened.payload.text as string,
    frankingKey: opened.frankingKey,
    commitment: opened.commitment,
    ...(opened.image ? { attachment: opened.image } : {}),
  });
  return ok ? 'ok' : 'the commitment is not the franking of this message';
}

function parseFrame(item: OutgoingItem): Record<string, unknown> | null {
  if (item.opcode !== 1 || item.fin !== true) return null;
  const text = strictUtf8(item.body);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    // Byte-exact: the frame must be the canonical serialisation of what it says.
    if (JSON.stringify(value) !== text) return null;
    return value as Record<string, unknown>;
  } catch {
    return null;
  }
}

interface OpenedSend {
  payload: Record<string, unknown>;
  frankingKey: Uint8Array;
  commitment: Uint8Array;
  image: Uint8Array | null;
}

/** Decrypts a send frame for the expected message; a string says why it is not that message. */
function openSend(
  item: OutgoingItem,
  f: Record<string, unknown>,
  ctx: AccountingContext,
  expected: ExpectedMessage | undefined,
): OpenedSend | string {
  if (!keysInOrder(f, ['type', 'recipient', 'conversation', 'messageId', 'commitment', 'ciphertext'])) return 'send: not the pinned fields in order';
  if (!expected) return `${item.account} sent a message the scenario did not make`;
  if (f.recipient !== expected.recipient) return `send: recipient ${String(f.recipient)}, expected ${expected.recipient}`;
  if (f.conversation !== '') return 'send: a conversation id (the demo has one conversation per pair: "")';
  if (typeof f.messageId !== 'string' || !/^[0-9a-f]{32}$/.test(f.messageId)) return 'send: messageId is not 32 lowercase hex';
  const commitment = fromB64(f.commitment as string);
  const ciphertext = fromB64(f.ciphertext as string);
  if (!commitment || commitment.length !== 32) return 'send: commitment is not base64 of 32 bytes';
  if (!ciphertext) return 'send: ciphertext is not canonical base64';
  const sender = ctx.keys.get(item.account);
  const recipient = ctx.keys.get(expected.recipient);
  if (!sender || !recipient) return 'send: the audit has no keys for this pair';
  const key = senderKey(sender, recipient.kxPk);
  const plain = openMessage(ciphertext, messageAd(item.account, expected.recipient, f.messageId, commitment), key);
  if (!plain) return 'send: does not decrypt with the pair session key and the pinned AD';
  const text = strictUtf8(plain);
  let payload: unknown;
  try {
    payload = text === null ? null : JSON.parse(text);
  } catch {
    payload = null;
  }
  if (payload === null || JSON.stringify(payload) !== text) return 'send: the plaintext is not canonical UTF-8 JSON';
  const fields = expected.image ? ['text', 'frankingKey', 'image'] : ['text', 'frankingKey'];
  if (!keysInOrder(payload, fields)) return `send: the payload's fields are not exactly ${fields.join(', ')}`;
  if (payload.text !== expected.text) return "send: the text is not the scenario's";
  const frankingKey = fromB64(payload.frankingKey as string);
  if (!frankingKey || frankingKey.length !== 32) return 'send: frankingKey is not base64 of 32 bytes';
  let image: Uint8Array | null = null;
  if (expected.image) {
    const img = payload.image;
    if (!keysInOrder(img, ['type', 'data'])) return 'send: image is not exactly { type, data }';
    if (img.type !== expected.image.type) return `send: image type ${String(img.type)}`;
    image = fromB64(img.data as string);
    if (!sameBytes(image, expected.image.bytes)) return "send: the image bytes are not the scenario's file";
  }
  return { payload, frankingKey, commitment, image };
}

function accountFrame(
  item: OutgoingItem,
  ctx: AccountingContext,
  messages: Map<string, ExpectedMessage[]>,
  seenIds: Set<string>,
  judge: Judge,
  sendCheck: string | null,
): void {
  if (item.opcode === 8) {
    const code = item.body.length >= 2 ? item.body.readUInt16BE(0) : null;
    const reason = item.body.subarray(2).toString('latin1');
    if (item.body.length === 0 || ((code === 1000 || code === 1001) && CLOSE_REASONS.includes(reason)))
      return judge('control', `WebSocket close ${code ?? ''} ${JSON.stringify(reason)} (the page went away)`);
    return judge('unaccounted', `a close frame with code ${code} and reason ${JSON.stringify(reason)} (not a fixed one)`);
  }
  if (item.opcode === 10) {
    if ((item.serverPings ?? []).some((p) => p.equals(item.body))) return judge('control', "WebSocket pong echoing the relay's ping");
    return judge('unaccounted', 'a pong that echoes no ping');
  }
  const f = parseFrame(item);
  if (!f) return judge('unaccounted', 'not a single canonical JSON text frame');
  if (f.type === 'hello') {
    if (!keysInOrder(f, ['type', 'user', 'signPk', 'kxPk', 'sig'])) return judge('unaccounted', 'hello: not the pinned fields in order');
    const keys = ctx.keys.get(item.account);
    if (f.user !== item.account || !keys) return judge('unaccounted', `hello for ${String(f.user)} from ${item.account}'s page`);
    if (!sameBytes(fromB64(f.signPk as string), keys.signPk) || !sameBytes(fromB64(f.kxPk as string), keys.kxPk))
      return judge('unaccounted', "hello: public keys are not the page's");
    const sig = fromB64(f.sig as string);
    if (!sig || sig.length !== 64 || !item.challenge || !verifyHello(sig, item.challenge, keys.signPk))
      return judge('unaccounted', "hello: sig is not the page's signature over the relay's challenge");
    return judge('key', "hello: the page's public keys, signed over the relay's challenge");
  }
  if (f.type === 'send') {
    if (sendCheck !== 'ok') return judge('unaccounted', sendCheck ?? 'send: unchecked');
    const id = f.messageId as string;
    if (seenIds.has(id)) return judge('unaccounted', 'send: a message id used before');
    seenIds.add(id);
    const expected = messages.get(item.account)!.shift()!;
    return judge(
      'ciphertext',
      `send to ${expected.recipient}: decrypts to exactly the scenario's ${expected.image ? 'text and image' : 'text'}; commitment is its franking`,
    );
  }
  return judge('unaccounted', `frame type ${JSON.stringify(f.type)} is not in the protocol`);
}
