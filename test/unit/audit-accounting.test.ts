// The audit's accounting and leak search on synthetic traffic: each check must accept exactly the
// protocol's traffic and fail on a leak, or the audit would pass a build that leaks.

import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountFor, type AccountingContext, type ExpectedReport, type OpenedForAudit, type OutgoingItem } from '../../audit/accounting.js';
import { messageAd, senderKey, type AccountKeys } from '../../audit/e2ee.js';
import { LeakSearch, stableBase64, windows } from '../../audit/leaks.js';
import { frankMessage, verifyFrankedMessage } from '../../src/franking/index.js';
import { seededBytes } from '../helpers/prng.js';

const ORIGIN = 'http://127.0.0.1:8080';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const BROWSER_HEADERS: [string, string][] = [
  ['host', '127.0.0.1:8080'],
  ['user-agent', 'Mozilla/5.0'],
  ['accept', '*/*'],
];

let sam: AccountKeys & { signSk: Uint8Array };
let alex: AccountKeys & { signSk: Uint8Array };
const image = seededBytes(3000, 9);

function account(user: string): AccountKeys & { signSk: Uint8Array } {
  const sign = sodium.crypto_sign_keypair();
  const kx = sodium.crypto_kx_keypair();
  return { user, signPk: sign.publicKey, signSk: sign.privateKey, kxPk: kx.publicKey, kxSk: kx.privateKey };
}

let seq = 0;
const http = (method: string, path: string, extra: Partial<OutgoingItem> = {}): OutgoingItem => ({
  seq: ++seq,
  account: 'sam',
  type: 'http',
  method,
  url: ORIGIN + path,
  headers: BROWSER_HEADERS,
  body: Buffer.alloc(0),
  ...extra,
});
const frame = (json: unknown, extra: Partial<OutgoingItem> = {}): OutgoingItem => ({
  seq: ++seq,
  account: 'sam',
  type: 'frame',
  method: 'WS',
  url: 'ws://127.0.0.1:8080/ws',
  body: Buffer.from(JSON.stringify(json)),
  opcode: 1,
  fin: true,
  ...extra,
});

/** A send frame made exactly as PROTOCOL.md pins it (or with `payloadOverride`). */
async function sendFrame(text: string, withImage: boolean, payloadOverride?: Record<string, unknown>): Promise<OutgoingItem> {
  const f = await frankMessage(text, withImage ? image : undefined);
  const messageId = Buffer.from(seededBytes(16, ++seq)).toString('hex');
  const payload = payloadOverride ?? {
    text,
    frankingKey: b64(f.frankingKey),
    ...(withImage ? { image: { type: 'image/png', data: b64(image) } } : {}),
  };
  const nonce = sodium.randombytes_buf(24);
  const key = senderKey(sam, alex.kxPk);
  const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    JSON.stringify(payload),
    messageAd('sam', 'alex', messageId, f.commitment),
    null,
    nonce,
    key,
  );
  return frame({
    type: 'send',
    recipient: 'alex',
    conversation: '',
    messageId,
    commitment: b64(f.commitment),
    ciphertext: b64(Buffer.concat([nonce, sealed])),
  });
}

const expectedReport: ExpectedReport = { categories: ['test'], reasons: ['known-match'], sender: 'alex', recipient: 'sam', text: 'hi', image: null };
const goodOpened: OpenedForAudit = {
  header: { categories: ['test'], reasons: ['known-match'], franking: { message: b64(Buffer.from('hi')), sender: 'alex', recipient: 'sam' } },
  attachment: null,
  franking: { valid: true, attachment: 'absent' },
};

function context(over: Partial<AccountingContext> = {}): AccountingContext {
  return {
    origin: ORIGIN,
    assets: new Set(['/app.html?as=sam', '/sdk/index.js']),
    keys: new Map([
      ['sam', sam],
      ['alex', alex],
    ]),
    messages: new Map([['sam', [{ recipient: 'alex', text: 'hello alex' }]]]),
    reports: new Map(),
    buckets: [4096, 4_194_304],
    openReport: async () => goodOpened,
    verifyFranking: verifyFrankedMessage,
    ...over,
  };
}

beforeAll(async () => {
  await sodium.ready;
  sam = account('sam');
  alex = account('alex');
});

