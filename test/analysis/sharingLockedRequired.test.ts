import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, check } from './fixture';

const only = ['sharing-locked-required'];

describe('sharing-locked-required: apt caches', () => {
  it('warns on both apt caches mounted with the default sharing, on the target', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt \\
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required: Could not get lock /var/cache/apt/archives/lock
          --mount=type=cache,target=/var/lib/apt \\
                             ^^^^^^^^^^^^^^^^^^^ sharing-locked-required: Could not get lock /var/lib/apt/lists/lock
          apt-get update
    `,
      { only },
    );
  });

  it('warns on an explicit sharing=shared, in any case, on the sharing option', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt/archives,SHARING=Shared apt-get update
                                                            ^^^^^^^^^^^^^^ sharing-locked-required: mounted with sharing=shared
    `,
      { only },
    );
  });

  it('matches the target after ENV, ARG and WORKDIR are applied', () => {
    check(
      `
      FROM debian
      ENV APT_CACHE=/var/cache/apt
      ARG LISTS=/var/lib/apt/lists
      RUN --mount=type=cache,target=$APT_CACHE --mount=type=cache,dst=\${LISTS} apt-get update
                             ^^^^^^^^^^^^^^^^^ sharing-locked-required
                                                                  ^^^^^^^^^^^^ sharing-locked-required
      WORKDIR /var/cache
      RUN --mount=type=cache,target=apt apt-get install -y git
                             ^^^^^^^^^^ sharing-locked-required: at /var/cache/apt
    `,
      { only },
    );
  });

  it('says nothing for locked, private, other paths, other types, or targets only known at build time', () => {
    check(
      `
      FROM debian
      ARG WHERE
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
          --mount=type=cache,target=/var/lib/apt,sharing=private \\
          --mount=type=cache,target=/var/cache/aptitude \\
          --mount=type=cache,target=/var/cache \\
          --mount=type=cache,target=/root/.npm \\
          --mount=type=bind,target=/var/cache/apt \\
          --mount=type=tmpfs,target=/var/lib/apt \\
          --mount=type=cache,target=$WHERE \\
          --mount=type=cache,target=$UNSET_MAYBE_FROM_IMAGE/apt \\
          apt-get update
      FROM debian
      WORKDIR relative
      RUN --mount=type=cache,target=../var/cache/apt apt-get update
    `,
      { only },
    );
  });

  it('uses the last sharing value, as BuildKit does', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=shared,sharing=locked true
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked,sharing=shared true
                                                                  ^^^^^^^^^^^^^^ sharing-locked-required
    `,
      { only },
    );
  });
});

describe('sharing-locked-required: quick fixes', () => {
  it('adds sharing=locked at the end of the mount, as the preferred fix', () => {
    const source = `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt apt-get update
    `;
    const [finding] = check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt apt-get update
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required
    `,
      { only },
    );
    assert.deepEqual(
      finding?.fixes.map((f) => [f.title, f.preferred === true]),
      [
        ['Add sharing=locked', true],
        ['Add sharing=private', false],
      ],
    );
    assert.equal(
      applyFix(source, 'sharing-locked-required', 'Add sharing=locked'),
      'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update\n',
    );
    assert.equal(
      applyFix(source, 'sharing-locked-required', 'Add sharing=private'),
      'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=private apt-get update\n',
    );
  });

  it('adds it inside quotes, after a trailing option on a continuation line, and keeps CRLF', () => {
    assert.equal(
      applyFix(
        `FROM debian\nRUN --mount="type=cache,target=/var/lib/apt" true\n`,
        'sharing-locked-required',
        'Add sharing=locked',
      ),
      'FROM debian\nRUN --mount="type=cache,target=/var/lib/apt,sharing=locked" true\n',
    );
    assert.equal(
      applyFix(
        'FROM debian\nRUN --mount=type=cache,\\\ntarget=/var/lib/apt \\\n    true\n',
        'sharing-locked-required',
        'Add sharing=locked',
      ),
      'FROM debian\nRUN --mount=type=cache,\\\ntarget=/var/lib/apt,sharing=locked \\\n    true\n',
    );
    assert.equal(
      applyFix(
        'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt true\n',
        'sharing-locked-required',
        'Add sharing=locked',
        { eol: '\r\n' },
      ),
      'FROM debian\r\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked true\r\n',
    );
  });

  it('changes an explicit sharing=shared to locked', () => {
    assert.equal(
      applyFix(
        'FROM debian\nRUN --mount=type=cache,sharing=shared,target=/var/lib/apt true\n',
        'sharing-locked-required',
        'Change sharing=shared to sharing=locked',
      ),
      'FROM debian\nRUN --mount=type=cache,sharing=locked,target=/var/lib/apt true\n',
    );
  });

  it('does not offer the fix again once applied', () => {
    const fixed = applyFix(
      'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt true\n',
      'sharing-locked-required',
      'Add sharing=locked',
    );
    check(fixed, { only });
  });
});
