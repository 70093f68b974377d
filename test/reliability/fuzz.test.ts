import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dockerfile, lineEdit, mutatedDockerfile, mutation } from './dockerfiles';
import { checkAnalysis, checkFixAll, checkFixes, checkQueries, checkReuse, documentOf } from './properties';

/**
 * Property tests over generated and mutated Dockerfiles. CI runs a fixed seed and a few hundred inputs per
 * property; `npm run fuzz -- --runs N [--seed S]` runs the same properties as long as wanted
 * (CACHEMOUNT_FUZZ_RUNS, CACHEMOUNT_FUZZ_SEED). A failure prints the seed and the shrunk input to replay.
 */
const SEED = Number(process.env.CACHEMOUNT_FUZZ_SEED ?? 20261125);
const RUNS = Number(process.env.CACHEMOUNT_FUZZ_RUNS ?? 100);
const parameters = <T>(runs: number): fc.Parameters<T> => ({
  seed: SEED,
  numRuns: runs,
  endOnFailure: false,
});

describe('fuzz: the analysis on any input', () => {
  it('never throws, no rule fails, bounded time, ranges inside the document, deterministic', () => {
    fc.assert(
      fc.property(mutatedDockerfile, (text) => {
        checkAnalysis(text);
      }),
      parameters(RUNS),
    );
  });
});

describe('fuzz: hover and completion', () => {
  it('answer anywhere in any document, with ranges inside it', () => {
    const input = mutatedDockerfile.chain((text) => {
      const lineCount = documentOf(text).split('\n').length;
      const position = fc.record({
        line: fc.integer({ min: 0, max: lineCount }),
        character: fc.integer({ min: 0, max: 200 }),
      });
      return fc.tuple(fc.constant(text), fc.array(position, { minLength: 1, maxLength: 12 }));
    });
    fc.assert(
      fc.property(input, ([text, positions]) => {
        checkQueries(text, checkAnalysis(text), positions);
      }),
      parameters(RUNS),
    );
  });
});

describe('fuzz: fixes', () => {
  it('each fix changes only its instruction, keeps the others parsing the same, and removes its finding', () => {
    fc.assert(
      fc.property(dockerfile, (text) => {
        checkFixes(text, checkAnalysis(text));
      }),
      parameters(RUNS),
    );
  });

  it('fixes of mutated files keep the same properties', () => {
    fc.assert(
      fc.property(mutatedDockerfile, (text) => {
        checkFixes(text, checkAnalysis(text));
      }),
      parameters(Math.ceil(RUNS / 2)),
    );
  });

  it('fix all is idempotent: fixing the fixed text changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(dockerfile, mutatedDockerfile), (text) => checkFixAll(text)),
      parameters(RUNS),
    );
  });
});

describe('fuzz: editing a document in the editor', () => {
  it("reusing the previous version's parse gives the analysis of a parse from scratch after every edit", () => {
    const file = fc.oneof(
      fc.array(dockerfile, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
      mutatedDockerfile,
    );
    const edits = fc.array(fc.oneof(lineEdit, mutation), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(file, edits, (text, changes) => checkReuse(text, changes)),
      parameters(RUNS),
    );
  });
});
