// The `safeseal` command line. Each command prints one line per input (JSON with --json); a file
// that fails reports {"file","error":{"code","message"}} and the rest still run; exit status 1
// if anything failed. Expected errors never print a stack trace.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SafesealError, toSafesealError } from '../errors.js';
import type { ClassifyResult, HashResult } from '../protocol.js';
import { perFile, type Output } from './cli-files.js';
import { keygenCommand, listCommand, matchCommand, readTrust, trustCommand } from './cli-lists.js';
import { scanCommand } from './cli-scan.js';
import { reportCommand } from './cli-report.js';
import { promptsCommand } from './cli-prompts.js';
import { checkCommandOptions, isUsageError, usageError } from './cli-usage.js';
import { createScanner, type NodeScannerOptions } from './index.js';

const USAGE = `usage: safeseal <command> [options]

commands:
  hash <files...> [--json]       PDQ hash, quality, 8 dihedral hashes and SHA-256 of each image
  classify <files...> [--json]   nsfwjs MobileNetV2 probabilities (drawing, hentai, neutral,
                                 porn, sexy) of each image, on this device
  match <files...> --list L.ssl --trust trust.json [--dihedral] [--threshold 31] [--allow-demo-keys]
                                 match images against signed hash lists (verified first)
        [--state STATE.json]     --state refuses rollbacks and records each list's {sequence, root}
  scan <files...> [--audience child|teen|adult] [--direction incoming|outgoing] [--locale L] [--region R]
       [--list L.ssl --trust trust.json [--allow-demo-keys]] [--details]
                                 the verdict a messenger gets for each image (onError: throw)
  prompts [--audience child|teen|adult] [--direction incoming|outgoing] [--locale L] [--region R]
                                 every prompt descriptor, one JSON object per line

list operators:
  keygen [--kind signer|platform|authority] --out NAME [--name TEXT --url URL] [--demo]
                                             NAME.key.json (secret) and NAME.pub.json
  trust --threshold K A.pub.json ... --out trust.json
  list build --id ID --seq N --category C [--pdq FILE] [--sha256 FILE] [--not-after DATE] --out L.ssl
                             --pdq FILE, format detected per file: 64-hex lines, "safeseal hash --json"
                             lines, pdq-photo-hasher (plain or -d), threatexchange local_file or
                             dataset --csv, MSC4113 policy events, "list export --format jsonl"
  list export L.ssl --trust trust.json --format local-file|te-csv|jsonl [--allow-demo-keys]
                             verified entries to stdout; what a format cannot carry is named on stderr
  list sign L.ssl --key NAME.key.json        add a signature (in place)
  list verify L.ssl --trust trust.json [--allow-demo-keys]   exit 0 only if it verifies
  list inspect L.ssl                         id, sequence, root, entries, categories, signers

reporting authorities:
  report open --key NAME.key.json ENVELOPE [--platform P.pub.json] [--attachment-out FILE]
                                             open a sealed report; verify its franking

Images: JPEG, PNG, WebP, GIF and AVIF (HEIC is refused). Exit status: 0 ok, 1 if anything
failed, 2 for a usage error.

options:
  --json               one JSON object per line
  --max-pixels N       refuse images larger than N pixels (default 50000000)
  --model FILE         classify with this ONNX model instead of the shipped one
  --model-sha256 HEX   the sha256 that --model must have (default: the shipped model's pin)
  -h, --help           this text
  -v, --version        the version of safeseal`;

const stdio: Output = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

function hashLine(file: string, r: HashResult, json: boolean): string {
  if (json) {
    return JSON.stringify({ file, pdq: r.pdq, quality: r.quality, dihedral: r.dihedral, sha256: r.sha256, width: r.width, height: r.height });
  }
  return `${r.pdq}  q=${String(r.quality).padStart(3)}  ${r.width}x${r.height}  ${file}`;
}

function classifyLine(file: string, r: ClassifyResult, json: boolean): string {
  if (json) return JSON.stringify({ file, scores: r.scores, model: r.model });
  const ranked = Object.entries(r.scores).sort((a, b) => b[1] - a[1]);
  return `${ranked.map(([label, p]) => `${label}=${p.toFixed(4)}`).join(' ')}  ${file}`;
}

/** safeseal's version, from the package.json next to dist/ (and next to src/ in the repo). */
function version(): string {
  try {
    return String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version);
  } catch {
    return 'unknown';
  }
}

/** parseArgs's own messages, in the CLI's words. */
function parseError(e: Error): string {
  const unknown = /Unknown option '([^']+)'/.exec(e.message);
  if (unknown) return `unknown option ${unknown[1]} (see safeseal --help)`;
  const value = /Option '([^']+)' argument missing/.exec(e.message);
  if (value) return `option ${value[1].split(',')[0].replace(/^-\w\s*/, '')} needs a value`;
  return e.message;
}

