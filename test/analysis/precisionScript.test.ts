import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import type { CorpusEntry } from '../../scripts/precision';
import { lineHash, matchFindings, table } from '../../scripts/precision';

const TEXT = 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n';
const RUN_LINE = 'RUN --mount=type=cache,target=/var/lib/apt apt-get update';

function entry(findings: CorpusEntry['findings']): CorpusEntry {
  return { repo: 'example/app', path: 'Dockerfile', commit: '0'.repeat(40), ecosystems: ['apt'], findings };
}

describe('the precision script (scripts/precision.ts)', () => {
  it('matches a finding to its verdict by rule and line text, wherever the line moved', () => {
    const judged = {
      rule: 'sharing-locked-required',
      line: 2,
      hash: lineHash(RUN_LINE),
      verdict: 'true',
      reason: 'apt locks',
    } as const;
    const moved = `# a comment added above\n${TEXT}`;
    const result = matchFindings(entry([judged]), moved, analyze(moved).findings);
    assert.equal(result.judged.length, 1);
    assert.deepEqual(result.unjudged, []);
    assert.deepEqual(result.gone, []);
    const [row, total] = table([result]);
    assert.deepEqual(row, {
      rule: 'sharing-locked-required',
      findings: 1,
      true: 1,
      false: 0,
      debatable: 0,
      unjudged: 0,
      precision: 1,
    });
    assert.equal(total?.rule, 'all');
  });

  it('counts a finding without a verdict as unjudged, and a verdict without a finding as gone', () => {
    const stale = {
      rule: 'sharing-locked-required',
      line: 2,
      hash: lineHash('RUN something else'),
      verdict: 'false',
      reason: 'x',
    } as const;
    const result = matchFindings(entry([stale]), TEXT, analyze(TEXT).findings);
    assert.deepEqual(
      result.unjudged.map((u) => u.finding.rule),
      ['sharing-locked-required'],
    );
    assert.deepEqual(result.gone, [stale]);
    assert.ok(Number.isNaN(table([result])[0]?.precision), 'no verdict: no precision');
  });
});
