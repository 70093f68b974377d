import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateDockerfile } from '../../bench/generate';
import { analyze } from '../../server/src/analysis/analyze';
import { buildModel } from '../../server/src/analysis/model/build';
import type { DockerfileModel } from '../../server/src/analysis/model/types';
import { RULE_IDS, RULES } from '../../server/src/analysis/rules/registry';
import { runRule } from '../../server/src/analysis/rules/rule';
import { suppressionUnused } from '../../server/src/analysis/rules/suppressionUnused';
import { applySuppressions } from '../../server/src/analysis/suppressions/apply';
import { SuppressionFixes } from '../../server/src/analysis/suppressions/fixes';

/**
 * The analysis must stay linear in the file's size: no rule may, for each mount or RUN, walk every other
 * RUN, stage or instruction. Timing cannot pin that on a shared machine, so this counts work instead: every
 * read of an element of the model's lists (RUNs, stages, instructions, copies, comments...) is counted,
 * for a file and for one four times as long. Linear work reads about 4 times as much; a pass over all
 * RUNs per RUN reads 16 times as much.
 */
const LISTS = ['runs', 'stages', 'instructions', 'copies', 'entrypoints', 'comments'] as const;

interface Counter {
  reads: number;
}

function counted(model: DockerfileModel, counter: Counter): DockerfileModel {
  const copy = { ...model };
  for (const name of LISTS) {
    copy[name] = new Proxy<object[]>(model[name], {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) counter.reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as never;
  }
  return copy;
}

/** Reads of the model's lists by each rule, and by the suppression pass over all findings. */
function work(text: string): Map<string, number> {
  const result = new Map<string, number>();
  const findings = analyze(text).findings;
  for (const rule of RULES.filter((r) => !r.after)) {
    const counter = { reads: 0 };
    runRule(rule, counted(buildModel(text), counter));
    result.set(rule.id, counter.reads);
  }
  const counter = { reads: 0 };
  const model = counted(buildModel(text), counter);
  const applied = applySuppressions(model, findings);
  const suppressions = { ...applied, ruleIds: RULE_IDS, enabled: () => true };
  runRule(suppressionUnused, model, model.runs, undefined, { suppressions });
  // Code actions ask for suppression fixes one finding at a time; all of them must still be linear.
  const fixes = new SuppressionFixes(model);
  for (const finding of findings) fixes.for(finding.rule, finding.range);
  result.set('suppressions', counter.reads);
  return result;
}

function assertLinear(small: string, large: string): void {
  const before = work(small);
  const after = work(large);
  const ratio = large.length / small.length;
  for (const [what, reads] of after) {
    const base = before.get(what) ?? 0;
    // Constant overheads (one pass to build an index) make small files read proportionally more: allow slack.
    assert.ok(
      reads <= ratio * 1.5 * Math.max(base, 50),
      `${what}: ${base} reads for ${small.length} characters, ${reads} for ${large.length} (${(reads / Math.max(base, 1)).toFixed(1)}x for ${ratio.toFixed(1)}x the text)`,
    );
  }
}

describe('analysis work grows linearly with the file', () => {
  it('on the benchmark mix (stages, ARG/ENV, mounts, COPY --from, suppressions)', () => {
    assertLinear(generateDockerfile(400), generateDockerfile(1600));
  });

  it('on one long FROM chain (every stage built from the one before)', () => {
    assertLinear(generateDockerfile(400, { chain: true }), generateDockerfile(1600, { chain: true }));
  });
});
