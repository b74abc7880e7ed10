// DEMO ONLY. One demo (relay + authority view) per test file, in-process on free ports with a
// temporary data directory, recording every answer and frame so a file can check at its end that
// no secret key was ever returned and that closing leaves nothing open.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sodium from 'libsodium-wrappers';
import { afterAll, beforeAll, expect } from 'vitest';
import { startDemo, type Demo } from '../../demo/main.js';
import { DemoClient, rawRequest, type RawResponse } from './demo-client.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const readKey = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, 'demo/keys', name), 'utf8')) as { id: string; publicKey: string; secretKey: string };

export interface TestDemo {
  readonly demo: Demo;
  readonly dataDir: string;
  /** Every HTTP answer and every WebSocket client of the file, in order. */
  readonly responses: RawResponse[];
  readonly clients: DemoClient[];
  /** A request on its own connection (the path as given); `base` defaults to the relay. */
  get(path: string, options?: Parameters<typeof rawRequest>[2], base?: string): Promise<RawResponse>;
  /** A WebSocket to /ws. */
  open(): Promise<DemoClient>;
  logLines(): Record<string, unknown>[];
}

/** Starts a demo before the file's tests and removes its data directory after them. */
export function useTestDemo(): TestDemo {
  const before = { demo: null as Demo | null, dataDir: '' };
  const t: TestDemo = {
    get demo() {
      return before.demo!;
    },
    get dataDir() {
      return before.dataDir;
    },
    responses: [],
    clients: [],
    async get(path, options = {}, base = t.demo.url) {
      const r = await rawRequest(base, path, options);
      t.responses.push(r);
      return r;
    },
    async open() {
      const c = await DemoClient.open(t.demo.url.replace('http:', 'ws:') + 'ws');
      t.clients.push(c);
      return c;
    },
    logLines: () =>
      readFileSync(join(t.dataDir, 'relay-log.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
  beforeAll(async () => {
    before.dataDir = mkdtempSync(join(tmpdir(), 'safeseal-demo-relay-'));
    before.demo = await startDemo({ port: 0, dataDir: before.dataDir, quiet: true });
    await sodium.ready;
  });
  afterAll(async () => {
    await before.demo?.close();
    rmSync(before.dataDir, { recursive: true, force: true });
  });
  return t;
}

/** No answer or frame of the file held a demo secret key: raw, hex (either case), base64, base64url. */
export function expectNoSecretKeys(t: TestDemo): void {
  const secrets = ['authority.key.json', 'platform.key.json'].map((f) => Buffer.from(readKey(f).secretKey, 'hex'));
  const bodies = [...t.responses.map((r) => r.body), ...t.clients.flatMap((c) => c.raw.map((text) => Buffer.from(text)))];
  expect(bodies.length).toBeGreaterThan(10);
  for (const s of secrets) {
    const hex = s.toString('hex');
    const forms = [s, Buffer.from(hex), Buffer.from(hex.toUpperCase()), Buffer.from(s.toString('base64')), Buffer.from(s.toString('base64url'))];
    for (const body of bodies) for (const f of forms) expect(body.includes(f)).toBe(false);
  }
}

/**
 * Closes the demo with a WebSocket still open: the client sees 1001, both ports refuse, and no
 * TCP handle is left beyond those open before `resourcesBefore` was taken.
 */
export async function expectCleanClose(t: TestDemo, resourcesBefore: ReadonlySet<string>): Promise<void> {
  const idle = await t.open();
  await idle.next('challenge');
  await t.demo.close();
  expect((await idle.whenClosed()).code).toBe(1001);
  await expect(rawRequest(t.demo.url, '/')).rejects.toThrow(/ECONNREFUSED/);
  await expect(rawRequest(t.demo.authorityUrl, '/')).rejects.toThrow(/ECONNREFUSED/);
  await new Promise((r) => setTimeout(r, 50));
  const left = process.getActiveResourcesInfo().filter((r) => /TCP|Pipe/.test(r));
  expect(left.filter((r) => !resourcesBefore.has(r))).toEqual([]);
}
