// Whole-process time of the CLI against tally on the same files: what a CI job pays per run, start-up
// included. Both lint one file in a folder of its own; tally reads the .tally.toml there. Node's own
// start-up (`node -e 0`) is measured in the same turns, as the floor no Node program can go under.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats';

export interface CliResult {
  lines: number;
  /** Median milliseconds of whole-process wall time, with the compile cache an earlier run kept. */
  cachemount: number;
  cachemountRuns: number;
  /** The same without the compile cache, as on a machine's first run (a fresh CI runner). */
  cachemountFirstRun?: number;
  /** `node -e 0`, in the same environment. */
  node?: number;
  /**
   * `node -e 0` without NODE_EXTRA_CA_CERTS, measured when it is set: Node 20 reads and parses the extra
   * certificates (and its own bundled ones) at start-up, which costs tens of milliseconds on every process.
   */
  nodeWithoutExtraCaCerts?: number;
  /**
   * `cachemount` (with the compile cache) without NODE_EXTRA_CA_CERTS, measured when it is set: what a machine
   * that does not set it (most do not) pays. The CLI makes no TLS connection, but cannot unset the variable
   * for itself: Node reads it before any of the CLI's code runs.
   */
  cachemountWithoutExtraCaCerts?: number;
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

function timeProcess(command: string, args: string[], cwd: string, env = process.env): number {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: 'ignore', env });
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
  // A compile cache of the bench's own, made by the two runs before the measured ones (the first run on a
  // machine only marks it as seen; the second keeps the compiled code).
  const compileCache = join(tmpdir(), 'cachemount-bench', 'compile-cache');
  rmSync(compileCache, { recursive: true, force: true });
  const cached = { ...process.env, NODE_COMPILE_CACHE: compileCache };
  const uncached = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };
  const withoutCa = { ...process.env };
  delete withoutCa.NODE_EXTRA_CA_CERTS;
  const cachedWithoutCa: NodeJS.ProcessEnv = { ...cached };
  delete cachedWithoutCa.NODE_EXTRA_CA_CERTS;
  const lint = [CLI, 'lint', 'Dockerfile'];
  for (let i = 0; i < 2; i++) timeProcess(process.execPath, lint, folder, cached);
  const samples: Record<
    'ours' | 'oursWithoutCa' | 'firstRun' | 'node' | 'nodeWithoutCa' | 'theirs',
    number[]
  > = {
    ours: [],
    oursWithoutCa: [],
    firstRun: [],
    node: [],
    nodeWithoutCa: [],
    theirs: [],
  };
  const tally = tallyBinary();
  const extraCaCerts = Boolean(process.env.NODE_EXTRA_CA_CERTS);
  for (let i = 0; i < Math.max(runs, tallyRuns); i++) {
    if (i < runs) {
      samples.ours.push(timeProcess(process.execPath, lint, folder, cached));
      samples.firstRun.push(timeProcess(process.execPath, lint, folder, uncached));
      samples.node.push(timeProcess(process.execPath, ['-e', '0'], folder));
      if (extraCaCerts) {
        samples.nodeWithoutCa.push(timeProcess(process.execPath, ['-e', '0'], folder, withoutCa));
        samples.oursWithoutCa.push(timeProcess(process.execPath, lint, folder, cachedWithoutCa));
      }
    }
    if (tally && i < tallyRuns)
      samples.theirs.push(timeProcess(tally, ['lint', '--slow-checks', 'off', 'Dockerfile'], folder));
  }
  const result: CliResult = {
    lines,
    cachemount: median(samples.ours),
    cachemountRuns: runs,
    cachemountFirstRun: median(samples.firstRun),
    node: median(samples.node),
  };
  if (extraCaCerts) {
    result.nodeWithoutExtraCaCerts = median(samples.nodeWithoutCa);
    result.cachemountWithoutExtraCaCerts = median(samples.oursWithoutCa);
  }
  if (tally && tallyRuns > 0) {
    result.tally = median(samples.theirs);
    result.tallyRuns = tallyRuns;
  }
  return result;
}
