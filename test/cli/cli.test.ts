import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { APT, BROKEN, CLEAN, noStack, run, workspace } from './helpers';

describe('cachemount lint', () => {
  it('prints file:line:col, severity, rule and message with the source line, and exits 1 on a warning', () => {
    const root = workspace({ Dockerfile: APT });
    const { code, stdout } = run(['lint', 'Dockerfile'], { cwd: root });
    assert.equal(code, 1);
    const lines = stdout.split('\n');
    assert.match(
      lines[0] ?? '',
      /^Dockerfile:2:24 {2}warning {2}sharing-locked-required {2}apt's cache at \/var\/lib\/apt/,
    );
    assert.equal(lines[1], '    RUN --mount=type=cache,target=/var/lib/apt apt-get update');
    assert.equal(lines[2], '    ' + ' '.repeat(23) + '^'.repeat('target=/var/lib/apt'.length));
    assert.match(stdout, /1 problem \(1 warning\) in 1 file of 1 checked/);
  });

  it('exits 0 and says so when nothing is found', () => {
    const root = workspace({ Dockerfile: CLEAN });
    const { code, stdout } = run(['lint', 'Dockerfile'], { cwd: root });
    assert.equal(code, 0);
    assert.match(stdout, /No problems found in 1 file/);
  });

  it('prints exactly one JSON array with 0-based LSP ranges and fixes', () => {
    const root = workspace({ Dockerfile: BROKEN });
    const { code, stdout } = run(['lint', '--format', 'json', 'Dockerfile'], { cwd: root });
    assert.equal(code, 1);
    const parsed = JSON.parse(stdout) as unknown;
    assert.deepEqual(parsed, [
      {
        file: 'Dockerfile',
        rule: 'mount-syntax',
        severity: 'error',
        message: 'Unsupported sharing value "lockd" (did you mean locked?): use shared, private or locked.',
        range: { start: { line: 1, character: 41 }, end: { line: 1, character: 46 } },
        fixes: [
          {
            title: 'Change to locked',
            edits: [
              {
                range: { start: { line: 1, character: 41 }, end: { line: 1, character: 46 } },
                newText: 'locked',
              },
            ],
            safety: 'safe',
            preferred: true,
          },
        ],
      },
    ]);
  });

  it('prints an empty JSON array for a clean file', () => {
    const root = workspace({ Dockerfile: CLEAN });
    const { code, stdout } = run(['lint', '--format=json', 'Dockerfile'], { cwd: root });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), []);
  });

  it('searches folders for Dockerfile-like names and skips node_modules', () => {
    const root = workspace({
      Dockerfile: CLEAN,
      'services/api/Containerfile': APT,
      'services/web/Dockerfile.dev': APT,
      'build/app.dockerfile': APT,
      'node_modules/pkg/Dockerfile': APT,
      'docs/README.md': APT,
    });
    const { code, stdout } = run(['lint', '--format', 'json', '.'], { cwd: root });
    assert.equal(code, 1);
    // Only the per-file rule: the locked and shared mounts of one apt cache also differ across the files.
    const files = (JSON.parse(stdout) as Array<{ file: string; rule: string }>)
      .filter((f) => f.rule === 'sharing-locked-required')
      .map((f) => f.file)
      .sort();
    assert.deepEqual(files, [
      'build/app.dockerfile',
      'services/api/Containerfile',
      'services/web/Dockerfile.dev',
    ]);
  });

  it('lints standard input with -', () => {
    const { code, stdout } = run(['lint', '-', '--format', 'json'], { input: APT });
    assert.equal(code, 1);
    assert.equal((JSON.parse(stdout) as Array<{ file: string }>)[0]?.file, '<stdin>');
  });

  it('reports positions without the BOM and with CRLF line endings as an editor shows them', () => {
    const root = workspace({ Dockerfile: '\uFEFF' + APT.replace(/\n/g, '\r\n') });
    const { stdout } = run(['lint', '--format', 'json', 'Dockerfile'], { cwd: root });
    const [finding] = JSON.parse(stdout) as Array<{ range: unknown }>;
    assert.deepEqual(finding?.range, { start: { line: 1, character: 23 }, end: { line: 1, character: 42 } });
  });

  it('exits 2 with a one-line message for a missing file, and still lints the others', () => {
    const root = workspace({ Dockerfile: APT });
    const { code, stdout, stderr } = run(['lint', 'missing/Dockerfile', 'Dockerfile'], { cwd: root });
    assert.equal(code, 2);
    assert.equal(stderr, 'cachemount: missing/Dockerfile: no such file or folder\n');
    assert.match(stdout, /sharing-locked-required/);
  });

  it('exits 2 for a folder without Dockerfiles, a binary file and an unreadable file', () => {
    const root = workspace({
      'empty/notes.txt': 'hi',
      'bin/Dockerfile': Buffer.from([0x7f, 0x45, 0x00, 0x01]),
      'locked/Dockerfile': APT,
    });
    chmodSync(join(root, 'locked/Dockerfile'), 0o000);
    const empty = run(['lint', 'empty'], { cwd: root });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /^cachemount: empty: no Dockerfiles found/);
    const binary = run(['lint', 'bin/Dockerfile'], { cwd: root });
    assert.equal(binary.code, 2);
    assert.equal(binary.stderr, 'cachemount: bin/Dockerfile: looks like a binary file, not a Dockerfile\n');
    if (process.getuid?.() !== 0) {
      // root reads files whatever their mode, so this case only means something for other users.
      const unreadable = run(['lint', 'locked/Dockerfile'], { cwd: root });
      assert.equal(unreadable.code, 2);
      assert.match(unreadable.stderr, /permission denied/);
    }
    for (const r of [empty, binary]) noStack(r.stderr);
  });

  it('exits 2 on usage errors with a one-line message', () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['lint', '--format', 'xml'],
      ['lint', '--nope'],
      ['lint', '--format'],
    ]) {
      const { code, stderr } = run(args);
      assert.equal(code, 2, `args ${JSON.stringify(args)}`);
      assert.match(stderr, /^cachemount: .+\nRun 'cachemount --help' for usage\.\n$/);
    }
  });

  it('prints help and version', () => {
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: cachemount lint/);
    const version = run(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('applies the nearest .cachemount.json, or the one given with --config, and ignores them with --no-config', () => {
    const root = workspace({
      '.cachemount.json': '{ "rules": { "sharing-locked-required": "information" } }',
      'svc/Dockerfile': APT,
      'svc/strict.json': '{ "rules": { "sharing-locked-required": "error" } }',
    });
    const nearest = run(['lint', 'svc/Dockerfile'], { cwd: root });
    assert.equal(nearest.code, 0, 'information does not fail the build');
    assert.match(nearest.stdout, /svc\/Dockerfile:2:24 {2}information {2}sharing-locked-required/);
    const explicit = run(['lint', '--config', 'svc/strict.json', 'svc/Dockerfile'], { cwd: root });
    assert.equal(explicit.code, 1);
    assert.match(explicit.stdout, / {2}error {2}sharing-locked-required/);
    const none = run(['lint', '--no-config', 'svc/Dockerfile'], { cwd: root });
    assert.match(none.stdout, / {2}warning {2}sharing-locked-required/);
  });

  it('exits 2 naming the file, line and setting when .cachemount.json is invalid, and lints nothing it governs', () => {
    const root = workspace({
      '.cachemount.json': '{\n  "rules": { "sharing-locked-requird": "off" }\n}\n',
      Dockerfile: APT,
    });
    const { code, stdout, stderr } = run(['lint', 'Dockerfile'], { cwd: root });
    assert.equal(code, 2);
    assert.equal(
      stderr,
      "cachemount: .cachemount.json:2:14: rules.sharing-locked-requird: unknown rule 'sharing-locked-requird'\n",
    );
    assert.doesNotMatch(stdout, /sharing-locked-required/);
    const broken = run(['lint', '--config', 'missing.json', 'Dockerfile'], { cwd: root });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /missing\.json:1:1: cannot read/);
    const notJson = workspace({ '.cachemount.json': '{ rules', Dockerfile: APT });
    const invalid = run(['lint', 'Dockerfile'], { cwd: notJson });
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /\.cachemount\.json:1:1: not valid JSON/);
    for (const r of [broken, invalid]) noStack(r.stderr);
  });

  it('honours cachemount-ignore comments', () => {
    const root = workspace({
      Dockerfile: `FROM debian\n# cachemount-ignore sharing-locked-required -- one builder\n${APT.slice(12)}`,
    });
    const { code, stdout } = run(['lint', 'Dockerfile'], { cwd: root });
    assert.equal(code, 0, stdout);
  });
});

describe('cachemount lint with a broken settings file', () => {
  it('lints the files other settings govern, and exits 2 naming the broken file', () => {
    const root = workspace({
      'a/.cachemount.json': '{ "rules": { "no-such-rule": "off" } }',
      'a/Dockerfile': APT,
      'b/.cachemount.json': '{ "rules": ',
      'b/Dockerfile': APT,
      'c/Dockerfile': APT,
    });
    const { code, stdout, stderr } = run(['lint', '--format', 'json'], { cwd: root });
    assert.equal(code, 2);
    assert.deepEqual(
      (JSON.parse(stdout) as Array<{ file: string }>).map((f) => f.file),
      ['c/Dockerfile'],
    );
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(
      lines[0],
      "cachemount: a/.cachemount.json:1:14: rules.no-such-rule: unknown rule 'no-such-rule'",
    );
    assert.match(lines[1] ?? '', /^cachemount: b\/\.cachemount\.json:1:1: not valid JSON: /);
    noStack(stderr);
  });
});
