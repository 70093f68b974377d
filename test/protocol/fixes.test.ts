import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './harness';

/**
 * Every quick fix through the real server: the diagnostic's code action is applied as the client would,
 * the text changes exactly as expected, and the diagnostic does not come back.
 */
const CASES: Array<{ rule: string; title: string; before: string; after: string }> = [
  {
    rule: 'cache-cleaned',
    title: 'Remove --no-cache-dir (unsafe)',
    before:
      'FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r r.txt\n',
    after: 'FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt\n',
  },
  {
    rule: 'cache-cleaned',
    title: 'Remove apt-get clean (unsafe)',
    before:
      'FROM debian\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    apt-get install -y gcc \\\n    && apt-get clean\n',
    after:
      'FROM debian\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    apt-get install -y gcc\n',
  },
  {
    rule: 'apt-docker-clean',
    title: 'Insert a RUN that removes docker-clean before this one (unsafe)',
    before:
      'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y gcc\n',
    after:
      'FROM debian\nRUN rm -f /etc/apt/apt.conf.d/docker-clean; echo \'Binary::apt::APT::Keep-Downloaded-Packages "true";\' > /etc/apt/apt.conf.d/keep-cache\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y gcc\n',
  },
  {
    rule: 'cache-permission',
    title: 'Add uid=1000,gid=1000 (unsafe)',
    before: 'FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.npm npm ci\n',
    after:
      'FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci\n',
  },
  {
    rule: 'prefer-tmpfs',
    title: 'Change to type=tmpfs (unsafe)',
    before:
      'FROM rust\nRUN --mount=type=cache,target=/usr/local/cargo/git/checkouts,sharing=locked cargo build\n',
    after: 'FROM rust\nRUN --mount=type=tmpfs,target=/usr/local/cargo/git/checkouts cargo build\n',
  },
  {
    rule: 'syntax-version',
    title: 'Use docker/dockerfile:1 (unsafe)',
    before: '# syntax=docker/dockerfile:1.0\nFROM debian\nRUN --mount=type=bind,target=/src true\n',
    after: '# syntax=docker/dockerfile:1\nFROM debian\nRUN --mount=type=bind,target=/src true\n',
  },
  {
    rule: 'id-undefined-variable',
    title: 'Declare ARG TARGETARCH in this stage (unsafe)',
    before:
      'FROM golang AS build\nRUN --mount=type=cache,target=/root/.cache/go-build,id=go-$TARGETARCH go build\n',
    after:
      'FROM golang AS build\nARG TARGETARCH\nRUN --mount=type=cache,target=/root/.cache/go-build,id=go-$TARGETARCH go build\n',
  },
  {
    rule: 'mount-syntax',
    title: 'Change to cache',
    before: 'FROM debian\nRUN --mount=type=cahce,target=/root/.npm npm ci\n',
    after: 'FROM debian\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
  },
];

describe('every quick fix over the protocol', () => {
  let client: TestClient;
  before(async () => {
    client = TestClient.inMemory();
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
  });

  CASES.forEach(({ rule, title, before: text, after: expected }, i) => {
    it(`${rule}: ${title}`, async () => {
      const uri = `file:///fixes/case${i}/Dockerfile`;
      await client.open(uri, text);
      const diagnostics = (await client.diagnosticsFor(uri)).filter((d) => d.code === rule);
      assert.equal(diagnostics.length, 1, `one ${rule} diagnostic`);
      const action = (await client.codeActions(uri, diagnostics))?.find((a) => a.title === title);
      assert.ok(action, `code action "${title}"`);
      const fixed = await client.edit(uri, action.edit?.changes?.[uri] ?? []);
      assert.equal(fixed, expected);
      const remaining = (await client.diagnosticsFor(uri)).filter((d) => d.code === rule);
      assert.deepEqual(remaining, [], `${rule} is gone after the fix`);
    });
  });
});
