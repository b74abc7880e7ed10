// Usage errors of the CLI: a command line that is wrong as typed (missing or unknown options, bad
// option values, a command without its files) exits 2, as documented; everything that goes wrong
// while running (a file that cannot be read or decoded, a list that does not verify) exits 1.
// A usage error is still a SafesealError INVALID_ARGUMENT, so --json prints it the same way.

import { isSafesealError, SafesealError } from '../errors.js';

const USAGE = Symbol('safeseal.cli.usage');

/** An INVALID_ARGUMENT that the CLI reports with exit status 2. */
export function usageError(message: string): SafesealError {
  return Object.assign(new SafesealError('INVALID_ARGUMENT', message), { [USAGE]: true });
}

export function isUsageError(e: unknown): boolean {
  return isSafesealError(e) && (e as { [USAGE]?: boolean })[USAGE] === true;
}

/** Options each command takes (besides --json, --help, --version); any other is refused. */
export const COMMAND_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  hash: ['max-pixels'],
  classify: ['max-pixels', 'model', 'model-sha256'],
  match: ['max-pixels', 'list', 'trust', 'dihedral', 'threshold', 'allow-demo-keys', 'state'],
  keygen: ['out', 'demo', 'kind', 'name', 'url'],
  trust: ['threshold', 'out'],
  'list build': ['id', 'seq', 'category', 'pdq', 'sha256', 'not-after', 'out'],
  'list sign': ['key'],
  'list verify': ['trust', 'allow-demo-keys'],
  'list inspect': [],
  'list export': ['trust', 'format', 'allow-demo-keys'],
  prompts: ['audience', 'direction', 'locale', 'region'],
  scan: ['max-pixels', 'audience', 'direction', 'locale', 'region', 'list', 'trust', 'allow-demo-keys', 'details'],
  report: ['key', 'platform', 'attachment-out'],
};

/**
 * Refuses options that `command` does not take (they would otherwise be silently ignored).
 * @throws SafesealError INVALID_ARGUMENT (a usage error)
 */
export function checkCommandOptions(command: string, given: readonly string[]): void {
  const allowed = COMMAND_OPTIONS[command];
  if (!allowed) return; // unknown commands are reported by the dispatcher
  const extra = given.filter((o) => !['json', 'help', 'version'].includes(o) && !allowed.includes(o));
  if (extra.length > 0) {
    const takes = allowed.length > 0 ? `; it takes ${allowed.map((o) => `--${o}`).join(', ')} and --json` : '; it takes only --json';
    throw usageError(`${command} does not take ${extra.map((o) => `--${o}`).join(', ')}${takes}`);
  }
}
