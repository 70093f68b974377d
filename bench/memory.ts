// Server memory across many documents opened and closed (see memoryChild.ts, which runs the server).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface MemorySample {
  documents: number;
  heapUsed: number;
  rss: number;
}

export interface MemoryResult {
  samples: MemorySample[];
  /** Heap growth (bytes) from the first hundred documents to the last sample: what a leak would show. */
  growth: number;
}

export function measureMemory(documents: number, every = 100): MemoryResult {
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(__dirname, 'memoryChild.ts'), String(documents), String(every)],
    { cwd: join(__dirname, '..'), encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (result.status !== 0) throw new Error(`memory run failed: ${result.stderr}`);
  const samples = JSON.parse(result.stdout) as MemorySample[];
  const first = samples[1] ?? samples[0];
  const last = samples[samples.length - 1];
  return { samples, growth: first && last ? last.heapUsed - first.heapUsed : NaN };
}
