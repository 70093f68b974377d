import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import type { Heredoc, Instruction } from 'dockerfile-ast';
import { Dockerfile } from 'dockerfile-ast/lib/dockerfile';
import { Run } from 'dockerfile-ast/lib/instructions/run';
import { JSONInstruction } from 'dockerfile-ast/lib/jsonInstruction';
import { ModifiableInstruction } from 'dockerfile-ast/lib/modifiableInstruction';
import { Parser } from 'dockerfile-ast/lib/parser';
import fc from 'fast-check';
import { generateDockerfile } from '../../bench/generate';
import { parseWhole } from '../../server/src/analysis/model/parseDockerfile';
import { mutatedDockerfile } from './dockerfiles';

/**
 * `parseWhole` runs dockerfile-ast's parser subclassed to leave three steps out (comments are not handed to
 * stages; a RUN skips the JSON reading of `JSONInstruction`; an instruction without `<` is not searched for
 * heredocs). These tests pin the internals the subclass replaces, so an upgrade of dockerfile-ast that moves
 * them fails here, and check that every instruction reads exactly as in dockerfile-ast's own parse, on
 * generated, mutated and real files.
 */
function reading(instruction: Instruction): unknown {
  return {
    keyword: instruction.getKeyword(),
    range: instruction.getRange(),
    keywordRange: instruction.getInstructionRange(),
    argumentsRange: instruction.getArgumentsRange(),
    arguments: instruction.getArguments().map((a) => [a.getValue(), a.getRange()]),
    heredocs: (instruction as unknown as { getHeredocs(): Heredoc[] })
      .getHeredocs()
      .map((h) => [
        h.getName(),
        h.getStartRange(),
        h.getNameRange(),
        h.getContentRange(),
        h.getDelimiterRange(),
      ]),
  };
}

function assertSameParse(text: string): void {
  const ours = parseWhole(text);
  const theirs = DockerfileParser.parse(text);
  assert.equal(ours.getEscapeCharacter(), theirs.getEscapeCharacter());
  assert.deepEqual(
    ours.getDirectives().map((d) => [d.getName(), d.getValue(), d.getRange()]),
    theirs.getDirectives().map((d) => [d.getName(), d.getValue(), d.getRange()]),
  );
  assert.deepEqual(
    ours.getComments().map((c) => [c.getContent(), c.getRange()]),
    theirs.getComments().map((c) => [c.getContent(), c.getRange()]),
  );
  assert.deepEqual(ours.getInstructions().map(reading), theirs.getInstructions().map(reading));
}

describe("the model's parse (dockerfile-ast with three steps skipped)", () => {
  it('finds the dockerfile-ast internals it replaces, and leaves its classes unchanged', () => {
    assert.equal(typeof Dockerfile.prototype.organizeComments, 'function');
    for (const method of ['processHeredocs', 'processComment', 'createInstruction'])
      assert.equal(
        typeof Object.getOwnPropertyDescriptor(Parser.prototype, method)?.value,
        'function',
        method,
      );
    // A subclass: nothing is swapped in and out of dockerfile-ast's own classes.
    const members = (): unknown[] =>
      [Dockerfile.prototype, Parser.prototype, Parser].map((o) =>
        Object.getOwnPropertyNames(o).map((name): unknown => Object.getOwnPropertyDescriptor(o, name)?.value),
      );
    const before = members();
    parseWhole('# c\nFROM a\nRUN true\nCOPY <<E /e\nE\n');
    assert.deepEqual(members(), before);
    // Its RUN is a JSONInstruction (the constructor skipped) over a ModifiableInstruction with this flags rule.
    assert.ok(
      Run.prototype instanceof JSONInstruction && JSONInstruction.prototype instanceof ModifiableInstruction,
    );
    const run = Run.prototype as unknown as { stopSearchingForFlags(argument: string): boolean };
    assert.deepEqual(
      ['--mount=x', 'apt-get', 'a--b', '-x'].map((a) => run.stopSearchingForFlags(a)),
      [false, true, false, true],
    );
    assert.ok(parseWhole('FROM a\nRUN true\n').getInstructions()[1] instanceof ModifiableInstruction);
    assert.ok(DockerfileParser.parse('FROM a\nRUN true\n').getInstructions()[1] instanceof Run, 'restored');
  });

  it('reads every instruction as dockerfile-ast does: the bench files and the example', () => {
    for (const lines of [50, 1000]) assertSameParse(generateDockerfile(lines));
    assertSameParse(readFileSync(join(__dirname, '..', '..', 'examples', 'Dockerfile'), 'utf8'));
    assertSameParse(
      'FROM a\nRUN ["sh", "-c", "echo hi"]\nRUN <<EOF\necho\nEOF\nRUN --mount=type=cache,target=/x <<-A cat\n\tx\n\tA\n',
    );
    // A heredoc whose `<<` a line continuation splits, and one in an ONBUILD.
    assertSameParse('FROM a\nRUN cat <\\\n<EOF\nhi\nEOF\nONBUILD RUN <<B\nb\nB\nCOPY <<C /c\nc\nC\n');
    // RUN positions come from a forward cursor (ForwardPositions): CRLF, lone CR and a last line without a break.
    assertSameParse('FROM a\r\nRUN a \\\r\n  b\r\n\r\nRUN c\rRUN d\r\n# x\r\nRUN e');
    assertSameParse(generateDockerfile(200).replace(/\n/g, '\r\n'));
  });

  it('places RUNs in time linear in the file, as dockerfile-ast does', () => {
    // dockerfile-ast asks for each RUN twice; a cursor that went back to the first line for the second ask made
    // the parse quadratic in RUNs of several lines (the 10,000-line bench file: 330 ms against 30). Against
    // dockerfile-ast's own parse of the same text, so machine load cancels out; the bound is generous, the
    // quadratic parse is hundreds of times slower here.
    const text = `FROM a\n${'RUN --mount=type=cache,target=/root/.cache \\\n    pip install x\n'.repeat(10_000)}`;
    const time = (parse: () => unknown): number => {
      const started = performance.now();
      parse();
      return performance.now() - started;
    };
    time(() => parseWhole(text));
    const theirs = Math.min(...[0, 1].map(() => time(() => DockerfileParser.parse(text))));
    const ours = Math.min(...[0, 1].map(() => time(() => parseWhole(text))));
    assert.ok(
      ours < 3 * theirs + 500,
      `ours ${ours.toFixed(0)} ms, dockerfile-ast's ${theirs.toFixed(0)} ms`,
    );
  });

  it('reads every instruction as dockerfile-ast does: generated and mutated files', () => {
    fc.assert(
      fc.property(mutatedDockerfile, (text) => assertSameParse(text)),
      { seed: 20261125, numRuns: Number(process.env.CACHEMOUNT_FUZZ_RUNS ?? 100) * 3 },
    );
  });
});
