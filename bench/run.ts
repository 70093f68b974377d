// `npm run bench`: every measurement of issue 8, side by side, in one run. Prints a table, writes
// bench/results.json, the chart docs/images/performance.svg, and the table into docs/performance.md.
//   --quick         fewer runs (a smoke test of the benchmark itself, not numbers to publish)
//   --only=a,b      some of: analysis, keystroke, cli, memory, sizes, activation, heavy
//   --no-docs       leave docs/ alone
import { cpus, loadavg } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import type { AnalysisResult } from './analysis';
import { measureAnalysisBundled, runsFor } from './analysis';
import type { ActivationResult } from './activation';
import { measureActivation } from './activation';
import type { BudgetCheck } from './budgets';
import { BUDGETS, check } from './budgets';
import { lineChart } from './chart';
import type { CliResult } from './cli';
import { measureCli, tallyVersion } from './cli';
import { generateDockerfile } from './generate';
import type { KeystrokeResult } from './keystroke';
import { measureKeystrokes } from './keystroke';
import type { MemoryResult } from './memory';
import { measureMemory } from './memory';
import type { HeavyResult } from './heavy';
import { measureHeavy } from './heavy';
import type { WorkspaceResult } from './workspace';
import { measureWorkspace } from './workspace';
import type { Sizes } from './sizes';
import { measureSizes } from './sizes';

const ROOT = join(__dirname, '..');
const PARTS = [
  'analysis',
  'keystroke',
  'cli',
  'memory',
  'sizes',
  'activation',
  'heavy',
  'workspace',
] as const;
type Part = (typeof PARTS)[number];

interface Results {
  date: string;
  machine: { cpus: number; cpu: string; node: string; loadAverageAtStart: number[]; note: string };
  quick: boolean;
  peers: { dockerfileUtils: string; dockerfileAst: string; tally?: string };
  analysis?: AnalysisResult[];
  keystroke?: KeystrokeResult[];
  cli?: CliResult[];
  memory?: MemoryResult;
  sizes?: Sizes;
  activation?: ActivationResult;
  heavy?: HeavyResult;
  workspace?: WorkspaceResult;
  budgets: BudgetCheck[];
}

