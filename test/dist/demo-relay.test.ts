// The demo relay and authority view (demo/PROTOCOL.md), started in-process on free ports with a
// temporary data directory: headers, what is and is not served, the WebSocket protocol with real
// signatures and stamps, reports through the inbox to the authority's API, the relay log, the
// import boundary between relay and authority, and a clean close.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import sodium from 'libsodium-wrappers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../demo/main.js';
import { frankMessage, verifyFrankedMessage } from '../../src/franking/index.js';
import { sealReport } from '../../src/seal/envelope.js';
import { b64, DemoClient, makeIdentity, rawExchange, rawRequest, unb64, type DemoIdentity, type RawResponse } from '../helpers/demo-client.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const authorityKey = JSON.parse(readFileSync(join(ROOT, 'demo/keys/authority.key.json'), 'utf8')) as { publicKey: string; secretKey: string };
const platformKey = JSON.parse(readFileSync(join(ROOT, 'demo/keys/platform.key.json'), 'utf8')) as { secretKey: string };

let demo: Demo;
let dataDir: string;
const responses: RawResponse[] = [];
const clients: DemoClient[] = [];
const before = new Set(process.getActiveResourcesInfo());
let sam: DemoIdentity;
let alex: DemoIdentity;

const get = async (path: string, options: Parameters<typeof rawRequest>[2] = {}, base = demo.url) => {
  const r = await rawRequest(base, path, options);
  responses.push(r);
  return r;
};
const wsUrl = () => demo.url.replace('http:', 'ws:') + 'ws';
const open = async () => {
  const c = await DemoClient.open(wsUrl());
  clients.push(c);
  return c;
};
const logLines = () =>
  readFileSync(join(dataDir, 'relay-log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'safeseal-demo-relay-'));
  demo = await startDemo({ port: 0, dataDir, quiet: true });
  await sodium.ready;
  [sam, alex] = await Promise.all([makeIdentity('sam'), makeIdentity('alex')]);
});
afterAll(async () => {
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo relay: HTTP', () => {
  it('serves pages, SDK files and demo content cross-origin isolated, the worker under the SDK worker CSP', async () => {
    const port = new URL(demo.url).port;
    for (const path of ['/', '/sdk/index.js', '/sdk/prompt.js', '/sdk/franking.js', '/demo/test-card.png', '/demo/authority.pub.json', '/nope']) {
      const r = await get(path);
      expect(r.status, path).toBe(path === '/nope' ? 404 : 200);
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
      expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['content-security-policy']).toBe(
        `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self' ws://127.0.0.1:${port}; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
      );
    }
    const worker = await get('/sdk/worker.js');
    expect(worker.status).toBe(200);
    expect(worker.headers['content-type']).toMatch(/^text\/javascript/);
    expect(worker.headers['content-security-policy']).toBe("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'");
    expect(worker.headers['cross-origin-embedder-policy']).toBe('require-corp');
    // Everything the browser entry reaches: its chunks and the model and wasm next to it.
    for (const dir of ['chunks', 'assets'])
      for (const name of readdirSync(join(ROOT, 'dist', dir)).filter((n) => !n.endsWith('.map'))) {
        const r = await get(`/sdk/${dir}/${name}`, { method: 'GET' });
        expect(r.status, name).toBe(200);
        expect(r.body.equals(readFileSync(join(ROOT, 'dist', dir, name)))).toBe(true);
      }
    expect((await get('/sdk/assets/ort-wasm-simd-threaded.wasm')).headers['content-type']).toBe('application/wasm');
  });

  it('answers 404 for unknown paths, traversal and every key file', async () => {
    const refused = [
      '/demo/../keys/authority.key.json',
      '/demo/%2e%2e/keys/authority.key.json',
      '/demo/..%2fkeys/authority.key.json',
      '/demo/authority.key.json',
      '/demo/platform.key.json',
      '/demo/keys/authority.key.json',
      '/keys/authority.key.json',
      '/sdk/../demo/keys/platform.key.json',
      '/app/../../demo/keys/signer-1.key.json',
      '/sdk/authority.js',
      '/sdk/node/cli.js',
      '/sdk/index.js.map',
      '/sdk/chunks/../../package.json',
      '/demo/README.md',
      '/package.json',
      '/inbox/reports',
      '/inbox/reports/1',
      '//etc/passwd',
    ];
    for (const path of refused) expect((await get(path)).status, path).toBe(404);
    expect((await get('/sdk/index.js', { method: 'POST', body: new Uint8Array(1) })).status).toBe(404);
    expect((await get('/inbox/reports', { headers: { authorization: 'Bearer 00' } })).status).toBe(404);
  });

  it('takes a report of a bucket size only (400 otherwise), as opaque bytes, into the inbox and the authority view', async () => {
    const post = (body: Uint8Array, type = 'application/octet-stream', extra: Record<string, string> = {}) =>
      get('/reports', { method: 'POST', body, headers: { 'content-type': type, ...extra } });
    expect((await post(new Uint8Array(4095))).status).toBe(400);
    expect((await post(new Uint8Array(4097))).status).toBe(400);
    expect((await post(new Uint8Array(0))).status).toBe(400);
    expect((await post(new Uint8Array(4096), 'text/plain')).status).toBe(400);
    expect((await post(new Uint8Array(4096), 'application/octet-stream', { cookie: 'a=b' })).status).toBe(400);
    const junk = new Uint8Array(4096).fill(7);
    const r = await post(junk);
    expect(r.status).toBe(204);
    expect(r.body.length).toBe(0);
    const api = JSON.parse((await get('/api/reports', {}, demo.authorityUrl)).body.toString('utf8')) as { bytes: number; error: string | null }[];
    expect(api).toEqual([expect.objectContaining({ id: 1, bytes: 4096, error: 'SEAL', header: null })]);
    const page = await get('/', {}, demo.authorityUrl);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';/);
    for (const path of ['/authority.key.json', '/demo/keys/authority.key.json', '/api/reports/1/attachment', '/inbox/reports'])
      expect((await get(path, {}, demo.authorityUrl)).status, path).toBe(404);
    const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT envelope FROM reports').all() as { envelope: Buffer }[];
      expect(rows.map((x) => x.envelope.equals(junk))).toEqual([true]);
    } finally {
      db.close();
    }
  });
});

/** A franked picture message from sam to alex, reported with the picture (the large bucket): its franking verifies and the authority shows the picture. */
async function reportWithAttachment(s: DemoClient, a: DemoClient): Promise<void> {
  const card = new Uint8Array(readFileSync(join(ROOT, 'demo/content/test-card.png')));
  const text = 'a picture';
  const { frankingKey, commitment } = await frankMessage(text, card);
  const messageId = 'e'.repeat(32);
  s.send({ type: 'send', recipient: 'alex', conversation: '', messageId, commitment: b64(commitment), ciphertext: b64(new Uint8Array(64)) });
  const m = await a.next('message');
  const sha = createHash('sha256').update(card).digest('hex');
  const franking = {
    frankingKey: Buffer.from(frankingKey).toString('hex'),
    commitment: Buffer.from(commitment).toString('hex'),
    sealedStamp: Buffer.from(unb64(m.sealedStamp)).toString('hex'),
    ...{ sender: 'sam', recipient: 'alex', conversation: '', messageId, timestamp: Number(m.timestamp) },
    message: Buffer.from(text).toString('base64'),
    attachmentSha256: sha,
  };
  const header = {
    ...{ reportId: 'cd'.repeat(16), createdAt: '2026-12-02T01:00:00Z', categories: ['test'], reasons: ['known-match'], model: '0'.repeat(64) },
    attachment: { type: 'image/png', bytes: card.length, sha256: sha },
    franking,
  };
  const envelope = await sealReport({ header, attachment: card } as Parameters<typeof sealReport>[0], Buffer.from(authorityKey.publicKey, 'hex'));
  expect(envelope.length).toBe(4_194_304);
  expect((await get('/reports', { method: 'POST', body: envelope, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(204);
  const api = JSON.parse((await get('/api/reports', {}, demo.authorityUrl)).body.toString('utf8')) as {
    id: number;
    franking: { valid: boolean; attachment: string };
    attachment: unknown;
    fields: { field: string; status: string }[];
  }[];
  const last = api.at(-1)!;
  expect(last).toMatchObject({
    bytes: 4_194_304,
    franking: { valid: true, attachment: 'matches' },
    attachment: { type: 'image/png', bytes: card.length },
  });
  expect(last.fields.find((f) => f.field === 'attachment.sha256')?.status).toBe('verified');
  expect(last.fields.find((f) => f.field === 'attachment.type')?.status).toBe('device-claim');
  const shown = await get(`/api/reports/${last.id}/attachment`, {}, demo.authorityUrl);
  expect(shown.body.equals(Buffer.from(card))).toBe(true);
}

describe('demo relay: WebSocket', () => {
  it('refuses a hello with a bad signature', async () => {
    const c = await open();
    const mallory = await makeIdentity('mallory');
    await c.hello(mallory, sodium.crypto_sign_keypair().privateKey);
    expect(await c.next('error')).toEqual({ type: 'error', code: 'BAD_SIGNATURE' });
    expect((await c.whenClosed()).code).toBe(1008);
    const late = await open(); // nothing was registered: a correct hello for the name still works
    await late.hello(mallory);
    expect(await late.next('welcome')).toMatchObject({ user: 'mallory' });
  });

  it('refuses a send before hello, and a frame above 16 MiB (1009)', async () => {
    const c = await open();
    await c.next('challenge');
    c.send({
      type: 'send',
      recipient: 'alex',
      conversation: '',
      messageId: '0'.repeat(32),
      commitment: b64(new Uint8Array(32)),
      ciphertext: b64(new Uint8Array(40)),
    });
    expect(await c.next('error')).toEqual({ type: 'error', code: 'NOT_AUTHENTICATED' });
    const big = await open();
    big.ws.send(Buffer.alloc(16 * 1024 * 1024 + 1, 0x20).toString());
    expect((await big.whenClosed()).code).toBe(1009);
  });

  it('stamps a send for the authority, delivers it, acks it, and refuses a reused message id', async () => {
    const s = await open();
    await s.hello(sam);
    const welcome = await s.next('welcome');
    expect(welcome.platformKeyId).toBe(JSON.parse(readFileSync(join(ROOT, 'demo/keys/platform.pub.json'), 'utf8')).id);
    const a = await open();
    await a.hello(alex);
    expect((await a.next('welcome')).contacts).toContainEqual({ user: 'sam', signPk: b64(sam.sign.publicKey), kxPk: b64(sam.kx.publicKey) });
    expect(await s.next('keys')).toEqual({ type: 'keys', user: 'alex', signPk: b64(alex.sign.publicKey), kxPk: b64(alex.kx.publicKey) });

    const text = 'hello alex, this is a demo message';
    const { frankingKey, commitment } = await frankMessage(text);
    const key = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
    const nonce = sodium.randombytes_buf(24);
    const payload = new TextEncoder().encode(JSON.stringify({ text, frankingKey: b64(frankingKey) }));
    const ciphertext = new Uint8Array([...nonce, ...sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(payload, null, null, nonce, key)]);
    const messageId = Buffer.from(sodium.randombytes_buf(16)).toString('hex');
    const send = { type: 'send', recipient: 'alex', conversation: '', messageId, commitment: b64(commitment), ciphertext: b64(ciphertext) };
    s.send(send);
    const ack = await s.next('ack');
    const m = await a.next('message');
    expect(ack).toEqual({ type: 'ack', messageId, timestamp: m.timestamp });
    expect(m).toMatchObject({
      sender: 'sam',
      recipient: 'alex',
      conversation: '',
      messageId,
      commitment: b64(commitment),
      ciphertext: b64(ciphertext),
    });
    expect(unb64(m.sealedStamp).length).toBe(112);
    expect(Math.abs(Number(m.timestamp) - Date.now())).toBeLessThan(10_000);
    expect(await verifyFrankedMessage({ message: text, frankingKey, commitment: unb64(m.commitment) })).toBe(true);

    // The recipient reports it: the authority opens the envelope and the stamp verifies, naming sam.
    const franking = {
      frankingKey: Buffer.from(frankingKey).toString('hex'),
      commitment: Buffer.from(commitment).toString('hex'),
      sealedStamp: Buffer.from(unb64(m.sealedStamp)).toString('hex'),
      sender: 'sam',
      recipient: 'alex',
      conversation: '',
      messageId,
      timestamp: Number(m.timestamp),
      message: Buffer.from(text).toString('base64'),
    };
    const header = {
      reportId: 'ab'.repeat(16),
      createdAt: '2026-12-02T01:00:00Z',
      categories: ['test'],
      reasons: ['known-match'],
      model: '0'.repeat(64),
      franking,
    };
    const envelope = await sealReport({ header } as Parameters<typeof sealReport>[0], Buffer.from(authorityKey.publicKey, 'hex'));
    expect((await get('/reports', { method: 'POST', body: envelope, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(204);
    const api = JSON.parse((await get('/api/reports', {}, demo.authorityUrl)).body.toString('utf8')) as {
      header: { franking: unknown };
      franking: { valid: boolean; sender: string };
      fields: { field: string; status: string; value: string }[];
    }[];
    const opened = api.at(-1)!;
    expect(opened.header.franking).toEqual(franking);
    expect(opened.franking).toMatchObject({ valid: true, attachment: 'absent', sender: 'sam', recipient: 'alex', messageId });
    const status = Object.fromEntries(opened.fields.map((f) => [f.field, f.status]));
    expect(status).toMatchObject({
      'franking.sender': 'verified',
      'franking.message': 'verified',
      categories: 'device-claim',
      reasons: 'device-claim',
    });
    expect(opened.fields.find((f) => f.field === 'franking.message')?.value).toBe(text);
    // A stamp for other metadata does not verify.
    const forged = await sealReport(
      { header: { ...header, franking: { ...franking, sender: 'alex', recipient: 'sam' } } } as Parameters<typeof sealReport>[0],
      Buffer.from(authorityKey.publicKey, 'hex'),
    );
    await get('/reports', { method: 'POST', body: forged, headers: { 'content-type': 'application/octet-stream' } });
    const again = JSON.parse((await get('/api/reports', {}, demo.authorityUrl)).body.toString('utf8')) as { franking: { valid: boolean } }[];
    expect(again.at(-1)!.franking.valid).toBe(false);
    await reportWithAttachment(s, a);

    s.send(send);
    expect(await s.next('error')).toEqual({ type: 'error', code: 'REUSED_ID', messageId });
    s.send({ ...send, messageId: 'f'.repeat(32) });
    await s.next('ack');
    expect((await a.next('message')).messageId).toBe('f'.repeat(32)); // the reused one never arrived
  });

  it('keeps a message for an offline recipient until its hello, and refuses changed keys', async () => {
    const casey = await makeIdentity('casey');
    const s = await open();
    await s.hello(sam);
    await s.next('welcome');
    const messageId = 'c'.repeat(32);
    s.send({
      type: 'send',
      recipient: 'casey',
      conversation: 'demo',
      messageId,
      commitment: b64(new Uint8Array(32).fill(1)),
      ciphertext: b64(new Uint8Array(64)),
    });
    await s.next('ack');
    const c = await open();
    await c.hello(casey);
    await c.next('welcome');
    expect(await c.next('message')).toMatchObject({ sender: 'sam', recipient: 'casey', conversation: 'demo', messageId });
    const impostor = await open();
    await impostor.hello({ ...(await makeIdentity('sam')) });
    expect(await impostor.next('error')).toEqual({ type: 'error', code: 'KEY_MISMATCH' });
  });
});

describe('demo relay: log, keys and boundaries', () => {
  it('logs each request and frame per PROTOCOL, with the exact header bytes and the peer port', async () => {
    const head = `GET /demo/manifest.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Probe: 1\r\nConnection: close\r\n\r\n`;
    const { answer, localPort } = await rawExchange(demo.url, head);
    expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
    const lines = logLines();
    for (const l of lines) expect(Object.keys(l)).toEqual(['t', 'conn', 'port', 'kind', 'method', 'url', 'bytes', 'headerBytes']);
    expect(lines.at(-1)).toMatchObject({
      port: localPort,
      kind: 'asset',
      method: 'GET',
      url: '/demo/manifest.json',
      bytes: 0,
      headerBytes: head.length,
    });
    const byPort = (port: number) => lines.filter((l) => l.port === port);
    const report = responses.find((r) => r.status === 204)!;
    expect(byPort(report.localPort)).toEqual([expect.objectContaining({ kind: 'report', method: 'POST', url: '/reports', bytes: 4096 })]);
    const client = clients.find((c) => c.sent.some((t) => t.includes('"type":"send"')))!;
    const mine = byPort(client.localPort);
    expect(mine[0]).toMatchObject({ kind: 'control', method: 'GET', url: '/ws', bytes: 0 });
    expect(mine.slice(1).map((l) => [l.kind, l.bytes])).toEqual(
      client.sent.map((t) => [t.includes('"type":"hello"') ? 'key' : 'ciphertext', Buffer.byteLength(t)]),
    );
    expect(new Set(lines.map((l) => l.conn)).size).toBeGreaterThan(10);
  });

  it('never returns a secret key, in any response or frame', () => {
    const secrets = [authorityKey.secretKey, platformKey.secretKey].map((hex) => Buffer.from(hex, 'hex'));
    const bodies = [...responses.map((r) => r.body), ...clients.flatMap((c) => c.raw.map((t) => Buffer.from(t)))];
    expect(bodies.length).toBeGreaterThan(30);
    for (const s of secrets) {
      const forms = [
        s,
        Buffer.from(s.toString('hex')),
        Buffer.from(s.toString('hex').toUpperCase()),
        Buffer.from(s.toString('base64')),
        Buffer.from(s.toString('base64url')),
      ];
      for (const body of bodies) for (const f of forms) expect(body.includes(f)).toBe(false);
    }
  });

  it('relay code never imports authority code nor names the authority secret key file', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/authority\.key|safeseal\/authority|['"]\.\.\/authority/);
      for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g))
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    };
    for (const f of readdirSync(join(ROOT, 'demo/relay'))) if (f.endsWith('.ts')) visit(join(ROOT, 'demo/relay', f));
    for (const f of seen) expect(f.startsWith(join(ROOT, 'demo/relay/')), f).toBe(true);
  });

  it('closes cleanly: both servers, every WebSocket (1001) and the database', async () => {
    const idle = await open();
    await idle.next('challenge');
    await demo.close();
    expect((await idle.whenClosed()).code).toBe(1001);
    await expect(rawRequest(demo.url, '/')).rejects.toThrow(/ECONNREFUSED/);
    await expect(rawRequest(demo.authorityUrl, '/')).rejects.toThrow(/ECONNREFUSED/);
    const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n).toBe(4);
      expect((db.prepare('SELECT user FROM accounts ORDER BY user').all() as { user: string }[]).map((r) => r.user)).toEqual([
        'alex',
        'casey',
        'mallory',
        'sam',
      ]);
    } finally {
      db.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    const left = process.getActiveResourcesInfo().filter((r) => /TCP|Pipe|FSReqCallback/.test(r));
    expect(left.filter((r) => !before.has(r))).toEqual([]);
  });
});
