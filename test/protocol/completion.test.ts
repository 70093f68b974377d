import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, MarkupContent, TextEdit } from 'vscode-languageserver/node';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver/node';
import { positionOf, TestClient } from './harness';

const items = (result: CompletionItem[] | CompletionList | null): CompletionItem[] =>
  Array.isArray(result) ? result : (result?.items ?? []);

describe('completion over the protocol', () => {
  const clients: TestClient[] = [];
  after(async () => {
    for (const client of clients) await client.shutdown();
  });

  const start = async (clientName?: string): Promise<TestClient> => {
    const client = TestClient.inMemory();
    clients.push(client);
    const result = await client.initialize({}, clientName ? { name: clientName } : undefined);
    assert.deepEqual(result.capabilities.completionProvider, { triggerCharacters: ['=', ',', '-'] });
    return client;
  };

  it('completes sharing values with docs, the recommended one preselected and sorted first', async () => {
    const client = await start('Visual Studio Code');
    const uri = 'file:///project/Dockerfile';
    const text = 'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing= apt-get update\n';
    await client.open(uri, text);
    const at = positionOf(text, 'sharing=');
    const result = items(await client.completion(uri, at.line, at.character + 'sharing='.length));
    const sorted = [...result].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.equal(sorted[0]?.label, 'locked');
    assert.equal(sorted[0]?.preselect, true);
    assert.equal(sorted[0]?.kind, CompletionItemKind.EnumMember);
    assert.match((sorted[0]?.documentation as MarkupContent).value, /A second build waits/);
    assert.deepEqual((sorted[0]?.textEdit as TextEdit).range, {
      start: { line: 1, character: 53 },
      end: { line: 1, character: 53 },
    });
  });

  it('asks VS Code to suggest again after a key, and no other client', async () => {
    const text = 'FROM debian\nRUN --mount=type=cache, true\n';
    const at = positionOf(text, ', true');
    for (const [name, expected] of [
      ['Visual Studio Code', 'editor.action.triggerSuggest'],
      ['Neovim', undefined],
    ] as const) {
      const client = await start(name);
      await client.open('file:///p/Dockerfile', text);
      const result = items(await client.completion('file:///p/Dockerfile', at.line, at.character + 1));
      const target = result.find((i) => i.label === 'target');
      assert.equal((target?.textEdit as TextEdit | undefined)?.newText, 'target=');
      assert.equal(target?.command?.command, expected, name);
    }
  });

  it('inserts cache snippets as plain text and generic mounts as snippets', async () => {
    const client = await start();
    const uri = 'file:///project/rust/Dockerfile';
    const text = 'FROM rust:1\nRUN  cargo build\n';
    await client.open(uri, text);
    const result = items(await client.completion(uri, 1, 4));
    const cargo = result.find((i) => i.label === '--mount cache for cargo');
    assert.ok(cargo, result.map((i) => i.label).join(', '));
    assert.equal(cargo.insertTextFormat, InsertTextFormat.PlainText);
    assert.match(
      (cargo.textEdit as TextEdit).newText,
      /^--mount=type=cache,target=\/usr\/local\/cargo\/registry/,
    );
    const generic = result.find((i) => i.label === '--mount=type=cache');
    assert.equal(generic?.insertTextFormat, InsertTextFormat.Snippet);
  });

  it('declares ARG TARGETPLATFORM in the stage when a completed id uses it', async () => {
    const client = await start();
    const uri = 'file:///project/rust/Dockerfile';
    const text = 'FROM rust:1\nRUN --mount=type=cache,target=/app/target,id= cargo build\n';
    await client.open(uri, text);
    const at = positionOf(text, 'id=');
    const [first] = items(await client.completion(uri, at.line, at.character + 3));
    assert.equal(first?.label, 'cargo-target-${TARGETPLATFORM}');
    assert.deepEqual(first?.additionalTextEdits, [
      {
        range: { start: { line: 0, character: 11 }, end: { line: 0, character: 11 } },
        newText: '\nARG TARGETPLATFORM',
      },
    ]);
  });

  it('answers an empty list for closed documents and positions outside RUN flags', async () => {
    const client = await start();
    assert.deepEqual(items(await client.completion('file:///nowhere/Dockerfile', 0, 0)), []);
    await client.open('file:///p/x.Dockerfile', 'FROM debian\nRUN echo hi\n');
    assert.deepEqual(items(await client.completion('file:///p/x.Dockerfile', 1, 8)), []);
    assert.deepEqual(items(await client.completion('file:///p/x.Dockerfile', 99, 99)), []);
  });
});
