// The cache-map that buildkit-cache-dance needs to restore the very caches a Dockerfile's mounts use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { cacheMapJson, cacheMapOf } from '../../server/src/analysis/model/cacheMap';
import { dedent } from './fixture';

const map = (text: string, platforms: string[] = []) => cacheMapOf(analyze(dedent(text)).model, platforms);

describe('cache-map', () => {
  it("lists each cache once, by BuildKit's id, with the uid, gid and mode that are part of its identity", () => {
    const result = map(`
      FROM debian
      ARG NAME=app
      RUN --mount=type=cache,target=/var/cache/apt/,sharing=locked \\
          --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y gcc
      USER 1000
      RUN --mount=type=cache,id=npm-\${NAME},target=/home/node/.npm,uid=1000,gid=1000,mode=700 npm ci
      RUN --mount=type=tmpfs,target=/tmp true
    `);
    assert.deepEqual(result.unknown, []);
    assert.equal(result.perPlatform, false);
    assert.deepEqual(JSON.parse(cacheMapJson(result.entries)), {
      'var-cache-apt': { target: '/var/cache/apt', id: '/var/cache/apt' },
      'var-lib-apt': { target: '/var/lib/apt', id: '/var/lib/apt' },
      'npm-app': { target: '/home/node/.npm', id: 'npm-app', uid: '1000', gid: '1000', mode: '0700' },
    });
  });

  it('gives an id that uses the target platform one cache per platform', () => {
    const result = map(
      `
      FROM --platform=$BUILDPLATFORM rust:1
      ARG TARGETARCH
      RUN --mount=type=cache,id=target-$TARGETARCH,target=/app/target cargo build
    `,
      ['linux/amd64', 'linux/arm64'],
    );
    assert.equal(result.perPlatform, true);
    assert.deepEqual(
      result.entries.map((e) => [e.source, e.options.id]),
      [
        ['target-amd64', 'target-amd64'],
        ['target-arm64', 'target-arm64'],
      ],
    );
  });

  it('names what it cannot know instead of guessing: an id from a build argument without default', () => {
    const result = map(`
      FROM debian
      ARG CACHE_ID
      RUN --mount=type=cache,id=\${CACHE_ID},target=/var/cache/apt apt-get update
    `);
    assert.deepEqual(result.entries, []);
    assert.deepEqual(result.unknown, [
      { line: 3, reason: 'its id depends on a build argument without a default' },
    ]);
  });

  it('keeps two caches of one id apart when their owners differ (another cache to BuildKit)', () => {
    const result = map(`
      FROM node:22
      RUN --mount=type=cache,id=npm,target=/root/.npm npm ci
      RUN --mount=type=cache,id=npm,target=/home/node/.npm,uid=1000 npm ci
    `);
    assert.deepEqual(
      result.entries.map((e) => e.source),
      ['npm', 'npm-2'],
    );
  });
});
