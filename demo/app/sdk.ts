// The SDK, loaded from the relay's copy of dist/ (/sdk/*), as a plain-ESM app would load it.
// The specifiers are in variables so that esbuild leaves them to the browser (they are served,
// not bundled: the page runs exactly the SDK build an auditor can hash); the types come from
// that build's declarations (dist/*.d.ts), as an app's would.

import type * as Sdk from '../../dist/index.js';
import type * as Franking from '../../dist/franking.js';
import type * as Prompt from '../../dist/prompt.js';
import type { Scanner } from '../../dist/index.js';

export type { Scanner, LedgerEntry, ListInfo, ListState, ClassifierStatus, SafesealStatus, TrustSet } from '../../dist/index.js';
export type { PromptDescriptor, HelpResource, PromptOptionId, PromptChoice, SafesealPromptElement } from '../../dist/prompt.js';
/** What scanImage returns (the package names it only through the method). */
export type Verdict = Awaited<ReturnType<Scanner['scanImage']>>;
export type ReportNoticeDescriptor = Awaited<ReturnType<Scanner['reportNotice']>>;
export type FrankingOpening = NonNullable<NonNullable<Parameters<Scanner['reportNotice']>[1]>['franking']>;

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
