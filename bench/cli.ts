// Whole-process time of the CLI against tally on the same files: what a CI job pays per run, start-up
// included. Both lint one file in a folder of its own; tally reads the .tally.toml there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats';

export interface CliResult {
  lines: number;
  /** Median milliseconds of whole-process wall time. */
  cachemount: number;
  cachemountRuns: number;
  tally?: number;
  tallyRuns?: number;
}

const CLI = join(__dirname, '..', 'dist', 'cli.js');

// tally refuses files over 100 KB unless told otherwise; its slow checks (a registry lookup) are off, as the
// issue measured it.
const TALLY_CONFIG = '[file-validation]\nmax-file-size = 104857600\n';

const PEERS = join(__dirname, '..', '.cache', 'peers');
const TALLY_PACKAGE = '@wharflab/tally-linux-x64';
const TALLY_VERSION = '0.45.0';

/**
 * tally's binary from its npm package, installed on first use into .cache/peers rather than as a dependency:
 * it is a 70 MB binary that every `npm ci` would pay for, and npm refuses the package off linux-x64.
 * Undefined off linux-x64, or when the install fails (the caller says tally was not measured).
 */
export function tallyBinary(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const binary = join(PEERS, 'node_modules', ...TALLY_PACKAGE.split('/'), 'bin', 'tally');
  if (!existsSync(binary)) {
    mkdirSync(PEERS, { recursive: true });
    const install = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        PEERS,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `${TALLY_PACKAGE}@${TALLY_VERSION}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (install.status !== 0) return undefined;
  }
  return existsSync(binary) ? binary : undefined;
}

export function tallyVersion(): string | undefined {
  const binary = tallyBinary();
  if (!binary) return undefined;
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

function timeProcess(command: string, args: string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: 'ignore' });
  const elapsed = performance.now() - start;
  // Both exit 1 when they find problems; anything else means the run measured a failure.
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return elapsed;
}

export function measureCli(text: string, lines: number, runs: number, tallyRuns: number): CliResult {
  const folder = join(tmpdir(), 'cachemount-bench', `lines-${lines}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'Dockerfile'), text);
  writeFileSync(join(folder, '.tally.toml'), TALLY_CONFIG);
  const ours: number[] = [];
  const theirs: number[] = [];
  const tally = tallyBinary();
  for (let i = 0; i < Math.max(runs, tallyRuns); i++) {
    if (i < runs) ours.push(timeProcess(process.execPath, [CLI, 'lint', 'Dockerfile'], folder));
    if (tally && i < tallyRuns)
      theirs.push(timeProcess(tally, ['lint', '--slow-checks', 'off', 'Dockerfile'], folder));
  }
  const result: CliResult = { lines, cachemount: median(ours), cachemountRuns: runs };
  if (tally && tallyRuns > 0) {
    result.tally = median(theirs);
    result.tallyRuns = tallyRuns;
  }
  return result;
}
