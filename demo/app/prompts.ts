// The prompt after a user chose to view a flagged picture: the same kind, audience and locale in
// its `viewed` state, which offers "not sensitive" (never offered before the picture was seen).
// buildPrompt comes from the SDK's prompt entry; a build without it gets no viewed state (the
// prompt folds away instead), never a descriptor made up here.

import type { PromptDescriptor, SdkModules, Verdict } from './sdk.js';

/** The viewed-state descriptor, or null where there is none (only incoming blur/warn sensitive prompts). */
export function viewedPrompt(prompt: SdkModules['prompt'], shown: PromptDescriptor, action: Verdict['action']): PromptDescriptor | null {
  if (shown.kind !== 'sensitive' || shown.direction !== 'incoming' || (action !== 'blur' && action !== 'warn')) return null;
  if (typeof prompt.buildPrompt !== 'function') return null;
  // The help resources are the ones the first prompt carried (the scanner's region or the app's own).
  return prompt.buildPrompt({
    kind: 'sensitive',
    action,
    audience: shown.audience,
    direction: 'incoming',
    locale: shown.locale,
    helpResources: shown.helpResources,
    viewed: true,
  });
}
