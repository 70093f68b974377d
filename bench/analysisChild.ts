// The analysis measurement in a process of its own, run from an esbuild bundle of this file (see
// `measureAnalysisBundled`): argv is the line counts and a run count each, `50:200 1000:40`; stdout is
// the results as JSON.
import { measureAnalysis } from './analysis';
import { generateDockerfile } from './generate';

const results = process.argv.slice(2).map((spec) => {
  const [lines, runs] = spec.split(':').map(Number);
  if (!Number.isInteger(lines) || !Number.isInteger(runs)) throw new Error(`bad size: ${spec}`);
  return measureAnalysis(generateDockerfile(lines as number), runs as number);
});
process.stdout.write(JSON.stringify(results));
