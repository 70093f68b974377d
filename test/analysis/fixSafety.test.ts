import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateDockerfile } from '../../bench/generate';
import { analyze } from '../../server/src/analysis/analyze';
import type { RuleSetting } from '../../server/src/analysis/config';
import { fixAll } from '../../server/src/analysis/fixAll';
import { RULE_IDS } from '../../server/src/analysis/rules/registry';
import { dedent } from './fixture';

const ROOT = join(__dirname, '..', '..');
const FIX_FIXTURES = join(ROOT, 'test', 'cli', 'fixtures', 'fix');

/** Dockerfiles with findings of most rules: the bundled example, the CLI's fix fixtures, generated files. */
const SAMPLES: Record<string, string> = {
  example: readFileSync(join(ROOT, 'examples', 'Dockerfile'), 'utf8'),
  ...Object.fromEntries(
    readdirSync(FIX_FIXTURES)
      .filter((name) => name.endsWith('.Dockerfile'))
      .map((name) => [name, readFileSync(join(FIX_FIXTURES, name), 'utf8')]),
  ),
  generated: generateDockerfile(300),
};

const everyRuleAt = (setting: RuleSetting): Record<string, RuleSetting> =>
  Object.fromEntries(RULE_IDS.map((id) => [id, setting]));

/** The ids of this file are platform- and project-scoped only by unsafe fixes: their ids change. */
const IDS_ONLY = dedent(`
  # syntax=docker/dockerfile:1
  FROM --platform=$BUILDPLATFORM rust:1.80 AS builder
  WORKDIR /app
  RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \\
      --mount=type=cache,target=/usr/local/cargo/git,sharing=locked \\
      --mount=type=cache,target=/app/target,id=target-\${TARGETPLATFORM} \\
      cargo build --release
  RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \\
      --mount=type=cache,target=/usr/local/cargo/git,sharing=locked \\
      --mount=type=cache,target=/app/target,id=target \\
      cargo build --release
`);

describe('fix safety', () => {
  it('Fix All changes nothing where every fix changes a cache id, and applies them with unsafeFixes', () => {
    const options = { projectName: 'demo' };
    const rules = analyze(IDS_ONLY, options).findings.map((f) => f.rule);
    assert.deepEqual(
      [...new Set(rules)].sort(),
      ['id-platform-scope', 'id-project-scope', 'id-undefined-variable'],
      'the file has findings of these three rules only',
    );
    const safe = fixAll(IDS_ONLY, options);
    assert.equal(safe.text, IDS_ONLY);
    assert.deepEqual(safe.edits, []);
    assert.deepEqual(safe.applied, []);
    assert.deepEqual(
      safe.unsafeLeft.map((left) => left.rule),
      rules,
      'every finding left is listed with its unsafe fix',
    );

    const unsafe = fixAll(IDS_ONLY, { ...options, unsafeFixes: true });
    assert.deepEqual(unsafe.analysis.findings, [], unsafe.text);
    assert.deepEqual(unsafe.unsafeLeft, []);
    assert.match(unsafe.text, /^ARG TARGETPLATFORM$/m);
    assert.equal(unsafe.text.match(/id=demo-target-\$\{TARGETPLATFORM\}/g)?.length, 2, unsafe.text);
  });

  for (const [name, text] of Object.entries(SAMPLES))
    it(`writes the same fixes whatever the rules' severities (${name})`, () => {
      const byDefault = fixAll(text, { projectName: 'demo' });
      assert.ok(byDefault.applied.length > 0 || name === 'generated', `${name} has safe fixes`);
      for (const setting of ['error', 'warning', 'information', 'hint'] as const) {
        const configured = fixAll(text, { projectName: 'demo', rules: everyRuleAt(setting) });
        assert.equal(configured.text, byDefault.text, `every rule at ${setting}`);
      }
      const unsafe = fixAll(text, { projectName: 'demo', unsafeFixes: true });
      const unsafeAtHint = fixAll(text, {
        projectName: 'demo',
        unsafeFixes: true,
        rules: everyRuleAt('hint'),
      });
      assert.equal(unsafeAtHint.text, unsafe.text, 'unsafe fixes, every rule at hint');
    });

  it('applies a hint\u2019s safe fix, and nothing of a rule set to off', () => {
    // sharing-locked-required's safe fix adds the lock; configured as a hint it is still applied.
    const text = 'FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n';
    const locked = 'FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk,sharing=locked apk add curl\n';
    assert.equal(fixAll(text, { rules: { 'sharing-locked-required': 'hint' } }).text, locked);
    assert.equal(fixAll(text, { rules: { 'sharing-locked-required': 'off' } }).text, text);
  });

  it('never marks an unsafe fix preferred, and every fix declares its safety', () => {
    for (const text of Object.values(SAMPLES))
      for (const finding of analyze(text, { projectName: 'demo' }).findings)
        for (const fix of finding.fixes) {
          assert.ok(fix.safety === 'safe' || fix.safety === 'unsafe', `${finding.rule}: ${fix.title}`);
          if (fix.safety === 'unsafe') assert.notEqual(fix.preferred, true, `${finding.rule}: ${fix.title}`);
        }
  });

  it('applies no other rule\u2019s fix to a mount that a finding calls emptied', () => {
    // apt-docker-clean: debian's docker-clean empties this cache, so locking it would only hide that.
    const text = 'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n';
    const found = analyze(text).findings.map((f) => f.rule);
    assert.ok(found.includes('apt-docker-clean') && found.includes('sharing-locked-required'), found.join());
    assert.equal(fixAll(text).text, text);
  });
});

describe('fixes that undo each other (found by the fuzz tests once unsafe fixes were applied)', () => {
  it('does not call a tool cache that HOME puts under /tmp scratch, so its mount is not turned into a tmpfs', () => {
    const text = 'FROM debian\nARG HOME=/tmp\nRUN cargo build --release\n';
    const result = fixAll(text, { unsafeFixes: true });
    assert.ok(result.rounds < 10, `${result.rounds} rounds`);
    assert.match(result.text, /--mount=type=cache,target=\/tmp\/\.cargo\/registry/);
    assert.deepEqual(
      analyze(result.text).findings.map((f) => f.rule),
      [],
    );
  });

  it('adds no cache mount beside a mount whose type is misspelt: it may be the cache meant', () => {
    const text = 'FROM debian\nRUN --mount=type=cahce,target=/var/cache/apt apt-get update\n';
    assert.deepEqual(
      analyze(text).findings.map((f) => f.rule),
      ['mount-syntax'],
    );
  });
});
