// Timing helpers shared by the benchmarks: run, collect, summarise. Medians, because this machine
// is shared and noisy; every figure is printed with the number of runs behind it.

export interface Summary {
  runs: number;
  median: number;
  p99: number;
  min: number;
}

export function summarise(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { runs: s.length, median: at(0.5), p99: at(0.99), min: s[0] };
}

/** Times `fn` `runs` times after `warmup` untimed calls; milliseconds. */
export async function time(fn: () => unknown, runs: number, warmup = Math.ceil(runs / 10)): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarise(samples);
}

export const ms = (x: number): string => `${x.toFixed(2)} ms`;
export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/**
 * Times several functions in alternation (one call of each per round, the order rotating), so that
 * the machine's load drifts over all of them alike; milliseconds.
 */
export async function timeInterleaved<K extends string>(
  fns: Record<K, () => unknown>,
  runs: number,
  warmup = Math.ceil(runs / 10),
): Promise<Record<K, Summary>> {
  const keys = Object.keys(fns) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < warmup + runs; round++) {
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(round + j) % keys.length];
      const t = performance.now();
      await fns[k]();
      if (round >= warmup) samples[k].push(performance.now() - t);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, summarise(samples[k])])) as Record<K, Summary>;
}

export const median = (xs: readonly number[]): number => summarise([...xs]).median;
