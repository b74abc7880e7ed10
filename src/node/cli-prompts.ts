// `safeseal prompts`: every prompt descriptor the SDK can show, one JSON object per line with
// exactly the descriptor's fields — for translators (every string in context) and auditors
// (every option set, and what a child is told). JSON lines with or without --json.

import { checkOneOf } from '../check.js';
import { SafesealError } from '../errors.js';
import { AUDIENCES, DIRECTIONS } from '../policy/types.js';
import { allPrompts } from '../prompts/build.js';
import type { Output } from './cli-files.js';

export interface PromptsFlags {
  readonly audience?: string | undefined;
  readonly direction?: string | undefined;
  readonly locale?: string | undefined;
  readonly region?: string | undefined;
}

/**
 * Prints the descriptors, filtered by audience, direction, locale and region (help resources).
 * @throws SafesealError INVALID_ARGUMENT for an unknown audience or direction, or a region that
 *   is not two letters
 */
export function promptsCommand(rest: string[], flags: PromptsFlags, io: Output): number {
  if (rest.length > 0) throw new SafesealError('INVALID_ARGUMENT', `prompts takes no files, got ${JSON.stringify(rest[0])}`);
  const audience = flags.audience === undefined ? undefined : checkOneOf(flags.audience, '--audience', AUDIENCES);
  const direction = flags.direction === undefined ? undefined : checkOneOf(flags.direction, '--direction', DIRECTIONS);
  if (flags.region !== undefined && !/^[A-Za-z]{2}$/.test(flags.region))
    throw new SafesealError('INVALID_ARGUMENT', '--region must be an ISO 3166-1 alpha-2 code, e.g. GB');
  if (flags.locale !== undefined && !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(flags.locale))
    throw new SafesealError('INVALID_ARGUMENT', '--locale must be a BCP 47 tag, e.g. fr or en-GB');
  const descriptors = allPrompts({
    ...(audience === undefined ? {} : { audience }),
    ...(direction === undefined ? {} : { direction }),
    ...(flags.locale === undefined ? {} : { locale: flags.locale }),
    ...(flags.region === undefined ? {} : { region: flags.region.toUpperCase() }),
  });
  for (const d of descriptors) io.out(JSON.stringify(d));
  return 0;
}
