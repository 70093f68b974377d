// `npm run fuzz -- --runs N [--seed S]`: the property tests of test/reliability/fuzz.test.ts with N inputs per
// property (CI runs 100 with a fixed seed). Prints the numbers reached; a failure prints the seed, the path and
// the shrunk input, which `--seed S` replays.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const runs = Number(option('runs', '2000'));
const seed = Number(option('seed', String(Date.now() % 2 ** 31)));
if (!Number.isInteger(runs) || runs <= 0 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- [--runs N] [--seed S]\n');
  process.exit(2);
}
process.stdout.write(`fuzz: ${runs} inputs per property, seed ${seed}\n`);
const started = Date.now();
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/reliability/fuzz.test.ts'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CACHEMOUNT_FUZZ_RUNS: String(runs), CACHEMOUNT_FUZZ_SEED: String(seed) },
  },
);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `fuzz: ${result.status === 0 ? 'passed' : 'FAILED'}: ${runs} inputs per property (seed ${seed}) in ${seconds} s\n`,
);
process.exit(result.status ?? 1);
