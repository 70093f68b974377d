// Analysis time per file, in this process: cachemount's analyze() against dockerfile-utils' validate() on
// the same text; dockerfile-ast's parse alone, as validate() runs it; and the parse inside analyze()
// (dockerfile-ast with the steps the model never reads skipped: model/parseDockerfile.ts).
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
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
