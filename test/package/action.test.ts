/**
 * The GitHub Action (action.yml), run as GitHub would, without GitHub: its steps are read from the YAML,
 * `${{ inputs.* }}` replaced by the inputs (or their defaults), and each step's script run with bash in a
 * fresh copy of the repository as GITHUB_ACTION_PATH, on a fresh workspace.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');

interface Step {
  name: string;
  id?: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.name }}` as GitHub substitutes it: the input given, else its default. */
function substitute(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => {
    const input = action.inputs[name];
    assert.ok(input, `action.yml uses undeclared input ${name}`);
    return inputs[name] ?? input.default ?? '';
  });
}

describe('the GitHub Action', { timeout: 240_000 }, () => {
  let temp: string;
  let actionPath: string;

  function runStep(step: Step, inputs: Record<string, string>, workspace: string) {
    const githubOutput = join(temp, `output-${Math.random().toString(36).slice(2)}`);
    writeFileSync(githubOutput, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? temp,
      // The copy installs from the npm cache this machine already has; the script itself asks for no flag.
      npm_config_prefer_offline: 'true',
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: githubOutput,
      GITHUB_WORKSPACE: workspace,
    };
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = substitute(value, inputs);
    assert.equal(step.shell, 'bash');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd: workspace,
      env,
      encoding: 'utf8',
    });
    return { ...result, output: readFileSync(githubOutput, 'utf8') };
  }

  const lintStep = (): Step => {
    const step = action.runs.steps.find((s) => s.id === 'lint');
    assert.ok(step);
    return step;
  };

  function workspace(files: Record<string, string>): string {
    const dir = mkdtempSync(join(temp, 'ws-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  before(() => {
    temp = mkdtempSync(join(tmpdir(), 'cachemount-action-'));
    actionPath = join(temp, 'action');
    // A fresh checkout: the tracked files only.
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    for (const file of tracked) {
      mkdirSync(dirname(join(actionPath, file)), { recursive: true });
      cpSync(join(ROOT, file), join(actionPath, file));
    }
    const build = action.runs.steps[0];
    assert.ok(build && build.name === 'Build cachemount');
    const result = runStep(build, {}, actionPath);
    assert.equal(result.status, 0, `the build step failed:\n${result.stdout}\n${result.stderr}`);
  });

  after(() => rmSync(temp, { recursive: true, force: true }));

  it('is a composite action whose inputs are the ones the README documents', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs).sort(), [
      'config',
      'fail-level',
      'format',
      'output',
      'paths',
    ]);
    assert.equal(action.inputs['format']?.default, 'github');
    assert.equal(action.inputs['fail-level']?.default, 'warning');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of Object.keys(action.inputs)) assert.match(readme, new RegExp(`\`${name}\``), name);
  });

  it('annotates the pull request and fails the job on a warning by default', () => {
    const ws = workspace({
      'app/Dockerfile': 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n',
    });
    const result = runStep(lintStep(), {}, ws);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^::warning file=app\/Dockerfile,line=2,/m);
  });

  it('passes below the fail level, and writes SARIF to the output file it names', () => {
    const ws = workspace({
      Dockerfile: 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n',
    });
    const passed = runStep(lintStep(), { 'fail-level': 'error' }, ws);
    assert.equal(passed.status, 0, passed.stderr);
    const sarif = runStep(
      lintStep(),
      { format: 'sarif', output: 'cachemount.sarif', paths: 'Dockerfile' },
      ws,
    );
    assert.equal(sarif.status, 1, sarif.stderr);
    assert.equal(sarif.output, 'output=cachemount.sarif\n');
    const log = JSON.parse(readFileSync(join(ws, 'cachemount.sarif'), 'utf8')) as {
      version: string;
      runs: Array<{ results: Array<{ ruleId: string }> }>;
    };
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(
      log.runs[0]?.results.map((r) => r.ruleId),
      ['sharing-locked-required'],
    );
  });

  it('uses the config input, and reports a usage error (exit 2) for a bad input', () => {
    const ws = workspace({
      Dockerfile: 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n',
      'ci/cachemount.json': '{ "rules": { "sharing-locked-required": "off" } }',
    });
    assert.equal(runStep(lintStep(), { config: 'ci/cachemount.json' }, ws).status, 0);
    const bad = runStep(lintStep(), { 'fail-level': 'loud' }, ws);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown fail level 'loud'/);
  });
});
