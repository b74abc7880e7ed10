// How weights enter the graph. "quantized" (what ships): the source's uint8 values, dequantised in
// the graph by Cast → Mul(scale) → Add(min) in float64, then cast to float32 — the very arithmetic
// nsfwjs performs in JS — and BatchNorm folded into the conv by constant subgraphs; onnxruntime folds
// all of it when the session is created. "float": the same numbers computed here in JS and stored as
// float32 (a pre-folded reference model, used to check that the runtime really folds the graph).

import { DataType, type GraphBuilder } from './onnx-graph.js';
import type { QuantizedWeight } from './keras-source.js';

export type WeightMode = 'quantized' | 'float';

/** BatchNormalization parameters (already looked up) to fold into the preceding conv. */
export interface BatchNorm {
  readonly gamma: QuantizedWeight;
  readonly beta: QuantizedWeight;
  readonly mean: QuantizedWeight;
  readonly variance: QuantizedWeight;
  readonly epsilon: number;
}

/** nsfwjs's dequantisation (tfjs io_utils): float64 `v * scale + min`, stored as float32. */
export function dequantizeJs(w: QuantizedWeight): Float32Array {
  const out = new Float32Array(w.values.length);
  for (let i = 0; i < out.length; i++) out[i] = w.values[i] * w.scale + w.min;
  return out;
}

function floatBytes(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return out;
}

/** Permutes a tensor's elements: out[j] = values[source(j)], for uint8 or float32 data. */
export function permute<T extends Uint8Array | Float32Array>(values: T, count: number, source: (j: number) => number): T {
  const out = new (values.constructor as new (n: number) => T)(count);
  for (let j = 0; j < count; j++) out[j] = values[source(j)];
  return out;
}

export class WeightEmitter {
  readonly #b: GraphBuilder;
  readonly #mode: WeightMode;

  constructor(b: GraphBuilder, mode: WeightMode) {
    this.#b = b;
    this.#mode = mode;
  }

  /** A weight reordered by `source` into `dims`, dequantised (in the graph or here). */
  weight(w: QuantizedWeight, dims: readonly number[], source: (j: number) => number = (j) => j): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== w.values.length) throw new Error(`${w.name}: ${w.values.length} values do not fit ${dims.join('×')}`);
    const b = this.#b;
    if (this.#mode === 'float') return b.constant(w.name, DataType.FLOAT, dims, floatBytes(permute(dequantizeJs(w), count, source)));
    const q = b.constant(`${w.name}/quantized`, DataType.UINT8, dims, permute(w.values, count, source));
    const wide = b.node('Cast', [q], { to: DataType.DOUBLE }, `${w.name}/f64`);
    const scaled = b.node('Mul', [wide, b.float64(`${w.name}/scale`, [], [w.scale])], {}, `${w.name}/scaled`);
    const shifted = b.node('Add', [scaled, b.float64(`${w.name}/min`, [], [w.min])], {}, `${w.name}/shifted`);
    return b.node('Cast', [shifted], { to: DataType.FLOAT }, w.name);
  }

  /**
   * Folds BatchNorm into a conv kernel of `dims` [out, in, kh, kw]: kernel × f and bias
   * β − mean × f, with f = γ / √(variance + ε), all in float32. Returns [kernel, bias].
   */
  foldBatchNorm(kernel: QuantizedWeight, dims: readonly number[], source: (j: number) => number, bn: BatchNorm): [string, string] {
    const channels = dims[0];
    const perChannel = dims.slice(1).reduce((a, b) => a * b, 1);
    const b = this.#b;
    if (this.#mode === 'float') {
      const [gamma, beta, mean, variance] = [bn.gamma, bn.beta, bn.mean, bn.variance].map(dequantizeJs);
      const f32 = Math.fround;
      const eps = f32(bn.epsilon);
      const factor = gamma.map((g, c) => f32(g / f32(Math.sqrt(f32(variance[c] + eps)))));
      const k = permute(dequantizeJs(kernel), channels * perChannel, source);
      for (let j = 0; j < k.length; j++) k[j] = f32(k[j] * factor[Math.floor(j / perChannel)]);
      const bias = beta.map((be, c) => f32(be - f32(mean[c] * factor[c])));
      return [
        b.constant(kernel.name, DataType.FLOAT, dims, floatBytes(k)),
        b.constant(`${kernel.name}/bias`, DataType.FLOAT, [channels], floatBytes(bias)),
      ];
    }
    const [gamma, beta, mean, variance] = [bn.gamma, bn.beta, bn.mean, bn.variance].map((w) => this.weight(w, [channels]));
    const std = b.node('Sqrt', [b.node('Add', [variance, b.scalar(bn.epsilon)], {}, `${kernel.name}/var_eps`)], {}, `${kernel.name}/std`);
    const factor = b.node('Div', [gamma, std], {}, `${kernel.name}/bn_factor`);
    const column = b.node('Reshape', [factor, b.int64(`${kernel.name}/bn_shape`, [4], [channels, 1, 1, 1])], {}, `${kernel.name}/bn_column`);
    const folded = b.node('Mul', [this.weight(kernel, dims, source), column], {}, `${kernel.name}/folded`);
    const bias = b.node('Sub', [beta, b.node('Mul', [mean, factor], {}, `${kernel.name}/bn_shift`)], {}, `${kernel.name}/bias`);
    return [folded, bias];
  }
}
