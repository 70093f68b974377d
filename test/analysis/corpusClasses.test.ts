// One fixture per false-positive class and per miss that the real-world corpus showed (docs/precision.md),
// written in our own words: the files themselves are referenced in test/corpus/verdicts.json, not copied.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { fixAll } from '../../server/src/analysis/fixAll';
import { check } from './fixture';

const rules = (...ids: string[]) => ({ rules: ids });

describe('corpus: caches moved on the command line', () => {
  it('a variable on the command sends the cache elsewhere: the mount is unused, not a permission problem', () => {
    // Seen in a vendored fsutil Dockerfile: GOCACHE on the command, the cache mounted at the XDG default.
    check(
      `
      FROM golang:1.22
      RUN useradd -m -u 1000 dev
      USER dev
      RUN --mount=type=cache,target=/home/dev/.cache/go-build GOCACHE=/tmp/gocache go test ./...
                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cache-target-unused: go keeps its cache in /tmp/gocache here (GOCACHE=/tmp/gocache on the command)
    `,
      rules('cache-target-unused', 'cache-permission'),
    );
  });

  it('an export earlier in the RUN moves the cache for the commands after it', () => {
    check(
      `
      FROM python:3.12
      RUN --mount=type=cache,target=/root/.cache/pip export PIP_CACHE_DIR=/pipcache && pip install -r requirements.txt
                             ^^^^^^^^^^^^^^^^^^^^^^^ cache-target-unused: PIP_CACHE_DIR=/pipcache earlier in the RUN
      RUN --mount=type=cache,target=/pipcache export PIP_CACHE_DIR=/pipcache && pip install -r requirements.txt
    `,
      rules('cache-target-unused', 'cache-mount-missing'),
    );
  });

  it('a flag names the cache directory: a mount there is used and covers the tool', () => {
    check(
      `
      FROM python:3.12
      RUN --mount=type=cache,target=/cache/pip pip install --cache-dir /cache/pip -r requirements.txt
      RUN --mount=type=cache,target=/cache/uv uv sync --cache-dir=/cache/uv
      RUN --mount=type=cache,target=/root/.cache/pip pip install --cache-dir=/elsewhere flask
                             ^^^^^^^^^^^^^^^^^^^^^^^ cache-target-unused: --cache-dir /elsewhere
      FROM node:22
      RUN --mount=type=cache,target=/tmp/npm npm ci --cache /tmp/npm
      RUN --mount=type=cache,target=/tmp/yarn yarn install --cache-folder /tmp/yarn
    `,
      rules('cache-target-unused', 'cache-mount-missing'),
    );
  });

  it('configuration written earlier in the RUN moves the cache', () => {
    check(
      `
      FROM node:22
      RUN --mount=type=cache,target=/npm-cache npm config set cache /npm-cache && npm ci
      RUN --mount=type=cache,target=/store pnpm config set store-dir /store && pnpm install
      RUN --mount=type=cache,target=/root/.npm npm set cache /other && npm ci
                             ^^^^^^^^^^^^^^^^^ cache-target-unused: npm keeps its cache in /other here (npm set cache /other), not in
    `,
      rules('cache-target-unused', 'cache-mount-missing'),
    );
  });

  it('a value the text cannot know makes the location unknown: nothing is claimed', () => {
    check(
      `
      FROM python:3.12
      ARG CACHE
      RUN --mount=type=cache,target=/root/.cache/pip pip install --cache-dir $CACHE flask
      RUN --mount=type=cache,target=/root/.cache/pip cd /app && pip install --cache-dir cache flask
      FROM example/unknown-base
      RUN --mount=type=cache,target=/root/.cache/pip pip install flask
    `,
      rules('cache-target-unused', 'cache-mount-missing'),
    );
  });

  it('ENV that the base image sets is named as the image\u2019s, not the stage\u2019s', () => {
    const findings = analyze(
      'FROM rust:1.80\nRUN --mount=type=cache,target=/root/.cargo/registry cargo fetch\n',
    ).findings.filter((f) => f.rule === 'cache-target-unused');
    assert.match(findings[0]?.message ?? '', /set by the image/);
  });
});

describe('corpus: caches covered by a mount on a parent folder', () => {
  it('target=/root/.cache holds pip\u2019s and uv\u2019s caches: no cache-mount-missing, no unused', () => {
    check(
      `
      FROM python:3.12
      RUN --mount=type=cache,target=/root/.cache pip install flask && uv pip install --system rich
      FROM golang:1.22
      RUN --mount=type=cache,target=/root/.cache --mount=type=cache,target=/go/pkg go build ./...
    `,
      rules('cache-target-unused', 'cache-mount-missing'),
    );
  });
});

