// DEMO ONLY. `npm run demo`: starts the demo relay on http://127.0.0.1:PORT/ and the authority view
// on http://127.0.0.1:PORT+1/ (PORT from the environment, default 8080), and stops both cleanly on
// Ctrl-C or SIGTERM. `startDemo` does the same in-process for the audit and the tests.

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAuthority } from './authority/server.js';
import { startRelay } from './relay/server.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface DemoOptions {
  /** The relay's port; the authority listens on port + 1. 0: both on free ports. Default 8080. */
  readonly port?: number;
  /** State directory (relay.sqlite, relay-log.jsonl); default demo/.data/. */
  readonly dataDir?: string;
  /** Keep the previous run's database and log (DEMO_KEEP_DATA=1). */
  readonly keepData?: boolean;
  /** No console output (errors included). */
  readonly quiet?: boolean;
}

export interface Demo {
  /** The messenger: http://127.0.0.1:PORT/ */
  readonly url: string;
  /** The authority view: http://127.0.0.1:PORT+1/ */
  readonly authorityUrl: string;
  /** The relay's data directory. */
  readonly dataDir: string;
  /** Closes both servers, every WebSocket and the database; idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the relay and the authority view.
 * @throws Error when a port is taken, dist/ is not built, or demo/app/ does not build
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const dataDir = resolve(options.dataDir ?? join(ROOT, 'demo/.data'));
  mkdirSync(dataDir, { recursive: true });
  const onError = options.quiet === true ? () => {} : (e: unknown) => console.error('demo:', e);
  const inboxToken = randomBytes(32).toString('hex');
  const port = options.port ?? 8080;
  const relay = await startRelay({ port, dataDir, root: ROOT, keepData: options.keepData === true, inboxToken, onError });
  let authority;
  try {
    authority = await startAuthority({
      port: port === 0 ? 0 : relay.port + 1,
      relayUrl: `http://127.0.0.1:${relay.port}`,
      root: ROOT,
      inboxToken,
      onError,
    });
  } catch (e) {
    await relay.close();
    throw e;
  }
  const a = authority;
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${relay.port}/`,
    authorityUrl: `http://127.0.0.1:${a.port}/`,
    dataDir,
    close: () => (closing ??= Promise.all([relay.close(), a.close()]).then(() => undefined)),
  };
}

function portFromEnv(): number {
  const raw = process.env.PORT ?? '8080';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65534) throw new Error(`PORT must be 1 … 65534 (the authority uses PORT+1), got ${raw}`);
  return port;
}

async function main(): Promise<void> {
  const demo = await startDemo({
    port: portFromEnv(),
    ...(process.env.DEMO_DATA_DIR ? { dataDir: process.env.DEMO_DATA_DIR } : {}),
    keepData: process.env.DEMO_KEEP_DATA === '1',
  });
  console.log(`safeseal demo (DEMO ONLY: demo keys, no forward secrecy)
  messenger:      ${demo.url}
  authority view: ${demo.authorityUrl}
  data:           ${demo.dataDir}
Ctrl-C stops it.`);
  const stop = (signal: string) => {
    console.log(`\n${signal}: stopping`);
    demo.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await main().catch((e: unknown) => {
    const code = (e as { code?: unknown }).code;
    console.error(
      `safeseal demo: ${code === 'EADDRINUSE' ? 'the port is taken (set PORT; the authority view uses PORT+1)' : e instanceof Error ? e.message : String(e)}`,
    );
    process.exit(1);
  });
