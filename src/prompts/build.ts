// Builds prompt descriptors: the option set of an action and direction, the text of a kind and
// audience in the user's locale, and the help resources of a region (or the app's own).

import { checkObject, checkOneOf, checkString } from '../check.js';
import { SafesealError } from '../errors.js';
import {
  AUDIENCES,
  DIRECTIONS,
  PROMPT_KINDS,
  type Action,
  type Audience,
  type Decision,
  type Direction,
  type HelpResource,
  type PromptDescriptor,
  type PromptKind,
  type PromptOptionId,
} from '../policy/types.js';
import { promptKind } from '../policy/decide.js';
import { helpResourcesFor } from './help.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';
import type { Messages, Text } from './messages.js';

/** Every locale safeseal ships, by tag. The fallback is `en`. */
export const LOCALES: Readonly<Record<string, Messages>> = Object.freeze({ en, fr });

export type PromptAction = Exclude<Action, 'allow'>;

export interface PromptRequest {
  readonly kind: PromptKind;
  /** The verdict's action: it decides the options (block offers neither view nor send). */
  readonly action: PromptAction;
  readonly audience: Audience;
  readonly direction: Direction;
  /** BCP 47; unknown locales fall back to the language, then to `en`. */
  readonly locale?: string;
  /** ISO 3166-1 alpha-2, for the built-in help resources. */
  readonly region?: string;
  /** The app's own help resources, replacing the built-in ones. */
  readonly helpResources?: readonly HelpResource[];
  /**
   * Incoming `sensitive` only: the state after the user chose `view`, which offers
   * `not-sensitive` (it is never offered before the user has seen the image).
   */
  readonly viewed?: boolean;
}

/** The messages for `locale`: exact tag, then its language, then English. */
export function resolveLocale(locale: string | undefined): Messages {
  if (locale === undefined) return en;
  const tag = locale.toLowerCase();
  return LOCALES[tag] ?? LOCALES[tag.split(/[-_]/)[0]] ?? en;
}

/**
 * The choices offered, protective option first, and the one Escape picks (`safeOption`).
 * Block: get-help, report, block-sender (never view or send-anyway); incoming blur/warn:
 * dont-view, view (or not-sensitive once viewed), get-help, report, block-sender; outgoing
 * blur/warn: dont-send, send-anyway, get-help.
 */
export function optionsFor(action: PromptAction, direction: Direction, viewed = false): { options: PromptOptionId[]; safeOption: PromptOptionId } {
  if (action === 'block') return { options: ['get-help', 'report', 'block-sender'], safeOption: 'get-help' };
  if (direction === 'outgoing') return { options: ['dont-send', 'send-anyway', 'get-help'], safeOption: 'dont-send' };
  return { options: ['dont-view', viewed ? 'not-sensitive' : 'view', 'get-help', 'report', 'block-sender'], safeOption: 'dont-view' };
}

function textFor(m: Messages, kind: PromptKind, action: PromptAction, audience: Audience, direction: Direction, viewed: boolean): Text {
  switch (kind) {
    case 'sensitive': {
      if (direction === 'incoming') {
        const t = m.sensitive[audience].incoming;
        return viewed ? t.viewed : action === 'blur' ? t.short : t.full;
      }
      const t = m.sensitive[audience].outgoing;
      return action === 'blur' ? t.short : t.full;
    }
    case 'known-match':
      return m.knownMatch[audience][direction];
    case 'test':
      return m.test[direction];
    case 'error':
      return m.error[audience][direction];
  }
}

/**
 * The app's help resources, checked and copied: each has a name and a description, and at least
 * one of url (https only), phone, text.
 * @throws SafesealError INVALID_ARGUMENT naming the bad entry
 */
