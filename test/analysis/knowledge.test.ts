import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mountCache } from '../../server/src/analysis/model/mountCache';
import { officialImageName } from '../../server/src/analysis/knowledge/images';
import { TOOL_CACHES } from '../../server/src/analysis/knowledge/toolCaches';
import { buildModel } from '../../server/src/analysis/model/build';
import { dedent } from './fixture';

/** The cache id recognised for each cache mount of a Dockerfile, in order. */
function recognised(source: string): Array<string | undefined> {
  return buildModel(dedent(source))
    .runs.flatMap((r) => r.mounts)
    .map((m) => mountCache(m)?.cache.id);
}

function one(target: string, prelude = 'FROM debian', command = 'true'): string | undefined {
  return recognised(`${prelude}\nRUN --mount=type=cache,target=${target} ${command}\n`)[0];
}

// Each entry: a default location it must be recognised at, and a near miss it must not claim.
const CASES: Array<[string, string, string]> = [
  ['apt-archives', '/var/cache/apt', '/var/cache/aptly'],
  ['apt-lists', '/var/lib/apt/lists', '/var/lib/aptitude'],
  ['apk', '/var/cache/apk', '/var/cache/apkx'],
  ['dnf', '/var/cache/dnf', '/var/cache/dnf5x'],
  ['yum', '/var/cache/yum', '/var/cache/yumex'],
  ['zypper', '/var/cache/zypp', '/var/cache/zypper'],
  ['pacman', '/var/cache/pacman/pkg', '/var/cache/pacman'],
  ['pip', '/root/.cache/pip', '/root/.cache/pipx'],
  ['uv', '/root/.cache/uv', '/root/.cache/uvx'],
  ['poetry', '/root/.cache/pypoetry', '/root/.cache/poetry'],
  ['pipenv', '/root/.cache/pipenv', '/root/.cache/pipenv2'],
  ['conda', '/opt/conda/pkgs', '/opt/conda/envs'],
  ['npm', '/root/.npm', '/root/.npmrc'],
  ['yarn-classic', '/usr/local/share/.cache/yarn', '/usr/local/share/yarn'],
  ['yarn-berry', '/root/.yarn/berry/cache', '/root/.yarn/berry'],
  ['pnpm', '/root/.local/share/pnpm/store', '/root/.local/share/pnpm'],
  ['bun', '/root/.bun/install/cache', '/root/.bun/bin'],
  ['go-build', '/root/.cache/go-build', '/root/.cache/go'],
  ['go-mod', '/root/go/pkg/mod', '/root/go/pkg'],
  ['cargo-registry', '/root/.cargo/registry', '/root/.cargo/bin'],
  ['cargo-git', '/root/.cargo/git', '/root/.cargo/github'],
  ['rustup', '/root/.rustup', '/root/.rustupx'],
  ['maven', '/root/.m2/repository', '/root/.m2'],
  ['gradle', '/root/.gradle', '/root/.gradlew'],
  ['ivy', '/root/.ivy2', '/root/.ivy'],
  ['sbt', '/root/.sbt', '/root/.sbtopts'],
  ['coursier', '/root/.cache/coursier', '/root/.cache/coursier2'],
  ['ccache', '/root/.ccache', '/root/.ccache2'],
  ['sccache', '/root/.cache/sccache', '/root/.cache/sccache-dist'],
  ['bundler', '/root/.bundle/cache', '/usr/local/bundle'],
  ['composer', '/root/.composer/cache', '/root/.composer'],
  ['nuget', '/root/.nuget/packages', '/root/.nuget'],
  ['mix', '/root/.mix', '/root/.mixx'],
  ['bazel', '/root/.cache/bazel', '/root/.cache/bazelisk'],
  ['cabal', '/root/.cabal/packages', '/root/.cabal/bin'],
  ['stack', '/root/.stack', '/root/.stackage'],
  ['node-modules', '/app/node_modules', '/app/node_module'],
  ['node-modules-cache', '/app/node_modules/.cache', '/app/node_modules/.cachex'],
  ['vite', '/app/node_modules/.vite', '/app/node_modules/.vitex'],
  ['nextjs', '/app/.next/cache', '/app/.next'],
];

describe('knowledge base: every entry is recognised at its default and not at a near miss', () => {
  it('covers every entry but cargo-target (which needs a command, tested below)', () => {
    const covered = new Set(CASES.map(([id]) => id));
    assert.deepEqual(
      TOOL_CACHES.map((c) => c.id).filter((id) => !covered.has(id)),
      ['cargo-target'],
    );
  });

  for (const [id, hit, miss] of CASES) {
    it(id, () => {
      assert.equal(one(hit), id, `${hit} is ${id}'s cache`);
      assert.equal(one(`${hit}/sub/dir`), id, `below ${hit} is still ${id}'s`);
      assert.notEqual(one(miss), id, `${miss} is not ${id}'s cache`);
    });
  }

  it('has a source and a concurrency note for every entry', () => {
    for (const cache of TOOL_CACHES) {
      assert.ok(cache.sources.length > 0, cache.id);
      assert.ok(cache.concurrencyNote.length > 10, cache.id);
    }
  });
});

