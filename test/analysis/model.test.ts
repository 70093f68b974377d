import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../server/src/analysis/model/build';
import type { Lookup } from '../../server/src/analysis/syntax/expand';
import { expandWord } from '../../server/src/analysis/syntax/expand';
import type { DockerfileModel, Mount, MountOption } from '../../server/src/analysis/model/types';
import type { Range } from '../../server/src/analysis/types';
import { dedent, parseFixture } from './fixture';
import { LineIndex } from '../../server/src/analysis/syntax/lineIndex';

/**
 * The semantic model: what BuildKit would make of each RUN's mounts. BuildKit sources followed:
 * dockerfile2llb/convert.go (stages, ARG, ENV, WORKDIR, USER), dockerfile2llb/convert_runmount.go (the
 * effective mount), instructions/commands_runmount.go (options), shell/lex.go (expansion).
 */
function model(source: string): DockerfileModel {
  return buildModel(dedent(source));
}

function mounts(m: DockerfileModel): Mount[] {
  return m.runs.flatMap((r) => r.mounts);
}

function option(mount: Mount | undefined, key: string): MountOption {
  const found = mount?.options.find((o) => o.key === key);
  assert.ok(found, `no option ${key}`);
  return found;
}

/**
 * Ranges marked in a fixture, by label: the marker's rule-id slot names the range (`^^^^ type-key`).
 * Returns the model of the fixture's text and the labelled ranges.
 */
function marked(source: string): { model: DockerfileModel; at: (label: string) => Range } {
  const fixture = parseFixture(source);
  const labels = new Map(fixture.markers.map((m) => [m.rule ?? '', m.range]));
  return {
    model: buildModel(fixture.text),
    at: (label) => {
      const range = labels.get(label);
      assert.ok(range, `no marker labelled ${label}`);
      return range;
    },
  };
}

const lookup =
  (env: Record<string, string | undefined>): Lookup =>
  (name) =>
    name in env
      ? env[name] === undefined
        ? { status: 'unknown' }
        : { status: 'known', value: env[name] }
      : { status: 'undefined' };

describe('model: stages', () => {
  it('records names (lower-cased), bases, platforms and parent stages', () => {
    // dockerfile2llb/convert.go: stage names are matched lower-cased (findStateByName); FROM expands global ARGs.
    const m = model(`
      ARG GO=1.22
      FROM --platform=$BUILDPLATFORM golang:\${GO} AS Build
      FROM scratch AS empty
      FROM build AS test
      FROM alpine
      FROM EMPTY
    `);
    assert.deepEqual(
      m.stages.map((s) => [s.name, s.image.expanded, s.base, s.platform, s.parent?.name]),
      [
        ['build', 'golang:1.22', 'image', '$BUILDPLATFORM', undefined],
        ['empty', 'scratch', 'scratch', undefined, undefined],
        ['test', 'build', 'stage', undefined, 'build'],
        [undefined, 'alpine', 'image', undefined, undefined],
        [undefined, 'EMPTY', 'stage', undefined, 'empty'],
      ],
    );
    assert.equal(m.globalArgs.get('GO')?.value, '1.22');
    assert.equal(m.multiPlatform, true);
  });
});