describe('corpus: programs that run a tool themselves', () => {
  it('npx playwright install-deps runs apt-get: the apt caches are used', () => {
    check(
      `
      FROM node:22
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
          --mount=type=cache,target=/var/lib/apt,sharing=locked \\
          npx playwright install-deps chromium
      RUN --mount=type=cache,target=/var/lib/apt,sharing=locked npx playwright install --with-deps
      RUN --mount=type=cache,target=/var/lib/apt,sharing=locked add-apt-repository ppa:deadsnakes/ppa
    `,
      rules('cache-target-unused'),
    );
  });
});

describe('corpus: cache-permission says what it knows', () => {
  it('is a warning only where a known command writes the cache; a hint where that is assumed', () => {
    const severities = (text: string) =>
      analyze(text)
        .findings.filter((f) => f.rule === 'cache-permission')
        .map((f) => f.severity);
    assert.deepEqual(
      severities('FROM node:22\nUSER node\nRUN --mount=type=cache,target=/home/node/.npm npm ci\n'),
      ['warning'],
    );
    assert.deepEqual(
      severities('FROM node:22\nUSER node\nRUN --mount=type=cache,target=/home/node/.cache make build\n'),
      ['hint'],
    );
    // The command keeps go's cache elsewhere: nothing writes to the mount.
    assert.deepEqual(
      severities(
        'FROM golang:1.22\nUSER 1000\nRUN --mount=type=cache,target=/tmp/.cache GOCACHE=/tmp/gocache XDG_CACHE_HOME=/x go build\n',
      ),
      ['hint'],
    );
  });
});

describe('corpus: rm that picks files is not emptying the cache', () => {
  it('rm -f .git/*.lock removes stale locks from a cached clone', () => {
    check(
      `
      FROM debian
      WORKDIR /src
      RUN --mount=type=cache,target=/src/.git git fetch && rm -f ./.git/*.lock
      RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && rm -rf /var/lib/apt/lists/*
                                                                                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cache-cleaned
    `,
      rules('cache-cleaned'),
    );
  });
});

describe('corpus: safety claims that need the lock inside the mount', () => {
  it('cargo shares its registry safely only when the mount holds $CARGO_HOME/.package-cache', () => {
    const of = (text: string) =>
      analyze(text)
        .findings.filter((f) => f.rule.startsWith('sharing-locked'))
        .map((f) => `${f.rule} ${f.severity}`);
    // Only registry/ mounted: each build has its own lock, so concurrent use is not known to be safe (a hint).
    assert.deepEqual(
      of('FROM rust:1.80\nRUN --mount=type=cache,target=/usr/local/cargo/registry cargo fetch\n'),
      ['sharing-locked-required hint'],
    );
    // ... and locked is not "unneeded" there.
    assert.deepEqual(
      of(
        'FROM rust:1.80\nRUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked cargo fetch\n',
      ),
      [],
    );
    // CARGO_HOME mounted whole: the lock is shared, cargo waits on it.
    assert.deepEqual(of('FROM rust:1.80\nRUN --mount=type=cache,target=/usr/local/cargo cargo fetch\n'), []);
  });

  it('a tool that does not document concurrent use gets a hint that says so, not a warning', () => {
    const [finding] = analyze(
      'FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n',
    ).findings.filter((f) => f.rule === 'sharing-locked-required');
    assert.equal(finding?.severity, 'hint');
    assert.match(finding?.message ?? '', /concurrent use by apk is undocumented/);
  });
});

describe('corpus: cache-cleaned beside hadolint', () => {
  it('in a file that uses hadolint ignore comments, removing --no-cache-dir also ignores DL3042', () => {
    const text = [
      'FROM python:3.12',
      '# hadolint ignore=DL3008',
      'RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir flask',
      'RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir rich',
      '',
    ].join('\n');
    const fixed = fixAll(text, { unsafeFixes: true }).text;
    assert.equal(
      fixed,
      [
        'FROM python:3.12',
        '# hadolint ignore=DL3008,DL3042',
        'RUN --mount=type=cache,target=/root/.cache/pip pip install flask',
        '# hadolint ignore=DL3042',
        'RUN --mount=type=cache,target=/root/.cache/pip pip install rich',
        '',
      ].join('\n'),
    );
  });

  it('leaves files without hadolint comments alone', () => {
    const text =
      'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir flask\n';
    assert.equal(
      fixAll(text, { unsafeFixes: true }).text,
      'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n',
    );
  });
});

