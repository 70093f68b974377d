import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { assertFixResolves, check } from './fixture';

const LOCKED = 'sharing-locked-required';
const rules = [LOCKED, 'suppression-unused'];

describe('cachemount-ignore comments', () => {
  it('suppress the named rule on the next instruction only, with or without a reason', () => {
    check(
      `
      FROM debian
      # cachemount-ignore sharing-locked-required -- one builder, one build at a time
      RUN --mount=type=cache,target=/var/lib/apt apt-get update
      RUN --mount=type=cache,target=/var/lib/apt apt-get update
                             ^^^^^^^^^^^^^^^^^^^ sharing-locked-required
    `,
      { rules },
    );
  });

  it('reach the whole instruction, continuation lines and blank or comment lines before it included', () => {
    const findings = check(
      `
      FROM debian
      # cachemount-ignore sharing-locked-required

      # another comment
      RUN --mount=type=cache,target=/var/cache/apt \\
          --mount=type=cache,target=/var/lib/apt \\
          apt-get update
    `,
      { rules },
    );
    assert.deepEqual(findings, []);
    assert.equal(
      analyze('FROM debian\n# cachemount-ignore\nRUN --mount=type=cache,target=/var/lib/apt x\n').suppressed,
      1,
    );
  });

  it('in the file-level form suppress every finding of the rule, and a bare comment suppresses every rule', () => {
    check(
      `
      # syntax=docker/dockerfile:1
      # cachemount-ignore-file sharing-locked-required, apt-docker-clean
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt apt-get update
      RUN --mount=type=cache,target=/var/lib/apt apt-get update
    `,
    );
    check(
      `
      FROM debian
      # cachemount-ignore
      RUN --mount=type=cache,target=/var/cache/apt apt-get update
    `,
    );
  });

  it('do not apply from inside an instruction, and say so when no instruction follows', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/lib/apt \\
                             ^^^^^^^^^^^^^^^^^^^ sharing-locked-required
        # cachemount-ignore sharing-locked-required
          apt-get update
      # cachemount-ignore sharing-locked-required
      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ suppression-unused: No instruction follows this cachemount-ignore comment: put it right
    `,
      { rules },
    );
  });

  it('report names that suppress nothing and names that are not rules, with fixes', () => {
    const findings = check(
      `
      FROM debian
      # cachemount-ignore prefer-tmpfs,sharing-locked-requird
                          ^^^^^^^^^^^^ suppression-unused: No prefer-tmpfs finding on the next instruction
                                       ^^^^^^^^^^^^^^^^^^^^^^ suppression-unused: not a cachemount rule
      RUN --mount=type=cache,target=/var/lib/apt apt-get update
                             ^^^^^^^^^^^^^^^^^^^ sharing-locked-required
    `,
      { rules: [...rules, 'prefer-tmpfs'] },
    );
    const typo = findings.find((f) => f.message.includes('not a cachemount rule'));
    assert.deepEqual(
      typo?.fixes.map((f) => f.title),
      ['Change to sharing-locked-required', 'Remove this suppression comment'],
    );
  });

  it('do not report names of rules that are switched off: whether they would match is unknown', () => {
    check(
      `
      FROM debian
      # cachemount-ignore prefer-tmpfs
      RUN --mount=type=cache,target=/tmp true
    `,
      { rules: ['suppression-unused'] },
    );
  });

  it('are offered for every finding: a new comment, or a name added to the one already there', () => {
    assertFixResolves(
      `
      FROM debian
        RUN --mount=type=cache,target=/var/lib/apt apt-get update
    `,
      'Ignore sharing-locked-required for this instruction',
      { rules },
    );
    const fixed = assertFixResolves(
      `
      FROM debian
      # cachemount-ignore prefer-tmpfs -- reason
      RUN --mount=type=cache,target=/tmp --mount=type=cache,target=/var/lib/apt apt-get update
    `,
      'Ignore sharing-locked-required for this instruction',
      { rules: [...rules, 'prefer-tmpfs'] },
    );
    assert.match(fixed, /# cachemount-ignore prefer-tmpfs,sharing-locked-required -- reason\n/);
    const fileWide = assertFixResolves(
      `
      # syntax=docker/dockerfile:1
      FROM debian
      RUN --mount=type=cache,target=/var/lib/apt apt-get update
    `,
      'Ignore sharing-locked-required in this file',
      { rules },
    );
    assert.equal(
      fileWide.split('\n')[1],
      '# cachemount-ignore-file sharing-locked-required',
      'after the directive',
    );
  });

  it('keep CRLF line endings when a comment is added', () => {
    const fixed = assertFixResolves(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/lib/apt apt-get update
    `,
      'Ignore sharing-locked-required for this instruction',
      { rules, eol: '\r\n' },
    );
    assert.match(fixed, /\r\n# cachemount-ignore sharing-locked-required\r\nRUN/);
  });
});
