// The list operator's CLI commands: keygen, trust, list build / sign / verify / inspect, and
// match. Each prints one JSON object per result with --json; errors are thrown as SafesealError
// and printed by cli.ts as {"error":{"code","message"}}: exit status 2 for usage errors, 1 otherwise.

import { toHex } from '../bytes.js';
import { loadEd25519 } from '../crypto/ed25519.js';
import { checkPublicKey, generateKeyPair, KEY_KINDS, type KeyKind } from '../crypto/keys.js';
import { PDQ_MATCH_THRESHOLD, PDQ_MAX_THRESHOLD, PDQ_MIN_QUALITY } from '../pdq/constants.js';
import { buildList, signList, type ListEntryInput } from '../lists/build.js';
import { isListCategory, LIST_CATEGORIES } from '../lists/categories.js';
import { listRoot } from '../lists/digests.js';
import { parseList } from '../lists/format.js';
import { resolveTrust } from '../lists/trust.js';
import type { TrustSet } from '../protocol.js';
import { verifyList } from '../lists/verify.js';
import {
  perFile,
  readBytes,
  readHashFile,
  readJson,
  readKeyFile,
  readPdqFile,
  readTrustFiles,
  replaceFile,
  writeNew,
  writeNewAtomic,
  type Output,
} from './cli-files.js';
import { describeImports, type ImportResult } from '../lists/import.js';
import { exportList, type ExportFormat, EXPORT_FORMATS } from '../lists/export.js';
import { readListState, writeListState } from './cli-state.js';
import { usageError } from './cli-usage.js';
import { createScanner } from './index.js';

/** Parsed flags the list commands use (strings as given; each command checks its own). */
export interface ListFlags {
  readonly json: boolean;
  readonly out?: string | undefined;
  readonly demo?: boolean | undefined;
  readonly threshold?: string | undefined;
  readonly id?: string | undefined;
  readonly seq?: string | undefined;
  readonly category?: string | undefined;
  readonly pdq?: string[] | undefined;
  readonly sha256?: string[] | undefined;
  readonly 'not-after'?: string | undefined;
  readonly key?: string | undefined;
  readonly trust?: string | undefined;
  readonly list?: string[] | undefined;
  readonly dihedral?: boolean | undefined;
  readonly 'allow-demo-keys'?: boolean | undefined;
  readonly kind?: string | undefined;
  readonly name?: string | undefined;
  readonly url?: string | undefined;
  readonly format?: string | undefined;
  readonly state?: string | undefined;
}

const need = <T>(v: T | undefined, flag: string, command: string): T => {
  if (v === undefined) throw usageError(`${command} needs ${flag}`);
  return v;
};
const integer = (v: string, flag: string, min: number, max: number): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) throw usageError(`${flag} must be an integer from ${min} to ${max}`);
  return n;
};
const print = (io: Output, json: boolean, value: object, text: string): void => io.out(json ? JSON.stringify(value) : text);

/**
 * `keygen [--kind authority|platform|signer] --out NAME [--name TEXT --url URL] [--demo]`:
 * NAME.key.json (mode 600) and NAME.pub.json. Signers (list keys) are the default; authorities
 * get X25519 keys (reports are sealed to them), platforms and signers Ed25519.
 */