describe('knowledge base: caches moved by the environment', () => {
  it('follows the variables that move a cache', () => {
    assert.equal(one('/cache/pip', 'FROM python\nENV PIP_CACHE_DIR=/cache/pip'), 'pip');
    assert.equal(one('/xdg/pip', 'FROM python\nENV XDG_CACHE_HOME=/xdg'), 'pip');
    assert.equal(one('/xdg/uv', 'FROM python\nENV XDG_CACHE_HOME=/xdg'), 'uv');
    assert.equal(one('/cache/npm', 'FROM node\nENV npm_config_cache=/cache/npm'), 'npm');
    assert.equal(one('/cache/yarn', 'FROM node\nENV YARN_CACHE_FOLDER=/cache/yarn'), 'yarn-classic');
    assert.equal(one('/gocache', 'FROM debian\nENV GOCACHE=/gocache'), 'go-build');
    assert.equal(one('/mod', 'FROM debian\nENV GOMODCACHE=/mod'), 'go-mod');
    assert.equal(one('/cargo/registry', 'FROM debian\nENV CARGO_HOME=/cargo'), 'cargo-registry');
    assert.equal(one('/m2/repository', 'FROM debian\nENV MAVEN_CONFIG=/m2'), 'maven');
    assert.equal(one('/repo', 'FROM maven\nENV MAVEN_OPTS="-Xmx1g -Dmaven.repo.local=/repo"'), 'maven');
    assert.equal(one('/gradle-home', 'FROM debian\nENV GRADLE_USER_HOME=/gradle-home'), 'gradle');
    assert.equal(one('/ccache', 'FROM debian\nENV CCACHE_DIR=/ccache'), 'ccache');
    assert.equal(one('/nuget', 'FROM debian\nENV NUGET_PACKAGES=/nuget'), 'nuget');
    assert.equal(one('/out', 'FROM debian\nENV CARGO_TARGET_DIR=/out'), 'cargo-target');
  });

  it('resolves ENV that official images set (rust, golang)', () => {
    assert.equal(one('/usr/local/cargo/registry', 'FROM rust:1.83-slim'), 'cargo-registry');
    assert.equal(one('$CARGO_HOME/git', 'FROM docker.io/library/rust:1'), 'cargo-git');
    assert.equal(one('/go/pkg/mod', 'FROM golang:1.22 AS build'), 'go-mod');
    assert.equal(
      one('/go/pkg/mod', 'FROM golang:1.22 AS build\nFROM build'),
      'go-mod',
      'through a parent stage',
    );
    assert.equal(one('/usr/local/cargo/registry', 'FROM debian'), undefined);
  });

  it('uses the home of the USER the RUN executes as', () => {
    assert.equal(one('/home/app/.cache/pip', 'FROM python\nUSER app'), 'pip');
    assert.equal(
      one('/root/.cache/pip', 'FROM python\nUSER app'),
      undefined,
      "a non-root user's pip does not use /root",
    );
    assert.equal(one('/data/.npm', 'FROM node\nUSER 1000\nENV HOME=/data'), 'npm');
  });

  it('recognises cargo target/ only when the RUN runs cargo', () => {
    assert.equal(one('/app/target', 'FROM rust', 'cargo build --release'), 'cargo-target');
    assert.equal(one('target', 'FROM rust\nWORKDIR /src', 'cargo build'), 'cargo-target');
    assert.equal(one('/app/target', 'FROM node', 'npm run build'), undefined);
  });

  it('says nothing when the target is only known at build time, and for other mount types', () => {
    assert.equal(one('$WHERE', 'FROM debian\nARG WHERE'), undefined);
    assert.deepEqual(recognised('FROM debian\nRUN --mount=type=bind,target=/root/.npm true\n'), [undefined]);
  });

  it('names official images the way Docker does', () => {
    assert.equal(officialImageName('rust:1.83'), 'rust');
    assert.equal(officialImageName('docker.io/library/golang:1.22@sha256:abc'), 'golang');
    assert.equal(officialImageName('library/maven'), 'maven');
    assert.equal(officialImageName('ghcr.io/acme/rust:1'), 'ghcr.io/acme/rust');
    assert.equal(officialImageName('localhost:5000/rust'), 'localhost:5000/rust');
  });
});
