import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckOptions } from './fixture';
import { applyFix, assertFixResolves, check } from './fixture';

/**
 * sharing-locked-required on apt's caches: apt and apt-get take exclusive locks in /var/cache/apt and
 * /var/lib/apt, so two builds sharing one cache (BuildKit's default sharing=shared, dockerfile2llb/
 * convert_runmount.go: llb.CacheMountShared) make the second fail with "Could not get lock".
 */
const rules = ['sharing-locked-required'];

describe('sharing-locked-required: apt caches', () => {
  it('warns on both apt caches mounted with the default sharing, on the target', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt \\
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required: needs sharing=locked
          --mount=type=cache,target=/var/lib/apt \\
                             ^^^^^^^^^^^^^^^^^^^ sharing-locked-required: needs sharing=locked
          apt-get update
    `,
      { rules },
    );
  });

  it('warns on directories below them', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt/archives \\
                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required: needs sharing=locked
          --mount=type=cache,dst=/var/lib/apt/lists \\
                             ^^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required: cache at /var/lib/apt/lists
          apt-get update
    `,
      { rules },
    );
  });

  it('warns on an explicit sharing=shared, in any case, on the sharing option', () => {
    // instructions/commands_runmount.go lower-cases keys and the sharing value.
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=shared apt-get update
                                                   ^^^^^^^^^^^^^^ sharing-locked-required: needs sharing=locked
      RUN --mount=type=cache,target=/var/lib/apt,SHARING=Shared apt-get update
                                                 ^^^^^^^^^^^^^^ sharing-locked-required: needs sharing=locked
    `,
      { rules },
    );
  });

  it('matches the target after ENV, ARG and WORKDIR are applied', () => {
    // dockerfile2llb/convert.go expands mount values with the stage environment; convert_runmount.go joins a
    // relative target to the working directory.
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
                             ^^^^^^^^^^ sharing-locked-required: cache at /var/cache/apt
      WORKDIR /var/lib/apt/lists
      RUN --mount=type=cache,target=. apt-get update
                             ^^^^^^^^ sharing-locked-required: cache at /var/lib/apt/lists
    `,
      { rules },
    );
  });

  it('follows ENV and ARG inherited from a parent stage', () => {
    // dockerfile2llb/convert.go dispatchState.init: a stage FROM another starts from its state.
    check(
      `
      FROM debian AS base
      ENV APT_CACHE=/var/cache/apt
      ARG LISTS=/var/lib/apt
      FROM base
      RUN --mount=type=cache,target=$APT_CACHE --mount=type=cache,target=$LISTS apt-get update
                             ^^^^^^^^^^^^^^^^^ sharing-locked-required
                                                                  ^^^^^^^^^^^^^ sharing-locked-required
    `,
      { rules },
    );
  });

  it('says nothing for locked, private, other paths, other types, or targets only known at build time', () => {
    check(
      `
      FROM debian
      ARG WHERE
      ARG MODE=locked
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
          --mount=type=cache,target=/var/lib/apt,sharing=private \\
          --mount=type=cache,target=/var/cache/apt,SHARING=LOCKED \\
          --mount=type=cache,target=/var/lib/apt,sharing=$MODE \\
          --mount=type=cache,target=/var/cache/aptitude \\
          --mount=type=cache,target=/var/lib/apt-xapian-index \\
          --mount=type=cache,target=/var/cache \\
          --mount=type=cache,target=/var/lib \\
          --mount=type=cache,target=/root/.npm \\
          --mount=type=bind,target=/var/cache/apt \\
          --mount=type=tmpfs,target=/var/lib/apt \\
          --mount=type=secret,id=apt,target=/var/lib/apt/auth \\
          --mount=type=cache,target=$WHERE \\
          --mount=type=cache,target=$UNSET_MAYBE_FROM_IMAGE/apt \\
          apt-get update
      FROM example/app
      WORKDIR relative
      RUN --mount=type=cache,target=../var/cache/apt apt-get update
    `,
      { rules },
    );
  });

  it('uses the last sharing value, as BuildKit does', () => {
    // instructions/commands_runmount.go: a later sharing= replaces an earlier one.
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=shared,sharing=locked true
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked,sharing=shared true
                                                                  ^^^^^^^^^^^^^^ sharing-locked-required
    `,
      { rules },
    );
  });

  it('reports the same with CRLF line endings and a byte order mark', () => {
    const source = `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt \\
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required
          apt-get update
    `;
    check(source, { rules, eol: '\r\n' });
    check(source, { rules, bom: true });
  });
});

describe('sharing-locked-required: quick fixes', () => {
  /** The fixed text of a one-RUN Dockerfile, after checking that the fix resolves the finding. */
  const fix = (run: string, title = 'Add sharing=locked', options: CheckOptions = {}) =>
    assertFixResolves(`FROM debian\n${run}\n`, title, { rules, ...options });

  it('offers sharing=locked (preferred) and sharing=private when sharing is not written', () => {
    const [finding] = check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt apt-get update
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required
    `,
      { rules },
    );
    assert.deepEqual(
      finding?.fixes.map((f) => [f.title, f.preferred === true]),
      [
        ['Add sharing=locked', true],
        ['Add sharing=private', false],
      ],
    );
  });

  it('adds sharing=locked at the end of the mount', () => {
    assert.equal(
      fix('RUN --mount=type=cache,target=/var/cache/apt apt-get update'),
      'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update\n',
    );
    assert.equal(
      fix('RUN --mount=target=/var/lib/apt,type=cache --mount=type=cache,target=/x true'),
      'FROM debian\nRUN --mount=target=/var/lib/apt,type=cache,sharing=locked --mount=type=cache,target=/x true\n',
    );
    assert.equal(
      fix('RUN --mount=type=cache,target=/var/cache/apt apt-get update', 'Add sharing=private'),
      'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=private apt-get update\n',
    );
  });

  it('adds it inside the quotes of a quoted flag or value', () => {
    assert.equal(
      fix('RUN --mount="type=cache,target=/var/lib/apt" true'),
      'FROM debian\nRUN --mount="type=cache,target=/var/lib/apt,sharing=locked" true\n',
    );
    assert.equal(
      fix('RUN --mount=type=cache,target="/var/lib/apt" true'),
      'FROM debian\nRUN --mount=type=cache,target="/var/lib/apt,sharing=locked" true\n',
    );
    // A field quoted for go-csvvalue: the new field goes after its closing quote.
    assert.equal(
      fix(`RUN --mount='type=cache,"target=/var/lib/apt"' true`),
      `FROM debian\nRUN --mount='type=cache,"target=/var/lib/apt",sharing=locked' true\n`,
    );
  });

  it('reuses a trailing comma instead of adding another', () => {
    assert.equal(
      fix('RUN --mount=type=cache,target=/var/cache/apt, apt-get update'),
      'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update\n',
    );
  });

  it('adds it after the last option when the mount spans continuation lines', () => {
    assert.equal(
      fix('RUN --mount=type=cache,\\\ntarget=/var/lib/apt \\\n    true'),
      'FROM debian\nRUN --mount=type=cache,\\\ntarget=/var/lib/apt,sharing=locked \\\n    true\n',
    );
    assert.equal(
      fix('RUN --mount=type=cache,target=/var/lib/apt\\\n    true'),
      'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked\\\n    true\n',
    );
  });

  it('keeps CRLF line endings and the byte order mark', () => {
    assert.equal(
      fix('RUN --mount=type=cache,target=/var/lib/apt true', 'Add sharing=locked', {
        eol: '\r\n',
        bom: true,
      }),
      '\uFEFFFROM debian\r\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked true\r\n',
    );
  });

  it('changes an explicit sharing=shared to locked (preferred) or private, keeping the key as written', () => {
    assert.equal(
      fix(
        'RUN --mount=type=cache,sharing=shared,target=/var/lib/apt true',
        'Change sharing=shared to sharing=locked',
      ),
      'FROM debian\nRUN --mount=type=cache,sharing=locked,target=/var/lib/apt true\n',
    );
    assert.equal(
      fix(
        'RUN --mount=type=cache,target=/var/lib/apt,SHARING=Shared true',
        'Change sharing=shared to sharing=private',
      ),
      'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,SHARING=private true\n',
    );
    const [finding] = check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/lib/apt,sharing=shared true
                                                 ^^^^^^^^^^^^^^ sharing-locked-required
    `,
      { rules },
    );
    assert.deepEqual(
      finding?.fixes.map((f) => [f.title, f.preferred === true]),
      [
        ['Change sharing=shared to sharing=locked', true],
        ['Change sharing=shared to sharing=private', false],
      ],
    );
  });

  it('changes the last of several sharing options, the one BuildKit uses', () => {
    assert.equal(
      fix(
        'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked,sharing=shared true',
        'Change sharing=shared to sharing=locked',
      ),
      'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked,sharing=locked true\n',
    );
  });

  it('fixes one of two findings at a time, leaving the other', () => {
    const source =
      'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt true\n';
    assert.throws(() => applyFix(source, 'Add sharing=locked', { rules }), /exactly one finding, got 2/);
    const [first] = check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt true
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required
                                                                      ^^^^^^^^^^^^^^^^^^^ sharing-locked-required
    `,
      { rules },
    );
    const edit = first?.fixes[0]?.edits[0];
    assert.deepEqual(edit?.range.start, { line: 1, character: 44 });
    assert.equal(edit?.newText, ',sharing=locked');
  });
});
