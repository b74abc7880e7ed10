// The report header: exactly the fields docs/report-format.md pins, checked the same way when the
// SDK builds one and when an authority opens one (unknown or missing keys, wrong types → refused),
// and serialised in one canonical field order.

import { CATEGORIES, LIST_CATEGORIES, REASONS, type Category, type ListCategory, type Reason } from '../taxonomy.js';

/** The list entry a report's image matched (never the hash itself). */
export interface ReportMatch {
  readonly list: string;
  /** The list's canonical root, 64 hex digits. */
  readonly root: string;
  readonly index: number;
  readonly category: ListCategory;
}

/** What is known of the attached image; `withheld` when it was too large for the largest bucket. */
export interface ReportAttachment {
  /** Media type, e.g. image/jpeg. */
  readonly type: string;
  /** Length of the image file in bytes. */
  readonly bytes: number;
  /** SHA-256 of the image file, 64 hex digits. */
  readonly sha256: string;
  readonly withheld?: 'too-large';
}

/** The opening of a franked message: lets the authority check who sent it (docs/franking.md). */
export interface ReportFranking {
  /** 32 bytes, hex. */
  readonly frankingKey: string;
  /** HMAC-SHA-256 commitment, 32 bytes hex. */
  readonly commitment: string;
  /** The platform's stamp sealed to the authority, 112 bytes hex. */
  readonly sealedStamp: string;
  readonly sender: string;
  readonly recipient: string;
  readonly conversation: string;
  readonly messageId: string;
  /** The platform's receive time, ms since the epoch. */
  readonly timestamp: number;
  /** The message bytes, standard base64. */
  readonly message: string;
  /** SHA-256 of the franked attachment, 64 hex digits, when the message had one. */
  readonly attachmentSha256?: string;
}

/** A report header: nothing else is ever in it. */
export interface ReportHeader {
  /** 32 hex digits, random. */
  readonly reportId: string;
  /** The hour the report was made, rounded down: YYYY-MM-DDTHH:00:00Z. */
  readonly createdAt: string;
  readonly categories: readonly Category[];
  readonly reasons: readonly Reason[];
  /** sha256 of the classifier model, 64 hex digits. */
  readonly model: string;
  readonly match?: ReportMatch;
  readonly note?: string;
  readonly attachment?: ReportAttachment;
  readonly franking?: ReportFranking;
}

/** Longest note, in UTF-8 bytes. */
export const MAX_NOTE_BYTES = 1000;
/** Longest franking identifier (sender, recipient, conversation, message id), in UTF-8 bytes. */
export const MAX_FRANKING_ID_BYTES = 255;
/** Largest timestamp: 2^53 − 1 ms. */
export const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

const HEADER_KEYS = ['reportId', 'createdAt', 'categories', 'reasons', 'model', 'match', 'note', 'attachment', 'franking'] as const;
const REQUIRED_KEYS = ['reportId', 'createdAt', 'categories', 'reasons', 'model'];
const MATCH_KEYS = ['list', 'root', 'index', 'category'] as const;
const ATTACHMENT_KEYS = ['type', 'bytes', 'sha256', 'withheld'] as const;
export const FRANKING_KEYS = [
  'frankingKey',
  'commitment',
  'sealedStamp',
  'sender',
  'recipient',
  'conversation',
  'messageId',
  'timestamp',
  'message',
  'attachmentSha256',
] as const;

const HOUR = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):00:00Z$/;
const hex = (n: number): RegExp => new RegExp(`^[0-9a-f]{${n}}$`);
const HEX32 = hex(32);
const HEX64 = hex(64);
const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** The hour of `ms` (since the epoch), rounded down, as YYYY-MM-DDTHH:00:00Z. */
export function hourOf(ms: number): string {
  return new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString().replace('.000Z', 'Z');
}

type Fail = (why: string) => never;

function object(v: unknown, name: string, keys: readonly string[], required: readonly string[], fail: Fail): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`"${name}" must be an object`);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`"${name}" has an unknown key "${k.slice(0, 40)}"`);
  for (const k of required) if (!Object.hasOwn(o, k)) fail(`"${name}.${k}" is missing`);
  return o;
}

function text(v: unknown, name: string, re: RegExp, fail: Fail): string {
  if (typeof v !== 'string' || !re.test(v)) fail(`"${name}" is malformed`);
  return v as string;
}

function integer(v: unknown, name: string, max: number, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) fail(`"${name}" must be an integer from 0 to ${max}`);
  return v as number;
}

function identifier(v: unknown, name: string, min: number, fail: Fail): string {
  if (typeof v !== 'string') fail(`"${name}" must be a string`);
  const n = utf8Length(v as string);
  if (n < min || n > MAX_FRANKING_ID_BYTES) fail(`"${name}" must be ${min} to ${MAX_FRANKING_ID_BYTES} UTF-8 bytes`);
  return v as string;
}

