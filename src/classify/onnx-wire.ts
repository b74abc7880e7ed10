// Just enough of ONNX's protobuf encoding to rewrite a model's graph in the worker: reads a
// ModelProto's nodes, initialisers and input shapes, keeps every field it does not rewrite as the
// original bytes, and writes the result back deterministically (same input, same bytes).

import { SafesealError } from '../errors.js';

/** ONNX TensorProto.DataType values this code reads or writes. */
export const DT = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, DOUBLE: 11 } as const;
/** ONNX AttributeProto.AttributeType values. */
export const AT = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

export interface OnnxTensor {
  readonly name: string;
  readonly dataType: number;
  readonly dims: readonly number[];
  /** Little-endian element bytes (raw_data, or the typed field re-encoded). */
  readonly raw: Uint8Array;
}

export interface OnnxAttribute {
  readonly name: string;
  readonly type: number;
  readonly f?: number;
  readonly i?: number;
  readonly s?: string;
  readonly floats?: readonly number[];
  readonly ints?: readonly number[];
  /** The attribute exactly as it was encoded, for attributes copied unchanged. */
  readonly encoded?: Uint8Array;
}

export interface OnnxNode {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly attributes: readonly OnnxAttribute[];
}

/** A field kept as its encoded bytes (tag included), so it is written back unchanged. */
interface RawField {
  readonly field: number;
  readonly bytes: Uint8Array;
}

export interface OnnxModel {
  /** ModelProto fields other than the graph, in their original order. */
  readonly modelFields: readonly RawField[];
  /** Opset domains imported ('' is the default ONNX domain). */
  readonly opsetDomains: readonly string[];
  /** GraphProto fields other than nodes and initialisers (name, inputs, outputs...). */
  readonly graphFields: readonly RawField[];
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  /** Graph input name → dims (-1 where not a fixed value). */
  readonly inputShapes: ReadonlyMap<string, readonly number[]>;
  readonly outputNames: readonly string[];
}

const bad = (what: string): SafesealError => new SafesealError('MODEL_LOAD', `the model is not a valid ONNX file: ${what}`);
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Iterates the fields of one protobuf message in `bytes[start, end)`. */
class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  /** A varint as a number: exact up to 2^53, negative int64s (ten bytes, two's complement) too. */
  varint(): number {
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.end) throw bad('truncated varint');
      const b = this.bytes[this.pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 128;
      if (this.pos - start >= 10) throw bad('varint too long');
    }
    if (this.pos - start <= 7) return result;
    let big = 0n;
    for (let p = this.pos - 1; p >= start; p--) big = (big << 7n) | BigInt(this.bytes[p] & 0x7f);
    return Number(BigInt.asIntN(64, big));
  }

  /** The next field's number and wire type, the start of its tag, and its payload bounds. */
  next(): { field: number; wire: number; tagStart: number; start: number; end: number } {
    const tagStart = this.pos;
    const tag = this.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    const start = this.pos;
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else if (wire === 2) {
      const length = this.varint();
      if (length < 0 || length > this.end - this.pos) throw bad('field overruns its message');
      this.pos += length;
      if (this.pos > this.end) throw bad('field overruns its message');
      return { field, wire, tagStart, start: this.pos - length, end: this.pos };
    } else throw bad(`unsupported wire type ${wire}`);
    if (this.pos > this.end || field === 0) throw bad('malformed field');
    return { field, wire, tagStart, start, end: this.pos };
  }

  done(): boolean {
    return this.pos >= this.end;
  }
}

const str = (b: Uint8Array, s: number, e: number): string => utf8.decode(b.subarray(s, e));

/** Repeated varints, packed (wire 2) or not (wire 0). */
function readInts(r: Reader, f: { wire: number; start: number; end: number }, out: number[]): void {
  const sub = new Reader(r.bytes, f.start, f.end);
  if (f.wire === 0) out.push(sub.varint());
  else while (!sub.done()) out.push(sub.varint());
}

