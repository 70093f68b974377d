import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, applyFix, assertFixResolves, check, dedent, fixtureText, parseFixture } from './fixture';

const rules = ['mount-syntax'];

/** The message of the AssertionError `fn` throws; fails if it throws nothing. */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof Error);
    return error.message;
  }
  assert.fail('expected the helper to fail');
}

describe('fixture: dedent', () => {
  it('drops one leading newline and the common indentation, keeping relative indentation', () => {
    assert.equal(dedent('\n    FROM a\n      RUN b\n    '), 'FROM a\n  RUN b\n');
    assert.equal(dedent('FROM a\n'), 'FROM a\n');
    assert.equal(dedent('\n\n  FROM a\n'), '\nFROM a\n', 'only one leading newline is dropped');
  });

  it('ignores blank lines when it measures the indentation', () => {
    assert.equal(dedent('\n    FROM a\n\n    RUN b\n  \n'), 'FROM a\n\nRUN b\n\n');
  });
});

describe('fixture: markers', () => {
  it('turns marker lines into ranges on the source line above, and removes them', () => {
    const fixture = parseFixture(`
      FROM debian
      RUN --mount=type=cahce true
                       ^^^^^ mount-syntax: Unsupported
                  ^^^^ other-rule
      RUN true
          ^^^^: just a message
          ^
    `);
    assert.equal(fixture.text, 'FROM debian\nRUN --mount=type=cahce true\nRUN true\n');
    const range = (line: number, start: number, end: number) => ({
      start: { line, character: start },
      end: { line, character: end },
    });
    assert.deepEqual(fixture.markers, [
      { rule: 'mount-syntax', message: 'Unsupported', range: range(1, 17, 22) },
      { rule: 'other-rule', message: undefined, range: range(1, 12, 16) },
      { rule: undefined, message: 'just a message', range: range(2, 4, 8) },
      { rule: undefined, message: undefined, range: range(2, 4, 5) },
    ]);
  });

  it('ends a run that reaches past the end of the line at the end of the line', () => {
    const fixture = parseFixture(`
      RUN true
          ^^^^^^^^^^^^ some-rule
    `);
    assert.deepEqual(fixture.markers[0]?.range, {
      start: { line: 0, character: 4 },
      end: { line: 0, character: 8 },
    });
  });

  it('rejects markers without a source line, or past its end', () => {
    assert.throws(() => parseFixture('  ^^ rule\nFROM a\n'), /no source line above it/);
    assert.throws(() => parseFixture('FROM a\n          ^ rule\n'), /after the end of line 0/);
  });

  it('keeps lines that only look a little like markers', () => {
    const fixture = parseFixture(`
      RUN echo ^^^
      ^^ not a rule id!
    `);
    assert.equal(fixture.text, 'RUN echo ^^^\n^^ not a rule id!\n');
    assert.deepEqual(fixture.markers, []);
  });

  it('renders the text with CRLF line endings and a byte order mark on request', () => {
    const fixture = parseFixture('FROM a\nRUN b\n');
    assert.equal(fixtureText(fixture), 'FROM a\nRUN b\n');
    assert.equal(fixtureText(fixture, { eol: '\r\n' }), 'FROM a\r\nRUN b\r\n');
    assert.equal(fixtureText(fixture, { bom: true, eol: '\r\n' }), '\uFEFFFROM a\r\nRUN b\r\n');
  });
});

