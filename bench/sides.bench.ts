// bench:sides — bounded work on extreme aspect ratios: decode + PDQ of 5 × 1,000,000 and
// 1,000,000 × 5 pixel PNGs (a few KB each) through the engine, as an app's hashImage runs them.
// Issue 7 item 4's target is under 1 s each; exits 1 if a median is over it.

import { cpus } from 'node:os';
import { nodeEngine, ownBuffer } from '../test/helpers/node-engine.js';
import { stripesPng } from '../test/helpers/hostile-images.js';
import { ms, round, time } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 1000;

console.log(`bench:sides on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}, ${RUNS} runs each`);
const engine = await nodeEngine();
const result: Record<string, number> = {};
for (const [width, height] of [
  [5, 1_000_000],
  [1_000_000, 5],
] as const) {
  const png = stripesPng(width, height);
  const s = await time(() => engine.hashImage({ kind: 'encoded', bytes: ownBuffer(png) }), RUNS, 1);
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(`${width} × ${height} (${png.length} bytes): median ${ms(s.median)}  max ${ms(s.p99)}  rss ${rss.toFixed(0)} MB`);
  result[`ms_${width}x${height}`] = round(s.median, 1);
}
console.log(JSON.stringify({ bench: 'sides', target_ms: TARGET_MS, ...result }));
if (Object.values(result).some((v) => v > TARGET_MS)) process.exitCode = 1;