function readFloats(r: Reader, f: { wire: number; start: number; end: number }, out: number[]): void {
  const view = new DataView(r.bytes.buffer, r.bytes.byteOffset);
  for (let p = f.start; p + 4 <= f.end; p += 4) out.push(view.getFloat32(p, true));
}

function readTensor(bytes: Uint8Array, start: number, end: number): OnnxTensor {
  const r = new Reader(bytes, start, end);
  let name = '';
  let dataType = 0;
  const dims: number[] = [];
  let raw: Uint8Array | null = null;
  const typed: number[] = [];
  let typedKind = 0;
  while (!r.done()) {
    const f = r.next();
    if (f.field === 1) readInts(r, f, dims);
    else if (f.field === 2) dataType = new Reader(bytes, f.start, f.end).varint();
    else if (f.field === 8) name = str(bytes, f.start, f.end);
    else if (f.field === 9)
      raw = bytes.subarray(f.start, f.end); // no copy: the model outlives the rewrite
    else if (f.field === 4) ((typedKind = 4), readFloats(r, f, typed));
    else if (f.field === 5 || f.field === 7) ((typedKind = f.field), readInts(r, f, typed));
    else if (f.field === 10) {
      typedKind = 10;
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      for (let p = f.start; p + 8 <= f.end; p += 8) typed.push(view.getFloat64(p, true));
    } else if (f.field === 13 || f.field === 14) throw bad(`initialiser ${name || '?'} uses external data`);
  }
  if (!raw) raw = typedToRaw(dataType, typedKind, typed, name);
  return { name, dataType, dims, raw };
}

function typedToRaw(dataType: number, kind: number, values: readonly number[], name: string): Uint8Array {
  if (values.length === 0) return new Uint8Array(0);
  if (kind === 4 && dataType === DT.FLOAT) return new Uint8Array(Float32Array.from(values).buffer);
  if (kind === 10 && dataType === DT.DOUBLE) return new Uint8Array(Float64Array.from(values).buffer);
  if (kind === 7 && dataType === DT.INT64) return new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer);
  if (kind === 5 && (dataType === DT.UINT8 || dataType === DT.INT8)) return Uint8Array.from(values, (v) => v & 0xff);
  if (kind === 5 && dataType === DT.INT32) return new Uint8Array(Int32Array.from(values).buffer);
  throw bad(`initialiser ${name} stores data type ${dataType} in a field this reader does not take`);
}

function readAttribute(bytes: Uint8Array, start: number, end: number, encoded: Uint8Array): OnnxAttribute {
  const r = new Reader(bytes, start, end);
  const a: { -readonly [K in keyof OnnxAttribute]: OnnxAttribute[K] } = { name: '', type: 0, encoded };
  const floats: number[] = [];
  const ints: number[] = [];
  while (!r.done()) {
    const f = r.next();
    if (f.field === 1) a.name = str(bytes, f.start, f.end);
    else if (f.field === 20) a.type = new Reader(bytes, f.start, f.end).varint();
    else if (f.field === 2) a.f = new DataView(bytes.buffer, bytes.byteOffset).getFloat32(f.start, true);
    else if (f.field === 3) a.i = new Reader(bytes, f.start, f.end).varint();
    else if (f.field === 4) a.s = str(bytes, f.start, f.end);
    else if (f.field === 7)
      f.wire === 5 ? floats.push(new DataView(bytes.buffer, bytes.byteOffset).getFloat32(f.start, true)) : readFloats(r, f, floats);
    else if (f.field === 8) readInts(r, f, ints);
  }
  if (a.type === AT.FLOATS) a.floats = floats;
  if (a.type === AT.INTS) a.ints = ints;
  return a;
}

