// onnxruntime really folds the shipped graph's constant subgraphs (uint8 → float dequantisation and
// BatchNorm factors) when the session is created: profiling one run of the shipped model and of a
// pre-folded float32 build shows the same executed nodes, none of them a Cast, Mul, Sqrt or Div,
// and the two give the same probabilities. (Their speed is compared in bench/classify.bench.ts.)
// The worker's own build of that graph (optimise.ts) executes the same kernels with folding off.

import * as ort from 'onnxruntime-web/wasm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildModel } from '../../models/build.js';
import { optimiseModel } from '../../src/classify/optimise.js';
import { readModel, readWasm } from '../helpers/classifier-assets.js';

interface ProfiledRun {
  ops: string[];
  output: Float32Array;
}

/**
 * onnxruntime's wasm prints through the console.log it finds when it starts, so one collector is
 * installed before the first session and kept for the whole file.
 */
const lines: string[] = [];

/** The op types of every node onnxruntime executed in one run, from its profiler's records. */
async function profile(model: Uint8Array, input: Float32Array, graphOptimizationLevel: 'all' | 'disabled' = 'all'): Promise<ProfiledRun> {
  lines.length = 0;
  const session = await ort.InferenceSession.create(model, { enableProfiling: true, graphOptimizationLevel });
  const out = await session.run({ input: new ort.Tensor('float32', input, [1, 3, 224, 224]) });
  session.endProfiling();
  await session.release();
  const records = lines
    .flatMap((l) => l.split('\n'))
    .map((l) => l.trim().replace(/,$/, ''))
    .filter((l) => l.startsWith('{') && l.includes('"Node"') && l.includes('_kernel_time'))
    .map((l) => JSON.parse(l) as { args: { op_name: string } });
  return { ops: records.map((r) => r.args.op_name), output: out.probabilities.data as Float32Array };
}

const histogram = (ops: string[]): Record<string, number> =>
  Object.fromEntries([...new Set(ops)].sort().map((op) => [op, ops.filter((o) => o === op).length]));

beforeAll(() => {
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  ort.env.wasm.wasmBinary = readWasm();
  ort.env.wasm.numThreads = 1;
});

afterAll(() => vi.restoreAllMocks());

describe('constant folding at session creation', () => {
  it('leaves the same executed graph as a pre-folded float32 model, with no dequantisation left', async () => {
    const input = new Float32Array(3 * 224 * 224).map((_, i) => ((i * 2654435761) % 1000) / 999);
    const shipped = await profile(readModel(), input);
    const float = await profile(buildModel('float'), input);
    expect(shipped.ops.length).toBeGreaterThan(40);
    expect(histogram(shipped.ops)).toEqual(histogram(float.ops));
    for (const op of ['Cast', 'Mul', 'Sqrt', 'Div', 'Sub', 'Reshape', 'BatchNormalization']) expect(shipped.ops).not.toContain(op);
    for (let i = 0; i < 5; i++) expect(Math.abs(shipped.output[i] - float.output[i])).toBeLessThanOrEqual(1e-6);
    console.info(
      `executed nodes: ${shipped.ops.length} (shipped) = ${float.ops.length} (pre-folded float32): ${JSON.stringify(histogram(shipped.ops))}`,
    );
  });

  it('the graph the worker builds (optimise.ts), run unoptimised, executes the very same kernels in the same order', async () => {
    const input = new Float32Array(3 * 224 * 224).map((_, i) => ((i * 40503) % 997) / 996);
    const shipped = await profile(readModel(), input);
    const built = await profile(optimiseModel(readModel()), input, 'disabled');
    expect(built.ops).toEqual(shipped.ops);
    expect(Array.from(built.output)).toEqual(Array.from(shipped.output));
  });
});
