import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { assertFixResolves, check } from './fixture';

/**
 * Everything BuildKit rejects in a RUN's `--mount` flags, each on its exact range. Every test names the
 * BuildKit source it follows (github.com/moby/buildkit, frontend/dockerfile/...).
 */
const rules = ['mount-syntax'];

describe('mount-syntax: flags', () => {
  it('reports an unknown RUN flag, suggests --mount for --mout, and the fix resolves it', () => {
    // instructions/bflag.go (BFlags.Parse): "unknown flag: --mout", suggest.WrapError over the RUN flags.
    const source = `
      FROM debian
      RUN --mout=type=cache,target=/x true
          ^^^^^^ mount-syntax: Unknown RUN flag --mout (did you mean --mount?)
    `;
    check(source, { rules });
    assert.equal(
      assertFixResolves(source, 'Change to --mount', { rules }),
      'FROM debian\nRUN --mount=type=cache,target=/x true\n',
    );
  });

  it('compares flag names case-sensitively, and suggests nothing far from a RUN flag', () => {
    // instructions/bflag.go: flags are looked up as written; util/suggest/error.go: case-sensitive search.
    const [upper, far] = check(
      `
      FROM debian
      RUN --MOUNT=type=cache,target=/x true
          ^^^^^^^ mount-syntax: Unknown RUN flag --MOUNT. BuildKit
      RUN --cache=type=cache,target=/x true
          ^^^^^^^ mount-syntax: Unknown RUN flag --cache. BuildKit
    `,
      { rules },
    );
    assert.deepEqual([upper?.fixes, far?.fixes], [[], []]);
  });

  it('explains `--mount type=cache` (a space, not "=") and joins it with "="', () => {
    // instructions/bflag.go: a strings flag without "=" fails with "missing a value on flag: --mount";
    // parser/split_command.go ends the flags at `type=cache,...`, which does not start with "--".
    const source = `
      FROM debian
      RUN --mount type=cache,target=/x true
                 ^ mount-syntax: --mount needs an equals sign (--mount=...): with a space, BuildKit
    `;
    check(source, { rules });
    assert.equal(
      assertFixResolves(source, 'Join with "="', { rules }),
      'FROM debian\nRUN --mount=type=cache,target=/x true\n',
    );
  });

  it('reports --mount without a value, alone or before other words', () => {
    // instructions/bflag.go: "missing a value on flag: --mount".
    check(
      `
      FROM debian
      RUN --mount true
          ^^^^^^^ mount-syntax: has no value
      RUN --mount=type=cache,target=/x --mount
                                       ^^^^^^^ mount-syntax: --mount has no value, which BuildKit rejects: write
    `,
      { rules },
    );
  });

  it('reports an empty --mount=', () => {
    // instructions/commands_runmount.go (parseMount): csvvalue.Fields("") returns io.EOF.
    check(
      `
      FROM debian
      RUN --mount= true
          ^^^^^^^^ mount-syntax: has no options
      RUN --mount="" true
          ^^^^^^^^ mount-syntax: has no options
    `,
      { rules },
    );
  });

  it('reads flags only up to the first word not starting with --, or up to a bare --', () => {
    // parser/split_command.go (extractBuilderFlags) and instructions/bflag.go ("--" ends the flags). A quoted
    // "--mount=..." is no flag: it starts the command, which the shell then fails to run.
    check(
      `
      FROM debian
      RUN echo --mout=x --mount=type=nope
      RUN --mount=type=cache,target=/x -- --mout=y
      RUN "--mount=type=nope" true
          ^^^^^^^^^^^^^^^^^^^ mount-syntax: --mount here is inside the command, so the shell runs it as a program
    `,
      { rules },
    );
  });
});