describe('corpus: messages name what the file says', () => {
  it('an option\u2019s argument is not a goal: `mvn -T 1C package` is named `mvn`', () => {
    check(
      `
      FROM maven:3.9-eclipse-temurin-21
      RUN mvn -T 1C -B package
          ^^^ cache-mount-missing: mvn downloads into /root/.m2/repository on every build: add a cache
      RUN apt-get update
          ^^^^^^^ cache-mount-missing: apt-get update downloads into /var/cache/apt and /var/lib/apt on
    `,
      rules('cache-mount-missing'),
    );
  });
});

describe('corpus: a mount used in ways the tool table does not list', () => {
  it('a command that names a path in the mount uses it (du of the cache directories)', () => {
    check(
      `
      FROM rust:1.80
      RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \\
          du -sh /usr/local/cargo/registry && rustup toolchain install stable
    `,
      rules('cache-target-unused'),
    );
  });

  it('microdnf on UBI 8 keeps its cache in /var/cache/yum', () => {
    check(
      `
      FROM registry.access.redhat.com/ubi8-minimal
      RUN --mount=type=cache,target=/var/cache/yum,sharing=locked microdnf install -y gettext
    `,
      rules('cache-target-unused'),
    );
  });

  it('an environment file installed by micromamba runs pip for its pip: section', () => {
    check(
      `
      FROM mambaorg/micromamba:2
      RUN --mount=type=cache,target=/root/.cache/pip micromamba install -y -n base -f /tmp/env.yaml
      RUN --mount=type=cache,target=/root/.cache/pip conda env create -f environment.yml
    `,
      rules('cache-target-unused'),
    );
  });
});

describe('corpus: sharing-locked-required claims a race only where a command runs the tool', () => {
  it('is a warning where the RUN runs the tool, a hint where a script or another program might', () => {
    const severities = (run: string) =>
      analyze(`FROM debian\n${run}\n`)
        .findings.filter((f) => f.rule === 'sharing-locked-required')
        .map((f) => f.severity);
    assert.deepEqual(severities('RUN --mount=type=cache,target=/var/lib/apt apt-get update'), ['warning']);
    assert.deepEqual(severities('RUN --mount=type=cache,target=/var/lib/apt ./install-deps.sh'), ['hint']);
    assert.match(
      analyze('FROM debian\nRUN --mount=type=cache,target=/var/lib/apt ./install-deps.sh\n').findings[0]
        ?.message ?? '',
      /^If this RUN runs apt/,
    );
  });

  it('dnf, whose locking across containers is not documented, gets a hint', () => {
    const [finding] = analyze(
      'FROM fedora:41\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf5 install -y gcc\n',
    ).findings.filter((f) => f.rule === 'sharing-locked-required');
    assert.equal(finding?.severity, 'hint');
  });
});

describe('corpus: third batch', () => {
  it('a bypass flag on one command does not empty the cache another command of the RUN uses', () => {
    check(
      `
      FROM alpine:3.20
      RUN --mount=type=cache,target=/var/cache/apk apk upgrade && apk add --no-cache git
      RUN --mount=type=cache,target=/var/cache/apk apk add --no-cache git
                                                           ^^^^^^^^^^ cache-cleaned
    `,
      rules('cache-cleaned'),
    );
  });

  it('yarn 1 as root keeps its cache in /usr/local/share/.cache/yarn, not /root/.cache/yarn', () => {
    check(
      `
      FROM node:22
      RUN --mount=type=cache,target=/root/.cache/yarn yarn install --frozen-lockfile
                             ^^^^^^^^^^^^^^^^^^^^^^^^ cache-target-unused: yarn (classic) keeps its cache in /usr/local/share/.cache/yarn here (running as root)
      RUN --mount=type=cache,target=/usr/local/share/.cache/yarn,sharing=locked yarn install --frozen-lockfile
      FROM example/custom-node
      RUN --mount=type=cache,target=/root/.cache/yarn,sharing=locked yarn install
    `,
      rules('cache-target-unused'),
    );
  });

  it('a build tool\u2019s cache in node_modules/.cache is not node_modules: concurrent use is a hint', () => {
    const findings = analyze(
      'FROM node:22\nWORKDIR /app\nRUN --mount=type=cache,target=/app/node_modules/.cache/webpack npm run build\n',
    ).findings.filter((f) => f.rule === 'sharing-locked-required');
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['hint'],
    );
  });
});

describe('corpus: a cache under another user\u2019s home', () => {
  it('is not where the RUN\u2019s user keeps it', () => {
    check(
      `
      FROM python:3.12
      RUN useradd -m app && useradd -m worker
      USER worker
      RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install flask
                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^ cache-target-unused: pip keeps its cache in /home/worker/.cache/pip here (running as worker)
    `,
      rules('cache-target-unused'),
    );
  });
});

