import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, check } from './fixture';

const only = ['mount-syntax'];

// Messages and order of checks: frontend/dockerfile/instructions/commands_runmount.go (parseMount).
describe('mount-syntax: keys and values (commands_runmount.go parseMount)', () => {
  it("reports an unknown type with BuildKit's suggestion, and fixes it", () => {
    const source = `
      FROM debian
      RUN --mount=type=cahce,target=/root/.cache pip install x
                       ^^^^^ mount-syntax: Unsupported mount type "cahce" (did you mean cache?)
    `;
    check(source, { only });
    const fixed = applyFix(source, 'mount-syntax', 'Change to cache');
    assert.match(fixed, /--mount=type=cache,target=\/root\/.cache /);
  });

  it('reports an unknown type without a close match and offers no fix', () => {
    const [finding] = check(
      `
      FROM debian
      RUN --mount=type=volume,target=/x true
                       ^^^^^^ mount-syntax: Unsupported mount type "volume": types are
    `,
      { only },
    );
    assert.deepEqual(finding?.fixes, []);
  });

  it('reports an unknown key with a suggestion (trget → target)', () => {
    const source = `
      FROM debian
      RUN --mount=type=cache,trget=/x,target=/y true
                             ^^^^^ mount-syntax: Unexpected key 'trget' in 'trget=/x' (did you mean target?)
    `;
    check(source, { only });
    assert.match(applyFix(source, 'mount-syntax', 'Change to target'), /target=\/x,target=\/y/);
  });

  it('reports an unknown sharing value (lockd → locked) on the value', () => {
    const source = `
      FROM debian
      RUN --mount=type=cache,target=/x,sharing=lockd true
                                               ^^^^^ mount-syntax: Unsupported sharing value "lockd" (did you mean locked?)
    `;
    check(source, { only });
    assert.match(applyFix(source, 'mount-syntax', 'Change to locked'), /sharing=locked true/);
  });

  it("keeps the case of the written value in suggestions, like BuildKit's matchCase", () => {
    check(
      `
      FROM debian
      RUN --mount=type=CAHCE,target=/x true
                       ^^^^^ mount-syntax: did you mean CACHE?
    `,
      { only },
    );
  });

  it('rejects bare words other than ro, readonly, rw, readwrite and required', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/x,locked true
                                       ^^^^^^ mount-syntax: Invalid field "locked"
      RUN --mount=type=cache,target true
                             ^^^^^^ mount-syntax: Write \`target=<value>\`
    `,
      { only },
    );
  });

  it('rejects empty fields from stray commas', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,,target=/x true
                            ^ mount-syntax: empty option
      RUN --mount=type=cache,target=/x, true
                                      ^ mount-syntax: A trailing comma
    `,
      { only },
    );
  });

  it('rejects non-boolean ro/rw values (strconv.ParseBool)', () => {
    check(
      `
      FROM debian
      RUN --mount=type=bind,target=/x,ro=yes true
                                         ^^^ mount-syntax: Invalid value for ro
      RUN --mount=type=bind,target=/x,readwrite=on true
                                                ^^ mount-syntax: Invalid value for readwrite
    `,
      { only },
    );
  });

  it('rejects mode that is not octal and uid/gid that are not decimal (strconv.ParseUint)', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/x,mode=0789 true
                                            ^^^^ mount-syntax: for mode
      RUN --mount=type=cache,target=/x,mode=0o755 true
                                            ^^^^^ mount-syntax: for mode
      RUN --mount=type=cache,target=/x,uid=-1,gid=app true
                                           ^^ mount-syntax: for uid
                                                  ^^^ mount-syntax: for gid
      RUN --mount=type=cache,target=/x,uid=4294967296 true
                                           ^^^^^^^^^^ mount-syntax: for uid
    `,
      { only },
    );
  });

  it('checks size and required against the type seen so far', () => {
    // size is checked while the type is still the default bind; type=tmpfs first works.
    check(
      `
      FROM debian
      RUN --mount=size=1g,type=tmpfs,target=/t true
                  ^^^^ mount-syntax: Unexpected key 'size' for mount type 'bind'
      RUN --mount=type=tmpfs,size=1g,target=/t true
      RUN --mount=required,type=secret,id=s true
                  ^^^^^^^^ mount-syntax: Unexpected key 'required' for mount type 'bind'
      RUN --mount=type=secret,id=s,required true
      RUN --mount=type=ssh,required=true true
      RUN --mount=type=cache,target=/x,required=true true
                                       ^^^^^^^^ mount-syntax: for mount type 'cache'
    `,
      { only },
    );
  });

  it('rejects a size go-units cannot parse', () => {
    check(
      `
      FROM debian
      RUN --mount=type=tmpfs,target=/t,size=lots true
                                            ^^^^ mount-syntax: Invalid value for size
      RUN --mount=type=tmpfs,target=/t,size=1gb2 true
                                            ^^^^ mount-syntax: Invalid value for size
      RUN --mount=type=tmpfs,target=/t,size=-1 true
                                            ^^ mount-syntax: Invalid value for size
    `,
      { only },
    );
  });

  it('rejects mode, uid and gid on bind and tmpfs mounts', () => {
    check(
      `
      FROM debian
      RUN --mount=type=bind,target=/x,uid=1000 true
                                      ^^^ mount-syntax: uid is not allowed for "bind" mounts
      RUN --mount=type=tmpfs,target=/x,mode=0700 true
                                       ^^^^ mount-syntax: mode is not allowed for "tmpfs" mounts
    `,
      { only },
    );
  });

  it('rejects sharing on anything but cache mounts', () => {
    check(
      `
      FROM debian
      RUN --mount=type=bind,target=/x,sharing=locked true
                                      ^^^^^^^ mount-syntax: invalid cache sharing set for bind mount
      RUN --mount=type=secret,id=s,sharing=locked true
                                   ^^^^^^^ mount-syntax: cannot define \`sharing\`
    `,
      { only },
    );
  });

  it('checks secret mounts: no from, not both source and id, one of id, source, target', () => {
    check(
      `
      FROM debian AS base
      FROM debian
      RUN --mount=type=secret,id=s,from=base true
                                   ^^^^ mount-syntax: cannot have \`from\`
      RUN --mount=type=secret,source=a,id=b true
                              ^^^^^^ mount-syntax: both \`source\` and \`id\`
      RUN --mount=type=secret,required true
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ mount-syntax: give one of id, source or target
    `,
      { only },
    );
  });

  it("rejects variables in from ('from' doesn't support variable expansion)", () => {
    check(
      `
      ARG IMAGE=golang
      FROM debian
      RUN --mount=type=bind,from=$IMAGE,target=/src true
                                 ^^^^^^ mount-syntax: does not support variables
      RUN --mount=type=bind,from=stage$,target=/src true
    `,
      { only },
    );
  });

  it('reports failing variable expansion (shell/lex.go)', () => {
    // FROM scratch: with an image, CACHE might come from its ENV and the linter would not judge it.
    check(
      `
      FROM scratch
      RUN --mount=type=cache,target=\${CACHE:?needed} true
                                    ^^^^^^^^^^^^^^^^ mount-syntax: CACHE: needed
      RUN --mount=type=cache,target=\${CACHE true
                                    ^^^^^^^ mount-syntax: missing '}'
      RUN --mount=type=cache,target=\${:x} true
                                    ^^^^^ mount-syntax: bad substitution
    `,
      { only },
    );
  });

  it('accepts keys and the type and sharing values in any case', () => {
    check(
      `
      FROM debian
      RUN --mount=TYPE=Cache,Target=/x,SHARING=LOCKED true
    `,
      { only },
    );
  });
});

