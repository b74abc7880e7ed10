// `safeseal classify` from the built CLI (dist/node/cli.js): one JSON line per file with the five
// scores and the model's sha256, typed errors per file, and the fixture model on the test pattern.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runCli, jsonLines } from '../helpers/cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { MODEL_SHA256 } from '../../src/classify/pins.js';
import { badInputs } from '../helpers/bad-inputs.js';
import { fixture, testPattern } from '../helpers/classifier-assets.js';
import { VECTORS } from '../helpers/vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'safeseal-classify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => runCli(args);

const lines = jsonLines;
const LABELS = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'];
const wee = join(VECTORS, 'pdq/data/misc-images/wee.jpg');
const bridge = join(VECTORS, 'pdq/data/bridge-mods/aaa-orig.jpg');

describe('safeseal classify', () => {
  it('--json prints {file, scores, model} per file with the shipped model, exit 0', async () => {
    const { code, stdout, stderr } = await run(['classify', '--json', wee, bridge]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out.map((o) => o.file)).toEqual([wee, bridge]);
    for (const o of out) {
      expect(Object.keys(o)).toEqual(['file', 'scores', 'model']);
      expect(o.model).toBe(MODEL_SHA256);
      const scores = o.scores as Record<string, number>;
      expect(Object.keys(scores)).toEqual(LABELS);
      expect(Object.values(scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('reports bad files as typed errors, runs the others, exits 1; plain lines rank the labels', async () => {
    const bad = badInputs()
      .slice(0, 3)
      .map((b) => {
        const path = join(dir, b.name);
        writeFileSync(path, b.bytes);
        return { path, code: b.code };
      });
    const { code, stdout } = await run(['classify', '--json', ...bad.map((b) => b.path), wee, join(dir, 'missing.jpg')]);
    expect(code).toBe(1);
    const out = lines(stdout);
    bad.forEach((b, i) => expect(out[i]).toMatchObject({ file: b.path, error: { code: b.code } }));
    expect(out[bad.length]).toMatchObject({ file: wee, model: MODEL_SHA256 });
    expect(out[bad.length + 1]).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    expect(stdout).not.toContain('    at ');
    const plain = await run(['classify', wee]);
    expect(plain.stdout.trim()).toMatch(/^(\w+=\d\.\d{4} ){5} {1}.*wee\.jpg$/);
  });

  it('--model with its --model-sha256 flags the test pattern; a flipped model is MODEL_INTEGRITY', async () => {
    const p = testPattern();
    const pattern = join(dir, 'pattern.png');
    writeFileSync(
      pattern,
      await sharp(Buffer.from(p.data), { raw: { width: p.width, height: p.height, channels: 4 } })
        .png()
        .toBuffer(),
    );
    const checker = fixture('checker.onnx');
    const ok = await run(['classify', '--json', '--model', checker.path, '--model-sha256', checker.sha256, pattern, wee]);
    expect(ok.code).toBe(0);
    const [flagged, photo] = lines(ok.stdout) as { scores: Record<string, number>; model: string }[];
    expect(flagged.scores.porn).toBeGreaterThan(0.99);
    expect(photo.scores.neutral).toBeGreaterThan(0.99);
    expect(flagged.model).toBe(checker.sha256);
    const flipped = await run(['classify', '--json', '--model', fixture('checker-flipped.onnx').path, '--model-sha256', checker.sha256, wee]);
    expect(flipped.code).toBe(1);
    expect(lines(flipped.stdout)[0]).toMatchObject({ error: { code: 'MODEL_INTEGRITY' } });
    const orphan = await run(['classify', '--model-sha256', checker.sha256, wee]);
    expect(orphan.code).toBe(2); // a usage error
    expect(orphan.stderr).toContain('INVALID_ARGUMENT');
  });
});
