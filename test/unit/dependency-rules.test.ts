// The dependency rules (.dependency-cruiser.cjs, run by `npm run lint:deps`) can fail: on a fixture
// tree that breaks each rule once on purpose (test/fixtures/depcruise/), dependency-cruiser reports
// exactly those imports and none of the allowed ones next to them. That the real tree keeps them is
// `npm run lint:deps`, part of `npm test`.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEPCRUISE = fileURLToPath(new URL('../../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../.dependency-cruiser.cjs', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/depcruise/', import.meta.url));
/** The fixture's stand-ins for the real folders. */
const DIRS = ['src', 'demo', 'test'];

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** Runs the CLI in `cwd` with the repository's rules; resolves with its exit code and output. */
function depcruise(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [DEPCRUISE, ...args, '--config', CONFIG], { cwd, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The violations dependency-cruiser finds in `dirs` of `cwd` (its JSON report). */
async function violationsIn(cwd: string, dirs: string[]): Promise<Violation[]> {
  const { stdout, stderr } = await depcruise(cwd, [...dirs, '--output-type', 'json']);
  try {
    return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
  } catch {
    throw new Error(`dependency-cruiser gave no JSON: ${stderr}`);
  }
}

/** `rule: from → to`, with a resolved package path shortened to the package's name. */
const describeViolation = (v: Violation): string => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1')}`;

describe('dependency rules', () => {
  it('report every forbidden import of the fixture tree, one per rule, and nothing allowed', async () => {
    const violations = await violationsIn(FIXTURE, DIRS);
    expect(violations.every((v) => v.rule.severity === 'error')).toBe(true);
    expect(violations.map(describeViolation).sort()).toEqual(
      [
        'authority-is-its-own-entry: src/api.ts → src/authority/open.ts',
        'browser-code-not-node: src/image/decode.ts → src/node/decode.ts',
        'demo-uses-public-entries: demo/app.ts → src/api.ts',
        'engine-not-main-thread: src/engine/engine.ts → src/scanner/scanner.ts',
        'layers-point-down: src/pdq/hash.ts → src/engine/config.ts',
        'main-thread-no-wasm: src/index.ts → onnxruntime-web',
        'main-thread-no-wasm: src/scanner/scanner.ts → libsodium-wrappers',
        'no-cycles: src/cycle/a.ts → src/cycle/b.ts',
        'node-builtins-only-in-node: src/engine/engine.ts → fs',
        'policy-not-model: src/policy/decide.ts → src/classify/classifier.ts',
        'protocol-is-a-leaf: src/protocol.ts → src/lists/format.ts',
        'resolvable: src/lists/store.ts → ./missing.js',
        'relay-not-authority: demo/relay/server.ts → demo/authority/view.ts',
        'unit-tests-not-dist: test/unit/uses-dist.ts → dist/index.js',
        'worker-not-main-thread: src/worker/expose.ts → src/scanner/input.ts',
      ].sort(),
    );
    // With the reporter `npm run lint:deps` uses, the exit code is the number of errors: that is
    // what makes `npm test` fail.
    const { code, stdout } = await depcruise(FIXTURE, [...DIRS, '--output-type', 'err']);
    expect(code).toBe(violations.length);
    expect(stdout).toContain('main-thread-no-wasm');
  });
});
