// The import formats of `list build --pdq` (src/lists/import.ts): each gives the same entries as
// plain 64-hex lines for the same hashes; malformed lines are refused with their line number;
// low-quality, non-PDQ and unconfirmed rows are skipped and counted; MSC4113 removals apply.

import { describe, expect, it } from 'vitest';
import { describeImports, PdqImporter, type ImportResult } from '../../src/lists/import.js';
import { parseCsvLine } from '../../src/lists/import-csv.js';
import { toHex } from '../../src/bytes.js';
import { seededBytes } from '../helpers/prng.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPORT_FIXTURES, importFixtures } from '../../scripts/make-import-fixtures.js';

let seed = 12;
const randomHex = (): string => toHex(seededBytes(32, seed++));
const H = Array.from({ length: 5 }, randomHex);

function load(text: string, source = 'in.txt'): ImportResult {
  const imp = new PdqImporter(source);
  for (const line of text.split(/\r?\n/)) imp.addLine(line);
  return imp.finish();
}
const hashes = (r: ImportResult) => r.entries.map((e) => e.hash).sort();
const refused = (text: string, line: number, why: RegExp) => {
  expect(() => load(text)).toThrow(
    expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(new RegExp(`^in\\.txt:${line}: .*${why.source}`)) }),
  );
};

