// Converts the Keras layer graph of nsfwjs's MobileNetV2 to ONNX, NCHW: ZeroPadding2D becomes the
// next conv's pads, Conv2D/DepthwiseConv2D + BatchNormalization one Conv with folded weights,
// ReLU(6) a Clip, Dense a Gemm, Dropout nothing. Anything else in the topology is refused.

import type { KerasLayer, KerasModel, QuantizedWeight } from './keras-source.js';
import type { GraphBuilder } from './onnx-graph.js';
import { WeightEmitter, type BatchNorm, type WeightMode } from './weights.js';

/** A tensor in the ONNX graph: NCHW feature maps, or [1, c] after Flatten (h = w = 1). */
interface Tensor {
  readonly name: string;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  /** Zero padding [top, left, bottom, right] still to be applied by the consumer. */
  readonly pads?: readonly number[];
}

type Pair = readonly [number, number];

/** TF's output size and [before, after] padding along one axis. */
function padding(size: number, k: number, s: number, mode: unknown, extra: Pair): { out: number; pads: Pair } {
  if (mode === 'valid') return { out: Math.floor((size + extra[0] + extra[1] - k) / s) + 1, pads: extra };
  if (mode !== 'same' || extra[0] + extra[1] !== 0) throw new Error(`unsupported padding ${String(mode)}`);
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  return { out, pads: [Math.floor(total / 2), total - Math.floor(total / 2)] };
}

export interface Converted {
  readonly input: { name: string; dims: number[] };
  readonly output: { name: string; dims: number[] };
}

/**
 * Emits the model into `b`; the graph input is "input" [1, 3, H, W] (RGB in [0, 1]) and the output
 * "probabilities" [1, classes].
 */
export function kerasToOnnx(model: KerasModel, b: GraphBuilder, mode: WeightMode = 'quantized'): Converted {
  const emit = new WeightEmitter(b, mode);
  const tensors = new Map<string, Tensor>();
  const consumers = new Map<string, KerasLayer[]>();
  for (const layer of model.layers) {
    for (const [src] of layer.inbound_nodes[0] ?? []) consumers.set(src, [...(consumers.get(src) ?? []), layer]);
  }
  const weight = (name: string): QuantizedWeight => {
    const w = model.weights.get(name);
    if (!w) throw new Error(`missing weight ${name}`);
    return w;
  };
  const inputsOf = (layer: KerasLayer): Tensor[] =>
    (layer.inbound_nodes[0] ?? []).map(([src]) => {
      const t = tensors.get(src);
      if (!t) throw new Error(`${layer.name}: input ${src} is not available`);
      if (t.pads && !/Conv2D$/.test(layer.class_name)) throw new Error(`${layer.name}: padding must feed a convolution`);
      return t;
    });
  let input: Converted['input'] | null = null;
  let last: Tensor | null = null;
  const pendingConv = new Map<string, KerasLayer>();

  for (const layer of model.layers) {
    const c = layer.config;
    const set = (t: Tensor): void => {
      tensors.set(layer.name, t);
      last = t;
    };
    switch (layer.class_name) {
      case 'InputLayer': {
        const [batch, h, w, ch] = c.batch_input_shape as (number | null)[];
        if (batch !== null || c.dtype !== 'float32' || !h || !w || !ch) throw new Error('unexpected input layer');
        input = { name: 'input', dims: [1, ch, h, w] };
        b.name('input');
        set({ name: 'input', c: ch, h, w });
        break;
      }
      case 'ZeroPadding2D': {
        const [[top, bottom], [left, right]] = c.padding as [Pair, Pair];
        const [x] = inputsOf(layer);
        set({ ...x, pads: [top, left, bottom, right] });
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const next = consumers.get(layer.name) ?? [];
        if (c.use_bias !== false || c.activation !== 'linear' || next.length !== 1 || next[0].class_name !== 'BatchNormalization') {
          throw new Error(`${layer.name}: only bias-free linear convolutions followed by BatchNormalization are supported`);
        }
        pendingConv.set(next[0].name, layer);
        tensors.set(layer.name, inputsOf(layer)[0]); // placeholder: the conv is emitted with its BatchNorm
        break;
      }
      case 'BatchNormalization': {
        const conv = pendingConv.get(layer.name);
        if (!conv || c.axis !== -1 || c.center !== true || c.scale !== true) throw new Error(`${layer.name}: unsupported BatchNormalization`);
        const bn: BatchNorm = {
          gamma: weight(`${layer.name}/gamma`),
          beta: weight(`${layer.name}/beta`),
          mean: weight(`${layer.name}/moving_mean`),
          variance: weight(`${layer.name}/moving_variance`),
          epsilon: c.epsilon as number,
        };
        set(convolution(b, emit, conv, tensors.get(conv.name)!, bn, weight));
        break;
      }
      case 'ReLU': {
        if (c.max_value !== 6 || c.negative_slope !== 0 || c.threshold !== 0) throw new Error(`${layer.name}: only ReLU6 is supported`);
        const [x] = inputsOf(layer);
        set({ ...x, name: b.node('Clip', [x.name, b.scalar(0), b.scalar(6)], {}, layer.name) });
        break;
      }
      case 'Add': {
        const [x, y] = inputsOf(layer);
        if (!y || x.c !== y.c || x.h !== y.h || x.w !== y.w) throw new Error(`${layer.name}: operands differ in shape`);
        set({ ...x, name: b.node('Add', [x.name, y.name], {}, layer.name) });
        break;
      }
      case 'AveragePooling2D': {
        const [x] = inputsOf(layer);
        const [kh, kw] = c.pool_size as Pair;
        const [sh, sw] = c.strides as Pair;
        if (c.padding !== 'valid') throw new Error(`${layer.name}: only valid pooling is supported`);
        const h = Math.floor((x.h - kh) / sh) + 1;
        const w = Math.floor((x.w - kw) / sw) + 1;
        set({ name: b.node('AveragePool', [x.name], { kernel_shape: [kh, kw], strides: [sh, sw] }, layer.name), c: x.c, h, w });
        break;
      }
      case 'Flatten': {
        const [x] = inputsOf(layer);
        // Keras flattens NHWC; in NCHW that order needs a transpose unless the map is 1×1.
        const src = x.h * x.w === 1 ? x.name : b.node('Transpose', [x.name], { perm: [0, 2, 3, 1] }, `${layer.name}/nhwc`);
        set({ name: b.node('Flatten', [src], { axis: 1 }, layer.name), c: x.c * x.h * x.w, h: 1, w: 1 });
        break;
      }
      case 'Dense': {
        const [x] = inputsOf(layer);
        const units = c.units as number;
        const kernel = emit.weight(weight(`${layer.name}/kernel`), [x.c, units]);
        const bias = emit.weight(weight(`${layer.name}/bias`), [units]);
        let y = b.node('Gemm', [x.name, kernel, bias], {}, layer.name);
        if (c.activation === 'relu') y = b.node('Relu', [y], {}, `${layer.name}/relu`);
        else if (c.activation === 'softmax') y = b.node('Softmax', [y], { axis: 1 }, `${layer.name}/softmax`);
        else if (c.activation !== 'linear') throw new Error(`${layer.name}: unsupported activation ${String(c.activation)}`);
        set({ name: y, c: units, h: 1, w: 1 });
        break;
      }
      case 'Dropout': {
        const [x] = inputsOf(layer);
        set(x); // inference: identity
        break;
      }
      default:
        throw new Error(`${layer.name}: unsupported layer ${layer.class_name}`);
    }
  }
  if (!input || !last || model.outputLayers.length !== 1 || tensors.get(model.outputLayers[0]) !== last) throw new Error('unexpected graph ends');
  b.renameLast('probabilities');
  return { input, output: { name: 'probabilities', dims: [1, (last as Tensor).c] } };
}

