// The demo's committed content (demo/content/, demo/keys/; DEMO ONLY) is what its manifest says and
// does what the demo needs, checked with the built CLI as a user would: the test card blocks with
// the test prompt on the 2-of-2 demo list (only with --allow-demo-keys), and the fixture model
// flags the test pattern and nothing else.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '../..');
const CONTENT = join(ROOT, 'demo/content');
const read = (dir: string, name: string) => readFileSync(join(dir, name));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const manifest = JSON.parse(read(CONTENT, 'manifest.json').toString('utf8')) as Record<string, { sha256: string; bytes: number }>;
const LIST = ['--list', join(CONTENT, 'demo-test.ssl'), '--trust', join(CONTENT, 'demo-trust.json')];

describe('demo content', () => {
  it('matches its manifest; the fixture model is test/fixtures/checker.onnx with its pin', () => {
    for (const name of ['fixture-model.onnx', 'test-card.png', 'test-pattern.png', 'demo-test.ssl', 'demo-trust.json']) {
      const bytes = read(CONTENT, name);
      expect(manifest[name], name).toMatchObject({ sha256: sha256(bytes), bytes: bytes.length });
    }
    const pins = JSON.parse(read(join(ROOT, 'test/fixtures'), 'models.json').toString('utf8')) as Record<string, { sha256: string }>;
    expect(manifest['fixture-model.onnx'].sha256).toBe(pins['checker.onnx'].sha256);
  });

  it('the test card blocks with the test prompt on the demo list, whose demo signers count only with --allow-demo-keys', async () => {
    const card = join(CONTENT, 'test-card.png');
    const r = await runCli(['scan', card, ...LIST, '--allow-demo-keys', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonLines(r.stdout)[0]).toMatchObject({ action: 'block', categories: ['test'], reasons: ['known-match'], prompt: { kind: 'test' } });
    const inspect = await runCli(['list', 'verify', join(CONTENT, 'demo-test.ssl'), '--trust', join(CONTENT, 'demo-trust.json')]);
    expect(inspect.code).not.toBe(0); // demo keys refused without the flag
    const pattern = await runCli(['scan', join(CONTENT, 'test-pattern.png'), ...LIST, '--allow-demo-keys', '--json']);
    expect(jsonLines(pattern.stdout)[0]).toMatchObject({ action: 'allow' }); // not on the list; the real model finds nothing
  });

  it('the fixture model flags the test pattern (porn ≈ 1) and not the test card', async () => {
    const model = ['--model', join(CONTENT, 'fixture-model.onnx'), '--model-sha256', manifest['fixture-model.onnx'].sha256, '--json'];
    const r = await runCli(['classify', join(CONTENT, 'test-pattern.png'), join(CONTENT, 'test-card.png'), ...model]);
    expect(r.code, r.stderr).toBe(0);
    const [pattern, card] = jsonLines(r.stdout) as { scores: Record<string, number> }[];
    expect(pattern.scores.porn).toBeGreaterThan(0.99);
    expect(card.scores.neutral).toBeGreaterThan(0.99);
  });

  it('every demo key file is marked demo-only or named as one; the signers are demoOnly', () => {
    for (const n of ['signer-1', 'signer-2'])
      expect(JSON.parse(read(join(ROOT, 'demo/keys'), `${n}.pub.json`).toString('utf8'))).toMatchObject({ demoOnly: true, kind: 'signer' });
    expect(JSON.parse(read(join(ROOT, 'demo/keys'), 'authority.pub.json').toString('utf8')).name).toMatch(/DEMO ONLY/);
    expect(read(join(ROOT, 'demo/keys'), 'README.md').toString('utf8')).toMatch(/DEMO ONLY/);
  });
});
