// What must never leave the browser in the clear, as needles for the leak search: each scenario's
// message texts, 32-byte windows of each image file, their SHA-256 and PDQ hashes (binary and as
// hex text, from the built CLI), the real model's scores (four decimals) and the category labels.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { windows, type Needle } from './leaks.js';

/** PDQ, SHA-256 and scores of a file, from the built CLI (safeseal hash / classify --json). */
export function contentFacts(root: string, file: string): { pdq: string; sha256: string; scores: number[] } {
  const cli = join(root, 'dist/node/cli.js');
  const hash = JSON.parse(execFileSync('node', [cli, 'hash', '--json', file], { encoding: 'utf8' })) as { pdq: string; sha256: string };
  const cls = JSON.parse(execFileSync('node', [cli, 'classify', '--json', file], { encoding: 'utf8' })) as { scores: Record<string, number> };
  return { pdq: hash.pdq, sha256: hash.sha256, scores: Object.values(cls.scores) };
}

/** The needles for `texts` and `files` ([name, path, bytes]), plus the four category labels. */
export function contentNeedlesFor(root: string, texts: readonly string[], files: readonly (readonly [string, string, Uint8Array])[]): Needle[] {
  const needles: Needle[] = [];
  for (const t of new Set(texts)) needles.push({ what: `message text "${t}"`, bytes: Buffer.from(t) });
  for (const [name, file, bytes] of files) {
    const facts = contentFacts(root, file);
    windows(bytes).forEach((w, i) => needles.push({ what: `${name} bytes (window ${i + 1})`, bytes: w }));
    needles.push(
      { what: `${name} SHA-256`, bytes: Buffer.from(facts.sha256, 'hex') },
      { what: `${name} SHA-256 (hex text)`, bytes: Buffer.from(facts.sha256) },
      { what: `${name} PDQ`, bytes: Buffer.from(facts.pdq, 'hex') },
      { what: `${name} PDQ (hex text)`, bytes: Buffer.from(facts.pdq) },
    );
    // Tiny scores print as 0.0000: nothing distinctive to look for.
    for (const s of facts.scores) if (s > 1e-4) needles.push({ what: `${name} score ${s}`, bytes: Buffer.from(s.toFixed(4)), word: true });
  }
  for (const label of ['sexual', 'suggestive', 'known-abuse', 'test'])
    needles.push({ what: `category label ${label}`, bytes: Buffer.from(label), word: true });
  return needles;
}