describe('fixture: check', () => {
  const wrong = `
    FROM debian
    RUN --mount=type=cahce,target=/x true
                     ^^^^^ mount-syntax: did you mean cache?
  `;

  it('passes when findings and markers agree, and returns the findings', () => {
    const findings = check(wrong, { rules });
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['mount-syntax'],
    );
  });

  it('passes the same fixture with CRLF line endings and with a byte order mark', () => {
    check(wrong, { rules, eol: '\r\n' });
    check(wrong, { rules, bom: true });
    check(wrong, { rules, eol: '\r\n', bom: true });
  });

  it('fails when a marked finding is missing, showing the source line and the marker', () => {
    const message = failure(() =>
      check(
        `
        FROM debian
        RUN --mount=type=cache,target=/x true
                         ^^^^^ mount-syntax
        `,
        { rules },
      ),
    );
    assert.match(message, /expected, not found:/);
    assert.ok(
      message.includes(
        '   1 | RUN --mount=type=cache,target=/x true\n     |                  ^^^^^ mount-syntax',
      ),
      message,
    );
  });

  it('fails when a finding is not marked, with ^ under the range it has', () => {
    const message = failure(() => check('FROM debian\nRUN --mount=type=cahce,target=/x true\n', { rules }));
    assert.match(message, /found, not expected:/);
    assert.ok(
      message.includes(
        '   1 | RUN --mount=type=cahce,target=/x true\n     |                  ^^^^^ mount-syntax: Unknown mount type "cahce"',
      ),
      message,
    );
    // The whole fixture as it would have to be written, ready to compare or paste.
    assert.match(message, /all findings, as a fixture:\n {2}FROM debian\n {2}RUN --mount=type=cahce/);
  });

  it('fails when the range is off by one', () => {
    const message = failure(() =>
      check(
        `
        FROM debian
        RUN --mount=type=cahce,target=/x true
                          ^^^^^ mount-syntax
        `,
        { rules },
      ),
    );
    assert.match(message, /expected, not found:[\s\S]*found, not expected:/);
  });

  it('fails when the rule differs, and when the message does not contain the marker text', () => {
    assert.match(
      failure(() =>
        check(
          `
          FROM debian
          RUN --mount=type=cahce,target=/x true
                           ^^^^^ mount-target-missing
          `,
          { rules: ['mount-syntax', 'mount-target-missing'] },
        ),
      ),
      /expected, not found:[\s\S]*found, not expected:/,
    );
    const message = failure(() =>
      check(
        `
        FROM debian
        RUN --mount=type=cahce,target=/x true
                         ^^^^^ mount-syntax: something else
        `,
        { rules },
      ),
    );
    assert.match(
      message,
      /message does not contain the marker text:[\s\S]*expected to contain: something else/,
    );
  });

  it('lets a marker without a rule match a finding of any rule', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cahce,target=/x true
                       ^^^^^
    `,
      { rules },
    );
  });

  it('matches several markers under one source line, of different rules', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=lockd,sharing=shared true
                                                           ^^^^^ mount-syntax: lockd
                                                                 ^^^^^^^^^^^^^^
    `,
      { rules: ['mount-syntax', 'sharing-locked-required'] },
    );
  });

  it('compares only the selected rules, and refuses rule ids it does not know', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt apt-get update
    `,
      { rules },
    );
    assert.throws(() => check('FROM a\n', { rules: ['mount-sytnax'] }), /unknown rule mount-sytnax/);
    assert.throws(
      () => check('FROM a\nRUN true\n    ^ mount-target-missing\n', { rules }),
      /not among the checked rules/,
    );
    assert.throws(() => check('FROM a\nRUN true\n    ^ no-such-rule\n'), /unknown rule no-such-rule/);
  });
});

describe('fixture: edits and fixes', () => {
  it('applies LSP edits to LF and CRLF texts, last edit first', () => {
    const at = (line: number, a: number, b: number, newText: string) => ({
      range: { start: { line, character: a }, end: { line, character: b } },
      newText,
    });
    assert.equal(applyEdits('ab\r\ncd\r\n', [at(1, 1, 2, 'X'), at(0, 0, 0, '>')]), '>ab\r\ncX\r\n');
    assert.equal(applyEdits('ab\ncd', [at(1, 2, 2, '!')]), 'ab\ncd!');
  });

  it('refuses overlapping edits and positions past the end of a line', () => {
    const at = (line: number, a: number, b: number) => ({
      range: { start: { line, character: a }, end: { line, character: b } },
      newText: '',
    });
    assert.throws(() => applyEdits('abcdef\n', [at(0, 0, 3), at(0, 2, 4)]), /overlapping/);
    assert.throws(() => applyEdits('ab\r\ncd\r\n', [at(0, 3, 3)]), /past the end of its line/);
    assert.throws(() => applyEdits('ab\n', [at(5, 0, 0)]), /past the last line/);
  });

  it('applies the named fix of the only finding, and checks the markers first', () => {
    assert.equal(
      applyFix(wrongType(), 'Change to cache', { rules }),
      'FROM debian\nRUN --mount=type=cache,target=/x true\n',
    );
    assert.throws(
      () =>
        applyFix(wrongType().replace('mount-syntax', 'mount-syntax: not this'), 'Change to cache', { rules }),
      /message does not contain/,
    );
  });

  it('keeps CRLF line endings and the byte order mark', () => {
    assert.equal(
      applyFix(wrongType(), 'Change to cache', { rules, eol: '\r\n', bom: true }),
      '\uFEFFFROM debian\r\nRUN --mount=type=cache,target=/x true\r\n',
    );
  });

  it('fails without exactly one finding, and names the fixes offered when the title is wrong', () => {
    assert.match(
      failure(() =>
        applyFix('FROM debian\nRUN --mount=type=cache,target=/x true\n', 'Change to cache', { rules }),
      ),
      /exactly one finding, got 0/,
    );
    assert.match(
      failure(() =>
        applyFix('FROM debian\nRUN --mount=type=cahce,target=/x,sharing=lockd true\n', 'Change to cache', {
          rules,
        }),
      ),
      /exactly one finding, got 2/,
    );
    assert.match(
      failure(() => applyFix(wrongType(), 'Change to bind', { rules })),
      /no fix titled "Change to bind"; it offers: "Change to cache"/,
    );
  });

  it('asserts that a fix resolves its finding, and fails when it does not', () => {
    assert.equal(
      assertFixResolves(wrongType(), 'Change to cache', { rules }),
      'FROM debian\nRUN --mount=type=cache,target=/x true\n',
    );
    // Joining `--mount type=cahce` with "=" turns a missing value into an unsupported type.
    const message = failure(() =>
      assertFixResolves('FROM debian\nRUN --mount type=cahce,target=/x true\n', 'Join with "="', { rules }),
    );
    assert.match(message, /still has findings:\n {3}1 \| RUN --mount=type=cahce[\s\S]*Unknown mount type/);
  });
});

function wrongType(): string {
  return `
    FROM debian
    RUN --mount=type=cahce,target=/x true
                     ^^^^^ mount-syntax
  `;
}