describe('accountFor', () => {
  it("accepts the protocol's traffic: assets, the upgrade, a signed hello, a send that decrypts, a report", async () => {
    const challenge = seededBytes(32, 4);
    const sig = sodium.crypto_sign_detached(Buffer.concat([Buffer.from('safeseal-demo-auth-v1\0'), challenge]), sam.signSk);
    const items = [
      http('GET', '/app.html?as=sam'),
      http('GET', '/sdk/index.js'),
      http('GET', '/ws', { headers: [...BROWSER_HEADERS, ['upgrade', 'websocket']] }),
      frame({ type: 'hello', user: 'sam', signPk: b64(sam.signPk), kxPk: b64(sam.kxPk), sig: b64(sig) }, { challenge }),
      await sendFrame('hello alex', false),
      http('POST', '/reports', { headers: [...BROWSER_HEADERS, ['content-type', 'application/octet-stream']], body: Buffer.alloc(4096) }),
      frame(null, { opcode: 8, body: Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('page closed')]) }),
    ];
    const result = await accountFor(items, context({ reports: new Map([['sam', [expectedReport]]]) }));
    expect(result.verdicts.map((v) => [v.kind, v.ok])).toEqual([
      ['asset', true],
      ['asset', true],
      ['control', true],
      ['key', true],
      ['ciphertext', true],
      ['report', true],
      ['control', true],
    ]);
    expect(result.missing).toEqual([]);
  });

  it('decrypts an image message to exactly the file', async () => {
    const ctx = context({ messages: new Map([['sam', [{ recipient: 'alex', text: 'look', image: { type: 'image/png', bytes: image } }]]]) });
    const good = await accountFor([await sendFrame('look', true)], ctx);
    expect(good.verdicts[0].kind).toBe('ciphertext');
    // One byte of the image changed: the frame still decrypts, but not to the scenario's message.
    const other = Uint8Array.from(image);
    other[100] ^= 1;
    const f = await frankMessage('look', other);
    const bad = await accountFor(
      [await sendFrame('look', true, { text: 'look', frankingKey: b64(f.frankingKey), image: { type: 'image/png', data: b64(other) } })],
      ctx,
    );
    expect(bad.verdicts[0].kind).toBe('unaccounted');
    expect(bad.missing).toHaveLength(1);
  });

  it('rejects what the protocol does not name', async () => {
    const hello = { type: 'hello', user: 'sam', signPk: b64(sam.signPk), kxPk: b64(sam.kxPk), sig: b64(new Uint8Array(64)) };
    const items = [
      http('GET', '/favicon.ico'), // not on the list
      http('GET', '/sdk/index.js', { headers: [...BROWSER_HEADERS, ['x-scan', '1']] }), // a header of the app's own
      http('GET', '/sdk/index.js', { headers: [...BROWSER_HEADERS, ['cookie', 'a=b']] }),
      http('GET', '/sdk/index.js', { body: Buffer.from('x') }), // a GET with a body
      http('GET', '/sdk/index.js', { url: 'http://127.0.0.1:9999/sdk/index.js' }), // another origin
      http('POST', '/telemetry', { body: Buffer.from('{}') }),
      frame({ type: 'viewed', messageId: 'x' }), // a receipt
      frame(hello, { challenge: seededBytes(32, 5) }), // a signature that does not verify
      frame({ ...hello, extra: 1 }),
      frame(null, { opcode: 2, body: Buffer.from('binary') }),
      frame(null, { opcode: 10, body: Buffer.from('pong') }),
      frame(null, { opcode: 8, body: Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('3 flagged')]) }), // a reason that talks
      await sendFrame('hello alex', false, { text: 'hello alex', frankingKey: b64(new Uint8Array(32)), seen: true }),
      http('GET', '/app.html?as=sam', { refused: 'not loopback' }),
    ];
    const result = await accountFor(items, context());
    expect(result.verdicts.map((v) => v.kind)).toEqual(Array(items.length).fill('unaccounted'));
    expect(result.verdicts.every((v) => !v.ok)).toBe(true);
    // Each for its own reason, not because a check threw.
    expect(result.verdicts.filter((v) => v.verdict.startsWith('check failed'))).toEqual([]);
    expect(result.verdicts.map((v) => v.verdict.split(':')[0].split(' ')[0])).toEqual([
      'GET',
      'headers',
      'headers',
      'a',
      'not',
      'POST',
      'frame',
      'hello',
      'hello',
      'not',
      'a',
      'a',
      'send',
      'refused',
    ]);
    expect(result.missing).toEqual(['sam → alex: message "hello alex" was never sent']);
  });

  it('rejects a report of the wrong size, one the authority cannot open, and one with the wrong contents', async () => {
    const post = (bytes: number): OutgoingItem =>
      http('POST', '/reports', { headers: [...BROWSER_HEADERS, ['content-type', 'application/octet-stream']], body: Buffer.alloc(bytes) });
    const reports = new Map([['sam', [expectedReport]]]);
    const wrongSize = await accountFor([post(4095)], context({ reports }));
    expect(wrongSize.verdicts[0]).toMatchObject({ kind: 'unaccounted', verdict: expect.stringMatching(/not a bucket size/) });
    const cannotOpen = await accountFor(
      [post(4096)],
      context({
        reports,
        openReport: async () => {
          throw new Error('SEAL');
        },
      }),
    );
    expect(cannotOpen.verdicts[0].kind).toBe('unaccounted');
    const withImage = await accountFor(
      [post(4096)],
      context({ reports, openReport: async () => ({ ...goodOpened, attachment: image, franking: { valid: true, attachment: 'matches' } }) }),
    );
    expect(withImage.verdicts[0]).toMatchObject({ kind: 'unaccounted', verdict: expect.stringMatching(/did not choose/) });
    const forged = await accountFor(
      [post(4096)],
      context({ reports, openReport: async () => ({ ...goodOpened, franking: { valid: false, attachment: 'absent' } }) }),
    );
    expect(forged.verdicts[0].verdict).toMatch(/does not verify/);
    const noted = await accountFor(
      [post(4096)],
      context({ reports, openReport: async () => ({ ...goodOpened, header: { ...goodOpened.header, note: 'x' } }) }),
    );
    expect(noted.verdicts[0].verdict).toMatch(/note/);
    const otherModel = await accountFor(
      [post(4096)],
      context({
        reports: new Map([['sam', [{ ...expectedReport, model: 'a'.repeat(64) }]]]),
        openReport: async () => ({ ...goodOpened, header: { ...goodOpened.header, model: 'b'.repeat(64) } }),
      }),
    );
    expect(otherModel.verdicts[0].verdict).toMatch(/model/);
    const unasked = await accountFor([post(4096)], context());
    expect(unasked.verdicts[0].verdict).toMatch(/did not make/);
  });
});