function labels<T extends string>(v: unknown, name: string, allowed: readonly T[], fail: Fail): T[] {
  if (!Array.isArray(v)) fail(`"${name}" must be an array`);
  const arr = v as unknown[];
  for (const x of arr)
    if (typeof x !== 'string' || !(allowed as readonly string[]).includes(x)) fail(`"${name}" holds a label outside the fixed taxonomy`);
  if (new Set(arr).size !== arr.length) fail(`"${name}" repeats a label`);
  return arr as T[];
}

/** Checks a report's franking opening (shape only; docs/franking.md for what it proves). */
export function checkFranking(v: unknown, fail: Fail): ReportFranking {
  const o = object(
    v,
    'franking',
    FRANKING_KEYS,
    FRANKING_KEYS.filter((k) => k !== 'attachmentSha256'),
    fail,
  );
  const message = o.message;
  if (typeof message !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(message) || message.length % 4 !== 0) fail('"franking.message" must be base64');
  return {
    frankingKey: text(o.frankingKey, 'franking.frankingKey', HEX64, fail),
    commitment: text(o.commitment, 'franking.commitment', HEX64, fail),
    sealedStamp: text(o.sealedStamp, 'franking.sealedStamp', hex(224), fail),
    sender: identifier(o.sender, 'franking.sender', 1, fail),
    recipient: identifier(o.recipient, 'franking.recipient', 1, fail),
    conversation: identifier(o.conversation, 'franking.conversation', 0, fail),
    messageId: identifier(o.messageId, 'franking.messageId', 1, fail),
    timestamp: integer(o.timestamp, 'franking.timestamp', MAX_TIMESTAMP, fail),
    message: message as string,
    ...(o.attachmentSha256 === undefined ? {} : { attachmentSha256: text(o.attachmentSha256, 'franking.attachmentSha256', HEX64, fail) }),
  };
}

/**
 * Checks a header and returns it with its fields in canonical order. The SDK runs this before it
 * seals (so it never makes a header an authority would refuse), the authority after it opens.
 * @param fail called with the reason; must throw (SEAL for authorities, INVALID_ARGUMENT for the SDK)
 */
export function checkHeader(v: unknown, fail: Fail): ReportHeader {
  const o = object(v, 'header', HEADER_KEYS, REQUIRED_KEYS, fail);
  const header: { -readonly [K in keyof ReportHeader]: ReportHeader[K] } = {
    reportId: text(o.reportId, 'reportId', HEX32, fail),
    createdAt: text(o.createdAt, 'createdAt', HOUR, fail),
    categories: labels(o.categories, 'categories', CATEGORIES, fail),
    reasons: labels(o.reasons, 'reasons', REASONS, fail),
    model: text(o.model, 'model', HEX64, fail),
  };
  if (o.match !== undefined) {
    const m = object(o.match, 'match', MATCH_KEYS, MATCH_KEYS, fail);
    if (typeof m.list !== 'string' || m.list.length < 1 || m.list.length > 64) fail('"match.list" must be a list id');
    header.match = {
      list: m.list as string,
      root: text(m.root, 'match.root', HEX64, fail),
      index: integer(m.index, 'match.index', 2 ** 32, fail),
      category: labels([m.category], 'match.category', LIST_CATEGORIES, fail)[0],
    };
  }
  if (o.note !== undefined) {
    if (typeof o.note !== 'string' || utf8Length(o.note) > MAX_NOTE_BYTES) fail(`"note" must be a string of at most ${MAX_NOTE_BYTES} UTF-8 bytes`);
    header.note = o.note as string;
  }
  if (o.attachment !== undefined) {
    const a = object(o.attachment, 'attachment', ATTACHMENT_KEYS, ['type', 'bytes', 'sha256'], fail);
    if (a.withheld !== undefined && a.withheld !== 'too-large') fail('"attachment.withheld" must be "too-large"');
    header.attachment = {
      type: text(a.type, 'attachment.type', /^[a-z]+\/[a-z0-9.+-]{1,60}$/, fail),
      bytes: integer(a.bytes, 'attachment.bytes', MAX_TIMESTAMP, fail),
      sha256: text(a.sha256, 'attachment.sha256', HEX64, fail),
      ...(a.withheld === undefined ? {} : { withheld: 'too-large' as const }),
    };
  }
  if (o.franking !== undefined) header.franking = checkFranking(o.franking, fail);
  return header;
}

/** The header's canonical bytes: UTF-8 JSON, fields in the order of docs/report-format.md. */
export function serializeHeader(header: ReportHeader): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(header));
}
