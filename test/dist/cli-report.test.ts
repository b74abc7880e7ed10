// `safeseal keygen --kind …` and `safeseal report open`, run as an authority would: keys of each
// kind, a sealed report opened with and without franking, and a flipped byte refused with SEAL.

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toBase64, toHex } from '../../src/bytes.js';
import { sha256 } from '../../src/crypto/digest.js';
import { frankMessage, stampCommitment } from '../../src/franking/index.js';
import { sealReport } from '../../src/seal/envelope.js';
import type { ReportHeader } from '../../src/seal/header.js';
import { jsonLines, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'safeseal-cli-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...args: string[]) => runCli(args, { cwd: dir });
const readKey = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, string>;

describe('safeseal keygen --kind and report open', () => {
  it('writes keys of each kind, with their kind, and refuses mismatched flags', async () => {
    const a = await run(
      'keygen',
      '--kind',
      'authority',
      '--out',
      'authority',
      '--name',
      'Test Authority',
      '--url',
      'https://authority.invalid/',
      '--json',
    );
    expect(a.code).toBe(0);
    expect(jsonLines(a.stdout)[0]).toMatchObject({ kind: 'authority', name: 'Test Authority', id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(statSync(join(dir, 'authority.key.json')).mode & 0o777).toBe(0o600);
    expect(readKey('authority.pub.json')).toEqual({
      kind: 'authority',
      id: expect.any(String),
      publicKey: expect.any(String),
      name: 'Test Authority',
      url: 'https://authority.invalid/',
    });
    expect(Object.keys(readKey('authority.key.json')).sort()).toEqual(['id', 'kind', 'publicKey', 'secretKey']);
    expect((await run('keygen', '--kind', 'platform', '--out', 'platform')).code).toBe(0);
    expect(readKey('platform.pub.json').kind).toBe('platform');
    expect((await run('keygen', '--out', 'signer')).code).toBe(0);
    expect(readKey('signer.pub.json').kind).toBe('signer');
    const wrong = await run('keygen', '--kind', 'moderator', '--out', 'x', '--json');
    expect(wrong.code).toBe(2); // a usage error
    expect(jsonLines(wrong.stdout)[0]).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    expect((await run('keygen', '--kind', 'platform', '--name', 'P', '--out', 'y')).code).toBe(2);
    // A platform key cannot be a list signer.
    const trust = await run('trust', '--threshold', '1', 'platform.pub.json', '--out', 'trust.json', '--json');
    expect(jsonLines(trust.stdout)[0]).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });

  it('opens a sealed report, verifies its franking, and refuses a flipped byte with SEAL', async () => {
    const authorityPub = readKey('authority.pub.json');
    const image = new TextEncoder().encode('benign test attachment');
    const f = await frankMessage('a message', image);
    const meta = { sender: 'alice', recipient: 'sam', conversation: '', messageId: 'm1', timestamp: 1_764_626_400_000 };
    const sealedStamp = await stampCommitment(f.commitment, meta, readKey('platform.key.json'), authorityPub);
    const header: ReportHeader = {
      reportId: '12'.repeat(16),
      createdAt: '2026-12-01T22:00:00Z',
      categories: ['test'],
      reasons: ['known-match'],
      model: 'ab'.repeat(32),
      attachment: { type: 'image/png', bytes: image.length, sha256: toHex(await sha256(image)) },
      franking: {
        frankingKey: toHex(f.frankingKey),
        commitment: toHex(f.commitment),
        sealedStamp: toHex(sealedStamp),
        ...meta,
        message: toBase64(new TextEncoder().encode('a message')),
        attachmentSha256: toHex(await sha256(image)),
      },
    };
    const env = await sealReport({ header, attachment: image }, fromHex(authorityPub.publicKey)!);
    writeFileSync(join(dir, 'report.bin'), env);

    const opened = await run(
      'report',
      'open',
      '--key',
      'authority.key.json',
      'report.bin',
      '--platform',
      'platform.pub.json',
      '--attachment-out',
      'att.bin',
      '--json',
    );
    expect(opened.code).toBe(0);
    const out = jsonLines(opened.stdout)[0];
    expect(out.header).toEqual(header);
    expect(out.franking).toEqual({ valid: true, attachment: 'matches', ...meta });
    expect(readFileSync(join(dir, 'att.bin')).equals(Buffer.from(image))).toBe(true);

    const text = await run('report', 'open', '--key', 'authority.key.json', 'report.bin', '--platform', 'platform.pub.json');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('device claim, unverified');
    expect(text.stdout).toContain('VALID');

    env[2000] ^= 1;
    writeFileSync(join(dir, 'flipped.bin'), env);
    const flipped = await run('report', 'open', '--key', 'authority.key.json', 'flipped.bin', '--json');
    expect(flipped.code).toBe(1);
    expect(jsonLines(flipped.stdout)[0]).toMatchObject({ error: { code: 'SEAL' } });
    const wrongKind = await run('report', 'open', '--key', 'platform.key.json', 'report.bin', '--json');
    expect(jsonLines(wrongKind.stdout)[0]).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });
});
