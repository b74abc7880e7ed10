// Evaluates the constant subgraphs of the shipped model (uint8 → float64 dequantisation, float32
// BatchNorm factors) the way onnxruntime's constant folding does: IEEE operations element by
// element. float32 results are computed in float64 and rounded once, which for + − × ÷ and √ of
// float32 operands is the correctly rounded float32 result (float64 has more than 2 × 24 + 2 bits),
// so the initialisers come out bit-identical to onnxruntime's CPU kernels.

import { DT, type OnnxNode, type OnnxTensor } from './onnx-wire.js';

type Data = Float32Array | Float64Array | Uint8Array | Int8Array | Int32Array | BigInt64Array;
type Floats = Float32Array | Float64Array;

/**
 * A constant tensor while folding. A tensor computed element-wise from uint8 codes is kept as the
 * codes and a 256-entry table (value of each code): every element-wise step with a scalar is then
 * applied to 256 values instead of millions, with the very same arithmetic per element.
 */
export interface Constant {
  readonly dataType: number;
  readonly dims: readonly number[];
  readonly data?: Data;
  readonly lookup?: { readonly codes: Uint8Array; readonly table: Floats };
}

const ELEMENT_BYTES: Record<number, number> = { [DT.FLOAT]: 4, [DT.DOUBLE]: 8, [DT.UINT8]: 1, [DT.INT8]: 1, [DT.INT32]: 4, [DT.INT64]: 8 };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const count = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** An initialiser as typed data, or null for a type this folder does not compute with. */
export function toConstant(t: OnnxTensor): Constant | null {
  const size = ELEMENT_BYTES[t.dataType];
  if (!size || !LITTLE_ENDIAN || t.raw.length !== count(t.dims) * size) return null;
  const own = t.raw.slice().buffer; // aligned copy
  const data =
    t.dataType === DT.FLOAT
      ? new Float32Array(own)
      : t.dataType === DT.DOUBLE
        ? new Float64Array(own)
        : t.dataType === DT.UINT8
          ? new Uint8Array(own)
          : t.dataType === DT.INT8
            ? new Int8Array(own)
            : t.dataType === DT.INT32
              ? new Int32Array(own)
              : new BigInt64Array(own);
  return { dataType: t.dataType, dims: t.dims, data };
}

const alloc = (dataType: number, n: number): Floats => (dataType === DT.FLOAT ? new Float32Array(n) : new Float64Array(n));

/** The elements of `c` (materialised from its lookup table if it has one). */
export function valuesOf(c: Constant): Data {
  if (c.data) return c.data;
  const { codes, table } = c.lookup!;
  const out = alloc(c.dataType, codes.length);
  lookupInto(out, codes, table, 0, codes.length);
  return out;
}

export function toTensor(name: string, c: Constant): OnnxTensor {
  const data = valuesOf(c);
  return { name, dataType: c.dataType, dims: c.dims, raw: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

const isFloatType = (t: number): boolean => t === DT.FLOAT || t === DT.DOUBLE;

/** numpy-style broadcast shape of two dims lists, or null. */
function broadcastDims(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(Math.max(x, y));
  }
  return out;
}

/** For each output element (row-major over `out`), the index into a tensor of `dims` broadcast to it. */
function broadcastIndex(dims: readonly number[], out: readonly number[]): Int32Array | null {
  const n = count(out);
  if (count(dims) === n) return null; // same elements in the same order
  const rank = out.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    const d = dims[dims.length - rank + i] ?? 1;
    strides[i] = d === 1 ? 0 : s;
    s *= d;
  }
  const index = new Int32Array(n);
  const at = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let j = 0; j < n; j++) {
    index[j] = offset;
    for (let k = rank - 1; k >= 0; k--) {
      at[k]++;
      offset += strides[k];
      if (at[k] < out[k]) break;
      offset -= strides[k] * at[k];
      at[k] = 0;
    }
  }
  return index;
}

/** Bounded work: no folded constant beyond 64 M elements (the shipped model's largest has 0.4 M). */
const MAX_FOLDED_ELEMENTS = 2 ** 26;

const BINARY_OPS = new Set(['Add', 'Sub', 'Mul', 'Div']);

/** x op y in float64; the caller's store into a Float32Array rounds once. */
function scalarOp(op: string, x: number, y: number): number {
  return op === 'Add' ? x + y : op === 'Sub' ? x - y : op === 'Mul' ? x * y : x / y;
}

/** `data` broadcast to `n` elements through `index` (float64 holds float32 values exactly). */
function gather(data: Floats, index: Int32Array | null): Floats {
  if (!index) return data;
  const out = new Float64Array(index.length);
  for (let j = 0; j < index.length; j++) out[j] = data[index[j]];
  return out;
}

/** out[j] = x[j] op y[j]. */
function apply(op: string, out: Floats, x: Floats, y: Floats): void {
  const n = out.length;
  if (op === 'Add') for (let j = 0; j < n; j++) out[j] = x[j] + y[j];
  else if (op === 'Sub') for (let j = 0; j < n; j++) out[j] = x[j] - y[j];
  else if (op === 'Mul') for (let j = 0; j < n; j++) out[j] = x[j] * y[j];
  else for (let j = 0; j < n; j++) out[j] = x[j] / y[j];
}

/**
 * A tensor of `dims` op a per-first-axis column [d0, 1, …, 1] (BatchNorm's factor times a conv
 * kernel). For codes with a table, each block gets its own 256-entry table (table[k] op v, rounded
 * as the element-wise result would be) and the block is a single lookup per element.
 */