describe('model: variable scope', () => {
  it('does not see a global ARG in a stage until the stage declares it again', () => {
    // Dockerfile reference "Understand how ARG and FROM interact"; dockerfile2llb/convert.go dispatchArg
    // takes the global value for an ARG without one.
    const m = model(`
      ARG VERSION=1
      FROM debian
      ARG NAME=app-$VERSION
      RUN echo one
      ARG VERSION
      ARG LATER=app-$VERSION
      RUN echo two
    `);
    const [one, two] = m.runs;
    assert.equal(one?.scope.lookup('VERSION').status, 'undefined', 'a global ARG is not in the stage');
    assert.equal(one?.scope.bindings.get('NAME')?.value, 'app-', 'it expands to nothing before ARG VERSION');
    assert.deepEqual(two?.scope.lookup('VERSION'), { status: 'known', value: '1' });
    assert.equal(two?.scope.bindings.get('LATER')?.value, 'app-1');
  });

  it('makes a platform ARG visible only after ARG TARGETPLATFORM, with a build-time value', () => {
    // Dockerfile reference "Automatic platform ARGs in the global scope".
    const m = model(`
      FROM debian
      RUN echo before
      ARG TARGETPLATFORM
      RUN echo after
      FROM debian
      RUN echo other
    `);
    const [before, after, other] = m.runs;
    assert.equal(before?.scope.lookup('TARGETPLATFORM').status, 'undefined');
    assert.deepEqual(after?.scope.lookup('TARGETPLATFORM'), { status: 'unknown' });
    assert.equal(after?.scope.bindings.get('TARGETPLATFORM')?.kind, 'platform');
    assert.equal(other?.scope.lookup('TARGETPLATFORM').status, 'undefined', 'another stage must declare it');
  });

  it('lets a later ENV override an ARG, and an ARG without a value keep an earlier ENV', () => {
    // Dockerfile reference "Using ARG variables": ENV overrides ARG from its point of definition.
    const m = model(`
      FROM debian
      ARG CACHE=/from/arg
      ENV CACHE=/from/env
      ARG CACHE
      RUN echo one
    `);
    assert.deepEqual(m.runs[0]?.scope.lookup('CACHE'), { status: 'known', value: '/from/env' });
    assert.equal(m.runs[0]?.scope.bindings.get('CACHE')?.kind, 'env');
  });

  it('lets an ARG with a value replace an earlier ENV, as BuildKit does', () => {
    // dockerfile2llb/convert.go dispatchArg: `d.state = d.state.AddEnv(arg.Key, *arg.Value)` replaces the
    // ENV of the same name (client/llb/meta.go: AddOrReplace) whenever the ARG has a value, its own default
    // or the global one.
    const m = model(`
      ARG GLOBAL=/from/global
      FROM debian
      ENV CACHE=/from/env GLOBAL=/from/env
      ARG CACHE=/from/arg
      ARG GLOBAL
      RUN echo one
    `);
    assert.deepEqual(m.runs[0]?.scope.lookup('CACHE'), { status: 'known', value: '/from/arg' });
    assert.deepEqual(m.runs[0]?.scope.lookup('GLOBAL'), { status: 'known', value: '/from/global' });
  });

  it('inherits ENV and ARG from the parent stage, and nothing from other stages', () => {
    // dockerfile2llb/convert.go dispatchState.init: a stage FROM another starts with `ds.state =
    // ds.base.state` (its environment, ARG values included) and appends the base's buildArgs.
    const m = model(`
      FROM debian AS base
      ENV CACHE=/var/cache/x
      ARG TARGETARCH
      ARG NAME=app
      FROM base
      RUN echo child
      FROM debian
      RUN echo unrelated
    `);
    const [child, unrelated] = m.runs;
    assert.deepEqual(child?.scope.lookup('CACHE'), { status: 'known', value: '/var/cache/x' });
    assert.deepEqual(child?.scope.lookup('NAME'), { status: 'known', value: 'app' });
    assert.deepEqual(child?.scope.lookup('TARGETARCH'), { status: 'unknown' });
    assert.equal(unrelated?.scope.lookup('CACHE').status, 'maybe-image');
    assert.equal(unrelated?.scope.lookup('TARGETARCH').status, 'undefined');
  });

  it('says a variable may come from the base image, except on scratch; knows some official images', () => {
    // dockerfile2llb/convert.go: the environment starts with the base image's config Env.
    const m = model(`
      FROM debian
      RUN echo a
      FROM scratch
      RUN echo b
      FROM rust:1.83
      RUN echo c
    `);
    const [image, scratch, rust] = m.runs;
    assert.equal(image?.scope.lookup('CARGO_HOME').status, 'maybe-image');
    assert.equal(scratch?.scope.lookup('CARGO_HOME').status, 'undefined');
    assert.deepEqual(rust?.scope.lookup('CARGO_HOME'), { status: 'known', value: '/usr/local/cargo' });
  });
});

describe('model: WORKDIR and USER', () => {
  it('joins relative WORKDIRs, knows the default on scratch and official images without WORKDIR, and inherits', () => {
    // dockerfile2llb/convert.go dispatchWorkdir: system.NormalizeWorkdir joins a relative path to the current
    // one; an image's config may set its own WorkingDir (debian's sets none; example/app's is unknown).
    const m = model(`
      FROM example/app
      RUN echo a
      WORKDIR /app
      WORKDIR src
      RUN echo b
      FROM scratch AS s
      RUN echo c
      WORKDIR ../x/./y/
      RUN echo d
      FROM s
      RUN echo e
      FROM debian
      WORKDIR rel
      RUN echo f
      FROM example/app
      WORKDIR rel
      RUN echo h
      ARG DIR=/opt
      WORKDIR $DIR/app
      RUN echo g
    `);
    assert.deepEqual(
      m.runs.map((r) => [r.workdir.value, r.workdir.known]),
      [
        ['/', false],
        ['/app/src', true],
        ['/', true],
        ['/x/y', true],
        ['/x/y', true],
        ['/rel', true],
        ['/rel', false],
        ['/opt/app', true],
      ],
    );
  });

  it('records USER, known only when set in the Dockerfile or on scratch', () => {
    // dockerfile2llb/convert.go: USER comes from the image config unless the Dockerfile sets it.
    const m = model(`
      FROM debian
      RUN echo a
      USER 1000:1000
      RUN echo b
      FROM scratch
      RUN echo c
      FROM debian
      ARG WHO=app
      USER $WHO
      RUN echo d
    `);
    assert.deepEqual(
      m.runs.map((r) => [r.user.value, r.user.known]),
      [
        ['root', false],
        ['1000:1000', true],
        ['root', true],
        ['app', true],
      ],
    );
  });
});