export async function keygenCommand(flags: ListFlags, io: Output): Promise<number> {
  const name = need(flags.out, '--out NAME', 'keygen');
  const kind = flags.kind ?? 'signer';
  if (!(KEY_KINDS as readonly string[]).includes(kind)) throw usageError(`--kind must be one of ${KEY_KINDS.join(', ')}`);
  if ((flags.name !== undefined || flags.url !== undefined) && kind !== 'authority')
    throw usageError('--name and --url describe an authority (--kind authority)');
  if (flags.demo === true && kind !== 'signer') throw usageError('--demo marks list signer keys only');
  const pair = await generateKeyPair(kind as KeyKind);
  try {
    const id = toHex(pair.id);
    const label = { ...(flags.name === undefined ? {} : { name: flags.name }), ...(flags.url === undefined ? {} : { url: flags.url }) };
    const demo = flags.demo === true ? { demoOnly: true } : {};
    const pub = { kind, id, publicKey: toHex(pair.publicKey), ...label, ...demo };
    await checkPublicKey(pub, `${name}.pub.json`, kind as KeyKind); // the same checks every reader applies
    await writeNew(
      `${name}.key.json`,
      JSON.stringify({ kind, id, publicKey: pub.publicKey, ...demo, secretKey: toHex(pair.secretKey) }, null, 2) + '\n',
      0o600,
    );
    await writeNew(`${name}.pub.json`, JSON.stringify(pub, null, 2) + '\n');
    print(
      io,
      flags.json,
      { ...pub, key: `${name}.key.json`, pub: `${name}.pub.json` },
      `${kind} key ${id} → ${name}.key.json (secret), ${name}.pub.json`,
    );
  } finally {
    pair.secretKey.fill(0);
  }
  return 0;
}

/** `trust --threshold K A.pub.json … --out trust.json`. */
export async function trustCommand(files: string[], flags: ListFlags, io: Output): Promise<number> {
  const out = need(flags.out, '--out FILE', 'trust');
  if (files.length === 0) throw usageError('trust needs at least one NAME.pub.json');
  const trust = await readTrustFiles(files, integer(flags.threshold ?? '2', '--threshold', 1, 64));
  await resolveTrust(trust, true); // the same checks the SDK applies (ids, duplicates, k ≤ n)
  await writeNew(out, JSON.stringify(trust, null, 2) + '\n');
  print(
    io,
    flags.json,
    { trust: out, threshold: trust.threshold, signers: trust.signers.map((s) => s.id) },
    `${out}: ${trust.threshold} of ${trust.signers.length} signers`,
  );
  return 0;
}

/**
 * `list build --id ID --seq N [--category C] [--pdq FILE] [--sha256 FILE] [--not-after DATE] --out L.ssl`.
 * PDQ files may be in any import format; entries that name no category (all but exported jsonl)
 * take --category. The list file appears only once everything has been read and built.
 */
async function buildCommand(flags: ListFlags, io: Output): Promise<number> {
  const out = need(flags.out, '--out FILE', 'list build');
  const category = flags.category;
  if (category !== undefined && !isListCategory(category)) throw usageError(`--category must be one of ${LIST_CATEGORIES.join(', ')}`);
  const createdAt = Math.floor(Date.now() / 1000);
  let notAfter = createdAt + 30 * 86_400;
  if (flags['not-after'] !== undefined) {
    const t = Date.parse(flags['not-after']);
    if (!Number.isFinite(t)) throw usageError('--not-after must be a date, e.g. 2026-12-31T00:00:00Z');
    notAfter = Math.floor(t / 1000);
  }
  const id = need(flags.id, '--id', 'list build');
  const sequence = integer(need(flags.seq, '--seq N', 'list build'), '--seq', 0, Number.MAX_SAFE_INTEGER);
  const defaultCategory = (where: string) => {
    if (category === undefined) throw usageError(`list build needs --category for the entries of ${where}, which name none`);
    return category;
  };
  const imports: ImportResult[] = [];
  for (const file of flags.pdq ?? []) imports.push(await readPdqFile(file));
  const sha256: [string, string[]][] = [];
  for (const file of flags.sha256 ?? []) sha256.push([file, await readHashFile(file, 'sha256')]);
  // Handed to buildList one at a time: at tens of millions, an array of a second object per entry
  // would be gigabytes of heap on top of the imported ones.
  let given = 0;
  function* entries(): Iterable<ListEntryInput> {
    for (const r of imports)
      for (const e of r.entries) {
        given++;
        yield { type: e.type, hash: e.hash, category: e.category ?? defaultCategory(r.source) };
      }
    for (const [file, hashes] of sha256)
      for (const hash of hashes) {
        given++;
        yield { type: 'sha256', hash, category: defaultCategory(file) };
      }
  }
  const bytes = buildList({ id, sequence, createdAt, notAfter, entries: entries() });
  const built = parseList(bytes);
  const merged = given - built.pdqCount - built.sha256Count;
  if (imports.length > 0) io.err(describeImports(imports, merged));
  await writeNewAtomic(out, bytes);
  return inspectBytes(bytes, out, flags.json, io);
}

