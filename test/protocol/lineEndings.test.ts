/**
 * A lone carriage return ends a line for LSP clients (and VS Code shows it so), but not for BuildKit or the
 * analysis, which count "\n" only. The server translates positions at the protocol boundary, so diagnostics,
 * quick fixes, fix all, hover and completion land on the characters they were computed for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MarkupContent, TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from './harness';

// Line 0 for BuildKit is one comment, "# a\rb"; a client sees "# a" and "b" as lines 0 and 1.
const TEXT = '# a\rb\nFROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n';
const URI = 'file:///project/lone-cr.Dockerfile';

function apply(text: string, edits: TextEdit[], uri = URI): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), edits);
}

/**
 * A server with one document open for the tests of a `describe`; call inside it. Unsafe fixes are on, so that
 * fix all takes every kind of fix these documents have (an inserted RUN, a newer `# syntax=`).
 */
function serverWith(uri: string, text: string): () => TestClient {
  let client: TestClient | undefined;
  before(async () => {
    client = TestClient.inMemory();
    client.settings = { cachemount: { unsafeFixes: true } };
    await client.initialize({ workspace: { configuration: true } });
    await client.open(uri, text);
  });
  after(async () => {
    await client?.shutdown();
  });
  return () => {
    assert.ok(client, 'the server was not started');
    return client;
  };
}

describe('documents with a lone carriage return', () => {
  const server = serverWith(URI, TEXT);

  it('reports diagnostics on the lines the client sees, and their quick fixes edit the right characters', async () => {
    const client = server();
    const diagnostics = await client.diagnosticsFor(URI);
    const locked = diagnostics.find((d) => d.code === 'sharing-locked-required');
    assert.ok(locked, JSON.stringify(diagnostics));
    assert.deepEqual(locked.range, { start: { line: 3, character: 23 }, end: { line: 3, character: 44 } });
    const actions = (await client.codeActions(URI, [locked])) ?? [];
    const fix = actions.find((a) => a.title === 'Add sharing=locked');
    const edits = fix?.edit?.changes?.[URI];
    assert.ok(edits, JSON.stringify(actions));
    assert.equal(apply(TEXT, edits), TEXT.replace('/var/cache/apt ', '/var/cache/apt,sharing=locked '));
    // Suppression fixes are built from the server's model on request: they too land on the client's lines.
    const ignore = actions.find((a) => a.title === 'Ignore sharing-locked-required for this instruction');
    const ignoreEdits = ignore?.edit?.changes?.[URI];
    assert.ok(ignoreEdits, JSON.stringify(actions));
    assert.equal(
      apply(TEXT, ignoreEdits),
      TEXT.replace('\nRUN', '\n# cachemount-ignore sharing-locked-required\nRUN'),
    );
  });

  it('fixes all in the client lines', async () => {
    const client = server();
    const [action] = (await client.sourceActions(URI, ['source.fixAll.cachemount'])) ?? [];
    const edits = action?.edit?.changes?.[URI];
    assert.ok(edits);
    const fixed = apply(TEXT, edits);
    // Both fixes: Debian's docker-clean removed before the RUN (apt-docker-clean), and sharing=locked.
    assert.ok(fixed.startsWith('# a\rb\nFROM debian\nRUN rm -f /etc/apt/apt.conf.d/docker-clean'), fixed);
    assert.ok(
      fixed.endsWith('\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update\n'),
      fixed,
    );
  });

  it('answers hover and completion at client positions', async () => {
    const client = server();
    const hover = await client.hover(URI, 3, 27);
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /\*\*`target`\*\*/);
    assert.deepEqual(hover?.range, { start: { line: 3, character: 23 }, end: { line: 3, character: 29 } });
    const result = await client.completion(URI, 3, 44);
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    assert.ok(items.length > 0, 'no completion after the target value');
  });
});

describe('documents that keep a byte order mark', () => {
  // VS Code removes the mark before the server sees the text; a client that keeps it counts it on line 0,
  // where the analysis (which reads the text after the mark, as BuildKit does) does not.
  const uri = 'file:///project/bom.Dockerfile';
  const text = '\uFEFF# syntax=docker/dockerfile:1.1\nFROM debian\nRUN --mount=type=cache,target=/x true\n';
  const server = serverWith(uri, text);

  it('reports and fixes line 0 on the characters the client has there', async () => {
    const client = server();
    const diagnostics = await client.diagnosticsFor(uri);
    const version = diagnostics.find((d) => d.code === 'syntax-version');
    assert.ok(version, JSON.stringify(diagnostics));
    assert.deepEqual(version.range, { start: { line: 0, character: 28 }, end: { line: 0, character: 31 } });
    const actions = (await client.codeActions(uri, [version])) ?? [];
    const edits = actions[0]?.edit?.changes?.[uri];
    assert.ok(edits, JSON.stringify(actions));
    assert.equal(apply(text, edits, uri), text.replace('dockerfile:1.1', 'dockerfile:1'));
    const [fixAll] = (await client.sourceActions(uri, ['source.fixAll.cachemount'])) ?? [];
    const all = fixAll?.edit?.changes?.[uri];
    assert.ok(all, 'no fix-all action');
    assert.equal(apply(text, all, uri), text.replace('dockerfile:1.1', 'dockerfile:1'));
  });
});