/** One Conv with BatchNorm folded in; Keras kernels are reordered to ONNX's [out, in/group, kh, kw]. */
function convolution(
  b: GraphBuilder,
  emit: WeightEmitter,
  conv: KerasLayer,
  x: Tensor,
  bn: BatchNorm,
  weight: (n: string) => QuantizedWeight,
): Tensor {
  const c = conv.config;
  const depthwise = conv.class_name === 'DepthwiseConv2D';
  const kernel = weight(`${conv.name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`);
  const [kh, kw, cin, last] = kernel.shape;
  if (cin !== x.c || (c.dilation_rate as Pair).some((d) => d !== 1) || c.data_format !== 'channels_last')
    throw new Error(`${conv.name}: unsupported`);
  const [sh, sw] = c.strides as Pair;
  const pads = x.pads ?? [0, 0, 0, 0];
  const ph = padding(x.h, kh, sh, c.padding, [pads[0], pads[2]]);
  const pw = padding(x.w, kw, sw, c.padding, [pads[1], pads[3]]);
  // Keras: [kh, kw, in, out] (depthwise: [kh, kw, in, multiplier], output channel = in × m + m').
  const out = depthwise ? cin * last : last;
  const dims = depthwise ? [out, 1, kh, kw] : [out, cin, kh, kw];
  const source = depthwise
    ? (j: number) => {
        const o = Math.floor(j / (kh * kw));
        const r = j % (kh * kw);
        return r * cin * last + o; // [y][x][cin][m] with cin*last + m = o
      }
    : (j: number) => {
        const o = Math.floor(j / (cin * kh * kw));
        const i = Math.floor(j / (kh * kw)) % cin;
        const r = j % (kh * kw);
        return (r * cin + i) * out + o;
      };
  const [w, bias] = emit.foldBatchNorm(kernel, dims, source, bn);
  const attrs = { kernel_shape: [kh, kw], strides: [sh, sw], pads: [ph.pads[0], pw.pads[0], ph.pads[1], pw.pads[1]], group: depthwise ? cin : 1 };
  return { name: b.node('Conv', [x.name, w, bias], attrs, conv.name), c: out, h: ph.out, w: pw.out };
}