describe('mount-syntax: splitting the options (go-csvvalue)', () => {
  it('rejects a bare quote inside an unquoted field', () => {
    // vendor/github.com/tonistiigi/go-csvvalue/csvvalue.go: csv.ErrBareQuote; the escaped quote survives
    // parser/split_command.go, which removes only unescaped quotes.
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/a\\"b true
                                      ^^ mount-syntax: BuildKit cannot split these options (a bare quote in an unquoted
    `,
      { rules },
    );
  });

  it('rejects a quoted field that is never closed, and text after a closing quote', () => {
    // go-csvvalue/csvvalue.go: csv.ErrQuote in both cases (single quotes are removed by split_command.go first).
    check(
      `
      FROM debian
      RUN --mount='type=cache,"target=/a' true
                              ^ mount-syntax: a quoted field is not closed
      RUN --mount='type=cache,"target=/a"b' true
                                        ^ mount-syntax: extra text after a closing
    `,
      { rules },
    );
  });

  it('shows why a comma inside a quoted value splits the field', () => {
    // parser/split_command.go removes the quotes, so target="/a,b" reaches csvvalue as target=/a,b, and
    // instructions/commands_runmount.go rejects the field "b": "invalid field 'b' must be a key=value pair".
    check(
      `
      FROM debian
      RUN --mount=type=cache,target="/a,b" true
                                        ^ mount-syntax: "b" is not key=value, and only ro, rw and required may stand alone.
    `,
      { rules },
    );
  });
});

describe('mount-syntax: fields (instructions/commands_runmount.go, parseMount)', () => {
  it('rejects bare words other than ro, readonly, rw, readwrite and required', () => {
    // parseMount: "invalid field '%s' must be a key=value pair".
    const [locked, target] = check(
      `
      FROM debian
      RUN --mount=type=cache,target=/x,locked true
                                       ^^^^^^ mount-syntax: "locked" is not key=value, and only ro, rw and required may stand
      RUN --mount=type=cache,target true
                             ^^^^^^ mount-syntax: "target" is not key=value, and only ro, rw and required may stand
      RUN --mount=type=bind,target=/x,ro,rw,readonly,readwrite true
    `,
      { rules },
    );
    assert.deepEqual([locked?.fixes, target?.fixes], [[], []]);
  });

  it('rejects empty fields from stray commas, at the comma, and removes them', () => {
    // parseMount: an empty field has no "=", so "invalid field '' must be a key=value pair".
    check(
      `
      FROM debian
      RUN --mount=,type=cache,target=/x true
                  ^ mount-syntax: empty option
      RUN --mount=type=cache,,target=/x true
                            ^ mount-syntax: empty option
      RUN --mount=type=cache,target=/x, true
                                      ^ mount-syntax: BuildKit rejects the empty option after this trailing comma. Remove
    `,
      { rules },
    );
    assert.equal(
      assertFixResolves(
        'FROM debian\nRUN --mount=type=cache,target=/x,,id=a true\n',
        'Remove the stray comma',
        {
          rules,
        },
      ),
      'FROM debian\nRUN --mount=type=cache,target=/x,id=a true\n',
    );
    assert.equal(
      assertFixResolves('FROM debian\nRUN --mount=type=cache,target=/x, true\n', 'Remove the stray comma', {
        rules,
      }),
      'FROM debian\nRUN --mount=type=cache,target=/x true\n',
    );
  });

  it('reports an unknown key with the suggestion BuildKit makes, and fixes trget to target', () => {
    // parseMount: "unexpected key '%s' in '%s'", suggest.WrapError over allKeys (util/suggest/error.go).
    const source = `
      FROM debian
      RUN --mount=type=cache,trget=/x true
                             ^^^^^ mount-syntax: BuildKit does not know the key 'trget' (did you mean target?).
    `;
    check(source, { rules });
    assert.equal(
      assertFixResolves(source, 'Change to target', { rules }),
      'FROM debian\nRUN --mount=type=cache,target=/x true\n',
    );
  });

  it('reports keys lower-cased, an unknown key far from every key without a fix, and an empty key', () => {
    // parseMount: `key = strings.ToLower(key)` before the switch; Search("", allKeys) finds "id" (distance 2).
    const [upper, far, empty] = check(
      `
      FROM debian
      RUN --mount=type=cache,TRGET=/x true
                             ^^^^^ mount-syntax: BuildKit does not know the key 'trget' (did you mean target?).
      RUN --mount=type=cache,target=/x,volume=v true
                                       ^^^^^^ mount-syntax: BuildKit does not know the key 'volume'.
      RUN --mount=type=cache,target=/x,=v true
                                       ^^ mount-syntax: BuildKit does not know the key '' (did you mean id?).
    `,
      { rules },
    );
    assert.deepEqual(
      [upper, far, empty].map((f) => f?.fixes.map((x) => x.title)),
      [['Change to target'], [], ['Change to id']],
    );
  });

  it("reports an unknown type with BuildKit's suggestion, and fixes cahce to cache", () => {
    // parseMount: `unsupported mount type %q`, suggest.WrapError over the mount types.
    const source = `
      FROM debian
      RUN --mount=type=cahce,target=/root/.cache pip install x
                       ^^^^^ mount-syntax: Unknown mount type "cahce" (did you mean cache?): use bind, cache,
    `;
    check(source, { rules });
    assert.equal(
      assertFixResolves(source, 'Change to cache', { rules }),
      'FROM debian\nRUN --mount=type=cache,target=/root/.cache pip install x\n',
    );
  });

  it('reports unknown and empty types without a fix when no type is close', () => {
    // parseMount: `unsupported mount type %q` for any value outside bind, cache, tmpfs, secret, ssh.
    const findings = check(
      `
      FROM debian
      RUN --mount=type=volume,target=/x true
                       ^^^^^^ mount-syntax: Unknown mount type "volume": use bind, cache, tmpfs, secret or ssh.
      RUN --mount=type=,target=/x true
                  ^^^^^ mount-syntax: Unknown mount type "": use bind, cache, tmpfs, secret or ssh.
    `,
      { rules },
    );
    assert.deepEqual(
      findings.map((f) => f.fixes),
      [[], []],
    );
  });

  it('suggests a type or sharing value written in capitals, in capitals', () => {
    // parseMount lower-cases type and sharing values before comparing, but its suggestion is case-sensitive
    // (util/suggest/error.go), so BuildKit offers none for CAHCE. This linter searches case-insensitively and
    // answers in the case written (matchCase).
    check(
      `
      FROM debian
      RUN --mount=type=CAHCE,target=/x true
                       ^^^^^ mount-syntax: did you mean CACHE?
      RUN --mount=type=cache,target=/x,sharing=Lockd true
                                               ^^^^^ mount-syntax: did you mean locked?
    `,
      { rules },
    );
  });

  it('reports an unknown sharing value on the value, and fixes lockd to locked', () => {
    // parseMount: `unsupported sharing value %q`, suggest.WrapError over shared, private, locked.
    const source = `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=lockd apt-get update
                                                           ^^^^^ mount-syntax: Unsupported sharing value "lockd" (did you mean locked?)
    `;
    check(source, { rules });
    assert.equal(
      assertFixResolves(source, 'Change to locked', { rules }),
      'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update\n',
    );
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/x,sharing= true
                                       ^^^^^^^^ mount-syntax: Unsupported sharing value ""
    `,
      { rules },
    );
  });

  it('accepts keys, type values and sharing values in any case', () => {
    // parseMount: strings.ToLower on the key, on the type value and on the sharing value.
    check(
      `
      FROM debian
      RUN --mount=TYPE=Cache,Target=/x,SHARING=LOCKED,Id=a true
    `,
      { rules },
    );
  });

  it('rejects ro, rw and required values strconv.ParseBool does not take', () => {
    // parseMount: "invalid value for %s: %s" after strconv.ParseBool.
    check(
      `
      FROM debian
      RUN --mount=type=bind,target=/x,ro=yes true
                                         ^^^ mount-syntax: Invalid value for ro: "yes"
      RUN --mount=type=bind,target=/x,readwrite=on true
                                                ^^ mount-syntax: Invalid value for readwrite
      RUN --mount=type=secret,id=s,required=maybe true
                                            ^^^^^ mount-syntax: Invalid value for required
      RUN --mount=type=bind,target=/x,readonly=TRUE,rw=0,ro=t true
    `,
      { rules },
    );
  });

  it('rejects mode that is not octal and uid or gid that are not decimal uint32', () => {
    // parseMount: strconv.ParseUint(value, 8, 32) for mode, (value, 10, 32) for uid and gid.
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/x,mode=0789 true
                                            ^^^^ mount-syntax: Invalid value "0789" for mode
      RUN --mount=type=cache,target=/x,mode=0o755 true
                                            ^^^^^ mount-syntax: for mode
      RUN --mount=type=cache,target=/x,uid=-1,gid=app true
                                           ^^ mount-syntax: Invalid value "-1" for uid
                                                  ^^^ mount-syntax: Invalid value "app" for gid
      RUN --mount=type=cache,target=/x,uid=4294967296 true
                                           ^^^^^^^^^^ mount-syntax: for uid
      RUN --mount=type=cache,target=/x,mode=0755,uid=4294967295,gid=0 true
    `,
      { rules },
    );
  });

  it('checks size against the type seen so far: size=1g,type=tmpfs fails, type=tmpfs,size=1g passes', () => {
    // parseMount: `case "size": if m.Type == MountTypeTmpfs` while the type is still the default bind.
    check(
      `
      FROM debian
      RUN --mount=size=1g,type=tmpfs,target=/t true
                  ^^^^ mount-syntax: size= is not allowed on a bind mount (tmpfs only); put type= first.
      RUN --mount=type=tmpfs,size=1g,target=/t true
      RUN --mount=type=cache,target=/x,size=1g true
                                       ^^^^ mount-syntax: size= is not allowed on a cache mount (tmpfs only); put type= first.
    `,
      { rules },
    );
  });

  it('checks required against the type seen so far, bare or with a value', () => {
    // parseMount: bare `required` and `required=` both need m.Type to be secret or ssh already.
    check(
      `
      FROM debian
      RUN --mount=required,type=secret,id=s true
                  ^^^^^^^^ mount-syntax: required= is not allowed on a bind mount (secret and ssh only); put
      RUN --mount=type=secret,id=s,required true
      RUN --mount=required=true,type=ssh true
                  ^^^^^^^^ mount-syntax: required= is not allowed on a bind mount (secret and ssh only); put
      RUN --mount=type=ssh,required=true true
      RUN --mount=type=cache,target=/x,required true
                                       ^^^^^^^^ mount-syntax: required= is not allowed on a cache mount (secret and ssh only); put
    `,
      { rules },
    );
  });

  it('rejects a size go-units cannot parse', () => {
    // vendor/github.com/docker/go-units/size.go (RAMInBytes): strconv.ParseFloat, then a suffix of at most
    // three letters: b, or k/m/g/t/p optionally followed by b or ib; negative sizes are invalid.
    check(
      `
      FROM debian
      RUN --mount=type=tmpfs,target=/t,size=lots true
                                            ^^^^ mount-syntax: Invalid value for size: "lots"
      RUN --mount=type=tmpfs,target=/t,size=1gb2 true
                                            ^^^^ mount-syntax: Invalid value for size
      RUN --mount=type=tmpfs,target=/t,size=-1 true
                                            ^^ mount-syntax: Invalid value for size
      RUN --mount=type=tmpfs,target=/t,size=1kk true
                                            ^^^ mount-syntax: Invalid value for size
      RUN --mount=type=tmpfs,target=/t,size=1mibs true
                                            ^^^^^ mount-syntax: Invalid value for size
      RUN --mount=type=tmpfs,target=/t,size=1e400 true
                                            ^^^^^ mount-syntax: Invalid value for size
      RUN --mount=type=tmpfs,target=/t,size= true
                                       ^^^^^ mount-syntax: Invalid value for size: ""
    `,
      { rules },
    );
  });

  it('rejects mode, uid and gid on bind and tmpfs mounts', () => {
    // parseMount: `%s not allowed for %q type mounts` unless the type is secret, ssh or cache.
    check(
      `
      FROM debian
      RUN --mount=type=bind,target=/x,uid=1000 true
                                      ^^^ mount-syntax: uid= is only for cache, secret and ssh mounts; BuildKit rejects it on
      RUN --mount=target=/x,gid=1000 true
                            ^^^ mount-syntax: gid= is only for cache, secret and ssh mounts; BuildKit rejects it on
      RUN --mount=type=tmpfs,target=/x,mode=0700 true
                                       ^^^^ mount-syntax: mode= is only for cache, secret and ssh mounts; BuildKit rejects it
      RUN --mount=type=cache,target=/x,mode=0700,uid=1,gid=1 \\
          --mount=type=secret,id=s,mode=0400,uid=1 \\
          --mount=type=ssh,mode=0600,gid=1 true
    `,
      { rules },
    );
  });

  it('rejects sharing on anything but cache mounts', () => {
    // parseMount: "invalid cache sharing set for %v mount"; for secrets "secret mount should not define sharing".
    check(
      `
      FROM debian
      RUN --mount=type=bind,target=/x,sharing=locked true
                                      ^^^^^^^ mount-syntax: sharing= is only for cache mounts; BuildKit rejects it on this bind
      RUN --mount=type=tmpfs,target=/x,sharing=shared true
                                       ^^^^^^^ mount-syntax: sharing= is only for cache mounts; BuildKit rejects it on this tmpfs
      RUN --mount=type=ssh,sharing=private true
                           ^^^^^^^ mount-syntax: sharing= is only for cache mounts; BuildKit rejects it on this ssh
      RUN --mount=type=secret,id=s,sharing=locked true
                                   ^^^^^^^ mount-syntax: A secret mount cannot define sharing: it applies to cache mounts only.
    `,
      { rules },
    );
  });

  it('checks secret mounts: no from, not both source and id, one of id, source or target', () => {
    // parseMount: "secret mount should not have a from", "both source and id can't be set",
    // "invalid secret mount. one of source, target required" (an id counts too).
    check(
      `
      FROM debian AS base
      FROM debian
      RUN --mount=type=secret,id=s,from=base true
                                   ^^^^ mount-syntax: A secret mount cannot have from: secrets come from the build client.
      RUN --mount=type=secret,source=a,id=b true
                              ^^^^^^ mount-syntax: A secret mount cannot set both source and id: they name the same
      RUN --mount=type=secret,required true
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ mount-syntax: give one of id, source or target
      RUN --mount=type=secret,id=a --mount=type=secret,src=a --mount=type=secret,target=/run/a true
    `,
      { rules },
    );
  });

  it("rejects variables in from ('from' doesn't support variable expansion)", () => {
    // parseMount without an expander: the first "$" of a from value must be its last character; "stage$" then
    // passes parsing and fails as an image reference (BuildKit: 'failed to parse stage name "stage$"').
    check(
      `
      ARG IMAGE=golang
      FROM debian
      RUN --mount=type=bind,from=$IMAGE,target=/src true
                                 ^^^^^^ mount-syntax: from= takes no variables: name an alias stage (FROM \${IMAGE} AS deps)
      RUN --mount=type=bind,from=\${IMAGE},target=/src true
                                 ^^^^^^^^ mount-syntax: from= takes no variables: name an alias stage (FROM \${IMAGE} AS deps)
      RUN --mount=type=bind,from=a$$,target=/src true
                                 ^^^ mount-syntax: from= takes no variables: name an alias stage (FROM \${IMAGE} AS deps)
      RUN --mount=type=bind,from=stage$,target=/src true
                                 ^^^^^^ mount-syntax: from=stage$ is no stage and no valid image (invalid reference format)
    `,
      { rules },
    );
  });
});

describe('mount-syntax: variable expansion (shell/lex.go)', () => {
  it('reports expansion errors on the value', () => {
    // shell/lex.go (processDollar): ${X:?msg}, ${X?}, ${X:?} on an empty value, "bad substitution",
    // "unsupported modifier", and a missing "}". FROM scratch: no base image could define CACHE.
    check(
      `
      FROM scratch
      ARG EMPTY=
      RUN --mount=type=cache,target=\${CACHE:?needed} true
                                    ^^^^^^^^^^^^^^^^ mount-syntax: Variable expansion fails: CACHE: needed
      RUN --mount=type=cache,target=/x,id=\${CACHE?} true
                                          ^^^^^^^^^ mount-syntax: CACHE: is not allowed to be unset
      RUN --mount=type=cache,target=/x,id=\${EMPTY:?} true
                                          ^^^^^^^^^^ mount-syntax: EMPTY: is not allowed to be empty
      RUN --mount=type=cache,target=\${} true
                                    ^^^ mount-syntax: bad substitution
      RUN --mount=type=cache,target=\${CACHE:#x} true
                                    ^^^^^^^^^^^ mount-syntax: unsupported modifier (:#)
      RUN --mount=type=cache,target=\${CACHE true
                                    ^^^^^^^ mount-syntax: Variable expansion fails
    `,
      { rules },
    );
  });

  it('does not judge ${X:?} when the base image may define X, but does for a declared ARG', () => {
    // dockerfile2llb/convert.go: the environment starts with the base image's config, which the linter cannot read.
    check(
      `
      FROM debian
      ARG EMPTY=
      RUN --mount=type=cache,target=\${CACHE:?needed} true
      RUN --mount=type=cache,target=/x,id=\${EMPTY:?} true
                                          ^^^^^^^^^^ mount-syntax: EMPTY: is not allowed to be empty
    `,
      { rules },
    );
  });

  it('checks values after expansion, and skips checks that depend on build-time values', () => {
    // instructions/commands_runmount.go expands each value with the stage's environment before checking it.
    check(
      `
      FROM debian
      ARG MODE=private
      ARG BAD=lockd
      ARG SHARING
      ARG T
      RUN --mount=type=cache,target=/x,sharing=$MODE --mount=type=cache,target=/y,sharing=$BAD true
                                                                                          ^^^^ mount-syntax: Unsupported sharing value "lockd"
      RUN --mount=type=cache,target=/x,sharing=$SHARING,uid=\${UID} \\
          --mount=type=$T,target=/y,size=1g,required true
    `,
      { rules },
    );
  });
});

describe('mount-syntax: targets and stages (dockerfile2llb/convert_runmount.go, convert_ssh.go)', () => {
  it('rejects a target that is "/" as written, or relative and joined to WORKDIR', () => {
    // convert_runmount.go (dispatchRunMounts): an absolute target is kept as written, a relative one is
    // filepath.Join("/", dir, target); then `if target == "/"` fails with "invalid mount target".
    check(
      `
      FROM scratch
      RUN --mount=type=cache,target=/ true
                                    ^ mount-syntax: Invalid mount target "/"
      RUN --mount=type=tmpfs,dst=. true
                                 ^ mount-syntax: Invalid mount target "/"
      WORKDIR /app
      RUN --mount=type=bind,target=.. true
                                   ^^ mount-syntax: Invalid mount target "/"
      RUN --mount=type=cache,target=/tmp/.. --mount=type=cache,target=// --mount=type=cache,target=/. true
      RUN --mount=type=secret,id=s,target=/ --mount=type=ssh,target=/ true
    `,
      { rules },
    );
  });

  it('rejects a missing target when WORKDIR is known to be /', () => {
    // convert_runmount.go: a missing target is filepath.Join("/", dir, ""), the working directory. debian's
    // Dockerfile sets no WORKDIR, so it is "/" (knowledge/images.ts); an unknown image's may be anything.
    check(
      `
      FROM scratch
      RUN --mount=type=cache,id=x true
          ^^^^^^^^^^^^^^^^^^^^^^^ mount-syntax: Without a target the mount goes on the working directory "/", which
      FROM debian
      WORKDIR /
      RUN --mount=type=tmpfs true
          ^^^^^^^^^^^^^^^^^^ mount-syntax: Without a target the mount goes on the working directory "/", which
      WORKDIR /src
      RUN --mount=type=cache true
      FROM debian
      RUN --mount=type=bind true
          ^^^^^^^^^^^^^^^^^ mount-syntax: Without a target the mount goes on the working directory "/", which
      FROM example/app
      RUN --mount=type=bind true
    `,
      { rules },
    );
  });

  it('rejects mounting from the current or a later stage, for every type that takes from', () => {
    // convert_runmount.go: "cannot mount from stage %q to %q, stage needs to be defined before current
    // command", checked before the type; a stage mounting itself is a circular dependency (validations.go).
    check(
      `
      FROM debian AS first
      RUN --mount=type=bind,from=later,target=/x true
                                 ^^^^^ mount-syntax: defined after this RUN
      RUN --mount=type=cache,from=FIRST,target=/x true
                                  ^^^^^ mount-syntax: cannot mount from itself
      RUN --mount=type=tmpfs,from=later,target=/x true
                                  ^^^^^ mount-syntax: defined after this RUN
      RUN --mount=type=ssh,from=later true
                                ^^^^^ mount-syntax: defined after this RUN
      FROM debian AS later
      RUN --mount=type=bind,from=first,target=/x --mount=type=bind,from=alpine:3,target=/y true
    `,
      { rules },
    );
  });

  it('rejects source on ssh mounts', () => {
    // dockerfile2llb/convert_ssh.go (dispatchSSH): "ssh does not support source".
    check(
      `
      FROM debian
      RUN --mount=type=ssh,source=agent true
                           ^^^^^^ mount-syntax: ("ssh does not support source")
      RUN --mount=type=ssh,id=agent,target=/run/agent.sock true
    `,
      { rules },
    );
  });
});

describe('mount-syntax: reporting', () => {
  it('does not cascade from an unknown type into type-dependent checks', () => {
    // parseMount stops at the first error; with the type unknown, size/required/sharing checks cannot be judged.
    check(
      `
      FROM debian
      RUN --mount=type=cahce,target=/x,sharing=locked,uid=1,size=1g true
                       ^^^^^ mount-syntax: Unknown mount type "cahce" (did you mean cache?): use bind, cache,
    `,
      { rules },
    );
  });

  it('reports every independent error of one RUN (BuildKit stops at the first), across continuation lines', () => {
    // parser/parser.go joins the continuation lines; the ranges stay on the physical lines.
    check(
      `
      FROM debian
      RUN --mount=type=cache,trget=/a,sharing=lockd \\
                             ^^^^^ mount-syntax: trget
                                              ^^^^^ mount-syntax: lockd
          --mount=type=tmpfs,target=/t,size=huge \\
                                            ^^^^ mount-syntax: huge
          --mout=x \\
          ^^^^^^ mount-syntax: --mout
          true
    `,
      { rules },
    );
  });

  it('explains options continued on an indented line, which BuildKit cuts off', () => {
    // parser/parser.go keeps the leading whitespace of continuation lines, so the flag ends at the comma and
    // the rest becomes the command; parseMount then rejects the empty last field.
    const [finding] = check(
      `
      FROM debian
      RUN --mount=type=cache,\\
                            ^ mount-syntax: BuildKit rejects the empty option after this trailing comma. The
          target=/var/cache/apt apt-get update
    `,
      { rules },
    );
    assert.equal(finding?.fixes[0]?.preferred, undefined, 'removing the comma is not what the author meant');
  });

  it('reports the same findings with CRLF line endings and a byte order mark', () => {
    // parser/parser.go: scanLines keeps "\r\n", trimNewline drops it; discardBOM drops the byte order mark.
    const source = `
      FROM debian
      RUN --mount=type=cahce,\\
                       ^^^^^ mount-syntax: cahce
      target=/x,sharing=lockd \\
                        ^^^^^ mount-syntax: lockd
          true
    `;
    check(source, { rules, eol: '\r\n' });
    check(source, { rules, bom: true });
  });

  it('maps ranges through quotes, escapes and the backtick escape directive', () => {
    // parser/split_command.go removes quotes and escape characters; parser/parser.go reads `# escape=`.
    check(
      `
      # escape=\`
      FROM example/app
      RUN --mount="type=cahce,target=/a b" \`
                        ^^^^^ mount-syntax: cahce
          --mount=type=cache,sh\`aring=lockd true
                                      ^^^^^ mount-syntax: lockd
    `,
      { rules },
    );
  });
});

// Classes of difference with BuildKit's own parser (scripts/oracle.ts; docs/rules.md "Agreement with BuildKit").
describe('mount-syntax: agreement with BuildKit', () => {
  it('rejects a from= that is neither a stage nor a valid image reference', () => {
    check(
      `
      FROM alpine AS base
      FROM alpine
      RUN --mount=from=Alpine,target=/x true
                       ^^^^^^ mount-syntax: from=Alpine is no stage and no valid image (invalid reference format: repository name (library/Alpine) must be lowercase)
      RUN --mount=from=foo@bar,target=/x true
                       ^^^^^^^ mount-syntax: (invalid reference format)
      RUN --mount=from=BASE,target=/x --mount=from=docker.io/library/alpine:3.20,target=/y --mount=from=localhost:5000/a/b@sha256:0123456789abcdef0123456789abcdef,target=/z true
    `,
      { rules },
    );
  });

  it('accepts an empty from= on a secret mount, and claims nothing a build argument may decide', () => {
    check(
      `
      FROM alpine
      ARG NODEF
      RUN --mount=type=secret,from=,source=/ true
      RUN --mount=type=secret,src=go.mod,id=$NODEF true
      RUN --mount=type=secret,target=\${NODEF}/x true
    `,
      { rules },
    );
    const [finding] = analyze('FROM alpine\nARG NODEF\nRUN --mount=type=secret,id=$NODEF true\n').findings;
    assert.equal(finding?.rule, 'mount-syntax');
    assert.equal(finding?.severity, 'hint');
    assert.match(finding?.message ?? '', /named only by a build argument/);
  });
});

describe('mount-syntax: RUN flags besides --mount (instructions/bflag.go, commands_run{network,security}.go)', () => {
  it('rejects a flag without a value, a single-valued flag given twice, and values BuildKit does not know', () => {
    check(
      `
      FROM alpine
      RUN --network true
          ^^^^^^^^^ mount-syntax: --network has no value, which BuildKit rejects
      RUN --network=host --network=none true
                         ^^^^^^^^^^^^^^ mount-syntax: --network is given twice, which BuildKit rejects
      RUN --network=bridge true
                    ^^^^^^ mount-syntax: Unknown --network value "bridge"
      RUN --security=Insecure true
                     ^^^^^^^^ mount-syntax: Unknown --security value "Insecure": use sandbox or insecure
      RUN --network=none --security=insecure --device=/dev/fuse --device=/dev/kvm true
    `,
      { rules },
    );
  });
});

describe('mount-syntax: a flag inside the command', () => {
  it('reports a --mount= the shell would run as a program, not one that is an argument', () => {
    check(
      `
      FROM gradle:8
      RUN chmod +x gradlew && --mount=type=cache,target=/root/.gradle ./gradlew build
                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ mount-syntax: --mount here is inside the command, so the shell runs it as a program
      RUN echo --mount=type=cache
    `,
      { rules },
    );
  });
});

describe('mount-syntax: a later type= that changes the type', () => {
  it('points the errors it causes at that type=, and says so', () => {
    check(
      `
      FROM alpine
      RUN --mount=type=cache,target=/x,sharing=locked,type=bind true
                                                      ^^^^^^^^^ mount-syntax: This later type=bind drops the earlier type, and sharing= is not allowed
      RUN --mount=type=cache,target=/x,uid=1000,type=tmpfs true
                                                ^^^^^^^^^^ mount-syntax: This later type=tmpfs drops the earlier type, and uid= is not allowed
    `,
      { rules },
    );
  });
});
