// The SDK, loaded from the relay's copy of dist/ (/sdk/*), as a plain-ESM app would load it.
// The specifiers are in variables so that esbuild leaves them to the browser (they are served,
// not bundled: the page runs exactly the SDK build an auditor can hash); the types come from
// the source the build was made from.

import type * as Sdk from '../../src/index.js';
import type * as Franking from '../../src/franking/index.js';
import type * as Prompt from '../../src/ui/prompt.js';

export type { Verdict, PromptDescriptor, HelpResource, PromptOptionId } from '../../src/policy/types.js';
export type { Scanner, LedgerEntry, ListInfo, ListState, ClassifierStatus, SafesealStatus } from '../../src/index.js';
export type { ReportNoticeDescriptor, FrankingOpening } from '../../src/protocol.js';
export type { PromptChoice, SafesealPromptElement } from '../../src/ui/prompt.js';

export interface SdkModules {
  readonly sdk: typeof Sdk;
  readonly franking: typeof Franking;
  readonly prompt: typeof Prompt;
}

const SDK_URL = '/sdk/index.js';
const FRANKING_URL = '/sdk/franking.js';
const PROMPT_URL = '/sdk/prompt.js';

/** Imports the three entries (the prompt element is defined as a side effect of its import). */
export async function loadSdk(): Promise<SdkModules> {
  const [sdk, franking, prompt] = await Promise.all([import(SDK_URL), import(FRANKING_URL), import(PROMPT_URL)]);
  return { sdk: sdk as typeof Sdk, franking: franking as typeof Franking, prompt: prompt as typeof Prompt };
}