describe('model: mount options and their ranges', () => {
  it('gives each key and value its exact range, across continuation lines with a comment inside', () => {
    // parser/parser.go: continuation lines keep their leading whitespace and comment lines are dropped, so a
    // continued option must start in column 0 to stay in the flag.
    const { model: m, at } = marked(`
      FROM debian
      RUN --mount=type=cache,\\
                  ^^^^ type-key
                       ^^^^^ type-value
        # a comment inside the continuation
      target=/x,\\
      ^^^^^^ target-key
             ^^ target-value
      id=a b
      ^^ id-key
         ^ id-value
    `);
    const mount = mounts(m)[0];
    assert.deepEqual(option(mount, 'type').keyRange, at('type-key'));
    assert.deepEqual(option(mount, 'type').valueRange, at('type-value'));
    assert.deepEqual(option(mount, 'target').keyRange, at('target-key'));
    assert.deepEqual(option(mount, 'target').valueRange, at('target-value'));
    assert.deepEqual(option(mount, 'id').keyRange, at('id-key'));
    assert.deepEqual(option(mount, 'id').valueRange, at('id-value'));
    assert.equal(m.runs[0]?.command.text, 'b');
  });

  it('ends a flag at the leading whitespace of a continuation line', () => {
    // parser/parser.go keeps the spaces; parser/split_command.go ends the word there.
    const m = model(`
      FROM debian
      RUN --mount=type=cache,\\
          target=/x true
    `);
    assert.equal(mounts(m)[0]?.flag.value?.text, 'type=cache,');
    assert.match(m.runs[0]?.command.text ?? '', /^target=\/x true/);
  });

  it('maps ranges through quotes and escapes, and with the backtick escape directive', () => {
    // parser/split_command.go removes quotes and escape characters; parser/parser.go reads `# escape=`.
    const { model: m, at } = marked(`
      # escape=\`
      FROM debian
      RUN --mount="type=cache,target=/a b" \`
                                     ^^^^ first
          --mount=type=cache,target=C:\\x\` y,"id"=z \`
                                    ^^^^^^^ second
                                             ^^ id-key
      --mount=type=cache,\`
      target=/c true
             ^^ third
    `);
    const [first, second, third] = mounts(m);
    assert.equal(option(first, 'target').value?.text, '/a b');
    assert.deepEqual(option(first, 'target').valueRange, at('first'));
    assert.equal(option(second, 'target').value?.text, 'C:\\x y');
    assert.deepEqual(option(second, 'target').valueRange, at('second'));
    assert.deepEqual(option(second, 'id').keyRange, at('id-key'));
    assert.deepEqual(option(third, 'target').valueRange, at('third'));
  });

  it('keeps ranges the same with CRLF line endings and a byte order mark', () => {
    // parser/parser.go: trimNewline and discardBOM; LSP positions do not count either.
    const source = 'FROM debian\nRUN --mount=type=cache,\\\ntarget=/x true\n';
    const plain = option(mounts(buildModel(source))[0], 'target').valueRange;
    const crlf = option(mounts(buildModel(source.replace(/\n/g, '\r\n')))[0], 'target').valueRange;
    const bom = option(mounts(buildModel('\uFEFF' + source))[0], 'target').valueRange;
    assert.deepEqual(plain, { start: { line: 2, character: 7 }, end: { line: 2, character: 9 } });
    assert.deepEqual(crlf, plain);
    assert.deepEqual(bom, plain);
  });

  it('lower-cases keys and maps aliases to canonical keys', () => {
    // instructions/commands_runmount.go: strings.ToLower(key), and the alias cases of its switch.
    const mount = mounts(
      model('FROM debian\nRUN --mount=TYPE=cache,Dst=/x,RO,src=a,destination=/y true\n'),
    )[0];
    assert.deepEqual(
      mount?.options.map((o) => [o.key, o.canonical, o.value?.text]),
      [
        ['type', 'type', 'cache'],
        ['dst', 'target', '/x'],
        ['ro', 'readonly', undefined],
        ['src', 'source', 'a'],
        ['destination', 'target', '/y'],
      ],
    );
  });

  it('does not read flags or mounts from heredoc bodies', () => {
    // parser/parser.go: heredoc bodies are attached to the instruction, not part of its line.
    const m = model(
      'FROM debian\nRUN --mount=type=cache,target=/a <<EOF\n--mount=type=cache,target=/b\nEOF\n',
    );
    assert.deepEqual(
      mounts(m).map((x) => x.effective.target?.written),
      ['/a'],
    );
  });
});