async function hashCommand(files: string[], json: boolean, maxPixels: number | undefined, io: Output): Promise<number> {
  if (files.length === 0) throw usageError('hash needs at least one file');
  // Hashing needs no classifier: do not pay for loading one.
  const scanner = await createScanner({ model: false, exposeDetails: true, ...(maxPixels === undefined ? {} : { maxPixels }) });
  return perFile(scanner, files, json, io, async (bytes, file) => hashLine(file, await scanner.hashImage(bytes, { transfer: true }), json));
}

async function classifyCommand(files: string[], json: boolean, options: NodeScannerOptions, io: Output): Promise<number> {
  if (files.length === 0) throw usageError('classify needs at least one file');
  const scanner = await createScanner({ ...options, exposeDetails: true });
  await scanner.status(); // waits for the classifier, which loads after createScanner resolves
  const status = scanner.classifier;
  if (status.state !== 'ready') {
    await scanner.dispose();
    if (status.state === 'failed') throw new SafesealError(status.code, status.message);
    throw new SafesealError('NOT_READY', 'no classifier model');
  }
  return perFile(scanner, files, json, io, async (bytes, file) => classifyLine(file, await scanner.classifyImage(bytes, { transfer: true }), json));
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit status. */
export async function main(argv: string[], io: Output = stdio): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        'max-pixels': { type: 'string' },
        model: { type: 'string' },
        'model-sha256': { type: 'string' },
        out: { type: 'string' },
        demo: { type: 'boolean' },
        threshold: { type: 'string' },
        id: { type: 'string' },
        seq: { type: 'string' },
        category: { type: 'string' },
        pdq: { type: 'string', multiple: true },
        sha256: { type: 'string', multiple: true },
        'not-after': { type: 'string' },
        key: { type: 'string' },
        trust: { type: 'string' },
        list: { type: 'string', multiple: true },
        dihedral: { type: 'boolean' },
        'allow-demo-keys': { type: 'boolean' },
        kind: { type: 'string' },
        name: { type: 'string' },
        url: { type: 'string' },
        platform: { type: 'string' },
        'attachment-out': { type: 'string' },
        audience: { type: 'string' },
        direction: { type: 'string' },
        locale: { type: 'string' },
        region: { type: 'string' },
        format: { type: 'string' },
        details: { type: 'boolean' },
        state: { type: 'string' },
      },
    });
  } catch (e) {
    io.err(`safeseal: ${parseError(e as Error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    io.out(values.json ? JSON.stringify({ version: version() }) : `safeseal ${version()}`);
    return 0;
  }
  if (values.help || !command) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  const json = values.json === true;
  try {
    const given = Object.keys(values).filter((k) => values[k as keyof typeof values] !== undefined);
    checkCommandOptions(command === 'list' && rest[0] !== undefined ? `list ${rest[0]}` : command, given);
    let maxPixels: number | undefined;
    if (values['max-pixels'] !== undefined) {
      maxPixels = Number(values['max-pixels']);
      if (!/^\d+$/.test(values['max-pixels']) || !Number.isSafeInteger(maxPixels) || maxPixels < 1)
        throw usageError('--max-pixels must be a positive integer');
    }
    switch (command) {
      case 'hash':
        return await hashCommand(rest, json, maxPixels, io);
      case 'classify': {
        const model = values.model;
        const sha = values['model-sha256'];
        if (sha !== undefined && model === undefined) throw usageError('--model-sha256 needs --model');
        const options: NodeScannerOptions = {
          ...(maxPixels === undefined ? {} : { maxPixels }),
          model: model ?? true,
          ...(sha === undefined ? {} : { modelSha256: sha }),
        };
        return await classifyCommand(rest, json, options, io);
      }
      case 'match':
        return await matchCommand(rest, { ...values, json }, maxPixels, io);
      case 'prompts':
        return promptsCommand(rest, values, io);
      case 'scan':
        return await scanCommand(rest, { ...values, json }, maxPixels, readTrust, io);
      case 'keygen':
        return await keygenCommand({ ...values, json }, io);
      case 'trust':
        return await trustCommand(rest, { ...values, json }, io);
      case 'list':
        return await listCommand(rest, { ...values, json }, io);
      case 'report':
        return await reportCommand(rest, { ...values, json }, io);
      default:
        io.err(`safeseal: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    const err = toSafesealError(e);
    if (json) io.out(JSON.stringify({ error: { code: err.code, message: err.message } }));
    else io.err(`safeseal: ${err.code}: ${err.message}${isUsageError(err) ? ' (see safeseal --help)' : ''}`);
    return isUsageError(err) ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
