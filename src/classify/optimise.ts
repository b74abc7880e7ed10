// Builds, from the shipped model, the graph onnxruntime's optimiser would build from it, so that
// the session can be created with graphOptimizationLevel 'disabled': onnxruntime-web spends most of
// its start-up time and memory folding the uint8 dequantisation and BatchNorm subgraphs itself.
// Steps, as onnxruntime does them for its CPU provider (level 'all'): fold constant subgraphs; fuse
// Conv + Relu/Clip into com.microsoft FusedConv and Gemm + Relu into FusedGemm; fuse a bias-carrying
// Conv into the same-shaped Add that alone consumes it (FusedConv's fourth input, "Z"). Anything it
// does not recognise is kept as it is, so the result is always the same function as the input.

import { SafesealError } from '../errors.js';
import { evaluate, toConstant, toTensor, type Constant } from './fold.js';
import { AT, DT, readModel, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor } from './onnx-wire.js';
import { opsetImport, writeModel } from './onnx-write.js';

const MS_DOMAIN = 'com.microsoft';

/** Graph facts the fusions need: who consumes each value, constants, and the shapes known statically. */
interface GraphFacts {
  readonly consumers: Map<string, OnnxNode[]>;
  readonly constants: Map<string, Constant>;
  readonly shapes: Map<string, readonly number[]>;
  readonly outputs: ReadonlySet<string>;
}

function consumersOf(nodes: readonly OnnxNode[]): Map<string, OnnxNode[]> {
  const map = new Map<string, OnnxNode[]>();
  for (const n of nodes) for (const i of n.inputs) if (i) map.set(i, [...(map.get(i) ?? []), n]);
  return map;
}

/** The only node consuming `value`, unless it is also a graph output. */
function loneConsumer(facts: GraphFacts, value: string): OnnxNode | null {
  const c = facts.consumers.get(value) ?? [];
  return c.length === 1 && !facts.outputs.has(value) && c[0].inputs.filter((i) => i === value).length === 1 ? c[0] : null;
}

/** A float32 scalar constant's value, or null. */
function scalar(facts: GraphFacts, name: string | undefined): number | null {
  const c = name ? facts.constants.get(name) : undefined;
  return c && c.dataType === DT.FLOAT && c.data?.length === 1 ? (c.data[0] as number) : null;
}

/** The activation attributes onnxruntime gives a fused node for `act`, or null if it does not fuse it. */
function activationOf(facts: GraphFacts, act: OnnxNode): OnnxAttribute[] | null {
  if (act.domain !== '') return null;
  if (act.opType === 'Relu') return [{ name: 'activation', type: AT.STRING, s: 'Relu' }];
  if (act.opType === 'Clip' && act.attributes.length === 0) {
    const min = act.inputs[1] ? scalar(facts, act.inputs[1]) : -3.4028234663852886e38;
    const max = act.inputs[2] ? scalar(facts, act.inputs[2]) : 3.4028234663852886e38;
    if (min === null || max === null) return null;
    return [
      { name: 'activation', type: AT.STRING, s: 'Clip' },
      { name: 'activation_params', type: AT.FLOATS, floats: [min, max] },
    ];
  }
  return null;
}

/** Static shapes for the ops of a convolutional classifier: enough to check the Conv + Add fusion. */
function inferShapes(model: OnnxModel, nodes: readonly OnnxNode[], constants: Map<string, Constant>): Map<string, readonly number[]> {
  const shapes = new Map<string, readonly number[]>(model.inputShapes);
  const ints = (n: OnnxNode, name: string): readonly number[] | undefined => n.attributes.find((a) => a.name === name)?.ints;
  for (const n of nodes) {
    const x = shapes.get(n.inputs[0] ?? '');
    let y: readonly number[] | undefined;
    if (x && n.domain === '' && n.opType === 'Conv' && x.length === 4 && x.every((d) => d > 0)) {
      const w = constants.get(n.inputs[1] ?? '');
      const autoPad = n.attributes.find((a) => a.name === 'auto_pad')?.s ?? 'NOTSET';
      if (w && w.dims.length === 4 && autoPad === 'NOTSET') {
        const k = ints(n, 'kernel_shape') ?? w.dims.slice(2);
        const s = ints(n, 'strides') ?? [1, 1];
        const d = ints(n, 'dilations') ?? [1, 1];
        const p = ints(n, 'pads') ?? [0, 0, 0, 0];
        const out = [0, 1].map((i) => Math.floor((x[2 + i] + p[i] + p[2 + i] - d[i] * (k[i] - 1) - 1) / s[i]) + 1);
        y = [x[0], w.dims[0], out[0], out[1]];
      }
    } else if (x && n.domain === '' && (n.opType === 'Relu' || n.opType === 'Clip')) y = x;
    else if (x && n.domain === '' && n.opType === 'Add') {
      const other = shapes.get(n.inputs[1] ?? '');
      if (other && other.length === x.length && other.every((d, i) => d === x[i])) y = x;
    }
    if (y && n.outputs[0]) shapes.set(n.outputs[0], y);
  }
  return shapes;
}

