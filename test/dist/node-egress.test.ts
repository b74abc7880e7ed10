// The egress lock in Node (dist/node/worker.js in a real worker thread), and its limit. A hostile
// module evaluated in the worker after the entry tries fetch, BroadcastChannel (which reaches the
// app's other threads) and node:http against a counting sink: the lock stops the first two; node:http
// — like every Node built-in — stays importable by any code, so in Node the lock is best-effort
// (README, "Privacy and security model"). A canary without the lock proves all three routes real.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BroadcastChannel, Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink } from '../helpers/sink.js';

const WORKER = pathToFileURL(resolve('dist/node/worker.js')).href;

/** The hostile module: imports the scanner worker entry first when `locked`, then tries each route. */
const hostile = (locked: boolean, target: string): string => `
import { parentPort } from 'node:worker_threads';
${locked ? `await import(${JSON.stringify(WORKER)});` : ''}
const outcome = {};
const attempt = async (route, run) => {
  try { await run(); outcome[route] = 'sent'; } catch (e) { outcome[route] = 'threw: ' + String(e?.message ?? e).slice(0, 120); }
};
await attempt('fetch', () => fetch(${JSON.stringify(`${target}/hit/fetch`)}));
await attempt('broadcastchannel', () => { const c = new BroadcastChannel('safeseal-hostile'); c.postMessage('leak'); c.close(); });
await attempt('node-http', async () => {
  const http = await import('node:http');
  await new Promise((ok, fail) => http.get(${JSON.stringify(`${target}/hit/node-http`)}, (res) => { res.resume(); res.on('end', ok); }).on('error', fail));
});
parentPort.postMessage({ hostileReport: outcome });
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'safeseal-egress-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(locked: boolean) {
  const sink = await startSink();
  const file = join(dir, `${locked ? 'locked' : 'canary'}.mjs`);
  writeFileSync(file, hostile(locked, sink.url));
  const heard: string[] = [];
  const channel = new BroadcastChannel('safeseal-hostile');
  channel.onmessage = (e) => heard.push(String((e as { data: unknown }).data));
  const worker = new Worker(file);
  try {
    const report = await new Promise<Record<string, string>>((done, fail) => {
      worker.on('message', (m: { hostileReport?: Record<string, string> }) => m?.hostileReport && done(m.hostileReport));
      worker.on('error', fail);
    });
    await new Promise((r) => setTimeout(r, 200));
    return { report, hits: [...sink.hits].sort(), heard };
  } finally {
    channel.close();
    await worker.terminate();
    await sink.close();
  }
}

describe('egress lock in Node', () => {
  it('canary: without the lock, fetch, BroadcastChannel and node:http all get out', async () => {
    const { report, hits, heard } = await run(false);
    expect(report).toEqual({ fetch: 'sent', broadcastchannel: 'sent', 'node-http': 'sent' });
    expect(hits).toEqual(['fetch', 'node-http']);
    expect(heard).toEqual(['leak']);
  });

  it('locked: fetch and BroadcastChannel are refused; node:http is not (a documented limit)', async () => {
    const { report, hits, heard } = await run(true);
    expect(report.fetch).toMatch(/threw: safeseal: fetch is disabled/);
    expect(report.broadcastchannel).toMatch(/threw: safeseal: BroadcastChannel is disabled/);
    expect(heard).toEqual([]);
    // What JavaScript cannot take away in Node: the built-ins. Asserted so the README stays honest.
    expect(report['node-http']).toBe('sent');
    expect(hits).toEqual(['node-http']);
  });
});