function parseArgs(argv: readonly string[]): { quick: boolean; parts: Set<Part>; docs: boolean } {
  let parts = new Set<Part>(PARTS);
  for (const arg of argv) {
    if (arg.startsWith('--only=')) {
      const wanted = arg.slice('--only='.length).split(',');
      const unknown = wanted.filter((w) => !(PARTS as readonly string[]).includes(w));
      if (unknown.length > 0) fail(`unknown part ${unknown.join(', ')}: choose from ${PARTS.join(', ')}`);
      parts = new Set(wanted as Part[]);
    } else if (arg !== '--quick' && arg !== '--no-docs') {
      fail(`unknown option ${arg}: use --quick, --only=${PARTS.join(',')}, --no-docs`);
    }
  }
  return { quick: argv.includes('--quick'), parts, docs: !argv.includes('--no-docs') };
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

const log = (message: string): void => void process.stderr.write(`${message}\n`);

async function main(): Promise<void> {
  const { quick, parts, docs } = parseArgs(process.argv.slice(2));
  const needed = ['server.js', 'cli.js', 'cli-main.js', 'extension.js'].filter(
    (name) => !existsSync(join(ROOT, 'dist', name)),
  );
  if (needed.length > 0)
    fail(
      `dist/${needed.join(', dist/')} missing: run \`npm run bench\`, which packages first (or \`npm run package\`)`,
    );
  const results: Results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
      note: 'shared machine: other work ran on the same cores during the measurements',
    },
    quick,
    peers: {
      dockerfileUtils: packageVersion('dockerfile-utils'),
      dockerfileAst: packageVersion('dockerfile-ast'),
    },
    budgets: [],
  };
  const tally = tallyVersion();
  if (tally) results.peers.tally = tally;
  const file = (lines: number) => generateDockerfile(lines);

  if (parts.has('analysis')) {
    log('analysis: 50, 1,000 and 10,000 lines (bundled, in a process of its own)');
    results.analysis = await measureAnalysisBundled(
      [50, 1000, 10000].map((lines) => ({ lines, runs: runsFor(lines, quick) })),
    );
  }
  if (parts.has('keystroke')) {
    results.keystroke = [];
    // [lines, edits measured, kind, first edits after opening (measured apart)]
    for (const [lines, edits, kind, first] of [
      [50, 300, 'character', 100],
      [1000, 300, 'character', 100],
      [10000, 20, 'character', 10],
      [1000, 100, 'line', 30],
    ] as const) {
      log(`keystrokes: ${lines} lines, ${kind}s`);
      results.keystroke.push(
        await measureKeystrokes(
          file(lines),
          quick ? Math.min(edits, 40) : edits,
          kind,
          quick ? Math.min(first, 10) : first,
        ),
      );
    }
  }
  if (parts.has('cli')) {
    results.cli = [];
    for (const lines of [50, 100, 1000, 10000]) {
      log(`cli: ${lines} lines${tally ? ' (and tally)' : ''}`);
      const tallyRuns = lines >= 10000 ? 1 : quick ? 1 : 3;
      results.cli.push(measureCli(file(lines), lines, quick ? 3 : 9, tallyRuns));
    }
  }
  if (parts.has('memory')) {
    log('memory: 1,000 documents opened and closed');
    results.memory = measureMemory(quick ? 200 : 1000, quick ? 50 : 100);
  }
  if (parts.has('sizes')) results.sizes = measureSizes();
  if (parts.has('activation')) {
    log('activation');
    results.activation = await measureActivation(file(100), quick ? 3 : 10);
  }
  if (parts.has('heavy')) {
    log('heavy: a document with 100,000 findings, and a burst of 1,000 edits');
    results.heavy = await measureHeavy();
  }
  if (parts.has('workspace')) {
    log('workspace: index 500 Dockerfiles, then a keystroke');
    results.workspace = measureWorkspace(500);
  }
  results.budgets = budgets(results, 1);

  const table = render(results);
  process.stdout.write(table + '\n');
  await writeFormatted(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2));
  if (docs && !quick && parts.size === PARTS.length) {
    writeFileSync(join(ROOT, 'docs', 'images', 'performance.svg'), chart(results));
    await updateDocs(table);
    log('wrote bench/results.json, docs/images/performance.svg and the table in docs/performance.md');
  } else {
    log('wrote bench/results.json (docs are only updated by a full run)');
  }
}

/** The budgets of issue 8 over these results; `slack` 2 is what the CI check allows. */
export function budgets(results: Partial<Results>, slack: number): BudgetCheck[] {
  const out: BudgetCheck[] = [];
  for (const a of results.analysis ?? [])
    out.push(
      check(
        `analysis/validate at ${a.lines} lines`,
        a.cachemount / a.dockerfileUtils,
        BUDGETS.analysisVsValidate,
        'x',
        slack,
      ),
    );
  const keystroke = results.keystroke?.find(
    (k) => k.lines === 1000 && (k.kind ?? 'character') === 'character',
  );
  if (keystroke)
    out.push(check('keystroke p95 at 1,000 lines', keystroke.p95, BUDGETS.keystrokeP95Ms, 'ms', slack));
  for (const c of results.cli ?? []) {
    if (c.lines === 100 && c.node !== undefined)
      out.push(
        check('cli/node -e 0 at 100 lines', c.cachemount / c.node, BUDGETS.cliOverNodeAt100, 'x', slack),
      );
    if (c.lines === 1000 && c.tally !== undefined)
      out.push(
        check('tally/cli at 1000 lines', c.tally / c.cachemount, BUDGETS.cliSpeedupVsTally, 'x', slack, true),
      );
  }
  const small = results.analysis?.find((a) => a.lines === 1000);
  const large = results.analysis?.find((a) => a.lines === 10000);
  if (small && large)
    out.push(
      check(
        'time per line, 10,000 vs 1,000 lines',
        large.cachemount / large.lines / (small.cachemount / small.lines),
        BUDGETS.linearity,
        'x',
        slack,
      ),
    );
  if (results.memory)
    out.push(
      check(
        'heap growth, 100th to last document',
        results.memory.growth,
        BUDGETS.memoryGrowthBytes,
        'bytes',
        slack,
      ),
    );
  const heavy = results.heavy;
  if (heavy) {
    out.push(
      check(
        '100,000 findings: open → capped publish',
        heavy.documentPublishMs,
        BUDGETS.heavyPublishMs,
        'ms',
        slack,
      ),
      check(
        '1,000-edit burst: last edit → publish',
        heavy.burstLastPublishMs,
        BUDGETS.burstLastPublishMs,
        'ms',
        slack,
      ),
      check(
        '1,000-edit burst: server peak RSS',
        heavy.burstPeakRss,
        BUDGETS.burstPeakRssBytes,
        'bytes',
        slack,
      ),
    );
  }
  const workspace = results.workspace;
  if (workspace) {
    out.push(
      check(
        `workspace of ${workspace.files} Dockerfiles: index`,
        workspace.indexMs,
        BUDGETS.workspaceIndexMs,
        'ms',
        slack,
      ),
      check(
        'workspace: server heap after indexing',
        workspace.heapUsed,
        BUDGETS.workspaceHeapBytes,
        'bytes',
        slack,
      ),
    );
  }
  const vsix = results.sizes?.['cachemount.vsix'];
  if (vsix !== undefined && vsix !== null)
    out.push(check('.vsix size', vsix, BUDGETS.vsixBytes, 'bytes', slack));
  return out;
}