/** Conv/Gemm followed by their lone activation → FusedConv/FusedGemm (onnxruntime level 2). */
function fuseActivations(nodes: readonly OnnxNode[], facts: GraphFacts): OnnxNode[] {
  const removed = new Set<OnnxNode>();
  const out: OnnxNode[] = [];
  for (const n of nodes) {
    if (removed.has(n)) continue;
    const isConv = n.domain === '' && n.opType === 'Conv';
    const isGemm = n.domain === '' && n.opType === 'Gemm';
    const consumer = (isConv || isGemm) && n.outputs.length === 1 ? loneConsumer(facts, n.outputs[0]) : null;
    const act = consumer?.inputs[0] === n.outputs[0] ? consumer : null;
    const fused = act ? activationOf(facts, act) : null;
    if (!act || !fused || (isGemm && act.opType !== 'Relu')) {
      out.push(n);
      continue;
    }
    removed.add(act);
    const attrs = isGemm ? gemmAttributes(n) : n.attributes;
    out.push({ ...n, opType: isConv ? 'FusedConv' : 'FusedGemm', domain: MS_DOMAIN, outputs: act.outputs, attributes: [...attrs, ...fused] });
  }
  return out;
}

/** FusedGemm carries Gemm's four attributes explicitly, as onnxruntime writes them. */
function gemmAttributes(n: OnnxNode): OnnxAttribute[] {
  const get = (name: string): OnnxAttribute | undefined => n.attributes.find((a) => a.name === name);
  const int = (name: string): OnnxAttribute => get(name) ?? { name, type: AT.INT, i: 0 };
  const float = (name: string): OnnxAttribute => get(name) ?? { name, type: AT.FLOAT, f: 1 };
  return [int('transA'), float('alpha'), float('beta'), int('transB')];
}

/** A bias-carrying Conv whose only consumer is a same-shaped 4-D Add → FusedConv with Z (level 3). */
function fuseResidualAdds(nodes: readonly OnnxNode[], facts: GraphFacts): OnnxNode[] {
  const replaced = new Map<OnnxNode, OnnxNode>();
  const removed = new Set<OnnxNode>();
  for (const add of nodes) {
    if (add.domain !== '' || add.opType !== 'Add' || add.inputs.length !== 2 || add.inputs[0] === add.inputs[1]) continue;
    const [s0, s1] = add.inputs.map((i) => facts.shapes.get(i));
    if (!s0 || !s1 || s0.length !== 4 || s0.some((d, i) => d <= 0 || d !== s1[i])) continue;
    for (const [k, input] of add.inputs.entries()) {
      const conv = nodes.find((n) => n.outputs[0] === input);
      if (!conv || conv.domain !== '' || conv.opType !== 'Conv' || conv.inputs.length !== 3 || !conv.inputs[2] || removed.has(conv)) continue;
      if (loneConsumer(facts, input) !== add) continue;
      // In the Add's place: both of its inputs are computed before it, so the order stays topological.
      replaced.set(add, { ...conv, opType: 'FusedConv', domain: MS_DOMAIN, inputs: [...conv.inputs, add.inputs[1 - k]], outputs: add.outputs });
      removed.add(conv);
      break;
    }
  }
  return nodes.filter((n) => !removed.has(n)).map((n) => replaced.get(n) ?? n);
}

/**
 * The optimised graph's bytes for `modelBytes`: float32 initialisers, fused nodes, the same
 * inputs, outputs and metadata; load it with graphOptimizationLevel 'disabled'.
 * @throws SafesealError MODEL_LOAD (not an ONNX model this code can read)
 */
export function optimiseModel(modelBytes: Uint8Array): Uint8Array {
  const model = readModel(modelBytes);
  const graphInputs = new Set(model.inputShapes.keys());
  const outputs = new Set(model.outputNames);
  const constants = new Map<string, Constant>();
  const unfoldable = new Map<string, OnnxTensor>();
  for (const t of model.initializers) {
    const c = graphInputs.has(t.name) ? null : toConstant(t); // an initialiser that is also an input can be overridden
    if (c) constants.set(t.name, c);
    else unfoldable.set(t.name, t);
  }
  // Uses left per value, so that intermediate constants (the float64 stages) are freed as soon as
  // the last node reading them is folded: peak memory stays near one weight's worth of temporaries.
  const uses = new Map<string, number>();
  for (const n of model.nodes) for (const i of n.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  const kept: OnnxNode[] = [];
  for (const n of model.nodes) {
    const inputs = n.inputs.map((i) => constants.get(i));
    const value = n.inputs.length > 0 && inputs.every((c) => c) && !outputs.has(n.outputs[0]) ? evaluate(n, inputs as Constant[]) : null;
    if (!value) {
      kept.push(n);
      continue;
    }
    constants.set(n.outputs[0], value);
    for (const i of n.inputs) {
      const left = (uses.get(i) ?? 1) - 1;
      uses.set(i, left);
      if (left === 0 && !outputs.has(i)) constants.delete(i);
    }
  }
  const shapes = inferShapes(model, kept, constants);
  let nodes = fuseActivations(kept, { consumers: consumersOf(kept), constants, shapes, outputs });
  nodes = fuseResidualAdds(nodes, { consumers: consumersOf(nodes), constants, shapes, outputs });

  const initializers: OnnxTensor[] = [];
  const emitted = new Set<string>();
  for (const n of nodes) {
    for (const i of n.inputs) {
      if (!i || emitted.has(i)) continue;
      const t = unfoldable.get(i) ?? (constants.has(i) ? toTensor(i, constants.get(i)!) : null);
      if (t) (initializers.push(t), emitted.add(i));
    }
  }
  for (const name of model.inputShapes.keys())
    if (unfoldable.has(name) && !emitted.has(name)) (initializers.push(unfoldable.get(name)!), emitted.add(name));
  const usesMs = nodes.some((n) => n.domain === MS_DOMAIN) && !model.opsetDomains.includes(MS_DOMAIN);
  try {
    return writeModel({ ...model, nodes, initializers }, usesMs ? [opsetImport(MS_DOMAIN, 1)] : []);
  } catch (e) {
    throw new SafesealError('MODEL_LOAD', `the model's graph could not be rewritten: ${(e as Error).message}`, { cause: e });
  }
}
