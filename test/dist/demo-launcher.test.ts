// `npm run demo`'s launcher as a user runs it (a child process): it prints both URLs, serves, and
// on SIGTERM or SIGINT closes everything and exits 0; PORT must leave room for PORT+1.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'safeseal-demo-launcher-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A port p with p and p+1 free at the time of asking. */
async function freePair(): Promise<number> {
  for (;;) {
    const p = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const nextFree = await new Promise<boolean>((resolve) => {
      const s = createServer()
        .once('error', () => resolve(false))
        .listen(p + 1, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (p < 65534 && nextFree) return p;
  }
}

function launch(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = async () => {
    for (let i = 0; i < 300 && !out.includes('Ctrl-C') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
    return out;
  };
  return { child, exited, started, output: () => ({ out, err }) };
}

describe('npm run demo (demo/main.ts)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    it(`prints both URLs, serves, and exits 0 on ${signal}`, async () => {
      const port = await freePair();
      const demo = launch({ PORT: String(port), DEMO_DATA_DIR: dataDir });
      const out = await demo.started();
      expect(out).toContain(`http://127.0.0.1:${port}/`);
      expect(out).toContain(`http://127.0.0.1:${port + 1}/`);
      expect((await fetch(`http://127.0.0.1:${port}/sdk/index.js`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port + 1}/api/reports`)).status).toBe(200);
      demo.child.kill(signal);
      expect(await demo.exited, JSON.stringify(demo.output())).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    });

  it('refuses a PORT that leaves no room for the authority view', async () => {
    const demo = launch({ PORT: '65535', DEMO_DATA_DIR: dataDir });
    expect(await demo.exited).not.toBe(0);
    expect(demo.output().err).toMatch(/PORT must be 1 … 65534/);
  });
});
