import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import type { Completion } from '../../server/src/analysis/query/completions';
import { completionsAt } from '../../server/src/analysis/query/completions';
import { hoverAt } from '../../server/src/analysis/query/hover';
import type { Position } from '../../server/src/analysis/types';
import { dedent } from './fixture';

const CURSOR = '$0';

/** Completions at `$0` in a fixture (dedented like the other fixtures), with the text without the marker. */
function complete(source: string): { text: string; items: Completion[] } {
  const marked = dedent(source);
  const offset = marked.indexOf(CURSOR);
  assert.notEqual(offset, -1, 'fixture has no $0 cursor');
  const text = marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
  const lines = marked.slice(0, offset).split('\n');
  const position: Position = { line: lines.length - 1, character: lines[lines.length - 1]?.length ?? 0 };
  const { model } = analyze(text);
  return { text, items: completionsAt(model, position) };
}

const labels = (items: readonly Completion[]): string[] => items.map((i) => i.label);

/** The text after applying a completion's edits, as an editor would. */
function apply(text: string, item: Completion): string {
  const edits = [{ range: item.range, newText: item.insert }, ...(item.additionalEdits ?? [])];
  const lines = text.split('\n');
  const offsetOf = (p: Position) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = edits
    .map((e) => ({ start: offsetOf(e.range.start), end: offsetOf(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const e of sorted) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}

describe('completion inside --mount', () => {
  it('offers keys valid for the mount type, each once, with docs', () => {
    const { items } = complete(`
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,$0 apt-get update
    `);
    const keys = labels(items);
    assert.deepEqual(keys.slice(0, 3), ['id', 'sharing', 'source']);
    for (const present of ['type', 'target']) assert.ok(!keys.includes(present), `${present} offered twice`);
    for (const other of ['size', 'required', 'env'])
      assert.ok(!keys.includes(other), `${other} is not a cache key`);
    const sharing = items.find((i) => i.label === 'sharing');
    assert.equal(sharing?.insert, 'sharing=');
    assert.equal(sharing?.retrigger, true);
    assert.match(sharing?.documentation ?? '', /Default: `shared`/);
    assert.deepEqual(sharing?.range, { start: { line: 1, character: 45 }, end: { line: 1, character: 45 } });
  });

  it('replaces the part of the key already typed, and offers tmpfs keys after type=tmpfs', () => {
    const { items } = complete(`
      FROM debian
      RUN --mount=type=tmpfs,si$0 true
    `);
    assert.ok(labels(items).includes('size'));
    assert.ok(!labels(items).includes('sharing'), 'sharing is not a tmpfs key');
    const size = items.find((i) => i.label === 'size');
    assert.deepEqual(size?.range, { start: { line: 1, character: 23 }, end: { line: 1, character: 25 } });
  });

  it('offers type first in an empty mount, and the mount types after type=', () => {
    const empty = complete(`
      FROM debian
      RUN --mount=$0
    `);
    assert.equal(empty.items[0]?.label, 'type');
    assert.equal(empty.items[0]?.preferred, true);
    const types = complete(`
      FROM debian
      RUN --mount=type=$0 true
    `);
    assert.deepEqual(labels(types.items), ['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
    assert.equal(types.items.find((i) => i.preferred)?.label, 'cache');
  });

  it('recommends sharing=locked for apt and shared for pip', () => {
    const apt = complete(`
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=$0 apt-get update
    `);
    assert.deepEqual(labels(apt.items), ['shared', 'private', 'locked']);
    assert.equal(apt.items.find((i) => i.preferred)?.label, 'locked');
    assert.match(apt.items.find((i) => i.preferred)?.detail ?? '', /apt/);
    const pip = complete(`
      FROM python:3.12
      RUN --mount=type=cache,target=/root/.cache/pip,sharing=sh$0 pip install flask
    `);
    assert.equal(pip.items.find((i) => i.preferred)?.label, 'shared');
    assert.deepEqual(pip.items[0]?.range, {
      start: { line: 1, character: 55 },
      end: { line: 1, character: 57 },
    });
  });

  it('offers cache targets for the RUN user and ENV', () => {
    const { items } = complete(`
      FROM python:3.12
      ENV PIP_CACHE_DIR=/cache/pip
      USER app
      RUN --mount=type=cache,target=$0 pip install flask
    `);
    const targets = labels(items);
    assert.ok(targets.includes('/cache/pip'), targets.join(' '));
    assert.ok(targets.includes('/home/app/.npm'), targets.join(' '));
    assert.ok(targets.includes('/var/cache/apt'), targets.join(' '));
    assert.ok(!targets.includes('/root/.npm'), 'root home offered to USER app');
  });

  it('offers earlier stages for from= and the USER ids for uid=', () => {
    const from = complete(`
      FROM node:20 AS deps
      FROM debian AS build
      RUN --mount=type=cache,from=$0,target=/x true
      FROM debian AS later
    `);
    assert.deepEqual(labels(from.items), ['deps']);
    const uid = complete(`
      FROM debian
      RUN useradd -u 1001 app
      USER app
      RUN --mount=type=cache,target=/home/app/.cache/pip,uid=$0 pip install flask
    `);
    assert.deepEqual(labels(uid.items), ['1001']);
  });

  it('suggests a platform-scoped id for platform-specific caches and declares the ARG', () => {
    const { text, items } = complete(`
      FROM rust:1
      RUN --mount=type=cache,target=/app/target,id=$0 cargo build
    `);
    const first = items[0];
    assert.ok(first);
    assert.equal(first.label, 'cargo-target-${TARGETPLATFORM}');
    assert.equal(
      apply(text, first),
      'FROM rust:1\nARG TARGETPLATFORM\nRUN --mount=type=cache,target=/app/target,id=cargo-target-${TARGETPLATFORM} cargo build\n',
    );
  });

  it('completes keys on a continuation line, but not on an indented one, which BuildKit reads as the command', () => {
    // parser.go keeps a continuation line's leading whitespace: the flag word ends at the line break.
    const { items } = complete(`
      FROM debian
      RUN --mount=type=cache,\\
      sh$0,target=/var/cache/apt \\
          apt-get update
    `);
    const sharing = items.find((i) => i.label === 'sharing');
    assert.deepEqual(sharing?.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 2 } });
    const indented = complete(`
      FROM debian
      RUN --mount=type=cache,\\
          sh$0 \\
          apt-get update
    `);
    assert.deepEqual(labels(indented.items), []);
  });
});

describe('completion of --mount flags', () => {
  it('offers cache snippets from the knowledge base: apt as a locked pair, pip, npm, go, cargo', () => {
    const { text, items } = complete(`
      FROM debian
      RUN $0apt-get update && apt-get install -y gcc
    `);
    const apt = items.find((i) => i.label === '--mount cache for apt');
    assert.ok(apt, labels(items).join('\n'));
    assert.equal(
      apply(text, apt),
      'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y gcc\n',
    );
    for (const tool of ['pip', 'npm', 'go', 'cargo'])
      assert.ok(labels(items).includes(`--mount cache for ${tool}`), `no snippet for ${tool}`);
    assert.ok(labels(items).includes('--mount=type=secret'));
  });

  it("offers the tools the RUN runs first, then those of the stage's image", () => {
    const snippets = (source: string) =>
      labels(complete(source).items).filter((l) => l.startsWith('--mount cache for '));
    assert.equal(snippets('FROM rust:1.80\nRUN $0true\n')[0], '--mount cache for cargo');
    assert.deepEqual(snippets('FROM node:22\nRUN $0true\n').slice(0, 4), [
      '--mount cache for npm',
      '--mount cache for yarn',
      '--mount cache for pnpm',
      '--mount cache for apt',
    ]);
    assert.equal(snippets('FROM python:3.12-alpine\nRUN $0true\n')[3], '--mount cache for apk');
    assert.equal(snippets('FROM rust:1.80\nRUN $0pip install x\n')[0], '--mount cache for pip');
  });

  it('writes snippets for a non-root USER with its home and ids', () => {
    const { text, items } = complete(`
      FROM node:20
      USER node
      RUN $0 npm ci
    `);
    const npm = items.find((i) => i.label === '--mount cache for npm');
    assert.ok(npm);
    assert.equal(
      apply(text, npm),
      'FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci\n',
    );
  });

  it('leaves out tools whose cache the RUN already mounts, and completes a flag being typed', () => {
    const { items } = complete(`
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mo$0 apt-get update
    `);
    assert.ok(!labels(items).includes('--mount cache for apt'));
    const cache = items.find((i) => i.label === '--mount=type=cache');
    assert.ok(cache);
    assert.equal(cache.snippet, true);
    assert.deepEqual(cache.range, { start: { line: 1, character: 60 }, end: { line: 1, character: 64 } });
  });

  it('offers nothing inside the command, in other instructions, or in other flags', () => {
    for (const source of [
      'FROM debian\nRUN apt-get up$0date',
      'FROM debian\nCOPY --from=$0 . .',
      'FROM debian\nRUN --network=$0 true',
      'FROM debian\n$0',
    ])
      assert.deepEqual(labels(complete(source).items), [], source);
  });
});

describe('hovers say each thing once', () => {
  it('shows the current sharing mode first, the others once, and an id\u2019s expansion once', () => {
    const text =
      'FROM debian\nARG TARGETPLATFORM\nRUN --mount=type=cache,target=/var/cache/apt,sharing=shared,id=apt-${TARGETPLATFORM} apt-get update\n';
    const { model } = analyze(text);
    const line = text.split('\n')[2] ?? '';
    const at = (needle: string) => ({ line: 2, character: line.indexOf(needle) + 1 });
    const value = hoverAt(model, at('shared,'))?.markdown ?? '';
    assert.match(value, /^\*\*`sharing=shared`\*\*: Concurrent builds mount the same directory/);
    assert.equal(value.split('Concurrent builds mount the same directory').length, 2, value);
    assert.ok(value.split('\n').length <= 15, value);
    const id = hoverAt(model, at('apt-$'))?.markdown ?? '';
    assert.equal(id.split('apt-${TARGETPLATFORM}').length <= 2, true, id);
    assert.equal((id.match(/after expansion|Expands to/g) ?? []).length, 1, id);
  });
});
