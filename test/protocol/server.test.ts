import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { positionOf, TestClient } from './harness';

const APT = `# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,target=/var/cache/apt \\
    apt-get update && apt-get install -y curl
`;

const hoverText = (hover: Hover | null): string =>
  (hover?.contents as MarkupContent | undefined)?.value ?? '';

describe('language server over a stream', () => {
  let client: TestClient;
  before(() => {
    client = TestClient.inMemory();
  });
  after(async () => {
    await client.shutdown();
  });

  it('answers initialize with hover, quick-fix and fix-all capabilities', async () => {
    const result = await client.initialize();
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual(result.capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.fixAll.cachemount'],
    });
    assert.deepEqual(result.capabilities.executeCommandProvider, { commands: ['cachemount.applyAllFixes'] });
    assert.equal(result.serverInfo?.name, 'cachemount');
  });

  it("logs its version, Node's version and the workspace folders when it starts", async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(
      client.logs.some((line) =>
        /^cachemount \d+\.\d+\.\d+\S* on Node v\d+\.\d+\.\d+; workspace folders: none$/.test(line),
      ),
      client.logs.join('\n'),
    );
  });

  it('publishes a diagnostic with source, code and a link to the rule docs on open', async () => {
    const uri = 'file:///project/Dockerfile';
    await client.open(uri, APT);
    const diagnostics = await client.diagnosticsFor(uri);
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d?.source, 'cachemount');
    assert.equal(d?.code, 'sharing-locked-required');
    assert.equal(d?.severity, DiagnosticSeverity.Warning);
    assert.match(String(d?.codeDescription?.href), /docs\/rules\.md#sharing-locked-required$/);
    assert.deepEqual(d?.range, { start: { line: 3, character: 23 }, end: { line: 3, character: 44 } });
    assert.match(typeof d?.message === 'string' ? d.message : '', /needs sharing=locked/);
  });

  it("says why under a one-line message: the hover over a finding starts with its rule's why", async () => {
    const uri = 'file:///project/why.Dockerfile';
    await client.open(uri, APT);
    const [d] = await client.diagnosticsFor(uri);
    assert.ok(d);
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    assert.ok(message.length <= 140 && !message.includes('\n'), message);
    const text = hoverText(await client.hover(uri, d.range.start.line, d.range.start.character + 2));
    assert.match(
      text,
      /^\*\*Why\*\* \(`sharing-locked-required`\): A cache whose tool cannot take two writers/,
    );
    assert.match(
      text,
      /\[Docs\]\(https:\/\/github\.com\/cachemount\/cachemount\/blob\/main\/docs\/rules\.md#sharing-locked-required\)/,
    );
    // Away from the finding, no why.
    assert.doesNotMatch(hoverText(await client.hover(uri, 0, 1)), /\*\*Why\*\*/);
  });

  it('offers "Add sharing=locked" as the preferred fix, and applying it clears the diagnostic', async () => {
    const uri = 'file:///project/Dockerfile';
    const diagnostics = await client.diagnosticsFor(uri);
    const actions = (await client.codeActions(uri, diagnostics)) ?? [];
    const preferred = actions.filter((a) => a.isPreferred);
    assert.deepEqual(
      preferred.map((a) => a.title),
      ['Add sharing=locked'],
    );
    const edits = preferred[0]?.edit?.changes?.[uri] ?? [];
    const text = await client.edit(uri, edits);
    assert.equal(
      text,
      APT.replace('target=/var/cache/apt \\', 'target=/var/cache/apt,sharing=locked \\'),
      'only the mount value changed',
    );
    assert.deepEqual(await client.diagnosticsFor(uri), []);
  });

  it('changes an explicit sharing=shared to locked on a moved Maven repository', async () => {
    const uri = 'file:///project/maven.Dockerfile';
    const text =
      'FROM maven:3\nENV MAVEN_OPTS="-Dmaven.repo.local=/m2"\nRUN --mount=type=cache,target=/m2,sharing=shared mvn -B package\n';
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['sharing-locked-required'],
    );
    const preferred = (await client.codeActions(uri, diagnostics))?.find((a) => a.isPreferred);
    assert.equal(preferred?.title, 'Change sharing=shared to sharing=locked');
    const fixed = await client.edit(uri, preferred?.edit?.changes?.[uri] ?? []);
    assert.equal(fixed, text.replace('sharing=shared', 'sharing=locked'));
    assert.deepEqual(await client.diagnosticsFor(uri), []);
  });

  it('drops fixes computed for an older version of the document', async () => {
    const uri = 'file:///project/stale.Dockerfile';
    await client.open(uri, APT);
    const diagnostics = await client.diagnosticsFor(uri);
    await client.edit(uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# edited\n' },
    ]);
    assert.deepEqual(await client.codeActions(uri, diagnostics), []);
    const fresh = await client.diagnosticsFor(uri);
    assert.equal(fresh[0]?.range.start.line, 4, 'the new diagnostics follow the edit');
    assert.deepEqual(
      (await client.codeActions(uri, fresh))?.map((a) => a.title),
      ['Add sharing=locked', 'Add sharing=private', 'Ignore sharing-locked-required for this instruction'],
    );
  });

  it('offers no "Ignore" for mount-syntax errors: the build fails whether or not they are hidden', async () => {
    const uri = 'file:///project/syntax.Dockerfile';
    await client.open(uri, 'FROM debian\nRUN --mount=type=cahce,target=/x true\n');
    const diagnostics = await client.diagnosticsFor(uri);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['mount-syntax'],
    );
    const titles = ((await client.codeActions(uri, diagnostics)) ?? []).map((a) => a.title);
    assert.ok(titles.length > 0 && titles.every((t) => !t.startsWith('Ignore')), titles.join(', '));
  });

  it('builds suppression fixes from the current text: a rule added to the comment already there', async () => {
    const uri = 'file:///project/suppressed.Dockerfile';
    const text =
      'FROM debian\n# cachemount-ignore prefer-tmpfs -- scratch space\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n';
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri);
    const locked = diagnostics.filter((d) => d.code === 'sharing-locked-required');
    assert.equal(locked.length, 1, JSON.stringify(diagnostics));
    const actions = (await client.codeActions(uri, locked)) ?? [];
    const ignore = actions.find((a) => a.title === 'Ignore sharing-locked-required for this instruction');
    const fixed = await client.edit(uri, ignore?.edit?.changes?.[uri] ?? []);
    assert.equal(
      fixed,
      text.replace('prefer-tmpfs --', 'prefer-tmpfs,sharing-locked-required --'),
      'the name joins the list, before the reason',
    );
    const after = await client.diagnosticsFor(uri);
    assert.deepEqual(
      after.map((d) => d.code),
      diagnostics.filter((d) => d.code !== 'sharing-locked-required').map((d) => d.code),
    );
  });

  it('offers no suppression for a code that is not a cachemount rule', async () => {
    const uri = 'file:///project/forged.Dockerfile';
    await client.open(uri, APT);
    const [diagnostic] = await client.diagnosticsFor(uri);
    assert.ok(diagnostic);
    const forged = { ...diagnostic, code: 'no-such-rule' };
    const titles = (await client.codeActions(uri, [forged]))?.map((a) => a.title);
    assert.deepEqual(titles, ['Add sharing=locked', 'Add sharing=private']);
  });

  it('ignores diagnostics from other sources and malformed data', async () => {
    const uri = 'file:///project/Dockerfile';
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const actions = await client.codeActions(uri, [
      { range, message: 'x', source: 'hadolint', data: { version: 2, fixes: [] } },
      {
        range,
        message: 'x',
        source: 'cachemount',
        data: { version: 2, fixes: [{ title: 'bad', edits: [{ range: 1 }] }] },
      },
      { range, message: 'x', source: 'cachemount', data: 'nonsense' },
    ]);
    assert.deepEqual(actions, []);
  });

  it('hovers --mount, keys and sharing values', async () => {
    const uri = 'file:///project/hover.Dockerfile';
    const text =
      'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked,id=apt-lists apt-get update\n';
    await client.open(uri, text);
    const flag = await client.hover(
      uri,
      positionOf(text, '--mount', 2).line,
      positionOf(text, '--mount', 2).character,
    );
    assert.match(hoverText(flag), /Mounts something into the container/);
    assert.match(hoverText(flag), /id: `apt-lists`/);
    const key = positionOf(text, 'sharing=', 1);
    const keyHover = hoverText(await client.hover(uri, key.line, key.character));
    assert.match(keyHover, /\*\*`sharing`\*\*/);
    assert.match(keyHover, /^- `locked`: A second build waits/m);
    const value = positionOf(text, 'locked', 1);
    assert.match(hoverText(await client.hover(uri, value.line, value.character)), /A second build waits/);
    const target = positionOf(text, 'target=', 1);
    assert.match(
      hoverText(await client.hover(uri, target.line, target.character)),
      /Aliases: `dst`, `destination`/,
    );
    assert.equal(await client.hover(uri, 0, 1), null, 'no hover outside mounts');
  });

  it('removes an unneeded sharing=locked through its quick fix, changing nothing else', async () => {
    const uri = 'file:///project/go.Dockerfile';
    const text =
      'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod,sharing=locked \\\n    go mod download\n';
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['sharing-locked-unneeded', DiagnosticSeverity.Hint]],
    );
    const [action] = (await client.codeActions(uri, diagnostics)) ?? [];
    assert.equal(action?.title, 'Remove sharing=locked (unsafe)');
    const fixed = await client.edit(uri, action?.edit?.changes?.[uri] ?? []);
    assert.equal(fixed, text.replace(',sharing=locked', ''));
    assert.deepEqual(await client.diagnosticsFor(uri), []);
  });

  it('points an inconsistent cache at the other mount through related information', async () => {
    const uri = 'file:///project/twice.Dockerfile';
    const text =
      'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update\nRUN --mount=type=cache,target=/var/lib/apt,sharing=private apt-get update\n';
    await client.open(uri, text);
    const [diagnostic] = await client.diagnosticsFor(uri);
    assert.equal(diagnostic?.code, 'sharing-inconsistent');
    assert.deepEqual(diagnostic?.relatedInformation?.[0]?.location, {
      uri,
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 57 } },
    });
  });

  it('shows a cache card on --mount: id, tool, sharing and the other mounts of the cache', async () => {
    const uri = 'file:///project/card.Dockerfile';
    const text =
      'FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\nRUN --mount=type=cache,target=/root/.cache/pip pip install y\n';
    await client.open(uri, text);
    const card = hoverText(await client.hover(uri, 1, 6));
    assert.match(card, /id: `\/root\/.cache\/pip` \(defaults to the target path\)/);
    assert.match(card, /tool: pip, downloaded and built wheels: safe for concurrent builds/);
    assert.match(card, /sharing: `shared` \(default\): Concurrent builds mount the same directory/);
    assert.match(card, /1 other mount in this file uses this cache \(line 3\)/);
  });

  it('scopes a cargo target cache by platform in one stage of a multi-stage CRLF file', async () => {
    const uri = 'file:///work/shop/Dockerfile';
    const text = [
      'FROM --platform=$BUILDPLATFORM rust:1 AS build',
      'WORKDIR /app',
      'RUN --mount=type=cache,target=/app/target,id=shop-target cargo build',
      'FROM debian AS run',
      'RUN --mount=type=cache,target=/root/.npm npm ci',
      '',
    ].join('\r\n');
    await client.open(uri, text);
    // cargo's registry is not mounted either: a hint, not what this test is about.
    const withoutHints = (list: Diagnostic[]) => list.filter((d) => d.code !== 'cache-mount-missing');
    const diagnostics = withoutHints(await client.diagnosticsFor(uri));
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [['id-platform-scope', 2]],
    );
    const actions = (await client.codeActions(uri, diagnostics)) ?? [];
    assert.equal(actions[0]?.title, 'Add ${TARGETPLATFORM} to the id (unsafe)');
    const fixed = await client.edit(uri, actions[0]?.edit?.changes?.[uri] ?? []);
    assert.equal(
      fixed,
      text
        .replace('AS build\r\n', 'AS build\r\nARG TARGETPLATFORM\r\n')
        .replace('id=shop-target', 'id=shop-target-${TARGETPLATFORM}'),
    );
    assert.deepEqual(
      withoutHints(await client.diagnosticsFor(uri)),
      [],
      'applying it again has nothing to do',
    );
  });

  it('shows the id per platform on hover', async () => {
    const uri = 'file:///work/shop/hover-id.Dockerfile';
    const text =
      'FROM golang\nARG TARGETARCH\nRUN --mount=type=cache,target=/root/.cache/go-build,id=go-$TARGETARCH-$TARGETOS go build\n';
    await client.open(uri, text);
    const position = positionOf(text, 'id=go', 4);
    const card = hoverText(await client.hover(uri, position.line, position.character));
    assert.match(card, /Cache id after expansion: `go-\$TARGETARCH-` \(parts are only known at build time\)/);
    assert.match(card, /\| `linux\/amd64` \| `go-amd64-` \|/);
    assert.match(card, /\| `linux\/arm64` \| `go-arm64-` \|/);
  });

  it('answers hover for a document it does not know with null', async () => {
    assert.equal(await client.hover('file:///nowhere/Dockerfile', 0, 0), null);
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = 'file:///project/Dockerfile';
    await client.open(uri, APT);
    await client.diagnosticsFor(uri);
    await client.close(uri);
    const published = await client.nextPublish(uri);
    assert.deepEqual(published.diagnostics, []);
  });
});
