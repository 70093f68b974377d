import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { isGenericId } from '../../server/src/analysis/rules/idProjectScope';
import { applyEdits, applyFix, check, dedent } from './fixture';

describe('id-undefined-variable', () => {
  it('reports platform and global ARGs used in a stage that does not declare them', () => {
    check(
      `
      ARG APP=shop
      FROM --platform=$BUILDPLATFORM rust:1 AS build
      RUN --mount=type=cache,target=/app/target,id=cargo-\${TARGETPLATFORM} \\
                                                         ^^^^^^^^^^^^^^^^^ id-undefined-variable: $TARGETPLATFORM is empty in this stage, so id is "cargo-": declare
          --mount=type=cache,target=/root/.cache/$APP cargo build
                                                 ^^^^ id-undefined-variable: $APP is empty in this stage, so target is "/root/.cache/": declare
    `,
      { only: ['id-undefined-variable'] },
    );
  });

  it('is quiet once the stage declares them, and for variables the base image may set', () => {
    check(
      `
      ARG APP=shop
      FROM rust:1 AS build
      ARG TARGETPLATFORM
      ARG APP
      ENV CACHE=/c
      RUN --mount=type=cache,target=/app/target,id=cargo-\${TARGETPLATFORM}-$APP \\
          --mount=type=cache,target=$CARGO_HOME/registry,source=$SOMETHING_FROM_IMAGE \\
          --mount=type=cache,target=\${CACHE:-/x} cargo build
    `,
      { only: ['id-undefined-variable'] },
    );
  });

  it('suggests the variable meant by a typo', () => {
    const source = `
      FROM debian
      ARG TARGETARCH
      RUN --mount=type=cache,target=/x,id=x-$TARGETARC true
                                            ^^^^^^^^^^ id-undefined-variable: did you mean $TARGETARCH?
    `;
    check(source, { only: ['id-undefined-variable'] });
    assert.match(applyFix(source, 'id-undefined-variable', 'Change to TARGETARCH'), /id=x-\$TARGETARCH true/);
  });

  it('declares the ARG after FROM and the ARGs that follow it, only in the affected stage', () => {
    const source = dedent(`
      FROM debian AS one
      RUN --mount=type=cache,target=/x true
      FROM rust AS two
      ARG VERSION=1
      RUN --mount=type=cache,target=/app/target,id=t-$TARGETARCH cargo build
      ARG LATER
    `);
    const fixed = applyFix(source, 'id-undefined-variable', 'Declare ARG TARGETARCH in this stage');
    assert.equal(fixed, source.replace('ARG VERSION=1\n', 'ARG VERSION=1\nARG TARGETARCH\n'));
    // Applied twice: the second time there is nothing left to fix.
    assert.deepEqual(
      analyze(fixed).findings.filter((f) => f.rule === 'id-undefined-variable'),
      [],
    );
  });

  it('keeps CRLF and the backtick escape when declaring', () => {
    const source =
      '# escape=`\r\nFROM debian\r\nRUN --mount=type=cache,target=/x,id=a-$TARGETOS `\r\n    true\r\n';
    const [finding] = analyze(source).findings.filter((f) => f.rule === 'id-undefined-variable');
    assert.ok(finding);
    const fixed = applyEdits(source, finding.fixes[0]?.edits ?? []);
    assert.equal(
      fixed,
      '# escape=`\r\nFROM debian\r\nARG TARGETOS\r\nRUN --mount=type=cache,target=/x,id=a-$TARGETOS `\r\n    true\r\n',
    );
  });
  it('calls a fix safe only where the mount does not change: in an option a later one overrides', () => {
    const safetyOf = (run: string): string[] =>
      analyze(`ARG DIR=/go\nFROM golang\nARG TARGETARCH\n${run}\n`)
        .findings.filter((f) => f.rule === 'id-undefined-variable')
        .flatMap((f) =>
          f.fixes.map((fix) => `${fix.title}: ${fix.safety}${fix.preferred ? ', preferred' : ''}`),
        );
    // The id names its own cache, but the target moves: the tool may no longer find its cache there.
    assert.deepEqual(safetyOf('RUN --mount=type=cache,id=gomod,target=${DIR}/pkg/mod go build'), [
      'Declare ARG DIR in this stage: unsafe',
    ]);
    // BuildKit reads the first target and drops it for the second: declaring DIR changes nothing.
    assert.deepEqual(safetyOf('RUN --mount=type=cache,id=gomod,target=${DIR}/pkg,target=/go/pkg go build'), [
      'Declare ARG DIR in this stage: safe, preferred',
    ]);
    // The id is the target: declaring DIR gives the mount another cache.
    assert.deepEqual(safetyOf('RUN --mount=type=cache,target=${DIR}/pkg/mod go build'), [
      'Declare ARG DIR in this stage: unsafe',
    ]);
    assert.deepEqual(
      safetyOf('RUN --mount=type=cache,id=gomod-${TARGETPLATFORM},target=/go/pkg/mod go build'),
      ['Declare ARG TARGETPLATFORM in this stage: unsafe'],
    );
    assert.deepEqual(safetyOf('RUN --mount=type=cache,id=gomod-$TARGETARC,target=/go/pkg/mod go build'), [
      'Change to TARGETARCH: unsafe',
    ]);
    // The source decides what the mount holds.
    assert.deepEqual(safetyOf('RUN --mount=type=bind,source=${DIR}/src,target=/src go build'), [
      'Declare ARG DIR in this stage: unsafe',
    ]);
  });
});

