// The prompt after a user chose to view a flagged picture: the same kind, audience and locale in
// its `viewed` state, which offers "not sensitive" (never offered before the picture was seen).
// The SDK's public entries do not export buildPrompt yet, so this one function is bundled from
// the SDK's source (pure: prompt texts and option lists, no network, no worker).

import { buildPrompt } from '../../src/prompts/build.js';
import type { PromptDescriptor, Verdict } from './sdk.js';

/** The viewed-state descriptor, or null where there is none (only incoming blur/warn sensitive prompts). */
export function viewedPrompt(shown: PromptDescriptor, action: Verdict['action']): PromptDescriptor | null {
  if (shown.kind !== 'sensitive' || shown.direction !== 'incoming' || (action !== 'blur' && action !== 'warn')) return null;
  // The help resources are the ones the first prompt carried (the scanner's region or the app's own).
  return buildPrompt({
    kind: 'sensitive',
    action,
    audience: shown.audience,
    direction: 'incoming',
    locale: shown.locale,
    helpResources: shown.helpResources,
    viewed: true,
  });
}
