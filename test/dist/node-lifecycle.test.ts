// The built Node entry (dist/node) as a script uses it: the worker keeps Node alive while a call
// is in flight — a plain unref() would let Node exit before the answer arrives — and lets it exit
// when idle, so a script that never calls dispose() prints its result and exits 0 within a second.
// Also enableClassifier on the real worker, hash-only use without libsodium, and bad options.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createScanner, MODEL_SHA256, type LoadProgress } from '../../dist/node/index.js';
import { vector } from '../helpers/bad-inputs.js';
import { VECTORS } from '../helpers/vectors.js';

const ENTRY = pathToFileURL(join(import.meta.dirname, '../../dist/node/index.js')).href;
const dir = mkdtempSync(join(tmpdir(), 'safeseal-lifecycle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a script; resolves with its exit code, output and the ms from its first stdout line to its exit. */
function runScript(source: string): Promise<{ code: number | null; stdout: string; stderr: string; exitAfterOutputMs: number }> {
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
  return new Promise((resolve) => {
    let firstOutput = 0;
    const child = execFile(process.execPath, [file], { timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({
        code: err ? ((err as { code?: number }).code ?? 1) : 0,
        stdout,
        stderr,
        exitAfterOutputMs: firstOutput ? performance.now() - firstOutput : -1,
      });
    });
    child.stdout!.once('data', () => (firstOutput = performance.now()));
  });
}

describe('Node worker lifetime (dist/node)', () => {
  it('a script that awaits one call and never disposes prints its result and exits 0 within 1 s', async () => {
    const image = join(VECTORS, 'pdq/data/reg-test-input/dih/bridge-1-original.jpg'); // a large photo: the call takes a while
    const r = await runScript(`
      import { readFileSync } from 'node:fs';
      import { createScanner } from ${JSON.stringify(ENTRY)};
      const scanner = await createScanner({ model: false, exposeDetails: true, timeoutMs: 0 });
      const result = await scanner.hashImage(readFileSync(${JSON.stringify(image)}));
      console.log(result.pdq);
    `);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(r.exitAfterOutputMs).toBeGreaterThanOrEqual(0);
    expect(r.exitAfterOutputMs).toBeLessThan(1000);
  });

  it('calls in flight after an idle period still answer (the worker is ref()ed again for them)', async () => {
    const image = join(VECTORS, 'pdq/data/misc-images/wee.jpg');
    const r = await runScript(`
      import { readFileSync } from 'node:fs';
      import { createScanner } from ${JSON.stringify(ENTRY)};
      const scanner = await createScanner({ model: false, exposeDetails: true, timeoutMs: 0 });
      const bytes = readFileSync(${JSON.stringify(image)});
      const first = await scanner.hashImage(bytes);
      // Idle: only this timer keeps Node alive. The calls below start with nothing else holding
      // it; if the worker stayed unref()ed, Node would exit with the answers still in flight.
      await new Promise((r) => setTimeout(r, 200));
      const again = await Promise.all([scanner.hashImage(bytes), scanner.status()]);
      console.log(JSON.stringify({ same: again[0].pdq === first.pdq, lists: again[1].lists.length }));
    `);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ same: true, lists: 0 });
    expect(r.exitAfterOutputMs).toBeLessThan(1000);
  });

  it('refuses malformed options in the Node entry too', async () => {
    for (const options of [null, { model: 'x', modle: true }, { model: false, wasm: 'x' }, { startTimeoutMs: -5 }]) {
      await expect(createScanner(options as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });
});

describe('enableClassifier on the real worker (dist/node)', () => {
  it('loads the shipped model into a hash-only scanner, reporting the stages after download', async () => {
    const scanner = await createScanner({ model: false, exposeDetails: true });
    try {
      expect(scanner.classifier).toEqual({ state: 'off' });
      await expect(scanner.classifyImage(vector('pdq/data/misc-images/wee.jpg'))).rejects.toMatchObject({ code: 'NOT_READY' });
      const progress: LoadProgress[] = [];
      const status = await scanner.enableClassifier({ onProgress: (p) => progress.push(p) }); // model: the shipped one, by default
      expect(status).toMatchObject({ state: 'ready', model: MODEL_SHA256, runtime: 'onnxruntime-node' });
      expect(scanner.classifier).toEqual(status);
      const stages = progress.map((p) => p.stage);
      expect(stages.slice(stages.lastIndexOf('download') + 1)).toEqual(['model', 'compile', 'warmup', 'ready']);
      const r = await scanner.classifyImage(vector('pdq/data/misc-images/wee.jpg'));
      expect(r.model).toBe(MODEL_SHA256);
      expect((await scanner.status()).model).toBe(MODEL_SHA256);
      await expect(scanner.enableClassifier({ model: true })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    } finally {
      await scanner.dispose();
    }
  }, 60_000);
});