describe('id-platform-scope', () => {
  const multi = 'FROM --platform=$BUILDPLATFORM rust:1 AS build';

  it('warns on platform-specific caches whose id ignores the platform, in multi-platform files', () => {
    check(
      `
      ${multi}
      WORKDIR /app
      RUN --mount=type=cache,target=/app/target cargo build --release
                             ^^^^^^^^^^^^^^^^^^ id-platform-scope: cargo's Cargo build output (target/) differs per platform, but the
      RUN --mount=type=cache,target=/app/target,id=shop-target cargo build
                                                ^^^^^^^^^^^^^^ id-platform-scope: id "shop-target"
      RUN --mount=type=cache,target=/usr/local/rustup rustup target add x
                             ^^^^^^^^^^^^^^^^^^^^^^^^ id-platform-scope
    `.replace(/^ {6}/m, ''),
      { only: ['id-platform-scope'] },
    );
  });

  it('is quiet for caches keyed by platform, platform-independent caches, and single-platform files', () => {
    check(
      `
      FROM --platform=$BUILDPLATFORM golang:1.22
      ARG TARGETARCH
      RUN --mount=type=cache,target=/root/.cache/go-build \\
          --mount=type=cache,target=/go/pkg/mod \\
          --mount=type=cache,target=/root/.npm \\
          --mount=type=cache,target=/app/target,id=t-$TARGETARCH cargo build
    `,
      { only: ['id-platform-scope'] },
    );
    check('FROM rust\nRUN --mount=type=cache,target=/app/target cargo build\n', {
      only: ['id-platform-scope'],
      multiPlatform: 'never',
    });
    check('FROM rust\nRUN --mount=type=cache,target=/app/target cargo build\n', {
      only: ['id-platform-scope'],
      builds: { platforms: 'single' },
    });
  });

  it('is a hint that says "if" where nothing says how the file is built, a warning where a build definition does', () => {
    const [hint] = check(
      `
      FROM rust
      RUN --mount=type=cache,target=/app/target cargo build
                             ^^^^^^^^^^^^^^^^^^ id-platform-scope: If built for several platforms, the default id "/app/target" mixes their cargo caches
    `,
      { only: ['id-platform-scope'] },
    );
    assert.equal(hint?.severity, 'hint');
    const [warning] = check(
      `
      FROM rust
      RUN --mount=type=cache,target=/app/target cargo build
                             ^^^^^^^^^^^^^^^^^^ id-platform-scope: cargo's Cargo build output (target/) differs per platform
    `,
      { only: ['id-platform-scope'], builds: { platforms: 'multi' } },
    );
    assert.equal(warning?.severity, 'warning');
  });

  it('scopes a default id by ${TARGETPLATFORM}, keeping its meaning, and declares the ARG', () => {
    const source = `${multi}\nRUN --mount=type=cache,target=/app/target cargo build\n`;
    const fixed = applyFix(source, 'id-platform-scope', 'Add ${TARGETPLATFORM} to the id');
    assert.equal(
      fixed,
      `${multi}\nARG TARGETPLATFORM\nRUN --mount=type=cache,target=/app/target,id=/app/target-\${TARGETPLATFORM} cargo build\n`,
    );
    assert.deepEqual(
      analyze(fixed).findings.filter(
        (f) => f.rule === 'id-platform-scope' || f.rule === 'id-undefined-variable',
      ),
      [],
    );
  });

  it('extends an explicit id and does not declare an ARG the stage already has', () => {
    const source = `${multi}\nARG TARGETPLATFORM\nRUN --mount=type=cache,id=shop,target=/app/target cargo build\n`;
    assert.equal(
      applyFix(source, 'id-platform-scope', 'Add ${TARGETPLATFORM} to the id'),
      `${multi}\nARG TARGETPLATFORM\nRUN --mount=type=cache,id=shop-\${TARGETPLATFORM},target=/app/target cargo build\n`,
    );
  });
});

