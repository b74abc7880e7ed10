// The messenger takes the fixture model's sha256 from the demo's content manifest: the committed
// manifest gives the pin of the committed fixture model, and a manifest without it gives none
// (the switch is then disabled, never enabled with an unpinned model).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestSha256 } from '../../demo/app/manifest.js';

const content = new URL('../../demo/content/', import.meta.url);

describe('demo/app manifestSha256', () => {
  it('finds the pin of the committed fixture model in the committed manifest', () => {
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', content), 'utf8'));
    const actual = createHash('sha256')
      .update(readFileSync(new URL('fixture-model.onnx', content)))
      .digest('hex');
    expect(manifestSha256(manifest, 'fixture-model.onnx')).toBe(actual);
  });

  it('reads the other plausible shapes, and gives null for a missing or malformed pin', () => {
    const pin = 'ab'.repeat(32);
    expect(manifestSha256({ files: [{ name: 'fixture-model.onnx', sha256: pin }] }, 'fixture-model.onnx')).toBe(pin);
    expect(manifestSha256({ files: { 'fixture-model.onnx': pin } }, 'fixture-model.onnx')).toBe(pin);
    expect(manifestSha256({ files: [{ path: 'demo/content/fixture-model.onnx', sha256: pin.toUpperCase() }] }, 'fixture-model.onnx')).toBe(pin);
    expect(manifestSha256({ 'fixture-model.onnx': { sha256: 'abc' } }, 'fixture-model.onnx')).toBeNull();
    expect(manifestSha256({ 'test-card.png': { sha256: pin } }, 'fixture-model.onnx')).toBeNull();
    expect(manifestSha256(null, 'fixture-model.onnx')).toBeNull();
  });
});
