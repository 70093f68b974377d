import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../server/src/analysis/model/build';
import { expandWord } from '../../server/src/analysis/model/expand';
import type { DockerfileModel, Mount, MountOption } from '../../server/src/analysis/model/types';
import { dedent, parseFixture } from './fixture';

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

const lookup = (env: Record<string, string | undefined>) => (name: string) =>
  name in env
    ? env[name] === undefined
      ? { status: 'unknown' as const }
      : { status: 'known' as const, value: env[name] }
    : { status: 'undefined' as const };

describe('model: stages', () => {
  it('records names (lower-cased), bases, platforms and parent stages', () => {
    const m = model(`
      ARG GO=1.22
      FROM --platform=$BUILDPLATFORM golang:\${GO} AS Build
      FROM scratch AS empty
      FROM build AS test
      FROM alpine
    `);
    assert.deepEqual(
      m.stages.map((s) => [s.name, s.image.expanded, s.base, s.platform, s.parent?.name]),
      [
        ['build', 'golang:1.22', 'image', '$BUILDPLATFORM', undefined],
        ['empty', 'scratch', 'scratch', undefined, undefined],
        ['test', 'build', 'stage', undefined, 'build'],
        [undefined, 'alpine', 'image', undefined, undefined],
      ],
    );
    assert.equal(m.globalArgs.get('GO')?.value, '1.22');
  });
});

describe('model: variable scope (Dockerfile reference, "ARG" and "ENV")', () => {
  const m = model(`
    ARG VERSION=1
    FROM debian AS base
    ENV CACHE=/var/cache/x
    ARG TARGETPLATFORM
    ARG NAME=app-$VERSION
    RUN echo one
    ARG VERSION
    ARG CACHE=ignored
    RUN echo two
    FROM base
    RUN echo three
  `);
  const [one, two, three] = m.runs;

  it('does not see a global ARG in a stage until it is declared again there', () => {
    assert.equal(one?.scope.lookup('VERSION').status, 'undefined');
    assert.equal(one?.scope.bindings.get('NAME')?.value, 'app-', 'expands to empty before ARG VERSION');
    assert.deepEqual(two?.scope.lookup('VERSION'), { status: 'known', value: '1' });
  });

  it('knows a platform ARG only after ARG NAME, with a value that is only known at build time', () => {
    assert.deepEqual(one?.scope.lookup('TARGETPLATFORM'), { status: 'unknown' });
    assert.equal(one?.scope.bindings.get('TARGETPLATFORM')?.kind, 'platform');
    assert.equal(three?.scope.lookup('TARGETPLATFORM').status, 'undefined');
  });

  it('lets ENV win over an ARG of the same name', () => {
    assert.deepEqual(two?.scope.lookup('CACHE'), { status: 'known', value: '/var/cache/x' });
  });

  it('inherits ENV, not ARG, from a parent stage', () => {
    assert.deepEqual(three?.scope.lookup('CACHE'), { status: 'known', value: '/var/cache/x' });
    assert.equal(
      three?.scope.lookup('NAME').status,
      'maybe-image',
      'not an ARG any more; the image may set it',
    );
  });

  it('says a variable may come from the base image, except on scratch', () => {
    assert.equal(one?.scope.lookup('CARGO_HOME').status, 'maybe-image');
    const scratch = model('FROM scratch\nRUN --mount=type=cache,target=$X true\n');
    assert.equal(scratch.runs[0]?.scope.lookup('X').status, 'undefined');
  });
});

describe('model: WORKDIR and USER', () => {
  it('joins relative WORKDIRs, and knows the default only on scratch', () => {
    const m = model(`
      FROM debian
      RUN echo a
      WORKDIR /app
      WORKDIR src
      RUN echo b
      FROM scratch
      RUN echo c
      FROM debian
      WORKDIR rel
      RUN echo d
      USER 1000:1000
      RUN echo e
    `);
    assert.deepEqual(
      m.runs.map((r) => [r.workdir.value, r.workdir.known]),
      [
        ['/', false],
        ['/app/src', true],
        ['/', true],
        ['/rel', false],
        ['/rel', false],
      ],
    );
    assert.deepEqual(
      m.runs.map((r) => [r.user.value, r.user.known]),
      [
        ['root', false],
        ['root', false],
        ['root', true],
        ['root', false],
        ['1000:1000', true],
      ],
    );
  });
});