describe('model: the effective mount (dockerfile2llb/convert_runmount.go)', () => {
  // dispatchRunMounts: `if mount.CacheID == "" { mount.CacheID = path.Clean(mount.Target) }` uses the target
  // as written (after expansion), before a relative target is joined to the working directory.
  const m = model(`
    FROM debian
    WORKDIR /app
    ARG TARGETPLATFORM
    ARG EMPTY=
    ENV NPM=/root/.npm
    RUN --mount=type=cache,target=./target/ \\
        --mount=type=cache,target=/root/.cache,id=pip-\${TARGETPLATFORM} \\
        --mount=type=cache,target=/x,id=\${EMPTY} \\
        --mount=type=cache,target=/y,sharing=LOCKED,sharing=private \\
        --mount=target=/z \\
        --mount=type=cache,target=$NPM,id=npm \\
        --mount=type=cache,dst=/var/cache//apt/ \\
        --mount=type=cache \\
        --mount=type=cache,target=$UNKNOWN/x \\
        true
  `);
  const [relative, scoped, empty, twice, bind, explicit, unclean, missing, unknown] = mounts(m);

  it('defaults the id to path.Clean(target as written), and joins a relative target to WORKDIR', () => {
    assert.deepEqual(relative?.effective.id, { value: 'target', complete: true, implied: true });
    assert.equal(relative?.effective.target?.written, './target/');
    assert.equal(relative?.effective.target?.absolute, '/app/target');
    assert.equal(relative?.effective.target?.complete, true);
    assert.equal(unclean?.effective.id.value, '/var/cache/apt');
  });

  it('uses an explicit id as written, expanded', () => {
    assert.deepEqual(
      [explicit?.effective.id.value, explicit?.effective.id.implied, explicit?.effective.target?.absolute],
      ['npm', false, '/root/.npm'],
    );
  });

  it('gives a mount without target the id "." and no target', () => {
    assert.equal(missing?.effective.target, undefined);
    assert.deepEqual(missing?.effective.id, { value: '.', complete: true, implied: true });
  });

  it('keeps build-time parts of an id or a target and marks them incomplete', () => {
    assert.equal(scoped?.effective.id.value, 'pip-${TARGETPLATFORM}');
    assert.equal(scoped?.effective.id.complete, false);
    assert.equal(scoped?.effective.id.implied, false);
    assert.equal(unknown?.effective.target?.complete, false);
    assert.equal(unknown?.effective.id.complete, false);
  });

  it('falls back to the target when the id expands to nothing', () => {
    assert.equal(empty?.effective.id.value, '/x');
    assert.equal(empty?.effective.id.implied, true);
  });

  it('takes the last value of a repeated key, lower-cases sharing, and defaults to shared and bind', () => {
    // instructions/commands_runmount.go: later fields overwrite earlier ones; the sharing value is lower-cased.
    assert.equal(twice?.effective.sharing.value, 'private');
    assert.deepEqual(relative?.effective.sharing, { value: 'shared', implied: true });
    assert.equal(bind?.effective.type, 'bind');
  });
});

