// The CLI's persisted list state (`match --state STATE.json`): the same `{ id: { sequence, root } }`
// an app keeps and passes as `listState`, so a command-line verifier refuses rollbacks too.

import { SafesealError } from '../errors.js';
import { stateFor } from '../lists/verify.js';
import type { ListState } from '../protocol.js';
import { readJson, replaceFile } from './cli-files.js';
import { access } from 'node:fs/promises';

/**
 * Reads STATE.json; a file that does not exist yet is the empty state (the first run).
 * @throws SafesealError INVALID_ARGUMENT when the file is not an object of `{ sequence, root }`.
 */
export async function readListState(file: string): Promise<Record<string, ListState>> {
  try {
    await access(file);
  } catch {
    return {};
  }
  const value = await readJson(file);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SafesealError('INVALID_ARGUMENT', `${file}: the list state must be an object keyed by list id`);
  const out: Record<string, ListState> = {};
  for (const id of Object.keys(value)) out[id] = stateFor(value, id)!; // checks sequence and root
  return out;
}

/** Writes STATE.json atomically (a sibling, then rename): a crash leaves the old state whole. */
export async function writeListState(file: string, state: Readonly<Record<string, ListState>>): Promise<void> {
  await replaceFile(file, new TextEncoder().encode(JSON.stringify(state, null, 2) + '\n'));
}
