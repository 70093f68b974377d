import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dockerfile } from 'dockerfile-ast/lib/dockerfile';
import fc from 'fast-check';
import { analyze } from '../../server/src/analysis/analyze';
import { fixAll } from '../../server/src/analysis/fixAll';
import { buildModel } from '../../server/src/analysis/model/build';
import { parseDockerfile } from '../../server/src/analysis/model/parseDockerfile';
import { parseRamSize } from '../../server/src/analysis/mount/values';
import { isGenericId, withoutVariables } from '../../server/src/analysis/rules/idProjectScope';

/** Bugs the property and pathological tests found, one test each, named after the bug. */

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

describe('regressions found by fuzzing', () => {
  it('a run of stray commas took fix all one round per comma (and left ,, after MAX_ROUNDS)', () => {
    const text = `FROM debian\nRUN --mount=${','.repeat(40)}type=cache,,,target=/x,, true\n`;
    const result = fixAll(text);
    assert.equal(result.text, 'FROM debian\nRUN --mount=type=cache,target=/x true\n');
    assert.equal(result.rounds, 1);
    assert.deepEqual(fixAll(result.text).edits, []);
  });

  it('fix all put every fix of a file starting with two byte order marks one character early', () => {
    // The first mark was stripped by fix all and the second by the analysis: `type=cache,` became `ty,`.
    const text = '\ufeff\ufeffFROM debian\nRUN --mount=type=cache, apt-get update\n';
    const result = fixAll(text);
    assert.equal(result.text, '\ufeffFROM debian\nRUN --mount=type=cache apt-get update\n');
    assert.deepEqual(fixAll(`\ufeff${result.text}`).edits, []);
  });

  it('fixes copied a stray byte order mark (any Unicode space) at the start of a line into the lines they insert', () => {
    const text = '\ufeff\ufeffFROM debian\nRUN --mount=type=cache,target=/x,id=${TARGETPLATFORM} true\n';
    const declare = analyze(text)
      .findings.flatMap((f) => f.fixes)
      .find((f) => f.title === 'Declare ARG TARGETPLATFORM in this stage');
    assert.equal(declare?.edits[0]?.newText, '\nARG TARGETPLATFORM');
  });

  it('"Add cache mount for npm" re-added a mount at /root/.npm when ENV made that folder pip\'s cache too', () => {
    const text =
      'FROM debian\nENV PIP_CACHE_DIR=/root/.npm\nRUN --mount=type=cache,target=/root/.npm npm ci\n';
    assert.deepEqual(
      analyze(text).findings.filter((f) => f.rule === 'cache-mount-missing'),
      [],
      'the folder is mounted: nothing to add',
    );
  });

  it('a lone CR split an instruction for dockerfile-ast but not for BuildKit or the line index', () => {
    const model = buildModel('FROM debian\nRUN\r  apt-get update\n');
    assert.deepEqual(
      model.instructions.map((i) => i.keyword),
      ['FROM', 'RUN'],
    );
    assert.match(model.runs[0]?.command.text ?? '', /apt-get update/);
  });

  it('dockerfile-ast allocated comments to stages in comments x stages steps; the step stays skipped only during our parse', () => {
    const organize = Object.getOwnPropertyDescriptor(Dockerfile.prototype, 'organizeComments');
    assert.ok(
      organize,
      'dockerfile-ast still has the step this parse skips: re-check parseDockerfile on upgrades',
    );
    const text = 'FROM a AS s\n# c\nRUN true\n'.repeat(20_000);
    const elapsed = timed(() => parseDockerfile(text));
    assert.equal(
      Object.getOwnPropertyDescriptor(Dockerfile.prototype, 'organizeComments')?.value,
      organize.value,
    );
    assert.equal(parseDockerfile(text).comments.length, 20_000);
    assert.ok(elapsed < 5_000, `parse of 20,000 stages and comments took ${elapsed.toFixed(0)} ms`);
  });

  it('in a file without "<", every RUN and COPY searched to the end of the file for a heredoc (quadratic)', () => {
    // Counted, not timed: V8's indexOf is fast enough that the quadratic scan hid in the noise below 10 MB.
    const scanned = (text: string): number => {
      const indexOf = Object.getOwnPropertyDescriptor(String.prototype, 'indexOf');
      const original = indexOf?.value as (this: string, search: string, from?: number) => number;
      let chars = 0;
      String.prototype.indexOf = function (this: string, search: string, from?: number): number {
        const found = original.call(this, search, from);
        if (search === '<') chars += (found === -1 ? this.length : found) - (from ?? 0);
        return found;
      };
      try {
        analyze(text);
      } finally {
        if (indexOf) Object.defineProperty(String.prototype, 'indexOf', indexOf);
      }
      return chars;
    };
    const file = (stages: number): string => 'FROM a AS s\nCOPY x y\nRUN true\n'.repeat(stages);
    const small = scanned(file(1_000));
    const large = scanned(file(4_000));
    // Four times the file: 4 times the characters read when linear, 16 when quadratic.
    assert.ok(large <= 5 * small, `read ${small} characters for 1,000 stages, ${large} for 4,000`);
  });

  it('`sh -ccc…c!` made the -c pattern try every c (quadratic)', () => {
    const text = `FROM debian\nRUN sh -${'c'.repeat(60_000)}! 'apt-get update'\n`;
    const elapsed = timed(() => analyze(text));
    assert.ok(elapsed < 3_000, `took ${elapsed.toFixed(0)} ms`);
    assert.deepEqual(analyze(text).failures, []);
  });

  it('a long digit run in size= made the number pattern try every split (quadratic)', () => {
    const elapsed = timed(() => assert.equal(parseRamSize(`${'1'.repeat(60_000)}x`), undefined));
    assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
    assert.equal(parseRamSize('1.5GiB'), 1.5 * 1024 ** 3);
    assert.equal(parseRamSize('64m'), 64 * 1024 ** 2);
  });

  it('unclosed ${ in an id made the variable pattern rescan from every ${ (quadratic)', () => {
    const id = '${'.repeat(500_000);
    const elapsed = timed(() => isGenericId(id));
    assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
    // The scan removes what the old pattern removed.
    const old = (s: string) => s.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('$', '{', '}', 'a', '_', '1', '-', 'x'), { maxLength: 30 }),
        (parts) => withoutVariables(parts.join('')) === old(parts.join('')),
      ),
      { seed: 7, numRuns: 2_000 },
    );
  });
});