/**
 * `list export L.ssl --trust trust.json --format local-file|te-csv|jsonl [--allow-demo-keys]`:
 * verifies the list, then prints its entries to stdout; what the format cannot carry is said on stderr.
 */
async function exportCommand(file: string, flags: ListFlags, io: Output): Promise<number> {
  const format = need(flags.format, '--format local-file|te-csv|jsonl', 'list export');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const trust = await readTrust(need(flags.trust, '--trust trust.json', 'list export'));
  const { list } = await verifyList(await readBytes(file), await loadEd25519(), { trust, allowDemoKeys: flags['allow-demo-keys'] === true });
  const { lines, leftOut } = exportList(list, format as ExportFormat);
  for (const line of lines) io.out(line);
  if (leftOut !== null) io.err(`safeseal: ${file}: ${leftOut}`);
  return 0;
}

/** `list sign L.ssl --key NAME.key.json`: adds a signature, in place. */
async function signCommand(file: string, flags: ListFlags, io: Output): Promise<number> {
  const ed25519 = await loadEd25519();
  const { seed, id } = await readKeyFile(need(flags.key, '--key NAME.key.json', 'list sign'), ed25519);
  try {
    const signed = await signList(await readBytes(file), seed, ed25519);
    await replaceFile(file, signed);
    print(io, flags.json, { list: file, signer: id, signatures: parseList(signed).signatures.length }, `${file}: signed by ${id}`);
  } finally {
    ed25519.memzero(seed);
  }
  return 0;
}

export async function readTrust(file: string): Promise<TrustSet> {
  return (await readJson(file)) as TrustSet; // checked by resolveTrust inside verifyList
}

/** `list verify L.ssl --trust trust.json [--allow-demo-keys]`: exit 0 only if the list verifies. */
async function verifyCommand(file: string, flags: ListFlags, io: Output): Promise<number> {
  const trust = await readTrust(need(flags.trust, '--trust trust.json', 'list verify'));
  const { list, root, signers } = await verifyList(await readBytes(file), await loadEd25519(), {
    trust,
    allowDemoKeys: flags['allow-demo-keys'] === true,
  });
  const entries = list.pdqCount + list.sha256Count;
  print(
    io,
    flags.json,
    { list: file, ok: true, id: list.id, sequence: list.sequence, root, entries, categories: list.categories, signers },
    `${file}: OK — ${list.id} #${list.sequence}, root ${root}, ${signers.length} valid trusted signatures`,
  );
  return 0;
}

async function inspectBytes(bytes: Uint8Array, file: string, json: boolean, io: Output): Promise<number> {
  const list = parseList(bytes);
  const root = toHex(await listRoot(list.body));
  const signers = list.signatures.map((s) => toHex(s.keyId));
  const info = {
    id: list.id,
    sequence: list.sequence,
    root,
    entries: list.pdqCount + list.sha256Count,
    categories: list.categories,
    signers,
    pdq: list.pdqCount,
    sha256: list.sha256Count,
    createdAt: new Date(list.createdAt * 1000).toISOString(),
    notAfter: new Date(list.notAfter * 1000).toISOString(),
  };
  const text = [
    `${file}: ${info.id} #${info.sequence}`,
    `  root       ${root}`,
    `  entries    ${info.entries} (${info.pdq} PDQ, ${info.sha256} SHA-256), categories ${info.categories.join(', ') || '(none)'}`,
    `  valid      ${info.createdAt} … ${info.notAfter}`,
    `  signatures ${signers.length} (key ids, not verified: use "list verify") ${signers.join(' ')}`,
  ].join('\n');
  print(io, json, info, text);
  return 0;
}

