// `npm test`: every check CI runs, in order, stopping at the first failure.
//   1. static checks: tsc --noEmit, eslint, prettier --check
//   2. the bundles (the protocol and CLI tests run the built dist/server.js and dist/cli.js)
//   3. one node:test run over the analysis, protocol, CLI, reliability (fuzz with a fixed seed, pathological
//      input, hostile clients, bundle contents) and real-editor tests
// The real-editor test (code-server + Chromium) needs system packages. With CI=true, test/editor/setup.sh
// installs them first; elsewhere the test runs when they are present and is skipped, saying why, when not.
// CACHEMOUNT_EDITOR_TESTS=1 forces setup and the test, =0 skips it. `--unit` runs only the analysis tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(title, command, args, env = {}) {
  process.stdout.write(`\n== ${title}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`== ${title}: FAILED (exit ${result.status ?? result.signal}) after ${seconds}s\n`);
    process.exit(result.status || 1);
  }
  process.stdout.write(`== ${title}: ok in ${seconds}s\n`);
}

function testFiles(folder) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts')) out.push(relative(root, full));
    }
  };
  if (existsSync(join(root, folder))) walk(join(root, folder));
  return out.sort();
}

function editorTests() {
  const setting = process.env.CACHEMOUNT_EDITOR_TESTS;
  if (setting === '0') {
    process.stdout.write('\n== real-editor test: skipped (CACHEMOUNT_EDITOR_TESTS=0)\n');
    return [];
  }
  if (process.env.CI === 'true' || setting === '1') {
    step('real-editor prerequisites (test/editor/setup.sh)', 'bash', ['test/editor/setup.sh']);
    return realClientTests();
  }
  const ready =
    existsSync('/usr/bin/chromium') &&
    existsSync(join(root, '.cache', 'code-server', 'node_modules', 'code-server'));
  if (!ready) {
    process.stdout.write(
      '\n== real-editor test: SKIPPED: Chromium or code-server is not installed.\n' +
        '   Run `bash test/editor/setup.sh` once (apt packages + code-server in .cache/), or set CACHEMOUNT_EDITOR_TESTS=1.\n',
    );
    return [];
  }
  return realClientTests();
}

/** Tests that drive real clients: VS Code in the browser (code-server), its extension host, headless Neovim. */
function realClientTests() {
  return [...testFiles('test/editor'), ...testFiles('test/extension-host'), ...testFiles('test/neovim')];
}

if (process.argv.includes('--unit')) {
  // `npm run test:unit`: the fast, pure analysis tests only.
  step('analysis tests', process.execPath, [
    '--import',
    'tsx',
    '--test',
    ...testFiles('test/analysis'),
    ...testFiles('test/builds'),
  ]);
  process.exit(0);
}

step('typecheck', bin('tsc'), ['--noEmit', '-p', '.']);
step('lint', bin('eslint'), ['--max-warnings', '0', '.']);
step('format', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
step('build', process.execPath, ['esbuild.mjs']);
const files = [
  ...testFiles('test/analysis'),
  ...testFiles('test/builds'),
  ...testFiles('test/architecture'),
  ...testFiles('test/grammar'),
  ...testFiles('test/protocol'),
  ...testFiles('test/cli'),
  ...testFiles('test/reliability'),
  ...testFiles('test/package'),
  ...testFiles('test/perf'),
  ...editorTests(),
];
step(`tests (${files.length} files)`, process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-timeout=300000',
  ...files,
]);
