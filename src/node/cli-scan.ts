// `safeseal scan`: the verdict a messenger would get for each file — action, categories, reasons
// and the prompt — with onError 'throw', so a file that cannot be checked is an error line, never
// an "allow". `--details` adds the classifier's scores and the list matches (a detail scanner).

import { checkOneOf } from '../check.js';
import { AUDIENCES, DIRECTIONS, type Audience, type Direction } from '../policy/types.js';
import type { TrustSet } from '../protocol.js';
import { perFile, readBytes, type Output } from './cli-files.js';
import { usageError } from './cli-usage.js';
import { createScanner } from './index.js';

export interface ScanFlags {
  readonly json: boolean;
  readonly audience?: string | undefined;
  readonly direction?: string | undefined;
  readonly locale?: string | undefined;
  readonly region?: string | undefined;
  readonly list?: string[] | undefined;
  readonly trust?: string | undefined;
  readonly 'allow-demo-keys'?: boolean | undefined;
  readonly details?: boolean | undefined;
}

const pick = <T extends string>(value: string | undefined, flag: string, choices: readonly T[], fallback: T): T => {
  if (value === undefined) return fallback;
  try {
    return checkOneOf(value, flag, choices);
  } catch {
    throw usageError(`--${flag} must be one of ${choices.join(', ')}`);
  }
};

/**
 * `scan <files…> [--audience A] [--direction D] [--locale L] [--region R] [--list L.ssl --trust T.json
 * [--allow-demo-keys]] [--json] [--details]`.
 */
export async function scanCommand(
  files: string[],
  flags: ScanFlags,
  maxPixels: number | undefined,
  readTrust: (file: string) => Promise<TrustSet>,
  io: Output,
): Promise<number> {
  if (files.length === 0) throw usageError('scan needs at least one image file');
  const audience: Audience = pick(flags.audience, 'audience', AUDIENCES, 'child');
  const direction: Direction = pick(flags.direction, 'direction', DIRECTIONS, 'incoming');
  if ((flags.list === undefined) !== (flags.trust === undefined)) throw usageError('--list and --trust go together');
  const trust = flags.trust === undefined ? undefined : await readTrust(flags.trust);
  const details = flags.details === true;
  const scanner = await createScanner({
    model: true,
    policy: { audience, onError: 'throw' },
    ...(flags.locale === undefined ? {} : { locale: flags.locale }),
    ...(flags.region === undefined ? {} : { region: flags.region }),
    ...(maxPixels === undefined ? {} : { maxPixels }),
    ...(details ? { exposeDetails: true } : {}),
  });
  try {
    for (const file of flags.list ?? [])
      await scanner.loadList(await readBytes(file), { trust: trust!, allowDemoKeys: flags['allow-demo-keys'] === true });
  } catch (e) {
    await scanner.dispose();
    throw e;
  }
  const hasLists = (flags.list ?? []).length > 0;
  return perFile(scanner, files, flags.json, io, async (bytes, file) => {
    const v = await scanner.scanImage(bytes, { direction });
    const line: Record<string, unknown> = {
      file,
      action: v.action,
      categories: v.categories,
      reasons: v.reasons,
      ...(v.prompt ? { prompt: v.prompt } : {}),
    };
    if (details) {
      const classified = await scanner.classifyImage(bytes).catch(() => null);
      line.scores = classified ? classified.scores : null;
      line.matches = hasLists ? (await scanner.matchImage(bytes, { dihedral: true })).matches : [];
    }
    if (flags.json) return JSON.stringify(line);
    const what = v.action === 'allow' ? 'allow' : `${v.action} (${[...v.categories, ...v.reasons].join(', ')})`;
    return `${what}  ${file}`;
  });
}