/** `list <build|sign|verify|inspect> …`. */
export async function listCommand(args: string[], flags: ListFlags, io: Output): Promise<number> {
  const [sub, ...files] = args;
  const one = (): string => {
    if (files.length !== 1) throw usageError(`list ${sub} takes exactly one list file`);
    return files[0];
  };
  switch (sub) {
    case 'build':
      if (files.length > 0) throw usageError('list build takes no positional arguments');
      return buildCommand(flags, io);
    case 'sign':
      return signCommand(one(), flags, io);
    case 'verify':
      return verifyCommand(one(), flags, io);
    case 'export':
      return exportCommand(one(), flags, io);
    case 'inspect': {
      const file = one();
      return inspectBytes(await readBytes(file), file, flags.json, io);
    }
    default:
      throw usageError(`list needs a subcommand: build, sign, verify, inspect or export${sub === undefined ? '' : ` (got ${JSON.stringify(sub)})`}`);
  }
}

/**
 * `match <files…> --list L.ssl --trust trust.json [--dihedral] [--threshold 31] [--state STATE.json]`.
 * With --state, the lists are checked against the persisted `{ id: { sequence, root } }` (an older
 * sequence, or the same one with another root, is LIST_ROLLBACK) and the file is updated with
 * what was accepted, as an app does with `listState`.
 */
export async function matchCommand(files: string[], flags: ListFlags, maxPixels: number | undefined, io: Output): Promise<number> {
  if (files.length === 0) throw usageError('match needs at least one image file');
  const lists = need(flags.list, '--list L.ssl', 'match');
  const trustFile = need(flags.trust, '--trust trust.json', 'match');
  const threshold = integer(flags.threshold ?? String(PDQ_MATCH_THRESHOLD), '--threshold', 0, PDQ_MAX_THRESHOLD);
  const trust = await readTrust(trustFile); // after every usage check: a bad command line exits 2 whatever the files
  const allowDemoKeys = flags['allow-demo-keys'] === true;
  const stateFile = flags.state;
  const listState = stateFile === undefined ? undefined : await readListState(stateFile);
  const scanner = await createScanner({ model: false, exposeDetails: true, ...(maxPixels === undefined ? {} : { maxPixels }) }); // matching needs no classifier
  try {
    const accepted = { ...listState };
    for (const file of lists) {
      const info = await scanner.loadList(await readBytes(file), {
        trust,
        allowDemoKeys,
        ...(listState === undefined ? {} : { listState: accepted }),
      });
      accepted[info.id] = { sequence: info.sequence, root: info.root };
    }
    if (stateFile !== undefined) await writeListState(stateFile, accepted);
  } catch (e) {
    await scanner.dispose();
    throw e;
  }
  return perFile(scanner, files, flags.json === true, io, async (bytes, file) => {
    const { matches, quality, pdqUsed } = await scanner.matchImage(bytes, { dihedral: flags.dihedral === true, threshold, transfer: true });
    // Say when PDQ was not used: "no match" alone would read as "not near anything on the list".
    const skipped = pdqUsed ? '' : ` (PDQ skipped: quality ${quality} is below ${PDQ_MIN_QUALITY}; SHA-256 only)`;
    const text =
      (matches.length === 0
        ? `${file}: no match`
        : `${file}: ` + matches.map((m) => `${m.list}#${m.index} ${m.category} d=${m.distance}`).join(', ')) + skipped;
    const value = {
      file,
      matches: matches.map(({ list, index, category, distance, kind }) => ({ list, index, category, distance, kind })),
      quality,
      pdqUsed,
    };
    return flags.json ? JSON.stringify(value) : text;
  });
}
