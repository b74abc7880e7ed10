// The shape every locale fills in. Each locale file `satisfies Messages`, so a missing or extra
// string is a type error, not a blank button. Wording rules (issue 8 item 7, checked by
// test/unit/prompts.test.ts): at most 40 words per title + body and 12 words per sentence; never
// say that the image *is* nude or that the user did wrong; for children, plain words.

import type { PromptOptionId } from '../policy/types.js';

/** A title and a body. */
export interface Text {
  readonly title: string;
  readonly body: string;
}

/** The same text for each direction. */
export interface ByDirection<T> {
  readonly incoming: T;
  readonly outgoing: T;
}

/** One text per audience. */
export interface ByAudience<T> {
  readonly child: T;
  readonly teen: T;
  readonly adult: T;
}

/** The one confirmation a child is asked before `view` or `send-anyway`. */
export interface Confirmation {
  readonly title: string;
  readonly body: string;
  /** Confirms the choice. */
  readonly yes: string;
  /** Goes back to the prompt. */
  readonly no: string;
}

export interface Messages {
  /** BCP 47 tag. */
  readonly locale: string;
  /** Button labels. */
  readonly options: { readonly [Id in PromptOptionId]: string };
  /** `block-sender` on an outgoing image: the user is the sender, so it names the contact. */
  readonly blockContact: string;
  /**
   * A classifier flag. `short` goes with `blur` (a brief prompt); `full` with `warn` (the
   * descriptive prompt). `viewed`: incoming, after the user chose to view (offers not-sensitive).
   */
  readonly sensitive: ByAudience<{
    readonly incoming: { readonly short: Text; readonly full: Text; readonly viewed: Text };
    readonly outgoing: { readonly short: Text; readonly full: Text };
  }>;
  /** A known-list match: works whether the app blocks (the default) or only warns. */
  readonly knownMatch: ByAudience<ByDirection<Text>>;
  /** safeseal's benign test card matched a test list. */
  readonly test: ByDirection<Text>;
  /** The image could not be checked. */
  readonly error: ByAudience<ByDirection<Text>>;
  /** Confirmations, for the renderer. */
  readonly confirm: { readonly view: Confirmation; readonly 'send-anyway': Confirmation };
  /** The renderer's own words: the heading of the help list, and the button that opens the full prompt. */
  readonly ui: { readonly helpHeading: string; readonly more: string; readonly close: string };
  /** Descriptions of the built-in help resources (names, numbers and URLs are not translated). */
  readonly help: { readonly [Id in HelpResourceId]: string };
}

/** The built-in help resources (src/prompts/help.ts). */
export const HELP_RESOURCE_IDS = [
  'childline',
  'report-remove',
  'ceop',
  'take-it-down',
  'cybertipline',
  'kids-help-phone',
  'cybertip-ca',
  'esafety',
  'kids-helpline',
  'inhope',
] as const;
export type HelpResourceId = (typeof HELP_RESOURCE_IDS)[number];
