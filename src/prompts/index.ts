// Prompt descriptors: what a user sees, in their language, with help for their region.

export {
  buildPrompt,
  promptForDecision,
  allPrompts,
  optionsFor,
  resolveLocale,
  checkHelpResources,
  LOCALES,
  type PromptRequest,
  type PromptAction,
} from './build.js';
export { helpResourcesFor, HELP_BY_REGION, HELP_ELSEWHERE } from './help.js';
export { HELP_RESOURCE_IDS, type Messages, type Text, type Confirmation, type HelpResourceId } from './messages.js';