describe('id-project-scope', () => {
  it('tells when project build output uses a generic id', () => {
    check(
      `
      FROM rust AS build
      RUN --mount=type=cache,target=/app/target cargo build
                             ^^^^^^^^^^^^^^^^^^ id-project-scope: Every project on the builder shares the default id "/app/target" for
      RUN --mount=type=cache,target=/app/target,id=cargo-target cargo build
                                                ^^^^^^^^^^^^^^^ id-project-scope: the id "cargo-target"
      RUN --mount=type=cache,target=/app/target,id=shop-target cargo build
      FROM node AS web
      RUN --mount=type=cache,target=/src/node_modules npm ci
                             ^^^^^^^^^^^^^^^^^^^^^^^^ id-project-scope
      RUN --mount=type=cache,target=/root/.npm npm ci
    `,
      { only: ['id-project-scope'] },
    );
  });

  it('names the cache after a specific stage name, else after the project', () => {
    const web = 'FROM node AS webshop\nRUN --mount=type=cache,target=/src/node_modules npm ci\n';
    assert.match(
      applyFix(web, 'id-project-scope', 'Add id=webshop-node_modules'),
      /node_modules,id=webshop-node_modules npm/,
    );
    const generic = 'FROM rust AS build\nRUN --mount=type=cache,id=target,target=/app/target cargo build\n';
    assert.deepEqual(analyze(generic).findings.find((f) => f.rule === 'id-project-scope')?.fixes, []);
    assert.match(
      applyFix(generic, 'id-project-scope', 'Use id=shop-target', { projectName: 'Shop' }),
      /id=shop-target,target/,
    );
  });

  it('keeps the variables of the id it prefixes (regression: the fix wrote the expansion, dropping ${TARGETPLATFORM})', () => {
    const text =
      'FROM rust AS build\nRUN --mount=type=cache,target=/src/target,id=cargo-${TARGETPLATFORM} cargo build\n';
    assert.equal(
      applyFix(text, 'id-project-scope', 'Use id=shop-cargo-${TARGETPLATFORM}', { projectName: 'shop' }),
      'FROM rust AS build\nRUN --mount=type=cache,target=/src/target,id=shop-cargo-${TARGETPLATFORM} cargo build\n',
    );
  });

  it('judges ids by their literal words', () => {
    assert.equal(isGenericId('/app/target'), true);
    assert.equal(isGenericId('cargo-target-${TARGETPLATFORM}'), true);
    assert.equal(isGenericId('shop-target'), false);
  });
});

describe('id-conflict', () => {
  it('warns when one id is used for different tools or unrelated folders, pointing at the first', () => {
    const [finding] = check(
      `
      FROM python
      RUN --mount=type=cache,id=deps,target=/root/.cache/pip pip install -r requirements.txt
      RUN --mount=type=cache,id=deps,target=/root/.npm npm ci
                             ^^^^^^^ id-conflict: Cache id "deps" also holds pip's downloaded and built wheels (line
      RUN --mount=type=cache,id=stuff,target=/a/downloads true
      RUN --mount=type=cache,id=stuff,target=/b/objects true
                             ^^^^^^^^ id-conflict
      RUN --mount=type=cache,id=deps,target=/home/x/.cache/pip pip install y
    `,
      { only: ['id-conflict'] },
    );
    assert.equal(finding?.related?.[0]?.range.start.line, 1);
  });

  it('is quiet for the same cache mounted twice, and for ids only known at build time', () => {
    check(
      `
      FROM debian
      ARG TARGETPLATFORM
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked true
      RUN --mount=type=cache,target=/var/cache/apt/,sharing=locked true
      RUN --mount=type=cache,id=x-$TARGETPLATFORM,target=/root/.npm true
      RUN --mount=type=cache,id=x-$TARGETPLATFORM,target=/root/.cache/pip true
    `,
      { only: ['id-conflict'] },
    );
  });
});
