// The demo relay's WebSocket side (demo/PROTOCOL.md), on a demo started in-process: signed
// hellos, stamped sends whose stamps the authority opens and verifies (reported through POST
// /reports to the authority's API), reused ids, offline delivery, changed keys, the 16 MiB cap,
// the relay log's bytes and ports, no secret key in any frame, and a clean close.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import { frankMessage, verifyFrankedMessage } from '../../src/franking/index.js';
import { sealReport } from '../../src/seal/envelope.js';
import { b64, DemoClient, makeIdentity, rawExchange, unb64, type DemoIdentity } from '../helpers/demo-client.js';
import { expectCleanClose, expectNoSecretKeys, readKey, ROOT, useTestDemo } from '../helpers/demo-fixture.js';

const resourcesBefore = new Set(process.getActiveResourcesInfo());
const t = useTestDemo();
const authorityKey = readKey('authority.key.json');
let sam: DemoIdentity;
let alex: DemoIdentity;
beforeAll(async () => {
  [sam, alex] = await Promise.all([makeIdentity('sam'), makeIdentity('alex')]);
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
  expect((await t.get('/reports', { method: 'POST', body: envelope, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(204);
  const api = JSON.parse((await t.get('/api/reports', {}, t.demo.authorityUrl)).body.toString('utf8')) as {
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
  const shown = await t.get(`/api/reports/${last.id}/attachment`, {}, t.demo.authorityUrl);
  expect(shown.body.equals(Buffer.from(card))).toBe(true);
}

describe('demo relay: WebSocket', () => {
  it('refuses a hello with a bad signature', async () => {
    const c = await t.open();
    const mallory = await makeIdentity('mallory');
    await c.hello(mallory, sodium.crypto_sign_keypair().privateKey);
    expect(await c.next('error')).toEqual({ type: 'error', code: 'BAD_SIGNATURE' });
    expect((await c.whenClosed()).code).toBe(1008);
    const late = await t.open(); // nothing was registered: a correct hello for the name still works
    await late.hello(mallory);
    expect(await late.next('welcome')).toMatchObject({ user: 'mallory' });
  });

  it('refuses a send before hello, and a frame above 16 MiB (1009)', async () => {
    const c = await t.open();
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
    const big = await t.open();
    big.ws.send(Buffer.alloc(16 * 1024 * 1024 + 1, 0x20).toString());
    expect((await big.whenClosed()).code).toBe(1009);
  });

  it('stamps a send for the authority, delivers it, acks it, and refuses a reused message id', async () => {
    const s = await t.open();
    await s.hello(sam);
    const welcome = await s.next('welcome');
    expect(welcome.platformKeyId).toBe(JSON.parse(readFileSync(join(ROOT, 'demo/keys/platform.pub.json'), 'utf8')).id);
    const a = await t.open();
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
    expect((await t.get('/reports', { method: 'POST', body: envelope, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(204);
    const api = JSON.parse((await t.get('/api/reports', {}, t.demo.authorityUrl)).body.toString('utf8')) as {
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
    await t.get('/reports', { method: 'POST', body: forged, headers: { 'content-type': 'application/octet-stream' } });
    const again = JSON.parse((await t.get('/api/reports', {}, t.demo.authorityUrl)).body.toString('utf8')) as { franking: { valid: boolean } }[];
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
    const s = await t.open();
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
    const c = await t.open();
    await c.hello(casey);
    await c.next('welcome');
    expect(await c.next('message')).toMatchObject({ sender: 'sam', recipient: 'casey', conversation: 'demo', messageId });
    const impostor = await t.open();
    await impostor.hello({ ...(await makeIdentity('sam')) });
    expect(await impostor.next('error')).toEqual({ type: 'error', code: 'KEY_MISMATCH' });
  });
});

describe('demo relay: log, keys and close', () => {
  it('logs each request and frame per PROTOCOL, with the exact header bytes and the peer port', async () => {
    const head = `GET /demo/manifest.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Probe: 1\r\nConnection: close\r\n\r\n`;
    const { answer, localPort } = await rawExchange(t.demo.url, head);
    expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
    const lines = t.logLines();
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
    const report = t.responses.find((r) => r.status === 204)!;
    expect(byPort(report.localPort)).toEqual([expect.objectContaining({ kind: 'report', method: 'POST', url: '/reports', bytes: 4096 })]);
    const client = t.clients.find((c) => c.sent.some((t) => t.includes('"type":"send"')))!;
    const mine = byPort(client.localPort);
    expect(mine[0]).toMatchObject({ kind: 'control', method: 'GET', url: '/ws', bytes: 0 });
    expect(mine.slice(1).map((l) => [l.kind, l.bytes])).toEqual(
      client.sent.map((t) => [t.includes('"type":"hello"') ? 'key' : 'ciphertext', Buffer.byteLength(t)]),
    );
    expect(new Set(lines.map((l) => l.conn)).size).toBeGreaterThan(5);
  });

  it('never returns a secret key, in any frame or answer', () => expectNoSecretKeys(t));

  it('closes cleanly: both servers, every WebSocket (1001) and the database', async () => {
    await expectCleanClose(t, resourcesBefore);
    const db = new Database(join(t.dataDir, 'relay.sqlite'), { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n).toBe(4);
      const users = (db.prepare('SELECT user FROM accounts ORDER BY user').all() as { user: string }[]).map((r) => r.user);
      expect(users).toEqual(['alex', 'casey', 'mallory', 'sam']);
    } finally {
      db.close();
    }
  });
});
