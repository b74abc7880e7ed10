// The classifier's preprocessing equals nsfwjs's (tfjs: toFloat, / 255, resizeBilinear with
// align-corners) on pixels of every channel count and on odd, tiny and large sizes: to float
// rounding against tfjs's CPU kernel (exact arithmetic, in float64), and within 1e-4 against its wasm
// kernel (XNNPACK, which computes the sampling positions in float32).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toModelInput } from '../../src/classify/preprocess.js';
import type { Pixels } from '../../src/image/pixels.js';
import { seededBytes } from '../helpers/bad-inputs.js';
import { nsfwjsInput, tf, toNchw, useTfjsWasm } from '../helpers/nsfwjs.js';

beforeAll(() => useTfjsWasm());
afterAll(() => useTfjsWasm());

async function reference(pixels: Pixels): Promise<Float32Array> {
  const t = nsfwjsInput(pixels);
  const nhwc = (await t.data()) as Float32Array;
  t.dispose();
  return toNchw(nhwc);
}

describe('toModelInput', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 3],
    [1, 300, 3],
    [300, 1, 4],
    [224, 224, 3],
    [223, 225, 4],
    [640, 480, 3],
    [17, 1000, 1],
    [57, 33, 2],
    [448, 448, 4],
  ];
  for (const [width, height, channels] of shapes) {
    it(`matches tf.image.resizeBilinear(x / 255, [224, 224], true) for ${width}×${height}×${channels}`, async () => {
      const pixels: Pixels = {
        width,
        height,
        channels: channels as Pixels['channels'],
        data: seededBytes(width * height * channels, width * 7919 + height),
      };
      const got = toModelInput(pixels);
      expect(got.length).toBe(3 * 224 * 224);
      const worst = async (backend: string): Promise<number> => {
        await tf.setBackend(backend);
        const expected = await reference(pixels);
        let d = 0;
        for (let i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i] - expected[i]));
        return d;
      };
      expect(await worst('cpu')).toBeLessThanOrEqual(1e-6);
      expect(await worst('wasm')).toBeLessThanOrEqual(1e-4);
    });
  }

  it('refuses malformed pixels with INVALID_ARGUMENT', () => {
    expect(() => toModelInput({ width: 4, height: 4, channels: 3, data: new Uint8Array(47) })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => toModelInput({ width: 0, height: 4, channels: 3, data: new Uint8Array(0) })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => toModelInput({ width: 2, height: 2, channels: 5 as never, data: new Uint8Array(20) })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