const ms = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(1);
const kb = (bytes: number | null | undefined): string =>
  bytes === null || bytes === undefined ? '–' : `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const lines = (n: number): string => n.toLocaleString('en-US');

/**
 * A Markdown table under its bold title, then a blank line: the header cells with their alignment, and the
 * rows of cells. Prettier aligns the columns when the docs are written.
 */
function table(
  title: string,
  columns: readonly (readonly [string, 'left' | 'right'])[],
  rows: readonly (readonly (string | number)[])[],
): string[] {
  const row = (cells: readonly (string | number)[]): string =>
    `|${cells.map((cell) => (cell === '' ? ' ' : ` ${cell} `)).join('|')}|`;
  return [
    title,
    '',
    row(columns.map(([name]) => name)),
    row(columns.map(([, align]) => (align === 'right' ? '---:' : '---'))),
    ...rows.map(row),
    '',
  ];
}

function render(results: Results): string {
  const out: string[] = [];
  const { machine, peers } = results;
  out.push(
    `Measured ${results.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpus} × ${machine.cpu}, Node ${machine.node}, ` +
      `load average ${machine.loadAverageAtStart.join(' ')} at the start (${machine.note})${results.quick ? ', QUICK run' : ''}. ` +
      `Peers: dockerfile-utils ${peers.dockerfileUtils} (dockerfile-ast ${peers.dockerfileAst})${peers.tally ? `, ${peers.tally}` : ', tally not installed'}.`,
    '',
  );
  if (results.analysis)
    out.push(
      ...table(
        '**Analysis in process** (median ms of interleaved runs, from one minified bundle, as the server and the CLI run it)',
        [
          ['lines', 'right'],
          ['size', 'right'],
          ['runs', 'right'],
          ['cachemount `analyze()`', 'right'],
          ['dockerfile-utils `validate()`', 'right'],
          ['dockerfile-ast parse alone', 'right'],
          ['its parse in `analyze()`', 'right'],
        ],
        results.analysis.map((a) => [
          lines(a.lines),
          kb(a.bytes),
          a.runs,
          ms(a.cachemount),
          ms(a.dockerfileUtils),
          ms(a.parse),
          a.ourParse === undefined
            ? '–'
            : `${ms(a.ourParse)} (${((a.ourParse / a.cachemount) * 100).toFixed(0)}% of ours)`,
        ]),
      ),
    );
  if (results.keystroke)
    out.push(
      ...table(
        '**Keystroke latency**, `didChange` → `publishDiagnostics`, dist/server.js over stdio (ms)',
        [
          ['lines', 'right'],
          ['edit', 'left'],
          ['edits', 'right'],
          ['p50', 'right'],
          ['p95', 'right'],
          ['p99', 'right'],
          ['max', 'right'],
          ['the first edits after opening, before those: p50 / p95 / max', 'right'],
        ],
        results.keystroke.map((k) => [
          lines(k.lines),
          k.kind === 'line' ? 'a line break (moves every later line)' : 'a character in a mount',
          k.edits,
          ms(k.p50),
          ms(k.p95),
          ms(k.p99),
          ms(k.max),
          k.first
            ? `${k.first.edits} edits: ${ms(k.first.p50)} / ${ms(k.first.p95)} / ${ms(k.first.max)}`
            : '–',
        ]),
      ),
    );
  if (results.cli) {
    const withoutCa = results.cli.some((c) => c.nodeWithoutExtraCaCerts !== undefined);
    const ratio = (tally: number | undefined, ours: number | undefined): string =>
      tally === undefined || ours === undefined ? '–' : `${(tally / ours).toFixed(1)}×`;
    out.push(
      ...table(
        '**CLI, whole process** (median ms; `cachemount lint` against `tally lint --slow-checks off`; Node alone is `node -e 0`, the floor of any Node program)',
        [
          [`lines`, 'right'],
          [`Node alone${withoutCa ? ' (in brackets: without NODE_EXTRA_CA_CERTS)' : ''}`, 'right'],
          ['cachemount', 'right'],
          ['cachemount, first run (no compile cache)', 'right'],
          ['tally', 'right'],
          ['tally / cachemount (first run)', 'right'],
          ...(withoutCa ? [['cachemount without NODE_EXTRA_CA_CERTS (tally / it)', 'right'] as const] : []),
        ],
        results.cli.map((c) => [
          lines(c.lines),
          `${ms(c.node)}${withoutCa ? ` (${ms(c.nodeWithoutExtraCaCerts)})` : ''}`,
          `${ms(c.cachemount)} (${c.cachemountRuns} runs)`,
          ms(c.cachemountFirstRun),
          c.tally === undefined ? '–' : `${ms(c.tally)} (${c.tallyRuns} run${c.tallyRuns === 1 ? '' : 's'})`,
          `${ratio(c.tally, c.cachemount)} (${ratio(c.tally, c.cachemountFirstRun)})`,
          ...(withoutCa
            ? [`${ms(c.cachemountWithoutExtraCaCerts)} (${ratio(c.tally, c.cachemountWithoutExtraCaCerts)})`]
            : []),
        ]),
      ),
    );
    if (withoutCa)
      out.push(
        'NODE_EXTRA_CA_CERTS was set on this machine: Node 20 then loads certificates at start-up, in every process (nodejs/node#40524). The budgets are checked with it set, as this machine runs; the last column is what a machine without it pays.',
        '',
      );
  }
  if (results.memory) {
    const samples = results.memory.samples;
    out.push(
      ...table(
        '**Server memory**, heap after a full GC while documents are opened and closed one by one (100-line files)',
        [['documents', 'left'], ...samples.map((s) => [lines(s.documents), 'right'] as const)],
        [
          ['heap used', ...samples.map((s) => mb(s.heapUsed))],
          ['process RSS', ...samples.map((s) => mb(s.rss))],
        ],
      ),
    );
  }
  if (results.sizes) {
    const s = results.sizes;
    out.push(
      ...table(
        '**Sizes** (production build)',
        [
          ['dist/extension.js', 'right'],
          ['dist/server.js', 'right'],
          ['dist/cli.js + cli-main.js', 'right'],
          ['dist/cachemount.vsix', 'right'],
        ],
        [
          [
            kb(s['extension.js']),
            kb(s['server.js']),
            `${kb(s['cli.js'])} + ${kb(s['cli-main.js'])}`,
            kb(s['cachemount.vsix']),
          ],
        ],
      ),
    );
  }
  if (results.activation) {
    const a = results.activation;
    out.push(
      ...table(
        `**Activation** (median of ${a.runs}; what is and is not included: see above)`,
        [
          ['load dist/extension.js', 'right'],
          ['fork dist/server.js → first diagnostics (100 lines)', 'right'],
          ['sum', 'right'],
        ],
        [[ms(a.extensionLoad), ms(a.serverFirstDiagnostics), ms(a.total)]],
      ),
    );
  }
  if (results.heavy) {
    const h = results.heavy;
    out.push(
      ...table(
        '**Heavy documents** (the production server over --stdio; RSS is the peak resident set)',
        [
          ['', 'left'],
          ['time', 'right'],
          ['server peak RSS', 'right'],
          ['', 'left'],
        ],
        [
          [
            `open a ${mb(h.documentBytes)} document with ${lines(h.documentFindings)} findings → capped publish`,
            `${ms(h.documentPublishMs)} ms`,
            mb(h.documentPeakRss),
            '1,001 diagnostics sent',
          ],
          [
            '1,000 edits in a burst, last edit → its publish',
            `${ms(h.burstLastPublishMs)} ms`,
            mb(h.burstPeakRss),
            `${h.burstPublishes} publishes`,
          ],
        ],
      ),
    );
  }
  if (results.workspace) {
    const w = results.workspace;
    out.push(
      ...table(
        '**Workspace index** (the real server in a process of its own; heap after a full garbage collection)',
        [
          ['', 'left'],
          ['measured', 'right'],
        ],
        [
          [
            `index ${w.files} Dockerfiles, a Compose file and a workflow (initialized → indexed)`,
            `${ms(w.indexMs)} ms`,
          ],
          ['server heap after indexing', mb(w.heapUsed)],
          [
            'keystroke in one of them (didChange → publish, median / max of 20), cross-file check included',
            `${ms(w.keystrokeMedianMs)} / ${ms(w.keystrokeMaxMs)} ms`,
          ],
        ],
      ),
    );
  }
  if (results.budgets.length > 0) {
    const value = (b: BudgetCheck, v: number): string =>
      b.unit === 'bytes' ? kb(v) : b.unit === 'x' ? `${v.toFixed(2)}×` : `${ms(v)} ${b.unit}`;
    out.push(
      ...table(
        '**Budgets**',
        [
          ['budget', 'left'],
          ['measured', 'right'],
          ['limit', 'right'],
          ['', 'left'],
        ],
        results.budgets.map((b) => [
          b.name,
          value(b, b.measured),
          value(b, b.limit),
          b.met ? 'met' : '**not met**',
        ]),
        // The last table: nothing follows it.
      ).slice(0, -1),
    );
  }
  return out.join('\n');
}

function chart(results: Results): string {
  const analysis = results.analysis ?? [];
  const cli = results.cli ?? [];
  return lineChart('Time against file size (lower is better)', 'Dockerfile lines', 'ms', [
    {
      name: 'cachemount analyze()',
      color: '#1f77b4',
      points: analysis.map((a) => ({ x: a.lines, y: a.cachemount })),
    },
    {
      name: 'dockerfile-utils validate()',
      color: '#ff7f0e',
      points: analysis.map((a) => ({ x: a.lines, y: a.dockerfileUtils })),
    },
    {
      name: 'dockerfile-ast parse',
      color: '#7f7f7f',
      points: analysis.map((a) => ({ x: a.lines, y: a.parse })),
    },
    {
      name: 'cachemount CLI (process)',
      color: '#1f77b4',
      dashed: true,
      points: cli.map((c) => ({ x: c.lines, y: c.cachemount })),
    },
    {
      name: 'tally CLI (process)',
      color: '#d62728',
      dashed: true,
      points: cli.flatMap((c) => (c.tally === undefined ? [] : [{ x: c.lines, y: c.tally }])),
    },
  ]);
}

const START = '<!-- bench:start (written by npm run bench) -->';
const END = '<!-- bench:end -->';

async function updateDocs(table: string): Promise<void> {
  const path = join(ROOT, 'docs', 'performance.md');
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) fail(`docs/performance.md has no ${START} ... ${END} block to fill`);
  await writeFormatted(path, text.slice(0, start + START.length) + '\n\n' + table + '\n\n' + text.slice(end));
}

/** Written as `npm test`'s format check wants it (aligned table columns, JSON line breaks). */
async function writeFormatted(path: string, text: string): Promise<void> {
  const options = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(text, { ...options, filepath: path }));
}

if (require.main === module)
  main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