describe('list import formats', () => {
  const reference = hashes(load(H.join('\n')));

  it('reads every format to the same entries as 64-hex lines', () => {
    const files: Record<string, string> = {
      'safeseal-json': H.map((h, i) => JSON.stringify({ file: `img${i}.jpg`, pdq: h, quality: 90, dihedral: [], sha256: randomHex() })).join('\n'),
      'pdq-photo-hasher': H.map((h, i) => `${h},100,photos/a,b ${i}.jpg`).join('\n'),
      'pdq-photo-hasher-details': H.map((h, i) => `hash=${h},norm=128,delta=${i === 0 ? 0 : 120},quality=100,filename=x,${i}.png`).join('\n'),
      'te-local-file': H.map((h) => `pdq ${h}`).join('\n'),
      'te-csv': ['signal_type,signal_str,collab,category,tags', ...H.map((h) => `pdq,${h},"Sample, Data",POSITIVE_CLASS,tag1 tag2`)].join('\r\n'),
      msc4113: JSON.stringify(
        H.map((h) => ({ type: 'm.policy.media_hash', state_key: h, content: { 'm.pdqhash': { hash: h, quality: '100' }, reason: 'x' } })),
      ),
      'safeseal-jsonl': H.map((h) => JSON.stringify({ type: 'pdq', hash: h, category: 'test' })).join('\n'),
    };
    for (const [format, text] of Object.entries(files)) {
      const r = load(text);
      expect(r.format, format).toBe(format);
      expect(hashes(r), format).toEqual(reference);
      expect(r.skipped, format).toEqual({});
    }
  });

  it('lower-cases hex and accepts uppercase', () => {
    expect(hashes(load(H.map((h) => h.toUpperCase()).join('\n')))).toEqual(reference);
    expect(hashes(load(H.map((h) => `pdq ${h.toUpperCase()}`).join('\n')))).toEqual(reference);
  });

  it('skips and counts known quality below 50; missing quality is unknown, not 0', () => {
    const r = load([`${H[0]},49,a.jpg`, `${H[1]},50,b.jpg`, `${H[2]},0,c.jpg`].join('\n'));
    expect(hashes(r)).toEqual([H[1]]);
    expect(r.skipped).toEqual({ 'quality < 50': 2 });
    expect(load(JSON.stringify({ pdq: H[0] })).entries).toHaveLength(1);
    const msc = load(
      [
        { type: 'm.policy.media_hash', content: { 'm.pdqhash': { hash: H[0] } } },
        { type: 'm.policy.media_hash', content: { 'm.pdqhash': { hash: H[1], quality: '10' } } },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    expect(hashes(msc)).toEqual([H[0]]);
    expect(msc.skipped).toEqual({ 'quality < 50': 1 });
  });

  it('refuses malformed lines with their line number', () => {
    refused(`${H[0]}\n${H[1]}\n${H[2].slice(1)}`, 3, /expected a 64-hex PDQ hash/);
    refused(`${H[0]},100,a.jpg\n${H[1]},high,b.jpg`, 2, /quality must be an integer/);
    refused(`${H[0]},100,a.jpg\n${H[1]}`, 2, /expected hash,quality,filename/);
    refused(`hash=${H[0]},quality=100,filename=a\nhash=${H[1]},colour=red,quality=9,filename=b`, 2, /unexpected field/);
    refused(`pdq ${H[0]}\n\npdq ${H[1]}zz`, 3, /expected a 64-hex/);
    refused(`signal_type,signal_str,collab,category,tags\npdq,${H[0]},"open,POSITIVE_CLASS,`, 2, /unterminated quoted CSV field/);
    refused(`signal_type,signal_str,collab,category,tags\npdq,${H[0]},c,POSITIVE_CLASS`, 2, /expected 5 columns/);
    refused(`{"type":"m.policy.media_hash","content":{}}`, 1, /needs the "state_key"/);
    refused(`{"pdq":"${H[0]}"}\n{"pdq":`, 2, /not valid JSON/);
    refused('hello', 1, /unrecognised hash file format/);
    refused(
      'not a hash\nnor this',
      1,
      /no PDQ hash taken from this file \(read as te-local-file; skipped 1 local_file type not, 1 local_file type nor\)/,
    );
    refused(`${H[0]},10,a.jpg`, 1, /no PDQ hash taken .*1 quality < 50/);
    expect(() => load('\n# only a comment\n')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it("refuses pdq-photo-hasher's dihedral output (8 lines per file, xform=, or 8 hashes across)", () => {
    const dih = Array.from({ length: 8 }, () => `${randomHex()},100,bridge.jpg`);
    refused([`${H[0]},100,other.jpg`, ...dih].join('\n'), 9, /8 consecutive lines for "bridge.jpg": this is pdq-photo-hasher --pdqdih output/);
    expect(load(dih.slice(0, 7).join('\n')).entries).toHaveLength(7); // fewer than 8 is not the dihedral form
    refused(`hash=${H[0]},quality=100,filename=a\nhash=${H[0]},xform=orig,filename=a`, 2, /--pdqdih -d output/);
    refused(`${[...H, H[0], H[1], H[2]].join(',')},100,a.jpg`, 1, /--pdqdih-across/);
  });

  it('local_file: pdq only, other types skipped and counted by type', () => {
    const r = load(
      [`pdq ${H[0]}`, 'video_md5 d41d8cd98f00b204e9800998ecf8427e', 'url https://example.com/x', 'url https://example.com/y', `pdq ${H[1]}`].join(
        '\n',
      ),
    );
    expect(hashes(r)).toEqual([H[0], H[1]].sort());
    expect(r.skipped).toEqual({ 'local_file type video_md5': 1, 'local_file type url': 2 });
  });

  it('dataset --csv: pdq rows with POSITIVE_CLASS only, columns found by header name', () => {
    const r = load(
      [
        'collab,signal_type,signal_str,category,tags',
        `c1,pdq,${H[0]},POSITIVE_CLASS,`,
        `c1,pdq,${H[1]},INVESTIGATION_SEED,lead`,
        `c2,pdq,${H[2]},FALSE_POSITIVE,`,
        'c2,video_md5,d41d8cd98f00b204e9800998ecf8427e,POSITIVE_CLASS,',
        `"a ""quoted"", name",pdq,${H[3]},POSITIVE_CLASS,x y`,
      ].join('\n'),
    );
    expect(hashes(r)).toEqual([H[0], H[3]].sort());
    expect(r.skipped).toEqual({ 'te-csv category INVESTIGATION_SEED': 1, 'te-csv category FALSE_POSITIVE': 1, 'te-csv signal_type video_md5': 1 });
    expect(parseCsvLine('"a ""b"", c",d,', 'x')).toEqual(['a "b", c', 'd', '']);
  });

  it('MSC4113: both prefixes, JSON array or lines, later empty content removes the hash, other events counted', () => {
    const events = [
      { type: 'm.policy.media_hash', state_key: H[0], content: { 'm.pdqhash': { hash: H[0], quality: '100' } } },
      {
        type: 'space.midnightthoughts.policy.media_hash',
        state_key: H[1],
        content: { 'space.midnightthoughts.pdqhash': { hash: H[1].toUpperCase(), quality: '80' } },
      },
      { type: 'm.policy.media_hash', state_key: H[2], content: { 'm.pdqhash': { hash: H[2], quality: '99' } } },
      { type: 'm.policy.rule.user', state_key: '@x:example.org', content: { entity: '@x:example.org', recommendation: 'm.ban' } },
      { type: 'm.policy.media_hash', state_key: H[2], content: {} },
    ];
    for (const text of [JSON.stringify(events, null, 2), events.map((e) => JSON.stringify(e)).join('\n')]) {
      const r = load(text);
      expect(r.format).toBe('msc4113');
      expect(hashes(r)).toEqual([H[0], H[1]].sort());
      expect(r.skipped).toEqual({ 'event type m.policy.rule.user': 1 });
    }
  });

  it('says in one line how many entries came from which format and what was skipped', () => {
    const a = load(`${H[0]},100,a.jpg\n${H[1]},10,b.jpg`, 'a.txt');
    const b = load(`pdq ${H[0]}\nurl x`, 'b.txt');
    expect(describeImports([a, b], 1)).toBe(
      'imported 2 entries: 1 from pdq-photo-hasher (a.txt), 1 from te-local-file (b.txt); skipped 2 (1 quality < 50, 1 local_file type url); 1 duplicates merged',
    );
  });

  it('the committed interop fixtures are exactly what scripts/make-import-fixtures.ts makes from the vectors', () => {
    const made = importFixtures();
    expect(Object.keys(made)).toHaveLength(8);
    for (const [name, text] of Object.entries(made)) expect(readFileSync(join(IMPORT_FIXTURES, name), 'utf8'), name).toBe(text);
  });
});
