import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { mergeSettings, parseConfigText, readSettings } from '../../server/src/analysis/config';
import { RULE_IDS } from '../../server/src/analysis/rules/registry';

const KNOWN = new Set(RULE_IDS);

describe('settings (.cachemount.json and editor settings)', () => {
  it('reads rule severities and multiPlatform, ignoring $schema', () => {
    const parsed = parseConfigText(
      '{ "$schema": "x", "rules": { "prefer-tmpfs": "off", "cache-permission": "error" }, "multiPlatform": "always" }',
      KNOWN,
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.settings, {
      rules: { 'prefer-tmpfs': 'off', 'cache-permission': 'error' },
      multiPlatform: 'always',
    });
  });

  it('keeps the valid parts and names every invalid one', () => {
    const parsed = parseConfigText(
      '{ "rules": { "prefer-tmpfs": "off", "no-such-rule": "warning", "cache-permission": "loud" }, "colour": 1, "multiPlatform": true }',
      KNOWN,
    );
    assert.deepEqual(parsed.settings.rules, { 'prefer-tmpfs': 'off' });
    assert.deepEqual(
      parsed.problems.map((p) => p.path),
      ['rules.no-such-rule', 'rules.cache-permission', 'colour', 'multiPlatform'],
    );
  });

  it('reports text that is not JSON, or not an object, as one problem', () => {
    assert.match(parseConfigText('{ rules: }', KNOWN).problems[0]?.message ?? '', /not valid JSON/);
    assert.equal(readSettings([], KNOWN).problems.length, 1);
    assert.deepEqual(parseConfigText('\uFEFF{}', KNOWN).problems, [], 'a byte order mark is fine');
  });

  it('merges layers rule by rule, later layers winning', () => {
    const merged = mergeSettings(
      {
        rules: { 'prefer-tmpfs': 'off', 'cache-permission': 'hint' },
        multiPlatform: 'never',
        unsafeFixes: true,
      },
      { rules: { 'cache-permission': 'error' } },
    );
    assert.deepEqual(merged, {
      rules: { 'prefer-tmpfs': 'off', 'cache-permission': 'error' },
      multiPlatform: 'never',
      unsafeFixes: true,
    });
    assert.equal(mergeSettings({ unsafeFixes: true }, { unsafeFixes: false }).unsafeFixes, false);
    assert.equal(mergeSettings().unsafeFixes, false, 'off unless asked');
  });

  it('reads unsafeFixes as a boolean, and names any other value', () => {
    assert.deepEqual(parseConfigText('{ "unsafeFixes": true }', KNOWN), {
      settings: { unsafeFixes: true },
      problems: [],
    });
    assert.deepEqual(parseConfigText('{ "unsafeFixes": "yes" }', KNOWN).problems, [
      { path: 'unsafeFixes', message: 'expected true or false' },
    ]);
  });

  it('multiPlatform overrides what the file shows', () => {
    const text = 'FROM rust\nRUN --mount=type=cache,target=/app/target cargo build\n';
    const platformFindings = (multiPlatform: 'detect' | 'always' | 'never', source = text) =>
      analyze(source, { multiPlatform }).findings.filter(
        (f) => f.rule === 'id-platform-scope' && f.severity === 'warning',
      ).length;
    assert.equal(platformFindings('detect'), 0, 'nothing in the file says multi-platform: a hint only');
    assert.equal(platformFindings('always'), 1);
    assert.equal(platformFindings('never', `FROM --platform=$BUILDPLATFORM rust\n${text.slice(10)}`), 0);
    assert.equal(platformFindings('detect', `FROM --platform=$BUILDPLATFORM rust\n${text.slice(10)}`), 1);
  });
});
