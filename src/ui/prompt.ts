// The `safeseal/prompt` entry: importing it defines <safeseal-prompt> (a side effect, so the
// package marks this file as having one). Usage: `el.descriptor = verdict.prompt`, then listen
// for the one `safeseal-choice` event ({ option, kind, direction }).

import { SafesealPromptElement } from './prompt-element.js';

export { SafesealPromptElement, type PromptChoice } from './prompt-element.js';
// The descriptor of a state a verdict cannot carry: after the user chose `view` (`viewed: true`,
// which offers `not-sensitive`). Already in this bundle: the element resolves locales with it.
export { buildPrompt, type PromptRequest } from '../prompts/build.js';
export type { PromptDescriptor, PromptOption, PromptOptionId, HelpResource } from '../policy/types.js';

/** The tag name. */
export const PROMPT_TAG = 'safeseal-prompt';

if (typeof customElements !== 'undefined' && !customElements.get(PROMPT_TAG)) customElements.define(PROMPT_TAG, SafesealPromptElement);

declare global {
  interface HTMLElementTagNameMap {
    'safeseal-prompt': SafesealPromptElement;
  }
  interface HTMLElementEventMap {
    'safeseal-choice': CustomEvent<import('./prompt-element.js').PromptChoice>;
  }
}
