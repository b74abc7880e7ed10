// A small builder for ONNX graphs on top of onnx-proto: constants, nodes and a deterministic
// encoding (no timestamps, names from counters), so the same inputs always give the same bytes.

import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export const DataType = onnx.TensorProto.DataType;
type DataTypeValue = onnxProto.onnx.TensorProto.DataType;

/** Attribute values a node may carry: ints, floats, int lists and strings. */
export type AttributeValue = number | readonly number[] | string | { readonly float: number };

export interface ValueInfo {
  readonly name: string;
  readonly dims: readonly number[];
}

export interface ModelMeta {
  readonly producer: string;
  readonly doc: string;
  readonly metadata: Readonly<Record<string, string>>;
}

function littleEndian(values: readonly number[], bytesPer: number, write: (v: DataView, at: number, x: number) => void): Uint8Array {
  const out = new Uint8Array(values.length * bytesPer);
  const view = new DataView(out.buffer);
  values.forEach((x, i) => write(view, i * bytesPer, x));
  return out;
}

export class GraphBuilder {
  readonly #nodes: onnxProto.onnx.INodeProto[] = [];
  readonly #initializers: onnxProto.onnx.ITensorProto[] = [];
  readonly #names = new Set<string>();
  readonly #scalarCache = new Map<string, string>();
  #counter = 0;

  /** A fresh tensor name from `hint`. */
  name(hint: string): string {
    let n = hint;
    while (this.#names.has(n)) n = `${hint}_${++this.#counter}`;
    this.#names.add(n);
    return n;
  }

  /** Adds an initializer with raw little-endian data; returns its name. */
  constant(hint: string, dataType: DataTypeValue, dims: readonly number[], raw: Uint8Array): string {
    const name = this.name(hint);
    this.#initializers.push({ name, dataType, dims: [...dims], rawData: raw });
    return name;
  }

  float32(hint: string, dims: readonly number[], values: readonly number[]): string {
    return this.constant(
      hint,
      DataType.FLOAT,
      dims,
      littleEndian(values, 4, (v, at, x) => v.setFloat32(at, x, true)),
    );
  }

  float64(hint: string, dims: readonly number[], values: readonly number[]): string {
    return this.constant(
      hint,
      DataType.DOUBLE,
      dims,
      littleEndian(values, 8, (v, at, x) => v.setFloat64(at, x, true)),
    );
  }

  int64(hint: string, dims: readonly number[], values: readonly number[]): string {
    return this.constant(
      hint,
      DataType.INT64,
      dims,
      littleEndian(values, 8, (v, at, x) => v.setBigInt64(at, BigInt(x), true)),
    );
  }

  /** A shared float32 scalar constant (one initializer per distinct value). */
  scalar(value: number): string {
    const key = `f32:${value}`;
    let name = this.#scalarCache.get(key);
    if (!name) {
      name = this.float32(`const_${String(value).replace(/[^0-9a-z]/gi, '_')}`, [], [value]);
      this.#scalarCache.set(key, name);
    }
    return name;
  }

  /** Adds a node with one output; returns the output's name. */
  node(op: string, inputs: readonly string[], attributes: Readonly<Record<string, AttributeValue>> = {}, hint = op): string {
    const output = this.name(hint);
    this.#nodes.push({
      opType: op,
      name: output,
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attributes).map(([name, v]) => attribute(name, v)),
    });
    return output;
  }

  /** Renames the last node's output (to give graph outputs a stable public name). */
  renameLast(output: string): void {
    const last = this.#nodes[this.#nodes.length - 1];
    if (!last) throw new Error('no node to rename');
    this.#names.add(output);
    last.output = [output];
  }

  /** Serialises the graph as a ModelProto (opset 13, IR version 7). */
  encode(graphName: string, inputs: readonly ValueInfo[], outputs: readonly ValueInfo[], meta: ModelMeta): Uint8Array {
    const valueInfo = ({ name, dims }: ValueInfo): onnxProto.onnx.IValueInfoProto => ({
      name,
      type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
    });
    const model = onnx.ModelProto.create({
      irVersion: 7,
      opsetImport: [{ domain: '', version: 13 }],
      producerName: meta.producer,
      docString: meta.doc,
      metadataProps: Object.entries(meta.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: graphName,
        node: this.#nodes,
        initializer: this.#initializers,
        input: inputs.map(valueInfo),
        output: outputs.map(valueInfo),
      },
    });
    return new Uint8Array(onnx.ModelProto.encode(model).finish()); // a plain copy: protobufjs may hand out a Node Buffer view
  }
}

function attribute(name: string, v: AttributeValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`attribute ${name}: use { float } for non-integers`);
    return { name, type: T.INT, i: v };
  }
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: [...v] };
  return { name, type: T.FLOAT, f: (v as { float: number }).float };
}
