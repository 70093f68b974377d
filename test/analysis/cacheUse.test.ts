import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { fixAll } from '../../server/src/analysis/fixAll';
import { applyFix, check } from './fixture';

const rule = (id: string) => ({ only: [id] });

describe('cache-cleaned', () => {
  it('finds the same apt-get clean on one line, across lines, in sh -c and in a heredoc', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update && apt-get clean
                                                                                    ^^^^^^^^^^^^^ cache-cleaned: apt-get clean empties apt's cache, so the mount saves nothing: remove
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update \\
          && apt-get clean
             ^^^^^^^^^^^^^ cache-cleaned
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked sh -c "apt-get update && apt-get clean"
                                                                                           ^^^^^^^^^^^^^ cache-cleaned
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked <<EOF
      apt-get update
      apt-get clean
      ^^^^^^^^^^^^^ cache-cleaned
      EOF
    `,
      rule('cache-cleaned'),
    );
  });

  it('finds flags, variables and rm of the mounted path', () => {
    check(
      `
      FROM python
      RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r r.txt
                                                                 ^^^^^^^^^^^^^^ cache-cleaned: bypasses pip's cache
      RUN --mount=type=cache,target=/root/.cache/pip PIP_NO_CACHE_DIR=1 pip install x
                                                     ^^^^^^^^^^^^^^^^^^ cache-cleaned: makes the tool skip
      RUN --mount=type=cache,target=/root/.cache/pip python3 -m pip install x && rm -rf /root/.cache/pip/*
                                                                                 ^^^^^^^^^^^^^^^^^^^^^^^^^ cache-cleaned: rm /root/.cache/pip/* empties pip's cache on every build, so the
      FROM alpine
      RUN --mount=type=cache,target=/var/cache/apk,sharing=locked apk add --no-cache gcc
                                                                          ^^^^^^^^^^ cache-cleaned
      FROM golang
      RUN --mount=type=cache,target=/root/.cache/go-build go build ./... && go clean -cache
                                                                            ^^^^^^^^^^^^^^^ cache-cleaned
    `,
      rule('cache-cleaned'),
    );
  });

  it('reports ENV that disables the cache for the whole stage', () => {
    check(
      `
      FROM python
      ENV PIP_NO_CACHE_DIR=1
      RUN --mount=type=cache,target=/root/.cache/pip pip install x
                             ^^^^^^^^^^^^^^^^^^^^^^^ cache-cleaned: PIP_NO_CACHE_DIR (line 2) makes pip skip this cache, so the mount
    `,
      rule('cache-cleaned'),
    );
  });

  it('says nothing for cleaning other caches, disabled variables, or rm elsewhere', () => {
    check(
      `
      FROM python
      RUN --mount=type=cache,target=/root/.cache/pip pip install x && npm cache clean --force && rm -rf /tmp/x
      RUN --mount=type=cache,target=/root/.cache/pip PIP_NO_CACHE_DIR=0 pip install x
      RUN --mount=type=cache,target=/root/.cache/pip go clean -modcache
      RUN apt-get clean
    `,
      rule('cache-cleaned'),
    );
  });

  it('removes the flag, the leading variable, or the command with its &&', () => {
    const fix = (run: string, title: string) =>
      applyFix(`FROM python\n${run}\n`, 'cache-cleaned', title).split('\n')[1];
    assert.equal(
      fix(
        'RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir x',
        'Remove --no-cache-dir',
      ),
      'RUN --mount=type=cache,target=/root/.cache/pip pip install x',
    );
    assert.equal(
      fix(
        'RUN --mount=type=cache,target=/root/.cache/pip true && PIP_NO_CACHE_DIR=1 pip install x',
        'Remove PIP_NO_CACHE_DIR=1',
      ),
      'RUN --mount=type=cache,target=/root/.cache/pip true && pip install x',
    );
    assert.equal(
      fix(
        'RUN --mount=type=cache,target=/root/.cache/pip pip install x && pip cache purge',
        'Remove pip cache purge',
      ),
      'RUN --mount=type=cache,target=/root/.cache/pip pip install x',
    );
    assert.equal(
      fix(
        'RUN --mount=type=cache,target=/root/.cache/pip pip cache purge; pip install x',
        'Remove pip cache purge',
      ),
      'RUN --mount=type=cache,target=/root/.cache/pip pip install x',
    );
  });

  it('offers no fix in exec form', () => {
    const [finding] = analyze(
      'FROM python\nRUN --mount=type=cache,target=/root/.cache/pip ["pip", "install", "--no-cache-dir", "x"]\n',
    ).findings.filter((f) => f.rule === 'cache-cleaned');
    assert.ok(finding);
    assert.deepEqual(finding.fixes, []);
  });
});

describe('apt-docker-clean', () => {
  it('warns on Debian-based images, informs on unknown bases, ignores others', () => {
    const findings = check(
      `
      FROM python:3.12-slim
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
                             ^^^^^^^^^^^^^^^^^^^^^ apt-docker-clean: python:3.12-slim ships docker-clean, which empties this apt cache:
      FROM registry.example.com/base:7
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
                             ^^^^^^^^^^^^^^^^^^^^^ apt-docker-clean: If the base image is Debian or Ubuntu, its docker-clean empties this
      FROM alpine
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked true
    `,
      rule('apt-docker-clean'),
    );
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['warning', 'information'],
    );
  });

  it('names the image as people say it: no digest, no docker.io/library/ (authentik)', () => {
    check(
      `
      FROM docker.io/library/golang:1.25.5-trixie@sha256:${'8e'.repeat(32)} AS go-builder
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
                             ^^^^^^^^^^^^^^^^^^^^^ apt-docker-clean: golang:1.25.5-trixie ships docker-clean, which empties this apt cache:
    `,
      rule('apt-docker-clean'),
    );
  });

  it('accepts the usual removals in an earlier RUN, a parent stage, or earlier in the same RUN', () => {
    check(
      `
      FROM debian AS base
      RUN rm -f /etc/apt/apt.conf.d/docker-clean
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
      FROM base
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
      FROM ubuntu
      RUN echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get -o APT::Keep-Downloaded-Packages=true install -y x
    `,
      rule('apt-docker-clean'),
    );
  });

  it("inserts Docker's removal before the RUN, with its indentation and line ending", () => {
    const source =
      'FROM debian\r\n  RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update\r\n';
    const fixed = applyFix(
      source,
      'apt-docker-clean',
      'Insert a RUN that removes docker-clean before this one',
    );
    assert.equal(
      fixed,
      'FROM debian\r\n  RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo \'Binary::apt::APT::Keep-Downloaded-Packages "true";\' > /etc/apt/apt.conf.d/keep-cache\r\n  RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update\r\n',
    );
  });
});

describe('cache-not-persisted', () => {
  it('finds COPY --from of a cached path, a later RUN and CMD that use it', () => {
    check(
      `
      FROM rust AS build
      WORKDIR /src
      RUN --mount=type=cache,target=/src/target cargo build --release
      RUN ./target/release/app --version
          ^^^^^^^^^^^^^^^^^^^^ cache-not-persisted: ./target/release/app is in the cache at /src/target (line 3), which
      CMD ["/src/target/release/app"]
           ^^^^^^^^^^^^^^^^^^^^^^^^^ cache-not-persisted: CMD runs /src/target/release/app, which is in the cache at
      FROM debian
      COPY --from=build /src/target/release/app /usr/local/bin/app
                        ^^^^^^^^^^^^^^^^^^^^^^^ cache-not-persisted: /src/target/release/app is in the cache at /src/target (line 3), so
    `,
      rule('cache-not-persisted'),
    );
  });

  it('finds a cached node_modules that the image needs', () => {
    check(
      `
      FROM node AS web
      WORKDIR /app
      RUN --mount=type=cache,target=/app/node_modules npm ci
      CMD ["node", "server.js"]
           ^^^^^^ cache-not-persisted: node_modules was a cache mount
      FROM node
      COPY --from=web /app /app
                      ^^^^ cache-not-persisted: /app/node_modules was a cache mount (line 3), so this copy from "web"
    `,
      rule('cache-not-persisted'),
    );
  });

  it('is quiet when the result is copied out of the cache, or the later RUN mounts it again', () => {
    check(
      `
      FROM rust AS build
      WORKDIR /src
      RUN --mount=type=cache,target=/src/target cargo build --release && cp target/release/app /usr/local/bin/
      RUN --mount=type=cache,target=/src/target ./target/release/app --version
      RUN mkdir -p /src/target/doc
      FROM debian
      COPY --from=build /usr/local/bin/app /usr/local/bin/app
      CMD ["app"]
    `,
      rule('cache-not-persisted'),
    );
  });
});

describe('cache-permission', () => {
  it('warns for a non-root USER without uid/gid, and fixes with known ids', () => {
    check(
      `
      FROM python
      RUN useradd -m -u 10001 -g 10001 app
      USER app
      RUN --mount=type=cache,target=/home/app/.cache/pip pip install x
          ^^^^^^^ cache-permission: USER app cannot write to this cache
      RUN --mount=type=cache,target=/var/cache/app ./build.sh
          ^^^^^^^ cache-permission: If this RUN writes to the cache, USER app cannot
    `,
      rule('cache-permission'),
    );
    // What no known command writes is a hint that says so, not a warning.
    const severities = analyze(
      'FROM python\nUSER app\nRUN --mount=type=cache,target=/home/app/.cache/pip pip install x\nRUN --mount=type=cache,target=/var/cache/app ./build.sh\n',
    )
      .findings.filter((f) => f.rule === 'cache-permission')
      .map((f) => f.severity);
    assert.deepEqual(severities, ['warning', 'hint']);
    assert.match(
      applyFix(
        'FROM python\nRUN useradd -u 10001 app\nUSER app\nRUN --mount=type=cache,target=/home/app/.cache/pip pip install x\n',
        'cache-permission',
        'Add uid=10001',
      ),
      /target=\/home\/app\/.cache\/pip,uid=10001 pip/,
    );
    assert.match(
      applyFix(
        'FROM debian\nUSER 1000:1000\nRUN --mount=type=cache,target=/c true\n',
        'cache-permission',
        'Add uid=1000,gid=1000',
      ),
      /target=\/c,uid=1000,gid=1000 true/,
    );
    assert.match(
      applyFix(
        'FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.npm npm ci\n',
        'cache-permission',
        'Add uid=1000,gid=1000',
      ),
      /\.npm,uid=1000,gid=1000 npm ci/,
    );
  });

  it('is quiet for root, with uid/gid/mode, read-only mounts, and users only the image may set', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/c true
      USER 1000
      RUN --mount=type=cache,target=/c,uid=1000 true
      RUN --mount=type=cache,target=/c,mode=0777 true
      RUN --mount=type=cache,target=/c,ro true
      USER root
      RUN --mount=type=cache,target=/c true
      FROM some/image-with-a-user
      RUN --mount=type=cache,target=/c true
    `,
      rule('cache-permission'),
    );
  });

  it("offers no fix when the user's ids are unknown", () => {
    const [finding] = analyze(
      'FROM debian\nUSER app\nRUN --mount=type=cache,target=/c true\n',
    ).findings.filter((f) => f.rule === 'cache-permission');
    assert.match(finding?.message ?? '', /add its uid= and gid=/);
    assert.deepEqual(finding?.fixes, []);
  });
});

describe('cache-target-unused', () => {
  it('finds root-home caches under another user, caches moved by ENV, and tools not run', () => {
    check(
      `
      FROM python
      USER app
      RUN --mount=type=cache,target=/root/.cache/pip,uid=1 pip install x
                             ^^^^^^^^^^^^^^^^^^^^^^^ cache-target-unused: As USER app, pip keeps its cache in /home/app/.cache/pip, not under
      FROM python
      ENV PIP_CACHE_DIR=/cache/pip
      RUN --mount=type=cache,target=/root/.cache/pip pip install x
                             ^^^^^^^^^^^^^^^^^^^^^^^ cache-target-unused: PIP_CACHE_DIR=/cache/pip
      FROM rust
      RUN --mount=type=cache,target=/root/.cargo/registry cargo fetch
                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cache-target-unused: CARGO_HOME=/usr/local/cargo
      FROM python
      RUN --mount=type=cache,target=/root/.cache/pip cp a b && echo done
                             ^^^^^^^^^^^^^^^^^^^^^^^ cache-target-unused: No command of this RUN runs pip
    `,
      rule('cache-target-unused'),
    );
  });

  it('reports a root-home cache under another user once, and moves it to the user home (regression: it also drew cache-permission and cache-mount-missing)', () => {
    const text =
      'FROM python:3.12\nRUN useradd -m -u 1001 appuser\nUSER appuser\nRUN --mount=type=cache,target=/root/.cache/pip pip install --user flask\n';
    const findings = analyze(text).findings.filter(
      (f) => f.severity !== 'hint' || f.rule === 'cache-mount-missing',
    );
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['cache-target-unused'],
    );
    const moved = applyFix(text, 'cache-target-unused', 'Mount at /home/appuser/.cache/pip');
    assert.match(moved, /target=\/home\/appuser\/\.cache\/pip pip/);
    // Now the mount is used, and owned by root: the next finding is the permission, fixed with the user ids.
    // Both fixes are unsafe (the tool starts using the cache; uid= gives the mount another cache directory).
    assert.equal(fixAll(text).text, text);
    assert.equal(
      fixAll(text, { unsafeFixes: true }).text,
      text.replace('target=/root/.cache/pip', 'target=/home/appuser/.cache/pip,uid=1001'),
    );
  });

  it('is quiet when the tool runs, or a script might run it', () => {
    check(
      `
      FROM python
      RUN --mount=type=cache,target=/root/.cache/pip pip install x
      RUN --mount=type=cache,target=/root/.cache/pip ./install.sh
      RUN --mount=type=cache,target=/root/.cache/pip make deps
      ENV PIP_CACHE_DIR=/cache/pip
      RUN --mount=type=cache,target=/cache/pip pip install x
    `,
      rule('cache-target-unused'),
    );
  });
});

describe('prefer-tmpfs', () => {
  it('hints at caches over scratch data and switches them to tmpfs', () => {
    const source = `
      FROM rust
      RUN --mount=type=cache,target=/usr/local/cargo/registry/src,sharing=locked,id=src cargo build
                  ^^^^^^^^^^ prefer-tmpfs: /usr/local/cargo/registry/src holds scratch files, not a cache worth
      RUN --mount=type=cache,target=/tmp true
                  ^^^^^^^^^^ prefer-tmpfs
      RUN --mount=type=cache,target=/usr/local/cargo/registry cargo fetch
    `;
    check(source, rule('prefer-tmpfs'));
    const fixed = applyFix(
      'FROM rust\nRUN --mount=type=cache,target=/usr/local/cargo/registry/src,sharing=locked,id=src cargo build\n',
      'prefer-tmpfs',
      'Change to type=tmpfs',
    );
    assert.equal(
      fixed,
      'FROM rust\nRUN --mount=type=tmpfs,target=/usr/local/cargo/registry/src cargo build\n',
    );
    assert.deepEqual(
      analyze(fixed, { rules: { 'cache-mount-missing': 'off' } }).findings,
      [],
      'the tmpfs mount is valid',
    );
  });
});

describe('prefer-tmpfs under /tmp', () => {
  it('leaves a tool cache that the command itself puts under /tmp alone (PostHog\u2019s pnpm store)', () => {
    check(
      `
      FROM node:22
      RUN --mount=type=cache,id=pnpm,target=/tmp/pnpm-store \\
          corepack enable && pnpm install --frozen-lockfile --store-dir /tmp/pnpm-store
      RUN --mount=type=cache,target=/tmp/pip pip install --cache-dir /tmp/pip -r requirements.txt
      RUN --mount=type=cache,target=/tmp/scratch make
                  ^^^^^^^^^^ prefer-tmpfs
    `,
      rule('prefer-tmpfs'),
    );
  });
});

describe('syntax-version', () => {
  it('reports a frontend older than the mounts need, with the first use as related information', () => {
    const [finding] = check(
      `
      # syntax=docker/dockerfile:1.1
                                 ^^^ syntax-version: RUN --mount needs 1.2
      FROM debian
      RUN --mount=type=cache,target=/c true
    `,
      rule('syntax-version'),
    );
    assert.equal(finding?.related?.[0]?.range.start.line, 2);
    check(
      `
      # syntax=docker/dockerfile:1.3@sha256:abc
                                 ^^^^^^^^^^^^^^ syntax-version: size= on tmpfs mounts needs 1.4
      FROM debian
      RUN --mount=type=tmpfs,target=/t,size=1g true
    `,
      rule('syntax-version'),
    );
  });

  it('accepts current, unpinned, and experimental channels that had --mount', () => {
    check(
      `
      # syntax=docker/dockerfile:1
      FROM debian
      RUN --mount=type=cache,target=/c true
    `,
      rule('syntax-version'),
    );
    check(
      '# syntax=docker/dockerfile:1.1-experimental\nFROM debian\nRUN --mount=type=cache,target=/c true\n',
      rule('syntax-version'),
    );
    check(
      '# syntax=docker/dockerfile:1.9\nFROM debian\nRUN --mount=type=secret,id=t,env=T true\n'.replace(
        '1.9',
        '1.10',
      ),
      rule('syntax-version'),
    );
  });

  it('fixes the directive to docker/dockerfile:1, digest included', () => {
    assert.equal(
      applyFix(
        '# syntax=docker/dockerfile:1.0@sha256:abc\nFROM debian\nRUN --mount=type=cache,target=/c true\n',
        'syntax-version',
        'Use docker/dockerfile:1',
      ),
      '# syntax=docker/dockerfile:1\nFROM debian\nRUN --mount=type=cache,target=/c true\n',
    );
  });
});
