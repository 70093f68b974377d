// Analysis time per file: cachemount's analyze() against dockerfile-utils' validate() on the same text;
// dockerfile-ast's parse alone, as validate() runs it; and the parse inside analyze() (dockerfile-ast with
// the steps the model never reads skipped: model/parseDockerfile.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import * as esbuild from 'esbuild';
import { analyze } from '../server/src/analysis/analyze';
import { parseWhole } from '../server/src/analysis/model/parseDockerfile';
import { interleavedMedians } from './stats';

export interface AnalysisResult {
  lines: number;
  bytes: number;
  runs: number;
  /** Median milliseconds. */
  cachemount: number;
  dockerfileUtils: number;
  /** dockerfile-ast's own parse. */
  parse: number;
  /** The parse analyze() runs; absent in results from before it skipped steps. */
  ourParse?: number;
}

/** Enough runs for a stable median, fewer for the large files (each takes a good part of a second). */
export function runsFor(lines: number, quick: boolean): number {
  const runs = lines <= 100 ? 200 : lines <= 1000 ? 40 : 9;
  return quick ? Math.max(3, Math.round(runs / 5)) : runs;
}

export function measureAnalysis(text: string, runs: number): AnalysisResult {
  const medians = interleavedMedians(
    {
      cachemount: () => analyze(text),
      dockerfileUtils: () => validate(text),
      parse: () => DockerfileParser.parse(text),
      ourParse: () => parseWhole(text),
    },
    runs,
  );
  return {
    lines: text.split('\n').length - 1,
    bytes: Buffer.byteLength(text),
    runs,
    cachemount: medians.cachemount ?? NaN,
    dockerfileUtils: medians.dockerfileUtils ?? NaN,
    parse: medians.parse ?? NaN,
    ourParse: medians.ourParse ?? NaN,
  };
}

/**
 * `measureAnalysis` for each size, in a fresh process running one esbuild bundle of the measurement, with
 * our code, dockerfile-utils and dockerfile-ast in it, minified as the shipped bundles are. The server and
 * the CLI run such a bundle; run through tsx instead, every call between our modules goes through an export
 * getter, which costs our many small modules (and not dockerfile-utils, loaded as plain JavaScript) a
 * fifth to a third of the time while V8 is still warming up: the median of a 50-line file's 200 runs.
 */
export async function measureAnalysisBundled(
  sizes: readonly { lines: number; runs: number }[],
): Promise<AnalysisResult[]> {
  const folder = mkdtempSync(join(tmpdir(), 'cachemount-bench-'));
  try {
    const bundle = join(folder, 'analysis.js');
    await esbuild.build({
      entryPoints: [join(__dirname, 'analysisChild.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      logLevel: 'warning',
    });
    const result = spawnSync(process.execPath, [bundle, ...sizes.map((s) => `${s.lines}:${s.runs}`)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (result.status !== 0) throw new Error(`the analysis bench failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as AnalysisResult[];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
