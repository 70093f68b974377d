/** The q-th quantile (0..1) of samples, by the nearest-rank method. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

/**
 * Median wall-clock milliseconds of each function, run in turns (a, b, a, b, ...) so that load from other
 * processes on a shared machine falls on all of them alike. Warm-up runs let the JIT settle first.
 */
export function interleavedMedians(
  fns: Readonly<Record<string, () => unknown>>,
  runs: number,
  warmup = Math.min(3, runs),
): Record<string, number> {
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(fns)) samples[name] = [];
  for (let i = 0; i < warmup + runs; i++) {
    for (const [name, fn] of Object.entries(fns)) {
      const start = performance.now();
      fn();
      const elapsed = performance.now() - start;
      if (i >= warmup) samples[name]?.push(elapsed);
    }
  }
  const result: Record<string, number> = {};
  for (const [name, list] of Object.entries(samples)) result[name] = median(list);
  return result;
}