export function checkHelpResources(value: unknown, name = 'helpResources'): HelpResource[] {
  if (!Array.isArray(value) || value.length > 20)
    throw new SafesealError('INVALID_ARGUMENT', `"${name}" must be an array of at most 20 help resources`);
  return value.map((v: unknown, i) => {
    const o = checkObject(v, `${name}[${i}]`);
    for (const key of Object.keys(o)) {
      if (!['name', 'url', 'phone', 'text', 'description'].includes(key))
        throw new SafesealError('INVALID_ARGUMENT', `"${name}[${i}]" has an unknown key "${key.slice(0, 40)}"`);
    }
    const r: { -readonly [K in keyof HelpResource]: HelpResource[K] } = {
      name: checkString(o.name, `${name}[${i}].name`, 1, 200),
      description: checkString(o.description, `${name}[${i}].description`, 1, 500),
    };
    if (o.url !== undefined) {
      r.url = checkString(o.url, `${name}[${i}].url`, 9, 2000);
      // A prompt's link is followed by a child: never javascript:, data: or a plain-text http.
      if (!/^https:\/\//i.test(r.url)) throw new SafesealError('INVALID_ARGUMENT', `"${name}[${i}].url" must start with https://`);
    }
    if (o.phone !== undefined) r.phone = checkString(o.phone, `${name}[${i}].phone`, 1, 40);
    if (o.text !== undefined) r.text = checkString(o.text, `${name}[${i}].text`, 1, 200);
    if (r.url === undefined && r.phone === undefined && r.text === undefined) {
      throw new SafesealError('INVALID_ARGUMENT', `"${name}[${i}]" needs at least one of url, phone, text`);
    }
    return Object.freeze(r);
  });
}

/**
 * The descriptor a renderer shows.
 * @throws SafesealError INVALID_ARGUMENT for an unknown kind, action, audience or direction, a
 *   `viewed` state outside incoming sensitive prompts, or malformed help resources
 */
export function buildPrompt(request: PromptRequest): PromptDescriptor {
  const r = checkObject(request, 'request');
  const kind = checkOneOf(r.kind, 'kind', PROMPT_KINDS);
  const action = checkOneOf(r.action, 'action', ['blur', 'warn', 'block'] as const);
  const audience = checkOneOf(r.audience, 'audience', AUDIENCES);
  const direction = checkOneOf(r.direction, 'direction', DIRECTIONS);
  const viewed = r.viewed === true;
  if (viewed && (kind !== 'sensitive' || direction !== 'incoming' || action === 'block')) {
    throw new SafesealError(
      'INVALID_ARGUMENT',
      '"viewed" applies to incoming sensitive prompts only (not-sensitive never overrides a list match or an unchecked image)',
    );
  }
  const m = resolveLocale(r.locale === undefined ? undefined : checkString(r.locale, 'locale', 1, 35));
  const text = textFor(m, kind, action, audience, direction, viewed);
  const { options, safeOption } = optionsFor(action, direction, viewed);
  const helpResources =
    r.helpResources === undefined
      ? helpResourcesFor(r.region === undefined ? undefined : checkString(r.region, 'region', 2, 2), m)
      : checkHelpResources(r.helpResources);
  return {
    kind,
    audience,
    direction,
    locale: m.locale,
    title: text.title,
    body: text.body,
    options: options.map((id) => ({ id, label: id === 'block-sender' && direction === 'outgoing' ? m.blockContact : m.options[id] })),
    safeOption,
    helpResources,
  };
}

/**
 * The prompt of a decision, or undefined for `allow`: what `scanImage` puts in `verdict.prompt`.
 * @throws SafesealError INVALID_ARGUMENT as buildPrompt
 */
export function promptForDecision(
  decision: Decision,
  context: {
    readonly audience: Audience;
    readonly direction: Direction;
    readonly locale?: string;
    readonly region?: string;
    readonly helpResources?: readonly HelpResource[];
  },
): PromptDescriptor | undefined {
  const kind = promptKind(decision);
  if (kind === undefined || decision.action === 'allow') return undefined;
  return buildPrompt({ ...context, kind, action: decision.action });
}

/** Which actions each kind can come with (a test match always blocks). */
const ACTIONS_OF: { readonly [K in PromptKind]: readonly PromptAction[] } = {
  sensitive: ['blur', 'warn'],
  'known-match': ['block', 'warn', 'blur'],
  test: ['block'],
  error: ['blur', 'warn', 'block'],
};

/** Every distinct descriptor for the given filters (the CLI's `prompts`: for translators and auditors). */
export function allPrompts(filter: { audience?: Audience; direction?: Direction; locale?: string; region?: string } = {}): PromptDescriptor[] {
  const seen = new Set<string>();
  const out: PromptDescriptor[] = [];
  const locales = filter.locale === undefined ? Object.keys(LOCALES) : [filter.locale];
  for (const locale of locales) {
    for (const kind of PROMPT_KINDS) {
      for (const audience of filter.audience === undefined ? AUDIENCES : [filter.audience]) {
        for (const direction of filter.direction === undefined ? DIRECTIONS : [filter.direction]) {
          for (const action of ACTIONS_OF[kind]) {
            for (const viewed of kind === 'sensitive' && direction === 'incoming' ? [false, true] : [false]) {
              const d = buildPrompt({
                kind,
                action,
                audience,
                direction,
                locale,
                viewed,
                ...(filter.region === undefined ? {} : { region: filter.region }),
              });
              const key = JSON.stringify(d);
              if (!seen.has(key)) {
                seen.add(key);
                out.push(d);
              }
            }
          }
        }
      }
    }
  }
  return out;
}