// Flag parsing: frontend/dockerfile/parser/split_command.go and instructions/bflag.go (BFlags.Parse).
describe('mount-syntax: flags (bflag.go, split_command.go)', () => {
  it('reports an unknown RUN flag, with --mount suggested for --mout', () => {
    const source = `
      FROM debian
      RUN --mout=type=cache,target=/x true
          ^^^^^^ mount-syntax: Unknown RUN flag --mout (did you mean --mount?)
    `;
    check(source, { only });
    assert.match(applyFix(source, 'mount-syntax', 'Change to --mount'), /RUN --mount=type=cache/);
  });

  it('treats flag names as case-sensitive, as BFlags does', () => {
    check(
      `
      FROM debian
      RUN --MOUNT=type=cache,target=/x true
          ^^^^^^^ mount-syntax: Unknown RUN flag --MOUNT
    `,
      { only },
    );
  });

  it('explains --mount followed by a space and joins it with "="', () => {
    const source = `
      FROM debian
      RUN --mount type=cache,target=/x true
                 ^ mount-syntax: missing a value on flag: --mount
    `;
    check(source, { only });
    assert.match(applyFix(source, 'mount-syntax', 'Join with "="'), /RUN --mount=type=cache,target=\/x true/);
  });

  it('reports --mount with nothing after it and an empty --mount=', () => {
    check(
      `
      FROM debian
      RUN --mount true
          ^^^^^^^ mount-syntax: has no value
      RUN --mount= true
          ^^^^^^^^ mount-syntax: has no options
    `,
      { only },
    );
  });

  it('stops reading flags at the first word not starting with --', () => {
    check(
      `
      FROM debian
      RUN echo --mout=x --mount=type=nope
    `,
      { only },
    );
  });
});

