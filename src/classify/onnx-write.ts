// Writes an OnnxModel (onnx-wire.ts) back to ModelProto bytes: the fields kept as bytes are copied
// as they were, nodes and initialisers are encoded in the order given, nothing depends on time or
// on map iteration order, so the same model always gives the same bytes.

import { AT, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor } from './onnx-wire.js';

const utf8 = new TextEncoder();

/** Collects chunks without copying them; `finish` concatenates once. */
class Writer {
  readonly parts: Uint8Array[] = [];
  length = 0;

  bytes(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }

  varint(v: number): void {
    const out: number[] = [];
    if (v < 0) {
      let big = BigInt.asUintN(64, BigInt(v));
      while (big >= 0x80n) {
        out.push(Number(big & 0x7fn) | 0x80);
        big >>= 7n;
      }
      out.push(Number(big));
    } else {
      while (v >= 0x80) {
        out.push((v % 128) | 0x80);
        v = Math.floor(v / 128);
      }
      out.push(v);
    }
    this.bytes(Uint8Array.from(out));
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** A length-delimited field holding `payload`. */
  field(field: number, payload: Uint8Array | Writer): void {
    this.tag(field, 2);
    if (payload instanceof Writer) {
      this.varint(payload.length);
      for (const p of payload.parts) this.bytes(p);
    } else {
      this.varint(payload.length);
      this.bytes(payload);
    }
  }

  string(field: number, s: string): void {
    this.field(field, utf8.encode(s));
  }

  int(field: number, v: number): void {
    this.tag(field, 0);
    this.varint(v);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function float32Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

function writeAttribute(a: OnnxAttribute): Writer {
  const w = new Writer();
  if (a.encoded) {
    w.bytes(a.encoded);
    return w;
  }
  w.string(1, a.name);
  if (a.type === AT.FLOAT) {
    w.tag(2, 5);
    w.bytes(float32Bytes([a.f ?? 0]));
  } else if (a.type === AT.INT) w.int(3, a.i ?? 0);
  else if (a.type === AT.STRING) w.string(4, a.s ?? '');
  else if (a.type === AT.FLOATS) for (const f of a.floats ?? []) (w.tag(7, 5), w.bytes(float32Bytes([f])));
  else if (a.type === AT.INTS) for (const i of a.ints ?? []) w.int(8, i);
  else throw new Error(`attribute ${a.name}: cannot encode type ${a.type}`);
  w.int(20, a.type);
  return w;
}

function writeNode(n: OnnxNode): Writer {
  const w = new Writer();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes) w.field(5, writeAttribute(a));
  if (n.domain) w.string(7, n.domain);
  return w;
}

function writeTensor(t: OnnxTensor): Writer {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.dataType);
  w.string(8, t.name);
  w.field(9, t.raw);
  return w;
}

/** An opset import entry: domain and version. */
export function opsetImport(domain: string, version: number): Uint8Array {
  const w = new Writer();
  w.string(1, domain);
  w.int(2, version);
  const outer = new Writer();
  outer.field(8, w);
  return outer.finish();
}

/**
 * Encodes `model` as ModelProto bytes; `extraOpsets` (encoded opset_import fields) are written after
 * the model's own.
 */
export function writeModel(model: OnnxModel, extraOpsets: readonly Uint8Array[] = []): Uint8Array {
  const graph = new Writer();
  for (const n of model.nodes) graph.field(1, writeNode(n));
  for (const f of model.graphFields) graph.bytes(f.bytes);
  for (const t of model.initializers) graph.field(5, writeTensor(t));
  const w = new Writer();
  const lastOpset = model.modelFields.reduce((at, f, i) => (f.field === 8 ? i : at), -1);
  model.modelFields.forEach((f, i) => {
    w.bytes(f.bytes);
    if (i === lastOpset) for (const o of extraOpsets) w.bytes(o);
  });
  if (lastOpset < 0) for (const o of extraOpsets) w.bytes(o);
  w.field(7, graph);
  return w.finish();
}