describe('model: word expansion (shell/lex.go)', () => {
  it('supports defaults, alternatives, pattern removal and replacement', () => {
    const env = lookup({ A: 'hello/world.tar.gz', EMPTY: '', B: undefined, BR: 'a[b]c' });
    const cases: Array<[string, string]> = [
      ['$A', 'hello/world.tar.gz'],
      ['${A}', 'hello/world.tar.gz'],
      ['${UNSET:-d}', 'd'],
      ['${EMPTY:-d}', 'd'],
      ['${EMPTY-d}', ''],
      ['${A:+set}', 'set'],
      ['${UNSET+set}', ''],
      ['${A#*/}', 'world.tar.gz'],
      ['${A%.*}', 'hello/world.tar'],
      ['${A%%.*}', 'hello/world'],
      ['${A##*.}', 'gz'],
      ['${A#hello?}', 'world.tar.gz'],
      ['${A/o/0}', 'hell0/world.tar.gz'],
      ['${A//o/0}', 'hell0/w0rld.tar.gz'],
      // No bracket expressions: lex.go's convertShellPatternToRegex escapes "[" and "]".
      ['${BR#a[b]}', 'c'],
      ['${A#[a-z]}', 'hello/world.tar.gz'],
      ["'$A'", '$A'],
      ['"$A"', 'hello/world.tar.gz'],
      ['\\$A', '$A'],
      ['$', '$'],
      ['x$UNSET-y', 'x-y'],
    ];
    for (const [input, expected] of cases) {
      const result = expandWord(input, env);
      assert.equal(result.value, expected, input);
      assert.equal(result.complete, true, input);
    }
  });

  it('keeps values only known at build time as written and marks the result incomplete', () => {
    const result = expandWord('cargo-${B}-$B-${B:-x}', lookup({ B: undefined }));
    assert.deepEqual([result.value, result.complete], ['cargo-${B}-$B-${B:-x}', false]);
    assert.deepEqual(
      result.references.map((r) => [r.name, r.status, r.start, r.end]),
      [
        ['B', 'unknown', 6, 10],
        ['B', 'unknown', 11, 13],
        ['B', 'unknown', 14, 21],
      ],
    );
  });

  it("reports BuildKit's expansion errors instead of throwing", () => {
    const env = lookup({ EMPTY: '' });
    assert.match(expandWord('${UNSET:?needed}', env).error?.message ?? '', /UNSET: needed/);
    assert.match(expandWord('${UNSET?}', env).error?.message ?? '', /is not allowed to be unset/);
    assert.match(expandWord('${EMPTY:?}', env).error?.message ?? '', /is not allowed to be empty/);
    assert.match(expandWord('${A', env).error?.message ?? '', /missing '}'/);
    assert.match(expandWord('${}', env).error?.message ?? '', /bad substitution/);
    assert.match(expandWord('${A:#x}', env).error?.message ?? '', /unsupported modifier/);
    assert.match(expandWord('${A/x}', env).error?.message ?? '', /missing '\/' in \$\{\}/);
    assert.match(expandWord("'open", env).error?.message ?? '', /single-quote/);
  });

  it('expands with the backtick as escape character when the escape directive sets it', () => {
    assert.equal(expandWord('`$A-\\x', lookup({ A: 'a' }), '`').value, '$A-\\x');
  });

  it('never backtracks catastrophically on patterns', () => {
    const value = 'a'.repeat(3000);
    const started = Date.now();
    expandWord('${A//*a*a*a*a*b/x}', lookup({ A: value }));
    expandWord('${A%%*a*a*a*a*b}', lookup({ A: value }));
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

describe('model: robustness', () => {
  it('returns a model, without throwing, for text that is not a Dockerfile', () => {
    for (const text of [
      '',
      '\u0000\u0001binary',
      'RUN --mount=type=cache,target=/x before any FROM',
      '\\\n\\\n',
      'FROM a\nRUN --mount=',
      'FROM a\nRUN --mount="unterminated',
    ]) {
      const m = buildModel(text);
      assert.ok(Array.isArray(m.runs));
    }
  });
});

describe('LineIndex', () => {
  it('gives every offset its line and character, whatever order positions are asked in', () => {
    // positionAt keeps the line it found last and tries it (and the next) first: asked backwards, forwards
    // and at random, the answers must be what splitting the text gives.
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 0; round < 500; round++) {
      let text = '';
      for (let i = next(60); i > 0; i--) text += ['a', '\n', '\r', 'b'][next(4)];
      const lines = new LineIndex(text);
      const offsets = [...Array(text.length + 3).keys()].map((i) => i - 1);
      for (const offset of [
        ...offsets,
        ...offsets.reverse(),
        ...offsets.map(() => next(text.length + 4) - 2),
      ]) {
        const clamped = Math.max(0, Math.min(offset, text.length));
        const before = text.slice(0, clamped).split('\n');
        const expected = { line: before.length - 1, character: (before.at(-1) ?? '').length };
        assert.deepEqual(lines.positionAt(offset), expected, `${JSON.stringify(text)} at ${offset}`);
      }
    }
  });
});