function readNode(bytes: Uint8Array, start: number, end: number): OnnxNode {
  const r = new Reader(bytes, start, end);
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes: OnnxAttribute[] = [];
  let [name, opType, domain] = ['', '', ''];
  while (!r.done()) {
    const f = r.next();
    if (f.field === 1) inputs.push(str(bytes, f.start, f.end));
    else if (f.field === 2) outputs.push(str(bytes, f.start, f.end));
    else if (f.field === 3) name = str(bytes, f.start, f.end);
    else if (f.field === 4) opType = str(bytes, f.start, f.end);
    else if (f.field === 5) attributes.push(readAttribute(bytes, f.start, f.end, bytes.subarray(f.start, f.end)));
    else if (f.field === 7) domain = str(bytes, f.start, f.end);
  }
  if (domain === 'ai.onnx') domain = '';
  return { inputs, outputs, name, opType, domain, attributes };
}

/** ValueInfoProto → [name, dims] (dims -1 where symbolic or absent). */
function readValueInfo(bytes: Uint8Array, start: number, end: number): [string, number[] | null] {
  let name = '';
  let dims: number[] | null = null;
  const walk = (s: number, e: number, path: readonly number[]): void => {
    const r = new Reader(bytes, s, e);
    while (!r.done()) {
      const f = r.next();
      const depth = path.length;
      if (depth === 0 && f.field === 1) name = str(bytes, f.start, f.end);
      else if ((depth === 0 && f.field === 2) || (depth === 1 && f.field === 1)) walk(f.start, f.end, [...path, f.field]);
      else if (depth === 2 && f.field === 2) ((dims = []), walk(f.start, f.end, [...path, f.field]));
      else if (depth === 3 && f.field === 1) {
        const d = new Reader(bytes, f.start, f.end);
        let value = -1;
        while (!d.done()) {
          const g = d.next();
          if (g.field === 1) value = new Reader(bytes, g.start, g.end).varint();
        }
        dims!.push(value);
      }
    }
  };
  walk(start, end, []);
  return [name, dims];
}

/**
 * Reads a ModelProto.
 * @throws SafesealError MODEL_LOAD (not a ModelProto this reader understands)
 */
export function readModel(bytes: Uint8Array): OnnxModel {
  const r = new Reader(bytes, 0, bytes.length);
  const modelFields: RawField[] = [];
  const opsetDomains: string[] = [];
  let graph: { start: number; end: number } | null = null;
  while (!r.done()) {
    const f = r.next();
    if (f.field === 7 && f.wire === 2) {
      if (graph) throw bad('two graphs');
      graph = f;
      continue;
    }
    modelFields.push({ field: f.field, bytes: bytes.subarray(f.tagStart, f.end) });
    if (f.field === 8 && f.wire === 2) {
      const o = new Reader(bytes, f.start, f.end);
      let domain = '';
      while (!o.done()) {
        const g = o.next();
        if (g.field === 1) domain = str(bytes, g.start, g.end);
      }
      opsetDomains.push(domain === 'ai.onnx' ? '' : domain);
    }
  }
  if (!graph) throw bad('no graph');
  const g = new Reader(bytes, graph.start, graph.end);
  const graphFields: RawField[] = [];
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const inputShapes = new Map<string, readonly number[]>();
  const outputNames: string[] = [];
  while (!g.done()) {
    const f = g.next();
    if (f.wire !== 2) throw bad('unexpected graph field');
    if (f.field === 1) nodes.push(readNode(bytes, f.start, f.end));
    else if (f.field === 5) initializers.push(readTensor(bytes, f.start, f.end));
    else if (f.field === 15) throw bad('sparse initialisers are not supported');
    else {
      if (f.field === 11 || f.field === 12) {
        const [name, dims] = readValueInfo(bytes, f.start, f.end);
        if (f.field === 11 && dims) inputShapes.set(name, dims);
        if (f.field === 12) outputNames.push(name);
      }
      graphFields.push({ field: f.field, bytes: bytes.subarray(f.tagStart, f.end) });
    }
  }
  return { modelFields, opsetDomains, graphFields, nodes, initializers, inputShapes, outputNames };
}
