import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateDockerfile } from '../../bench/generate';
import { buildModel } from '../../server/src/analysis/model/build';
import { InstructionLines } from '../../server/src/analysis/model/instructionLines';
import { firstEarlierRun, stageChain } from '../../server/src/analysis/model/stages';
import type { DockerfileModel, InstructionSpan, RunInstruction } from '../../server/src/analysis/model/types';
import { runCommands } from '../../server/src/analysis/model/commands';
import { programOf } from '../../server/src/analysis/shell/programs';

/**
 * The indexes that keep the analysis linear must answer what the scans they replaced answered. Each is
 * compared with that scan on generated files: the benchmark's mix, and one long chain of stages.
 */
const models = [
  buildModel(generateDockerfile(600)),
  buildModel(generateDockerfile(600, { chain: true })),
  buildModel(generateDockerfile(300, { seed: 7 })),
];

describe('firstEarlierRun', () => {
  // A fact some RUNs answer and others do not: the RUN's first program, when it is useradd or rm.
  const fact = (run: RunInstruction): string | undefined => {
    const first = runCommands(run)[0];
    const program = first ? programOf(first) : '';
    return program === 'useradd' || program === 'rm' ? `${program} at ${run.range.start.line}` : undefined;
  };

  /** The scan it replaced: every RUN before this one whose stage is in this one's FROM chain. */
  function scan(model: DockerfileModel, run: RunInstruction): string | undefined {
    const chain = new Set(stageChain(run.stage));
    for (const other of model.runs) {
      if (other === run) break;
      if (!chain.has(other.stage)) continue;
      const answer = fact(other);
      if (answer !== undefined) return answer;
    }
    return undefined;
  }

  it('answers as the scan of earlier RUNs in the stage chain, for every RUN', () => {
    let answered = 0;
    for (const model of models)
      for (const run of model.runs) {
        const expected = scan(model, run);
        assert.equal(
          firstEarlierRun(model, run, 'first program', fact),
          expected,
          `RUN on line ${run.range.start.line}`,
        );
        if (expected !== undefined) answered++;
      }
    assert.ok(answered > 50, `only ${answered} RUNs had an earlier answer: the comparison proves little`);
  });
});

describe('InstructionLines', () => {
  const scans = (instructions: readonly InstructionSpan[], line: number) => ({
    at: instructions.find((i) => i.range.start.line <= line && line <= i.range.end.line),
    continues: instructions.some((i) => i.range.start.line < line && line <= i.range.end.line),
    after: instructions.find((i) => i.range.start.line > line),
    covering: instructions.filter((i) => i.range.start.line <= line && line <= i.range.end.line),
  });

  function compare(model: DockerfileModel): void {
    const index = new InstructionLines(model);
    const last = model.instructions[model.instructions.length - 1]?.range.end.line ?? 0;
    for (let line = -1; line <= last + 2; line++) {
      const expected = scans(model.instructions, line);
      assert.equal(index.at(line), expected.at, `at(${line})`);
      assert.equal(index.continues(line), expected.continues, `continues(${line})`);
      assert.equal(index.after(line), expected.after, `after(${line})`);
      assert.deepEqual(index.covering(line), expected.covering, `covering(${line})`);
    }
  }

  it('finds instructions by line as the scans do', () => {
    for (const model of models) compare(model);
  });

  it('falls back to the scans when spans overlap', () => {
    const model = buildModel('FROM a\nRUN x \\\n  y\nRUN z\n');
    const span = (start: number, end: number): InstructionSpan => ({
      keyword: 'RUN',
      range: { start: { line: start, character: 0 }, end: { line: end, character: 1 } },
    });
    compare({ ...model, instructions: [span(0, 0), span(1, 4), span(2, 3), span(5, 5)] });
  });
});