function applyColumn(op: string, dataType: number, dims: readonly number[], x: Constant, column: Floats): Floats {
  const out = alloc(dataType, count(dims));
  const block = out.length / dims[0];
  if (x.lookup) {
    const { codes, table } = x.lookup;
    const blockTable = alloc(dataType, 256);
    for (let c = 0; c < dims[0]; c++) {
      const v = column[c];
      if (block < 1024) {
        for (let j = c * block; j < (c + 1) * block; j++) out[j] = scalarOp(op, table[codes[j]], v);
        continue;
      }
      for (let k = 0; k < 256; k++) blockTable[k] = scalarOp(op, table[k], v);
      lookupInto(out, codes, blockTable, c * block, (c + 1) * block);
    }
    return out;
  }
  const values = x.data as Floats;
  for (let c = 0; c < dims[0]; c++) {
    const v = column[c];
    for (let j = c * block; j < (c + 1) * block; j++) out[j] = scalarOp(op, values[j], v);
  }
  return out;
}

/** out[j] = table[codes[j]] for j in [from, to). */
function lookupInto(out: Floats, codes: Uint8Array, table: Floats, from: number, to: number): void {
  for (let j = from; j < to; j++) out[j] = table[codes[j]];
}

const isColumn = (dims: readonly number[], of: readonly number[]): boolean =>
  dims.length === of.length && dims[0] === of[0] && dims.slice(1).every((d) => d === 1) && of.length > 1;

function binary(op: string, a: Constant, b: Constant): Constant | null {
  if (!isFloatType(a.dataType) || a.dataType !== b.dataType) return null;
  const dims = broadcastDims(a.dims, b.dims);
  if (!dims) return null;
  const n = count(dims);
  if (n > MAX_FOLDED_ELEMENTS) return null; // a broadcast can outgrow its inputs: leave it to run time
  if (count(b.dims) === 1 && b.data && n === count(a.dims)) {
    const v = (b.data as Floats)[0];
    if (a.lookup) {
      const table = alloc(a.dataType, 256);
      for (let k = 0; k < 256; k++) table[k] = scalarOp(op, a.lookup.table[k], v);
      return { dataType: a.dataType, dims, lookup: { codes: a.lookup.codes, table } };
    }
    const x = a.data as Floats;
    const out = alloc(a.dataType, n);
    for (let j = 0; j < n; j++) out[j] = scalarOp(op, x[j], v);
    return { dataType: a.dataType, dims, data: out };
  }
  if (isColumn(b.dims, a.dims) && n === count(a.dims))
    return { dataType: a.dataType, dims, data: applyColumn(op, a.dataType, dims, a, valuesOf(b) as Floats) };
  const out = alloc(a.dataType, n);
  apply(op, out, gather(valuesOf(a) as Floats, broadcastIndex(a.dims, dims)), gather(valuesOf(b) as Floats, broadcastIndex(b.dims, dims)));
  return { dataType: a.dataType, dims, data: out };
}

function attributeInt(node: OnnxNode, name: string, fallback: number): number {
  return node.attributes.find((a) => a.name === name)?.i ?? fallback;
}

function reshape(node: OnnxNode, x: Constant, shape: Constant): Constant | null {
  if (!(shape.data instanceof BigInt64Array) || attributeInt(node, 'allowzero', 0) !== 0) return null;
  const dims = Array.from(shape.data, (v, i) => (v === 0n ? (x.dims[i] ?? NaN) : Number(v)));
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const inferred = dims.map((d) => (d === -1 ? count(x.dims) / known : d));
  if (dims.filter((d) => d === -1).length > 1 || count(inferred) !== count(x.dims) || inferred.some((d) => !Number.isInteger(d) || d < 0))
    return null;
  return { ...x, dims: inferred };
}

/**
 * The outputs of one node whose inputs are all constants, or null where this folder does not
 * compute the op (the node then stays in the graph and runs at inference).
 */
export function evaluate(node: OnnxNode, inputs: readonly Constant[]): Constant | null {
  if (node.domain !== '' || node.outputs.length !== 1) return null;
  const [a, b] = inputs;
  const op = node.opType;
  if (BINARY_OPS.has(op) && inputs.length === 2) return binary(op, a, b);
  if (op === 'Sqrt' && inputs.length === 1 && isFloatType(a.dataType)) {
    if (a.lookup) return { ...a, lookup: { codes: a.lookup.codes, table: a.lookup.table.map(Math.sqrt) } };
    return { dataType: a.dataType, dims: a.dims, data: (a.data as Floats).map(Math.sqrt) };
  }
  if (op === 'Cast' && inputs.length === 1 && !(a.data instanceof BigInt64Array)) {
    const to = attributeInt(node, 'to', 0);
    if (!isFloatType(to)) return null;
    // integer → float exact; float64 → float32 rounds to nearest even, as a Float32Array store does
    if (a.dataType === DT.UINT8 && a.data)
      return { dataType: to, dims: a.dims, lookup: { codes: a.data as Uint8Array, table: alloc(to, 256).map((_, k) => k) } };
    if (a.lookup) return { dataType: to, dims: a.dims, lookup: { codes: a.lookup.codes, table: alloc(to, 256).map((_, k) => a.lookup!.table[k]) } };
    const out = alloc(to, a.data!.length);
    out.set(a.data as Exclude<Data, BigInt64Array>);
    return { dataType: to, dims: a.dims, data: out };
  }
  if (op === 'Reshape' && inputs.length === 2) return reshape(node, a, b);
  return null;
}
