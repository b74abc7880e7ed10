// The public types of verdicts, policies and prompts. Types and constant lists only, importing
// nothing but the taxonomy (a leaf like protocol.ts): everything here may cross the worker
// boundary, and the lead can move it into protocol.ts unchanged.

import type { Category, Reason } from '../taxonomy.js';

/** Who the user is. `child` is the default: the most protective profile. */
export const AUDIENCES = ['child', 'teen', 'adult'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Outgoing: checked before it is encrypted and sent. Incoming: checked after it is decrypted. */
export const DIRECTIONS = ['outgoing', 'incoming'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * What the app does with the image. `allow`: show or send, no prompt. `blur`: incoming, shown
 * blurred with the short prompt (`view` shows it); outgoing, one confirmation before sending.
 * `warn`: incoming, blurred with the descriptive prompt and help; outgoing, the interstitial
 * before sending. `block`: incoming, never shown; outgoing, not sent.
 */
export const ACTIONS = ['allow', 'blur', 'warn', 'block'] as const;
export type Action = (typeof ACTIONS)[number];

/** What `scanImage` does when the image cannot be checked: an action, or reject with the code. */
export const ON_ERROR = ['blur', 'warn', 'block', 'throw'] as const;
export type OnError = (typeof ON_ERROR)[number];

/** What a known-list match does. Never `allow`: a match is never waved through. */
export const ON_KNOWN_MATCH = ['block', 'warn', 'blur'] as const;
export type OnKnownMatch = (typeof ON_KNOWN_MATCH)[number];

/**
 * The error codes that mean "this image could not be checked": `scanImage` applies `onError`
 * to them (a verdict with reason `error`), or rejects with them under `onError: 'throw'`.
 */
export const CHECK_ERROR_CODES = [
  'UNSUPPORTED_FORMAT',
  'CORRUPT_IMAGE',
  'IMAGE_TOO_LARGE',
  'TIMEOUT',
  'WORKER_CRASHED',
  'NOT_READY',
  'MODEL_LOAD',
  'MODEL_INTEGRITY',
  'LIST_EXPIRED',
] as const;
export type CheckErrorCode = (typeof CHECK_ERROR_CODES)[number];

/** Codes that always reject, whatever `onError` says: the call itself was wrong or cancelled. */
export const ALWAYS_REJECT_CODES = ['INVALID_ARGUMENT', 'ABORTED', 'DISPOSED', 'BUSY'] as const;

/** The classifier's categories (`sexual` = porn + hentai, `suggestive` = sexy). */
export type ClassifierCategory = 'sexual' | 'suggestive';

/** Score in [0, 1] at or above which a category counts, per category. */
export type Thresholds = { readonly [C in ClassifierCategory]?: number };

/** How a scanner decides. Every field is optional; the defaults are in docs/policy.md. */
export interface PolicyOptions {
  /** Default `child`. */
  readonly audience?: Audience;
  /** Per-category thresholds; default the calibrated ones (docs/policy.md). */
  readonly thresholds?: Thresholds;
  /** Default `blur`, for every audience. */
  readonly onError?: OnError;
  /** Default `block`. A `test` match always blocks, with the test prompt. */
  readonly onKnownMatch?: OnKnownMatch;
}

/** The options of one `scanImage` call. */
export interface ScanOptions {
  readonly direction: Direction;
  readonly signal?: AbortSignal;
}

/** Ids of the choices a prompt offers. */
export const PROMPT_OPTION_IDS = ['dont-view', 'view', 'not-sensitive', 'dont-send', 'send-anyway', 'get-help', 'report', 'block-sender'] as const;
export type PromptOptionId = (typeof PROMPT_OPTION_IDS)[number];

export interface PromptOption {
  readonly id: PromptOptionId;
  /** The button's text, in the descriptor's locale. */
  readonly label: string;
}

/** Someone a user can turn to: at least one of url, phone, text. */
export interface HelpResource {
  readonly name: string;
  readonly url?: string;
  readonly phone?: string;
  /** A text/SMS short code or number, with what to send when the service says so. */
  readonly text?: string;
  readonly description: string;
}

/** Which prompt: a classifier flag, a known-list match, the test card, or an unchecked image. */
export const PROMPT_KINDS = ['sensitive', 'known-match', 'test', 'error'] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];

/**
 * Everything a renderer needs to show a prompt, already in the user's language. `safeOption` is
 * chosen by Escape and has the initial focus. Plain data: it survives structured clone and JSON.
 */
export interface PromptDescriptor {
  readonly kind: PromptKind;
  readonly audience: Audience;
  readonly direction: Direction;
  /** BCP 47 tag of the messages used (the fallback `en` when the asked-for locale is missing). */
  readonly locale: string;
  readonly title: string;
  readonly body: string;
  readonly options: readonly PromptOption[];
  readonly safeOption: PromptOptionId;
  readonly helpResources: readonly HelpResource[];
}

/** What `decide` returns: the action and what it acted on (both lists empty for `allow`). */
export interface Decision {
  readonly action: Action;
  readonly categories: readonly Category[];
  readonly reasons: readonly Reason[];
  /** The code of the failure the action acted on, when `reasons` includes `error`. */
  readonly error?: CheckErrorCode;
}

/** What `scanImage` returns. No score, hash, distance or list entry, ever. */
export interface Verdict extends Decision {
  /** Names this scan for `blurredPreview`, `markNotSensitive` and reports. */
  readonly scanId: string;
  /** Absent for `allow`. */
  readonly prompt?: PromptDescriptor;
}