describe('corpus: what a RUN without the mount writes under a cache directory is in the image', () => {
  it('a cp destination is written, not read; its source under the cache is read, substitution or not', () => {
    // Seen in a small Rust project (calm04061/rust-docker-cache): the binary is copied out of target/ in a
    // RUN without the mount, into target/ again, then copied to the runtime stage.
    check(
      `
      FROM rust:1 AS builder
      WORKDIR /src
      RUN --mount=type=cache,target=/src/target cargo build --release --target "$(rustc -vV | sed -n 's/host: //p')"
      RUN cp /src/target/$(rustc -vV | sed -n 's/host: //p')/release/app /src/target/app
             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cache-not-persisted: is in the cache at /src/target (line 3), which this RUN lacks
      FROM debian:12-slim
      COPY --from=builder /src/target/app /usr/local/bin/app
    `,
      rules('cache-not-persisted'),
    );
  });

  it('a folder made in the image under a cache directory is not the cache', () => {
    check(
      `
      FROM node:22 AS build
      WORKDIR /app
      RUN --mount=type=cache,target=/app/.cache npm run build
      RUN mkdir -p /app/.cache/keep && echo ok > /app/.cache/keep/marker
      FROM node:22-slim
      COPY --from=build /app/.cache/keep /keep
    `,
      rules('cache-not-persisted'),
    );
  });
});

describe('corpus: Podman and Buildah options', () => {
  it('z, Z and U show a file built with Podman or Buildah: a hint, and never "corrected" to ro', () => {
    // Seen in instructlab's ROCm Containerfile: `--mount=type=cache,target=/var/cache/dnf,z`.
    check(
      `
      FROM fedora:40
      RUN --mount=type=cache,sharing=locked,target=/var/cache/dnf,z dnf install -y gcc
                                                                  ^ mount-syntax: "z" is Podman's and Buildah's SELinux relabel option, which BuildKit rejects: fine if only they build this file.
    `,
      rules('mount-syntax'),
    );
    const text = 'FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf,z dnf install -y gcc\n';
    const finding = analyze(text).findings.find((f) => f.rule === 'mount-syntax');
    assert.equal(finding?.severity, 'hint');
    assert.deepEqual(finding?.fixes, []);
    assert.equal(fixAll(text).text, text);
  });
});

describe('corpus: a script the analysis cannot read', () => {
  it('may remove docker-clean: apt-docker-clean is a hint that names the assumption, in later stages too', () => {
    // Seen in pixelfed: `RUN --mount=...apt... /docker/install/base.sh`, whose first line removes docker-clean.
    const findings = check(
      `
      FROM php:8.3-apache-bookworm AS base
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked /docker/install/base.sh
                             ^^^^^^^^^^^^^^^^^^^^^ apt-docker-clean: Unless the script before it removes docker-clean, php:8.3-apache-bookworm's docker-clean empties this apt cache.
      FROM base AS extensions
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y libpng-dev
                             ^^^^^^^^^^^^^^^^^^^^^ apt-docker-clean: Unless the script before it
    `,
      rules('apt-docker-clean'),
    );
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['hint', 'hint'],
    );
    const plain =
      'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked /usr/bin/apt-get install -y gcc\n';
    assert.equal(analyze(plain).findings.find((f) => f.rule === 'apt-docker-clean')?.severity, 'warning');
  });
});

