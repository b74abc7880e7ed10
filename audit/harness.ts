// The audit's set-up: the demo on free ports with a fresh data directory, one recording proxy per
// person (so every captured byte is attributed to sam's or alex's browser context without
// guessing), Chromium with loopback forced through the proxy, and Playwright's own capture of the
// same traffic for the cross-check.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { OutgoingItem } from './accounting.js';
import type { PlaywrightCapture, Traffic } from './cross-checks.js';
import browserTests from '../playwright.config.js';
import { startRecordingProxy, type RecordingProxy } from './proxy.js';

/** The browser tests' launch options (playwright.config.ts): the executable and its flags. */
const BROWSER_TESTS = browserTests.use?.launchOptions ?? {};

/** The browser tests' flags, plus the audit's own. */
export const CHROMIUM_ARGS = [
  ...(BROWSER_TESTS.args ?? []),
  // The browser's own calls home (autofill, optimisation hints): not the app's, and not wanted here.
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate,NetworkTimeServiceQuerying',
  '--disable-extensions',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--no-default-browser-check',
  // Loopback is proxied too (Chromium bypasses it by default), and WebRTC may not go around the proxy.
  '--proxy-bypass-list=<-loopback>',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
];

export interface Person extends Traffic {
  readonly context: BrowserContext;
  readonly page: Page;
}

/** Starts the demo in-process (demo/main.ts's startDemo) on free ports with a fresh data dir. */
export async function startDemoForAudit(): Promise<{ url: string; authorityUrl: string; dataDir: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'safeseal-audit-'));
  const { startDemo } = await import('../demo/main.js');
  return startDemo({ port: 0, dataDir, quiet: true });
}

export async function launchAuditBrowser(fallbackProxy: RecordingProxy): Promise<Browser> {
  return chromium.launch({
    executablePath: BROWSER_TESTS.executablePath ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    // Contexts get their own proxies; this one catches anything launched without one.
    proxy: { server: fallbackProxy.server, bypass: '<-loopback>' },
  });
}

/** A browser context for `user` behind its own recording proxy, with Playwright's capture on. */
export async function openPerson(browser: Browser, user: string, url: string, tag: string): Promise<Person> {
  const proxy = await startRecordingProxy();
  proxy.tag = tag;
  const context = await browser.newContext({ proxy: { server: proxy.server, bypass: '<-loopback>' }, viewport: { width: 1100, height: 800 } });
  const capture: PlaywrightCapture = { requests: [], sockets: [] };
  context.on('request', (r) => {
    // blob: and data: URLs are read inside the browser; only network requests are compared.
    if (!/^https?:/.test(r.url())) return;
    capture.requests.push({ tag: proxy.tag, method: r.method(), url: r.url(), bodyBytes: r.postDataBuffer()?.length ?? 0 });
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('websocket', (ws) => {
    const socket = { tag: proxy.tag, url: ws.url(), frames: [] as { tag: string; bytes: number }[] };
    capture.sockets.push(socket);
    ws.on('framesent', (f) =>
      socket.frames.push({ tag: proxy.tag, bytes: typeof f.payload === 'string' ? Buffer.byteLength(f.payload) : f.payload.length }),
    );
  });
  await page.goto(url);
  return { user, proxy, context, page, capture };
}

/** Everything `person`'s browser sent under `tag`, in order, as the accounting takes it. */
export function outgoing(person: Person, tag: string | null): OutgoingItem[] {
  const { proxy, user } = person;
  const challenges = new Map<number, Uint8Array>();
  const pings = new Map<number, Buffer[]>();
  const items: (OutgoingItem & { order: number })[] = [];
  // Server frames interleave by seq: a hello is checked against the challenge that preceded it.
  const events = [
    ...proxy.requests.map((r) => ({ seq: r.seq, r })),
    ...proxy.frames.map((f) => ({ seq: f.seq, f })),
    ...proxy.serverFrames.map((s) => ({ seq: s.seq, s })),
  ].sort((a, b) => a.seq - b.seq);
  for (const e of events) {
    if ('s' in e) {
      if (e.s.opcode === 9) pings.set(e.s.conn, [...(pings.get(e.s.conn) ?? []), e.s.payload]);
      if (e.s.opcode !== 1) continue;
      try {
        const msg = JSON.parse(e.s.payload.toString('utf8')) as { type?: string; nonce?: string };
        if (msg.type === 'challenge' && typeof msg.nonce === 'string') challenges.set(e.s.conn, new Uint8Array(Buffer.from(msg.nonce, 'base64')));
      } catch {
        // Not JSON: the relay's frames are not what is audited; only the challenge is used.
      }
      continue;
    }
    if ('r' in e) {
      if (tag !== null && e.r.tag !== tag) continue;
      items.push({
        order: e.seq,
        seq: e.seq,
        account: user,
        type: 'http',
        method: e.r.method,
        url: e.r.url,
        headers: e.r.headers,
        head: e.r.head,
        body: e.r.body,
        ...(e.r.refused ? { refused: e.r.refused } : {}),
      });
    } else {
      if (tag !== null && e.f.tag !== tag) continue;
      const challenge = challenges.get(e.f.conn);
      items.push({
        order: e.seq,
        seq: e.seq,
        account: user,
        type: 'frame',
        method: 'WS',
        url: e.f.url,
        body: e.f.payload,
        opcode: e.f.opcode,
        fin: e.f.fin,
        serverPings: pings.get(e.f.conn) ?? [],
        ...(challenge ? { challenge } : {}),
      });
    }
  }
  return items;
}

/** Sets the scenario label on both proxies, after letting the previous scenario's traffic drain. */
export async function beginScenario(people: readonly Person[], name: string): Promise<void> {
  await Promise.all(people.map((p) => p.proxy.settle(400)));
  for (const p of people) p.proxy.tag = name;
}
