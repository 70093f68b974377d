import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { applyFix, check } from './fixture';

describe('sharing-locked-required: every tool that cannot take concurrent writers', () => {
  it('warns for unsafe tools, and for tools whose concurrent use is not documented', () => {
    check(
      `
      FROM fedora
      RUN --mount=type=cache,target=/var/cache/dnf dnf install -y gcc
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required: may need sharing=locked
      FROM maven:3
      RUN --mount=type=cache,target=/root/.m2/repository mvn package
                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required: needs sharing=locked
      FROM node
      ENV YARN_CACHE_FOLDER=/yarn
      RUN --mount=type=cache,target=/yarn yarn install
                             ^^^^^^^^^^^^ sharing-locked-required: needs sharing=locked
      FROM alpine
      RUN --mount=type=cache,target=/var/cache/apk apk add gcc
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required: The cache at /var/cache/apk may need sharing=locked: concurrent use
    `,
      { only: ['sharing-locked-required'] },
    );
  });

  it('says nothing for tools that are safe to share', () => {
    check(
      `
      FROM python
      RUN --mount=type=cache,target=/root/.cache/pip \\
          --mount=type=cache,target=/root/.npm \\
          --mount=type=cache,target=/root/.cache/go-build \\
          --mount=type=cache,target=/usr/local/cargo/registry \\
          true
    `,
      { only: ['sharing-locked-required'] },
    );
  });
});

describe('sharing-locked-unneeded', () => {
  it('hints at sharing=locked on caches whose tools are safe for concurrent builds', () => {
    check(
      `
      FROM golang:1.22
      RUN --mount=type=cache,target=/go/pkg/mod,sharing=locked \\
                                                ^^^^^^^^^^^^^^ sharing-locked-unneeded: go
          --mount=type=cache,target=/root/.cache/go-build,sharing=locked \\
                                                          ^^^^^^^^^^^^^^ sharing-locked-unneeded
          --mount=type=cache,target=/var/cache/apt,sharing=locked \\
          --mount=type=cache,target=/var/cache/apk,sharing=locked \\
          --mount=type=cache,target=/somewhere,sharing=locked \\
          go build ./...
    `,
      { only: ['sharing-locked-unneeded'] },
    );
  });

  it('removes sharing=locked with one comma, wherever it stands', () => {
    const fix = (mount: string) =>
      applyFix(
        `FROM node\nRUN --mount=${mount} npm ci\n`,
        'sharing-locked-unneeded',
        'Remove sharing=locked',
      );
    assert.equal(
      fix('type=cache,target=/root/.npm,sharing=locked'),
      'FROM node\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
    );
    assert.equal(
      fix('sharing=locked,type=cache,target=/root/.npm'),
      'FROM node\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
    );
    assert.equal(
      fix('type=cache,sharing=locked,target=/root/.npm'),
      'FROM node\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
    );
    assert.equal(
      fix('"type=cache,target=/root/.npm,sharing=locked"'),
      'FROM node\nRUN --mount="type=cache,target=/root/.npm" npm ci\n',
    );
  });

  it('offers no removal when sharing is given twice (removing the last would change the meaning)', () => {
    const finding = analyze(
      'FROM node\nRUN --mount=type=cache,target=/root/.npm,sharing=private,sharing=locked npm ci\n',
    ).findings.find((f) => f.rule === 'sharing-locked-unneeded');
    assert.deepEqual(finding?.fixes, []);
  });
});

describe('sharing-inconsistent', () => {
  it('warns where uid, gid or mode differ: BuildKit keeps one cache per uid/gid/mode under an id', () => {
    const findings = check(
      `
      FROM node AS c
      USER node
      RUN --mount=type=cache,id=npm,target=/home/node/.npm,uid=1000,gid=1000 npm ci
      RUN --mount=type=cache,id=npm,target=/home/node/.npm,uid=1000 npm ci
                             ^^^^^^ sharing-inconsistent: gid=0 here, gid=1000 there (line 3): BuildKit keeps one cache per uid/gid/mode, so these are two caches.
      RUN --mount=type=cache,id=npm,target=/home/node/.npm,gid=1000,uid=1000,mode=755 npm ci
      RUN --mount=type=cache,id=npm,target=/home/node/.npm,gid=1000,uid=1000,mode=0700 npm ci
                                                                             ^^^^^^^^^ sharing-inconsistent: mode=0700 here, mode=0755 there (line 3)
    `,
      { only: ['sharing-inconsistent'] },
    );
    assert.deepEqual(findings[0]?.related?.[0]?.range.start, { line: 2, character: 4 });
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['warning', 'warning'],
    );
  });

  it('counts a uid, gid or mode written as its default: BuildKit then makes the directory, another cache', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked,uid=0 apt-get install -y gcc
                                                                  ^^^^^ sharing-inconsistent: uid=0 here, no uid/gid/mode there (line 2)
      RUN --mount=type=cache,target=/srv/c,source=sub,uid=1000 true
      RUN --mount=type=cache,target=/srv/c true
    `,
      { only: ['sharing-inconsistent'] },
    );
  });

  it('is a hint where only sharing differs: who waits and who gets a copy of its own, not a broken cache', () => {
    const findings = check(
      `
      FROM debian AS a
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
      FROM debian AS b
      RUN --mount=type=cache,target=/var/cache/apt,sharing=private apt-get update
                                                   ^^^^^^^^^^^^^^^ sharing-inconsistent: sharing=private here, sharing=locked there (line 2): the private mount gets a separate copy while the locked one holds the cache.
      RUN --mount=type=cache,target=/var/cache/apt apt-get update
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-inconsistent: sharing=shared here, sharing=locked there (line 2): the shared mount gets a separate copy
    `,
      { only: ['sharing-inconsistent'] },
    );
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['hint', 'hint'],
    );
  });

  it("is a hint on authentik's Go module cache, mounted shared in one RUN and locked in the next", () => {
    check(
      `
      FROM golang:1.25 AS deps
      RUN --mount=type=cache,target=/go/pkg/mod go mod download
      RUN --mount=type=cache,sharing=locked,target=/go/pkg/mod go build ./...
                             ^^^^^^^^^^^^^^ sharing-inconsistent: sharing=locked here, sharing=shared there (line 2): the shared mount gets a separate copy while the locked one holds the cache.
    `,
      { only: ['sharing-inconsistent'] },
    );
  });

  it('groups by the effective id, not the target, and ignores ids only known at build time', () => {
    check(
      `
      FROM debian
      ARG TARGETPLATFORM
      RUN --mount=type=cache,target=/a,id=shared-cache,sharing=private true
      RUN --mount=type=cache,target=/b,id=shared-cache true
                                       ^^^^^^^^^^^^^^^ sharing-inconsistent: sharing=shared here, sharing=private there (line 3): each gets a separate copy while the other holds the cache.
      RUN --mount=type=cache,target=/a,id=x-\${TARGETPLATFORM},sharing=locked true
      RUN --mount=type=cache,target=/b,id=x-\${TARGETPLATFORM} true
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked true
      RUN --mount=type=cache,target=/var/cache/apt/,SHARING=LOCKED true
    `,
      { only: ['sharing-inconsistent'] },
    );
  });
});

describe('sharing-inconsistent: only values BuildKit accepts', () => {
  it('leaves a mode, uid or sharing that mount-syntax rejects out of the comparison (no "mode=0NaN")', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/c,mode=999 true
      RUN --mount=type=cache,target=/c,mode=0755,uid=abc true
    `,
      { rules: ['sharing-inconsistent'] },
    );
  });
});
