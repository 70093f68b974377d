import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run, workspace } from './helpers';

/** Only findings whose fixes change a cache id (unsafe), and one apt mount whose lock is a safe fix. */
const IDS = [
  'FROM --platform=$BUILDPLATFORM rust:1.80 AS builder',
  'WORKDIR /app',
  'RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \\',
  '    --mount=type=cache,target=/usr/local/cargo/git,sharing=locked \\',
  '    --mount=type=cache,target=/app/target,id=target \\',
  '    cargo build --release',
  '',
].join('\n');
const APT = 'FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n';

describe('cachemount lint --fix and unsafe fixes', () => {
  it('applies safe fixes only, and lists the unsafe fixes it left', () => {
    const root = workspace({ 'app/Dockerfile': IDS, 'apk/Dockerfile': APT });
    const { code, stdout } = run(['lint', '--no-config', '--fix', '.'], { cwd: root });
    assert.equal(readFileSync(join(root, 'app', 'Dockerfile'), 'utf8'), IDS, 'ids kept');
    assert.match(readFileSync(join(root, 'apk', 'Dockerfile'), 'utf8'), /sharing=locked/);
    assert.match(
      stdout,
      /^Fixed 1 problem in apk\/Dockerfile \(sharing-locked-required: Add sharing=locked\)$/m,
    );
    assert.match(stdout, /^2 unsafe fixes not applied: .* apply with --unsafe-fixes:$/m);
    assert.match(
      stdout,
      /^ {2}app\/Dockerfile:5:\d+ {2}id-platform-scope: Add \$\{TARGETPLATFORM\} to the id$/m,
    );
    assert.match(stdout, /^ {2}app\/Dockerfile:5:\d+ {2}id-project-scope: Use id=app-target$/m);
    assert.equal(code, 1, 'the id-platform-scope warning is left');
  });

  it('applies unsafe fixes with --unsafe-fixes', () => {
    const root = workspace({ 'app/Dockerfile': IDS });
    const { code, stdout } = run(['lint', '--no-config', '--fix', '--unsafe-fixes', '.'], { cwd: root });
    const fixed = readFileSync(join(root, 'app', 'Dockerfile'), 'utf8');
    assert.match(fixed, /id=app-target-\$\{TARGETPLATFORM\}/);
    assert.match(fixed, /^ARG TARGETPLATFORM$/m);
    assert.doesNotMatch(stdout, /unsafe fix/);
    assert.equal(code, 0, stdout);
  });

  it('applies unsafe fixes when .cachemount.json says "unsafeFixes": true', () => {
    const root = workspace({ 'app/Dockerfile': IDS, '.cachemount.json': '{ "unsafeFixes": true }' });
    run(['lint', '--fix', '.'], { cwd: root });
    assert.match(readFileSync(join(root, 'app', 'Dockerfile'), 'utf8'), /id=app-target-\$\{TARGETPLATFORM\}/);
  });

  it('lists the unsafe fixes on stderr with --dry-run, and writes nothing', () => {
    const root = workspace({ 'app/Dockerfile': IDS, 'apk/Dockerfile': APT });
    const { stdout, stderr } = run(['lint', '--no-config', '--fix', '--dry-run', '.'], { cwd: root });
    assert.match(stdout, /^\+RUN --mount=type=cache,target=\/var\/cache\/apk,sharing=locked apk add curl$/m);
    assert.match(stderr, /^2 unsafe fixes not applied \(lines after the fixes above\): /m);
    assert.equal(readFileSync(join(root, 'app', 'Dockerfile'), 'utf8'), IDS);
    assert.equal(readFileSync(join(root, 'apk', 'Dockerfile'), 'utf8'), APT);
  });

  it('writes the same with every rule raised to error or lowered to hint', () => {
    const fixedWith = (args: string[]) => {
      const root = workspace({ 'app/Dockerfile': IDS, 'apk/Dockerfile': APT });
      run(['lint', '--no-config', '--fix', ...args, '.'], { cwd: root });
      return ['app', 'apk'].map((dir) => readFileSync(join(root, dir, 'Dockerfile'), 'utf8'));
    };
    const plain = fixedWith([]);
    const rules = ['id-platform-scope', 'id-project-scope', 'sharing-locked-required', 'cache-mount-missing'];
    for (const severity of ['error', 'hint'])
      assert.deepEqual(
        fixedWith(rules.flatMap((rule) => ['--rule', `${rule}=${severity}`])),
        plain,
        severity,
      );
  });

  it('refuses --unsafe-fixes without --fix', () => {
    const { code, stderr } = run(['lint', '--unsafe-fixes', '.'], { cwd: workspace({ Dockerfile: APT }) });
    assert.equal(code, 2);
    assert.match(stderr, /--unsafe-fixes only goes with --fix/);
  });

  it('carries each fix\u2019s safety in JSON and SARIF', () => {
    const root = workspace({ Dockerfile: IDS });
    const json = JSON.parse(run(['lint', '--no-config', '--format', 'json', '.'], { cwd: root }).stdout) as {
      rule: string;
      fixes: { safety: string }[];
    }[];
    const scope = json.find((f) => f.rule === 'id-platform-scope');
    assert.deepEqual(
      scope?.fixes.map((f) => f.safety),
      ['unsafe'],
    );
    const sarif = JSON.parse(
      run(['lint', '--no-config', '--format', 'sarif', '.'], { cwd: root }).stdout,
    ) as {
      runs: { results: { ruleId: string; fixes?: { properties?: { safety?: string } }[] }[] }[];
    };
    const result = sarif.runs[0]?.results.find((r) => r.ruleId === 'id-platform-scope');
    assert.equal(result?.fixes?.[0]?.properties?.safety, 'unsafe');
  });
});