describe('LeakSearch', () => {
  // Text and binary (0xff bytes make '/' in base64 and '_' in base64url, so the two differ).
  const secret = Buffer.concat([Buffer.from('meet me at the bridge at nine'), Buffer.from([0xff, 0xfe, 0xff, 0xfb, 0xef, 0xbf])]);

  it('finds a value base64url-encoded at offset 2 inside a longer string, and in every other form', () => {
    const search = new LeakSearch([{ what: 'message text', bytes: secret }]);
    const inside = Buffer.from(Buffer.concat([Buffer.from([0xfb, 0xff]), Buffer.from(secret), Buffer.from([0xfe])]).toString('base64url'));
    const hits = search.search(Buffer.concat([Buffer.from('{"x":"'), inside, Buffer.from('"}')]), 'frame');
    expect(hits.map((h) => h.form)).toContain('base64url@2');
    for (const [form, encoded] of [
      ['raw', Buffer.from(secret)],
      ['hex', Buffer.from(Buffer.from(secret).toString('hex'))],
      ['HEX', Buffer.from(Buffer.from(secret).toString('hex').toUpperCase())],
      ['base64@1', Buffer.from(Buffer.concat([Buffer.from([7]), Buffer.from(secret)]).toString('base64'))],
      ['base64url@0', Buffer.from(Buffer.from(secret).toString('base64url'))],
    ] as const) {
      expect(search.search(Buffer.concat([Buffer.from('GET /?q='), encoded]), form).map((h) => h.form)).toContain(form);
    }
    expect(search.search(Buffer.from(seededBytes(100_000, 3)), 'noise')).toEqual([]);
  });

  it('stable base64 characters are exactly those that do not depend on neighbours', () => {
    const value = Uint8Array.of(1, 2, 3, 4, 5);
    for (let offset = 0; offset < 3; offset++) {
      const stable = stableBase64(value, offset);
      for (const neighbour of [0x00, 0xff]) {
        const text = Buffer.concat([Buffer.alloc(offset, neighbour), Buffer.from(value), Buffer.alloc(2, neighbour)]).toString('base64');
        expect(text).toContain(stable);
      }
    }
  });

  it('matches short labels only where they stand alone, and their encodings quoted', () => {
    const search = new LeakSearch([{ what: 'category', bytes: new TextEncoder().encode('test'), word: true }]);
    expect(search.search(Buffer.from('dGVzdHRlc3Rz'), 'base64 text')).toEqual([]);
    expect(search.search(Buffer.from('xtestx'), 'in a word')).toEqual([]);
    expect(search.search(Buffer.from('{"c":"test"}'), 'json').map((h) => h.form)).toEqual(['raw']);
    expect(search.search(Buffer.from(Buffer.from('{"c":"test"}').toString('base64')), 'json b64').length).toBeGreaterThan(0);
    expect(search.search(Buffer.from('GET /demo/test-card.png'), 'asset line', true)).toEqual([]);
  });

  it('takes evenly spread windows of a file', () => {
    const w = windows(seededBytes(1000, 1));
    expect(w.map((x) => x.length)).toEqual([32, 32, 32, 32]);
    expect(new Set(w.map((x) => Buffer.from(x).toString('hex'))).size).toBe(4);
  });
});
