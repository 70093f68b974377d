import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { isDockerfileName } from '../../server/src/cli/files';
import { APT, BROKEN, CLEAN, CLI, run, workspace } from './helpers';

const files = (stdout: string): string[] =>
  (JSON.parse(stdout) as Array<{ file: string }>).map((f) => f.file).sort();

describe('cachemount lint options', () => {
  it('--rule sets a severity over the settings file, and rejects unknown rules and severities', () => {
    const root = workspace({
      '.cachemount.json': '{ "rules": { "sharing-locked-required": "error" } }',
      Dockerfile: APT,
    });
    const off = run(['lint', '--rule', 'sharing-locked-required=off'], { cwd: root });
    assert.equal(off.code, 0);
    assert.match(off.stdout, /No problems found/);
    const info = run(['lint', '--rule=sharing-locked-required=information'], { cwd: root });
    assert.equal(info.code, 0);
    assert.match(info.stdout, / {2}information {2}sharing-locked-required/);
    const typo = run(['lint', '--rule', 'sharing-locked-requird=off'], { cwd: root });
    assert.equal(typo.code, 2);
    assert.equal(
      typo.stderr,
      "cachemount: --rule: unknown rule 'sharing-locked-requird' (did you mean sharing-locked-required?)\n" +
        "Run 'cachemount --help' for usage.\n",
    );
    for (const bad of ['sharing-locked-required=loud', 'sharing-locked-required']) {
      const result = run(['lint', '--rule', bad], { cwd: root });
      assert.equal(result.code, 2, bad);
      assert.match(result.stderr, /^cachemount: --rule/);
    }
  });

  it('--fail-level sets the lowest severity that fails the run', () => {
    const root = workspace({ 'a/Dockerfile': APT, 'c/Dockerfile': BROKEN });
    assert.equal(run(['lint', 'a', '--fail-level', 'error'], { cwd: root }).code, 0, 'a warning passes');
    assert.equal(run(['lint', 'a', '--fail-level', 'warning'], { cwd: root }).code, 1);
    assert.equal(run(['lint', 'c', '--fail-level', 'error'], { cwd: root }).code, 1, 'an error fails');
    assert.equal(run(['lint', 'c', '--fail-level', 'none'], { cwd: root }).code, 0);
    const hinted = workspace({ Dockerfile: 'FROM debian\nRUN apt-get update\n' });
    assert.equal(run(['lint', '--fail-level', 'warning'], { cwd: hinted }).code, 0, 'hints pass by default');
    assert.equal(run(['lint', '--fail-level', 'hint'], { cwd: hinted }).code, 1);
    const bad = run(['lint', '--fail-level', 'loud'], { cwd: root });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^cachemount: unknown fail level 'loud'/);
  });

  it("--explain prints each finding's why under its one-line message", () => {
    const root = workspace({ Dockerfile: APT });
    const { stdout } = run(['lint', '--explain', '--no-color'], { cwd: root });
    assert.match(
      stdout,
      /needs sharing=locked.*\n(.*\n)*? {4}why: A cache whose tool cannot take two writers at once/,
    );
  });

  it('--max-warnings N lets up to N warnings pass, never an error', () => {
    const root = workspace({ 'a/Dockerfile': APT, 'b/Dockerfile': APT, 'c/Dockerfile': BROKEN });
    assert.equal(run(['lint', 'a', 'b', '--max-warnings', '2'], { cwd: root }).code, 0);
    const over = run(['lint', 'a', 'b', '--max-warnings', '1'], { cwd: root });
    assert.equal(over.code, 1);
    assert.equal(over.stderr, 'cachemount: 2 warnings, more than --max-warnings 1 allows\n');
    assert.equal(run(['lint', 'c', '--max-warnings', '10'], { cwd: root }).code, 1);
    assert.equal(run(['lint', '--max-warnings', 'lots'], { cwd: root }).code, 2);
  });

  it('--quiet reports errors only', () => {
    const root = workspace({ 'a/Dockerfile': APT, 'c/Dockerfile': BROKEN });
    const quiet = run(['lint', '--quiet', '--format', 'json'], { cwd: root });
    assert.equal(quiet.code, 1);
    assert.deepEqual(
      (JSON.parse(quiet.stdout) as Array<{ rule: string }>).map((f) => f.rule),
      ['mount-syntax'],
    );
    assert.equal(run(['lint', '--quiet', 'a'], { cwd: root }).code, 0);
  });

  it('colors only on a terminal or with --color, never with --no-color or NO_COLOR', () => {
    const root = workspace({ Dockerfile: APT });
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[`);
    assert.doesNotMatch(
      run(['lint'], { cwd: root, env: { NO_COLOR: '' } }).stdout,
      ansi,
      'a pipe is not a terminal',
    );
    assert.match(run(['lint', '--color'], { cwd: root }).stdout, ansi);
    // script(1) gives the CLI a pseudo-terminal, as an interactive shell would.
    const command = `${process.execPath} ${CLI} lint`;
    const onTerminal = (extra: string, noColor?: string) => {
      const env = { ...process.env };
      delete env.NO_COLOR;
      if (noColor !== undefined) env.NO_COLOR = noColor;
      return spawnSync('script', ['-qec', `${command} ${extra}`, '/dev/null'], {
        cwd: root,
        encoding: 'utf8',
        env,
      }).stdout;
    };
    assert.match(onTerminal(''), ansi);
    assert.doesNotMatch(onTerminal('--no-color'), ansi);
    assert.doesNotMatch(onTerminal('', '1'), ansi);
  });

  it('expands quoted globs, leaves out --exclude matches, and says when a glob matches nothing', () => {
    const root = workspace({
      'services/api/Dockerfile': APT,
      'services/api/Dockerfile.dev': APT,
      'services/web/build.dockerfile': APT,
      'services/legacy/Dockerfile': APT,
      'services/api/README.md': 'docs',
      Dockerfile: APT,
    });
    const glob = run(
      ['lint', '--format', 'json', 'services/**/Dockerfile*', '--exclude', 'services/legacy/**'],
      {
        cwd: root,
      },
    );
    assert.deepEqual(files(glob.stdout), ['services/api/Dockerfile', 'services/api/Dockerfile.dev']);
    const excluded = run(['lint', '--format', 'json', '.', '--exclude', 'legacy', '--exclude', '*.dev'], {
      cwd: root,
    });
    assert.deepEqual(files(excluded.stdout), [
      'Dockerfile',
      'services/api/Dockerfile',
      'services/web/build.dockerfile',
    ]);
    const none = run(['lint', 'nothing/**/Dockerfile'], { cwd: root });
    assert.equal(none.code, 2);
    assert.equal(none.stderr, 'cachemount: nothing/**/Dockerfile: no files match\n');
  });

  it('skips what .gitignore ignores, from the repository root down, with negations, from any subfolder', () => {
    const root = workspace({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'build/\n*.generated.Dockerfile\n',
      '.cachemount.json': '{ "rules": { "sharing-locked-required": "error" } }',
      'services/api/Dockerfile': APT,
      'services/api/build/Dockerfile': APT,
      'services/api/x.generated.Dockerfile': APT,
      'services/web/.gitignore': '!keep.generated.Dockerfile\n',
      'services/web/keep.generated.Dockerfile': APT,
      'services/web/drop.generated.Dockerfile': APT,
    });
    const fromRoot = run(['lint', '--format', 'json'], { cwd: root });
    assert.deepEqual(files(fromRoot.stdout), [
      'services/api/Dockerfile',
      'services/web/keep.generated.Dockerfile',
    ]);
    // From a subfolder: the root's .gitignore and .cachemount.json still apply.
    const fromSubfolder = run(['lint', '--format', 'json', '.'], { cwd: join(root, 'services', 'api') });
    const findings = JSON.parse(fromSubfolder.stdout) as Array<{ file: string; severity: string }>;
    assert.deepEqual(
      findings.map((f) => `${f.file} ${f.severity}`),
      ['Dockerfile error'],
    );
    // A file named on the command line is linted even if ignored, as git lets you add it with -f.
    const named = run(['lint', '--format', 'json', 'build/Dockerfile'], {
      cwd: join(root, 'services', 'api'),
    });
    assert.deepEqual(files(named.stdout), ['build/Dockerfile']);
  });

  it('npx cachemount lint . works from any folder of a repository that installed it', () => {
    const root = workspace({
      'package.json': '{ "name": "app", "private": true, "devDependencies": { "cachemount": "*" } }',
      'deploy/docker/Dockerfile': BROKEN,
      'deploy/docker/ok/Dockerfile': CLEAN,
    });
    // What `npm install` leaves: the package in node_modules and its bin linked in node_modules/.bin.
    const packageRoot = join(CLI, '..', '..');
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(packageRoot, join(root, 'node_modules', 'cachemount'), 'dir');
    symlinkSync(join('..', 'cachemount', 'dist', 'cli.js'), join(root, 'node_modules', '.bin', 'cachemount'));
    assert.ok(statSync(CLI).mode & 0o100, 'the build makes the bin executable, as npm does');
    const result = spawnSync('npx', ['--no-install', 'cachemount', 'lint', '.', '--format', 'json'], {
      cwd: join(root, 'deploy'),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
    });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(files(result.stdout), ['docker/Dockerfile']);
  });

  it('help shows every option with examples; version is the package version', () => {
    const help = run(['lint', '--help']);
    assert.equal(help.code, 0);
    for (const option of [
      '--format',
      '--fix',
      '--dry-run',
      '--rule',
      '--config',
      '--no-config',
      '--max-warnings',
      '--quiet',
      '--exclude',
      '--no-color',
      '--version',
      'Examples:',
      'Exit codes:',
    ])
      assert.ok(help.stdout.includes(option), option);
    const { version } = JSON.parse(
      spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json"))'], {
        cwd: join(CLI, '..', '..'),
        encoding: 'utf8',
      }).stdout,
    ) as { version: string };
    assert.equal(run(['--version']).stdout, `${version}\n`);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('selects the files the CLI treats as Dockerfiles', () => {
    // The hooks file and README's local hook.
    const sources = ['.pre-commit-hooks.yaml', 'README.md'].map((name) =>
      readFileSync(join(__dirname, '..', '..', name), 'utf8'),
    );
    const patterns = sources.flatMap((text) =>
      [...text.matchAll(/^ +files: \(\?i\)(.+)$/gm)].map((m) => new RegExp(m[1] as string, 'i')),
    );
    assert.equal(patterns.length, 3);
    const names = [
      'Dockerfile',
      'svc/Dockerfile',
      'dockerfile',
      'Containerfile',
      'Dockerfile.dev',
      'a/b/Dockerfile.prod.arm64',
      'build.dockerfile',
      'x/app.Containerfile',
      'Dockerfile.d/README.md',
      'README.md',
      'docs/dockerfile-guide.md',
      'mydockerfile',
    ];
    for (const pattern of patterns)
      for (const name of names) assert.equal(pattern.test(name), isDockerfileName(basename(name)), name);
  });
});
