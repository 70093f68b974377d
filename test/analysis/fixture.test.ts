import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, check, dedent, parseFixture } from './fixture';

describe('inline fixtures', () => {
  it('strips indentation and a leading newline', () => {
    assert.equal(dedent('\n    FROM a\n      RUN b\n    '), 'FROM a\n  RUN b\n');
  });

  it('turns marker lines into ranges on the line above and removes them', () => {
    const fixture = parseFixture(`
      FROM debian
      RUN --mount=type=cahce true
                       ^^^^^ mount-syntax: Unsupported
                  ^^^^ other-rule
    `);
    assert.equal(fixture.text, 'FROM debian\nRUN --mount=type=cahce true\n');
    assert.deepEqual(fixture.expected, [
      {
        rule: 'mount-syntax',
        message: 'Unsupported',
        range: { start: { line: 1, character: 17 }, end: { line: 1, character: 22 } },
      },
      {
        rule: 'other-rule',
        message: undefined,
        range: { start: { line: 1, character: 12 }, end: { line: 1, character: 16 } },
      },
    ]);
  });

  it('passes when findings and markers agree', () => {
    check(`
      FROM debian
      RUN --mount=type=cahce,target=/x true
                       ^^^^^ mount-syntax: did you mean cache?
    `);
  });

  it('fails when a finding is missing', () => {
    assert.throws(
      () =>
        check(`
          FROM debian
          RUN --mount=type=cache,target=/x true
                           ^^^^^ mount-syntax
        `),
      /expected but not found/,
    );
  });

  it('fails when a finding is not marked', () => {
    assert.throws(
      () =>
        check(`
          FROM debian
          RUN --mount=type=cahce,target=/x true
        `),
      /found but not expected[\s\S]*cahce/,
    );
  });

  it('fails when the range is off by one', () => {
    assert.throws(
      () =>
        check(`
          FROM debian
          RUN --mount=type=cahce,target=/x true
                            ^^^^^ mount-syntax
        `),
      /expected but not found[\s\S]*found but not expected/,
    );
  });

  it('fails when the message does not contain the marker text', () => {
    assert.throws(
      () =>
        check(`
          FROM debian
          RUN --mount=type=cahce,target=/x true
                           ^^^^^ mount-syntax: something else
        `),
      /does not contain/,
    );
  });

  it('applies edits in LSP positions, CRLF included', () => {
    const edits = [
      { range: { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } }, newText: 'X' },
    ];
    assert.equal(applyEdits('ab\r\ncd\r\n', edits), 'ab\r\ncX\r\n');
  });
});