describe('model: mount options and ranges', () => {
  it('gives each key and value its exact range, across a continuation line', () => {
    // Continuation lines keep their leading whitespace (parser.go), so an option continued on the next
    // line must start in column 0, or the space ends the flag.
    const fixture = parseFixture(`
      FROM debian
      RUN --mount=type=cache,\\
                  ^^^^
                       ^^^^^
        # a comment inside the continuation
      target=/x \\
      ^^^^^^
             ^^
          true
    `);
    const mount = mounts(buildModel(fixture.text))[0];
    const [typeKey, typeValue, targetKey, targetValue] = fixture.expected.map((e) => e.range);
    assert.deepEqual(option(mount, 'type').keyRange, typeKey);
    assert.deepEqual(option(mount, 'type').valueRange, typeValue);
    assert.deepEqual(option(mount, 'target').keyRange, targetKey);
    assert.deepEqual(option(mount, 'target').valueRange, targetValue);
  });

  it('ends a flag at the leading whitespace of a continuation line', () => {
    const m = model(`
      FROM debian
      RUN --mount=type=cache,\\
          target=/x true
    `);
    const mount = mounts(m)[0];
    assert.equal(mount?.flag.value?.text, 'type=cache,');
    assert.match(m.runs[0]?.command.text ?? '', /^target=\/x true/);
  });

  it('maps ranges through quotes and escapes, and with the backtick escape', () => {
    const fixture = parseFixture(`
      # escape=\`
      FROM debian
      RUN --mount="type=cache,target=/a b" \`
                                     ^^^^
          --mount=type=cache,target=C:\\x\` y true
                                    ^^^^^^^
    `);
    const [first, second] = mounts(buildModel(fixture.text));
    assert.equal(option(first, 'target').value?.text, '/a b');
    assert.deepEqual(option(first, 'target').valueRange, fixture.expected[0]?.range);
    assert.equal(option(second, 'target').value?.text, 'C:\\x y');
    assert.deepEqual(option(second, 'target').valueRange, fixture.expected[1]?.range);
  });

  it('lower-cases keys and maps aliases', () => {
    const mount = mounts(model('FROM debian\nRUN --mount=TYPE=cache,Dst=/x,RO true\n'))[0];
    assert.deepEqual(
      mount?.options.map((o) => [o.key, o.canonical, o.value?.text]),
      [
        ['type', 'type', 'cache'],
        ['dst', 'target', '/x'],
        ['ro', 'readonly', undefined],
      ],
    );
  });

  it('does not read flags or mounts from heredoc bodies', () => {
    const m = model(
      'FROM debian\nRUN --mount=type=cache,target=/a <<EOF\n--mount=type=cache,target=/b\nEOF\n',
    );
    assert.deepEqual(
      mounts(m).map((x) => x.effective.target?.written),
      ['/a'],
    );
  });
});

// dockerfile2llb/convert_runmount.go: CacheID defaults to path.Clean(Target) as written, before the
// target is joined to the working directory; an empty id is the same as none.
describe('model: the effective mount (convert_runmount.go)', () => {
  const m = model(`
    FROM debian
    WORKDIR /app
    ARG TARGETPLATFORM
    ARG EMPTY=
    RUN --mount=type=cache,target=./target/ \\
        --mount=type=cache,target=/root/.cache,id=pip-\${TARGETPLATFORM} \\
        --mount=type=cache,target=/x,id=\${EMPTY} \\
        --mount=type=cache,target=/y,sharing=LOCKED,sharing=private \\
        --mount=target=/z \\
        true
  `);
  const [relative, scoped, empty, twice, bind] = mounts(m);

  it('defaults the id to the cleaned target as written, and joins the target to WORKDIR', () => {
    assert.deepEqual(relative?.effective.id, { value: 'target', complete: true, implied: true });
    assert.equal(relative?.effective.target?.absolute, '/app/target');
    assert.equal(relative?.effective.target?.complete, true);
  });

  it('keeps build-time parts of an id marked as incomplete', () => {
    assert.equal(scoped?.effective.id.value, 'pip-${TARGETPLATFORM}');
    assert.equal(scoped?.effective.id.complete, false);
    assert.equal(scoped?.effective.id.implied, false);
  });

  it('falls back to the target when the id expands to nothing', () => {
    assert.equal(empty?.effective.id.value, '/x');
    assert.equal(empty?.effective.id.implied, true);
  });

  it('takes the last value of a repeated key, lower-cased for sharing, shared by default', () => {
    assert.equal(twice?.effective.sharing.value, 'private');
    assert.deepEqual(relative?.effective.sharing, { value: 'shared', implied: true });
    assert.equal(bind?.effective.type, 'bind');
  });
});

describe('model: word expansion (shell/lex.go)', () => {
  it('supports defaults, alternatives and pattern removal', () => {
    const env = lookup({ A: 'hello/world.tar.gz', EMPTY: '', B: undefined });
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
      ['${A/o/0}', 'hell0/world.tar.gz'],
      ['${A//o/0}', 'hell0/w0rld.tar.gz'],
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
    assert.match(expandWord('${EMPTY:?}', env).error?.message ?? '', /is not allowed to be empty/);
    assert.match(expandWord('${A', env).error?.message ?? '', /missing '}'/);
    assert.match(expandWord('${}', env).error?.message ?? '', /bad substitution/);
    assert.match(expandWord('${A:#x}', env).error?.message ?? '', /unsupported modifier/);
    assert.match(expandWord("'open", env).error?.message ?? '', /single-quote/);
  });

  it('never backtracks catastrophically on patterns', () => {
    const value = 'a'.repeat(3000);
    const started = Date.now();
    expandWord('${A//*a*a*a*a*b/x}', lookup({ A: value }));
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

describe('model: robustness', () => {
  it('returns an empty model for text that is not a Dockerfile', () => {
    for (const text of [
      '',
      '\u0000\u0001binary',
      'RUN --mount=type=cache,target=/x before any FROM',
      '\\\n\\\n',
    ]) {
      const m = buildModel(text);
      assert.ok(Array.isArray(m.runs));
    }
  });
});