describe('corpus: JVM, PHP and Ruby files', () => {
  it("the gradle image links /root/.gradle to /home/gradle/.gradle: a mount at either is gradle's cache", () => {
    // Seen in miracum/fhir-gateway and g70245/interview-cache: gradle runs as root, the mount is at the
    // gradle user's home, which the official image makes the same folder.
    check(
      `
      FROM gradle:8-jdk21 AS build
      RUN --mount=type=cache,target=/home/gradle/.gradle/caches gradle build --no-daemon
      RUN --mount=type=cache,target=/home/gradle/.gradle gradle test --no-daemon
    `,
      rules('cache-target-unused'),
    );
  });

  it('a cache id used for Composer moved there by COMPOSER_CACHE_DIR is the same cache, not a conflict', () => {
    // Seen in Part-DB: one id for root's composer cache and for one COMPOSER_CACHE_DIR points at.
    check(
      `
      FROM composer:2
      RUN --mount=type=cache,id=composer-cache,target=/root/.cache/composer composer install
      RUN --mount=type=cache,id=composer-cache,target=/tmp/cc COMPOSER_CACHE_DIR=/tmp/cc composer install
    `,
      rules('id-conflict'),
    );
  });

  it("Vite's cache folders inside node_modules are not installed packages", () => {
    // Seen in hackclub/hackatime: node_modules/.vite-client and .vite-ssr as cache mounts for `vite build`.
    check(
      `
      FROM oven/bun:1
      RUN --mount=type=cache,target=/app/node_modules/.vite-client --mount=type=cache,target=/app/node_modules/.vite bun x vite build
                                                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required: The cache at /app/node_modules/.vite may need sharing=locked: concurrent use by Vite is undocumented.
    `,
      rules('sharing-locked-required'),
    );
  });

  it('gems that bundle install put into a cache mount are missing when CMD runs bundle (a miss, now caught)', () => {
    // Seen in iguchi1124/rails-gh-actions: `bundle config set path vendor/bundle`, then the install with a cache
    // mount on vendor/bundle, then `CMD bundle exec rails server`.
    check(
      `
      FROM ruby:3.3
      WORKDIR /app
      RUN bundle config set path vendor/bundle
      RUN --mount=type=cache,target=/app/vendor/bundle bundle install
      CMD ["bundle", "exec", "rails", "server"]
           ^^^^^^^^ cache-not-persisted: CMD runs bundle, but bundle install put the gems in a cache mount (line 4): install into the image.
    `,
      rules('cache-not-persisted'),
    );
    // The official ruby image installs into GEM_HOME, /usr/local/bundle.
    check(
      `
      FROM ruby:3.3
      WORKDIR /app
      RUN --mount=type=cache,target=/usr/local/bundle bundle install
      CMD ["rails", "server"]
           ^^^^^^^ cache-not-persisted: CMD runs rails
    `,
      rules('cache-not-persisted'),
    );
  });
});

describe('corpus: RPM distributions, conda and Python environments', () => {
  it('yum is yum 3 only on EL7 images: elsewhere (EL8 on, yum is dnf) its lock is a hint', () => {
    // Seen in senjun-team/watchman_cpp (CentOS Stream 9, `yum install` with /var/cache/yum mounted).
    const findings = check(
      `
      FROM quay.io/centos/centos:stream9
      RUN --mount=type=cache,target=/var/cache/yum yum install -y gcc
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required: If yum here is yum 3 (EL7), its cache at /var/cache/yum needs sharing=locked; from EL8 on, yum is dnf.
      FROM centos:7
      RUN --mount=type=cache,target=/var/cache/yum yum install -y gcc
                             ^^^^^^^^^^^^^^^^^^^^^ sharing-locked-required: yum's cache at /var/cache/yum needs sharing=locked, or concurrent builds break it.
    `,
      rules('sharing-locked-required'),
    );
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['hint', 'warning'],
    );
  });

  it("micromamba keeps its packages in $MAMBA_ROOT_PREFIX/pkgs; cleaning that cache is not this mount's", () => {
    // Seen in mchen798/ViiR: MAMBA_ROOT_PREFIX=/opt/micromamba, the mount at /opt/conda/pkgs.
    check(
      `
      FROM ubuntu:24.04
      ENV MAMBA_ROOT_PREFIX=/opt/micromamba
      RUN --mount=type=cache,target=/opt/conda/pkgs micromamba create -y -n app -f env.yml && micromamba clean -a -y
                             ^^^^^^^^^^^^^^^^^^^^^^ cache-target-unused: conda keeps its cache in /opt/micromamba/pkgs here (MAMBA_ROOT_PREFIX=/opt/micromamba in this stage), not in this mount.
    `,
      rules('cache-target-unused', 'cache-cleaned'),
    );
  });

  it('pip run through an environment runner or by Poetry may use the pip cache: not "unused"', () => {
    // Seen in hassansaei/VNtyper (`conda run -n env pip install .`) and smaht-dac/smaht-portal (poetry install).
    check(
      `
      FROM continuumio/miniconda3
      RUN --mount=type=cache,target=/root/.cache/pip conda run -n app pip install .
      RUN --mount=type=cache,target=/root/.cache/pip poetry install --no-root
    `,
      rules('cache-target-unused'),
    );
  });

  it('pip told to keep no cache (--no-cache-dir) is not told to mount its cache elsewhere', () => {
    // Seen in mchen798/ViiR: USER appuser, /root/.cache/pip mounted, pip with --no-cache-dir.
    check(
      `
      FROM python:3.12
      RUN useradd -m appuser
      USER appuser
      RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r requirements.txt
    `,
      rules('cache-target-unused'),
    );
  });
});
