// The dist project's guard against stale builds (fresh-build.ts), on a throwaway tree.

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLES, staleBuild } from './fresh-build.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A tree with src/a.ts written at `sourceS` and every bundle at `bundleS` (seconds since the epoch). */
function tree(sourceS: number, bundleS: number, skip?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'safeseal-fresh-'));
  roots.push(root);
  const write = (file: string, s: number): void => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), s, s);
  };
  write('src/deep/a.ts', sourceS);
  write('rollup.config.ts', sourceS);
  for (const b of BUNDLES) if (b !== skip) write(b, bundleS);
  return `${root}/`;
}

describe('stale build guard', () => {
  it('passes a build newer than its sources', () => {
    expect(staleBuild(tree(1_000, 2_000))).toBeNull();
  });

  it('names a source edited after the build', () => {
    expect(staleBuild(tree(3_000, 2_000))).toMatch(/^(src\/deep\/a\.ts|rollup\.config\.ts) is newer than dist\//);
  });

  it('names a missing bundle', () => {
    expect(staleBuild(tree(1_000, 2_000, 'dist/node/cli.js'))).toBe('dist/node/cli.js is missing');
  });
});