// CSV: vendor/github.com/tonistiigi/go-csvvalue/csvvalue.go, after split_command.go removed the quotes.
describe('mount-syntax: CSV fields (go-csvvalue)', () => {
  it('rejects a bare quote inside an unquoted field', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/a\\"b true
                                      ^^ mount-syntax: bare
    `,
      { only },
    );
  });

  it('rejects a quoted field that is never closed', () => {
    check(
      `
      FROM debian
      RUN --mount='type=cache,"target=/a' true
                              ^ mount-syntax: not closed
    `,
      { only },
    );
  });

  it('shows why a comma inside a quoted value splits the field', () => {
    // The shell-like quotes are removed first, so target="/a,b" becomes target=/a,b and "b" is a bare word.
    check(
      `
      FROM debian
      RUN --mount=type=cache,target="/a,b" true
                                        ^ mount-syntax: Invalid field "b"
    `,
      { only },
    );
  });
});

// dockerfile2llb/convert_runmount.go (dispatchRunMounts): the resolved target must not be "/".
describe('mount-syntax: targets and stages (convert_runmount.go)', () => {
  it('rejects a target of /', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/ true
                                    ^ mount-syntax: Invalid mount target "/"
      RUN --mount=type=cache,target=/tmp/.. true
                                    ^^^^^^^ mount-syntax: Invalid mount target "/"
    `,
      { only },
    );
  });

  it('rejects a missing target when WORKDIR is known to be /', () => {
    check(
      `
      FROM scratch
      RUN --mount=type=cache,id=x true
          ^^^^^^^^^^^^^^^^^^^^^^^ mount-syntax: working directory, which is "/" here
      FROM debian
      WORKDIR /
      RUN --mount=type=tmpfs true
          ^^^^^^^^^^^^^^^^^^ mount-syntax: invalid mount target
    `,
      { only },
    );
  });

  it('rejects mounting from the current or a later stage', () => {
    check(
      `
      FROM debian AS first
      RUN --mount=type=bind,from=later,target=/x true
                                 ^^^^^ mount-syntax: defined after this RUN
      RUN --mount=type=bind,from=FIRST,target=/x true
                                 ^^^^^ mount-syntax: cannot mount from itself
      FROM debian AS later
      RUN --mount=type=bind,from=first,target=/x true
      RUN --mount=type=bind,from=alpine:3,target=/x true
    `,
      { only },
    );
  });
});

describe('mount-syntax: error recovery', () => {
  it('does not cascade from an unknown type into type-dependent checks', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cahce,target=/x,sharing=locked,uid=1 true
                       ^^^^^ mount-syntax: Unsupported mount type
    `,
      { only },
    );
  });

  it('reports every independent error of one RUN, where BuildKit stops at the first', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,trget=/a,sharing=lockd \\
                             ^^^^^ mount-syntax: trget
                                              ^^^^^ mount-syntax: lockd
          --mount=type=tmpfs,target=/t,size=huge \\
                                            ^^^^ mount-syntax: huge
          true
    `,
      { only },
    );
  });

  it('explains options continued on an indented line, which BuildKit cuts off (parser.go keeps the spaces)', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,\\
                            ^ mount-syntax: keeps the spaces at the start of a continuation line
          target=/var/cache/apt apt-get update
    `,
      { only },
    );
  });

  it('offers to remove a stray comma', () => {
    const source = `
      FROM debian
      RUN --mount=type=cache,target=/x,,sharing=locked true
                                       ^ mount-syntax
    `;
    assert.match(
      applyFix(source, 'mount-syntax', 'Remove the stray comma'),
      /target=\/x,sharing=locked true/,
    );
  });

  it('skips value checks that depend on build-time values', () => {
    check(
      `
      FROM debian
      ARG SHARING
      ARG T
      RUN --mount=type=cache,target=/x,sharing=$SHARING,uid=\${UID} \\
          --mount=type=$T,target=/y,size=1g true
    `,
      { only },
    );
  });
});
