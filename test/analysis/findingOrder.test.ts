import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareIds } from '../../server/src/analysis/analyze';
import { RULE_IDS } from '../../server/src/analysis/rules/registry';

describe('findings at one position are ordered by rule id', () => {
  it('comparing ids by code unit orders every pair of rules as localeCompare does', () => {
    for (const a of RULE_IDS)
      for (const b of RULE_IDS)
        assert.equal(Math.sign(compareIds(a, b)), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
  });

  it('rule ids are lower-case letters and hyphens, the alphabet the comparison relies on', () => {
    for (const id of RULE_IDS) assert.match(id, /^[a-z]+(-[a-z]+)*$/);
  });
});
