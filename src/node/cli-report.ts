// `safeseal report open`: what an authority runs on a received envelope — the same code as the
// `safeseal/authority` entry — printing the header, and with --platform the franking check, with
// every field the franking does not prove labelled a device claim.

import { readFile } from 'node:fs/promises';
import { openReport, verifyReportFranking, type FrankingVerification } from '../authority/index.js';
import { SafesealError } from '../errors.js';
import type { ReportHeader } from '../seal/header.js';
import { readJson, writeNew, type Output } from './cli-files.js';

export interface ReportFlags {
  readonly json: boolean;
  readonly key?: string | undefined;
  readonly platform?: string | undefined;
  readonly 'attachment-out'?: string | undefined;
}

const bad = (why: string): SafesealError => new SafesealError('INVALID_ARGUMENT', why);

function describe(header: ReportHeader, franking: FrankingVerification | undefined): string[] {
  const claim = franking ? ' (device claim, unverified)' : '';
  const lines = [
    `report ${header.reportId}${claim}`,
    `  created       ${header.createdAt}${claim}`,
    `  categories    ${header.categories.join(', ') || '(none)'}${claim}`,
    `  reasons       ${header.reasons.join(', ') || '(none)'}${claim}`,
    `  model         ${header.model}${claim}`,
  ];
  if (header.match)
    lines.push(`  match         list ${header.match.list} entry ${header.match.index} (${header.match.category}), root ${header.match.root}${claim}`);
  if (header.note !== undefined) lines.push(`  note          ${JSON.stringify(header.note)}${claim}`);
  if (header.attachment) {
    const a = header.attachment;
    lines.push(`  attachment    ${a.type}, ${a.bytes} bytes, sha256 ${a.sha256}${a.withheld ? ' — withheld: too large' : ''}`);
  }
  if (header.franking && !franking) lines.push('  franking      present; pass --platform P.pub.json to verify it');
  if (franking) {
    lines.push(`  franking      ${franking.valid ? 'VALID: the platform stamped this message' : 'INVALID: do not rely on the sender or the text'}`);
    lines.push(`  sender        ${franking.sender}`, `  recipient     ${franking.recipient}`, `  conversation  ${franking.conversation || '(1:1)'}`);
    lines.push(`  message id    ${franking.messageId}`, `  time          ${new Date(franking.timestamp).toISOString()}`);
    lines.push(
      `  attachment    ${franking.attachment === 'matches' ? 'is the franked image' : franking.attachment === 'absent' ? 'not attached' : 'is NOT the franked image'}`,
    );
  }
  return lines;
}

/** `report open --key NAME.key.json ENVELOPE [--platform P.pub.json] [--attachment-out FILE] [--json]`. */
export async function reportCommand(args: string[], flags: ReportFlags, io: Output): Promise<number> {
  const [sub, ...files] = args;
  if (sub !== 'open') throw bad(`unknown report command ${JSON.stringify(sub ?? '')}; use "report open"`);
  if (files.length !== 1) throw bad('report open needs exactly one ENVELOPE file');
  if (flags.key === undefined) throw bad('report open needs --key NAME.key.json (the authority key)');
  const authorityKey = await readJson(flags.key);
  let envelope: Uint8Array;
  try {
    envelope = new Uint8Array(await readFile(files[0]));
  } catch (e) {
    throw bad(`cannot read ${files[0]}: ${(e as Error).message}`);
  }
  const opened = await openReport(envelope, authorityKey);
  const franking =
    flags.platform !== undefined && opened.header.franking
      ? await verifyReportFranking(opened, await readJson(flags.platform), authorityKey)
      : undefined;
  if (flags['attachment-out'] !== undefined && opened.attachment) await writeNew(flags['attachment-out'], opened.attachment, 0o600);
  if (flags.json) io.out(JSON.stringify({ header: opened.header, ...(franking ? { franking } : {}) }));
  else for (const line of describe(opened.header, franking)) io.out(line);
  return 0;
}
