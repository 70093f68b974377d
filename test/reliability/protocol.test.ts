import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Rule } from '../../server/src/analysis/rules/rule';
import { TestClient } from '../protocol/harness';

/**
 * A hostile or broken client: the server answers every request (with a result or an error response), keeps
 * publishing diagnostics, and logs a failing rule once.
 */

const APT = 'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n';
const PULLS_SETTINGS = { workspace: { configuration: true } };

/** The server is alive: a fresh document gets its diagnostics. */
async function assertAlive(client: TestClient, name: string): Promise<void> {
  const uri = `file:///alive/${name}/Dockerfile`;
  await client.open(uri, APT);
  const diagnostics = await client.diagnosticsFor(uri);
  assert.ok(
    diagnostics.some((d) => d.code === 'sharing-locked-required'),
    'the server still analyses documents',
  );
}

describe('protocol robustness', () => {
  const clients: TestClient[] = [];
  const start = async (...args: Parameters<typeof TestClient.inMemory>): Promise<TestClient> => {
    const client = TestClient.inMemory(...args);
    clients.push(client);
    await client.initialize(PULLS_SETTINGS);
    return client;
  };
  after(async () => {
    for (const client of clients) await client.shutdown();
  });

  it('answers requests for documents it never saw or that were closed', async () => {
    const client = await start();
    const unknown = 'file:///nowhere/Dockerfile';
    assert.equal(await client.hover(unknown, 0, 0), null);
    assert.deepEqual(await client.codeActions(unknown, []), []);
    assert.deepEqual(await client.sourceActions(unknown, ['source.fixAll']), []);
    assert.deepEqual(
      await client.connection.sendRequest('textDocument/completion', {
        textDocument: { uri: unknown },
        position: { line: 0, character: 0 },
      }),
      [],
    );
    assert.deepEqual(
      await client.executeCommand('cachemount.applyAllFixes', [{ uri: unknown, version: 1 }]),
      {
        applied: 0,
      },
    );
    const uri = 'file:///closed/Dockerfile';
    await client.open(uri, APT);
    await client.diagnosticsFor(uri);
    await client.close(uri);
    assert.deepEqual((await client.nextPublish(uri)).diagnostics, [], 'closing clears the diagnostics');
    assert.equal(await client.hover(uri, 1, 20), null);
    assert.deepEqual(await client.codeActions(uri, []), []);
    await assertAlive(client, 'unknown');
  });

  it('answers positions outside the document', async () => {
    const client = await start();
    const uri = 'file:///range/Dockerfile';
    await client.open(uri, APT);
    await client.diagnosticsFor(uri);
    for (const [line, character] of [
      [1_000_000, 0],
      [1, 1_000_000],
      [-1, -5],
      [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ] as const) {
      assert.equal(await client.hover(uri, line, character), null, `hover at ${line}:${character}`);
      const items = await client.connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: { line, character },
      });
      assert.ok(Array.isArray(items) || (items as { items?: unknown } | null)?.items, 'completion answers');
    }
    const farRange = { start: { line: 999, character: 0 }, end: { line: 1_000, character: 5 } };
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: farRange,
      context: { diagnostics: [{ range: farRange, message: 'x', code: 'mount-syntax', data: { nope: 1 } }] },
    });
    assert.ok(Array.isArray(actions));
    await assertAlive(client, 'range');
  });

  it('answers invalid params with an error response and keeps serving', async () => {
    const client = await start();
    const bad: Array<[string, unknown]> = [
      ['textDocument/hover', {}],
      ['textDocument/hover', { textDocument: { uri: 42 }, position: 'top' }],
      ['textDocument/codeAction', { textDocument: { uri: 'file:///x' } }],
      ['textDocument/codeAction', { textDocument: { uri: 'file:///x' }, context: { diagnostics: 'many' } }],
      ['workspace/executeCommand', { command: 'cachemount.applyAllFixes', arguments: ['not an object'] }],
      ['workspace/executeCommand', { command: 'cachemount.applyAllFixes', arguments: [null] }],
      ['workspace/executeCommand', { command: 'rm -rf /' }],
      ['textDocument/unknownMethod', {}],
    ];
    for (const [method, params] of bad) {
      // Either a result or an error response: what matters is that an answer comes and the server lives.
      await client.connection.sendRequest(method, params).catch(() => undefined);
    }
    await client.notify('textDocument/didChange', {
      textDocument: { uri: 'file:///never/opened', version: 3 },
    });
    await client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///broken' } });
    await client.notify('workspace/didChangeConfiguration', { settings: 'not an object' });
    await assertAlive(client, 'invalid');
  });

  it('survives a cancelled request', async () => {
    const client = await start();
    const uri = 'file:///cancel/Dockerfile';
    await client.open(uri, APT);
    await client.diagnosticsFor(uri);
    const source = new (await import('vscode-languageserver/node')).CancellationTokenSource();
    const pending = client.connection
      .sendRequest(
        'textDocument/hover',
        { textDocument: { uri }, position: { line: 1, character: 8 } },
        source.token,
      )
      .catch((error: unknown) => error);
    source.cancel();
    await pending;
    const hover = await client.hover(uri, 1, 8);
    assert.ok(hover, 'a later hover still answers');
  });

  it('publishes for the newest text after rapid changes, versions out of order and a bad range', async () => {
    const client = await start();
    const uri = 'file:///rapid/Dockerfile';
    await client.open(uri, 'FROM debian\n');
    for (let version = 2; version <= 60; version++) {
      const text =
        version % 2 === 0 ? APT : `FROM debian\nRUN --mount=type=cahce,target=/x true # ${version}\n`;
      void client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
    }
    // An older version arrives late, then a change whose range lies past the end of the text.
    await client.notify('textDocument/didChange', {
      textDocument: { uri, version: 5 },
      contentChanges: [{ text: 'FROM debian\nRUN --mount=type=cache,target=/x,id= true\n' }],
    });
    await client.notify('textDocument/didChange', {
      textDocument: { uri, version: 61 },
      contentChanges: [
        { range: { start: { line: 50, character: 3 }, end: { line: 80, character: 0 } }, text: '#' },
      ],
    });
    const final = await client.nextPublishOrLatest(uri);
    assert.ok(final, 'diagnostics were published');
    await assertAlive(client, 'rapid');
  });

  it('uses the defaults, logged once, when the client never answers workspace/configuration', async () => {
    const client = TestClient.inMemory({ settingsTimeoutMs: 200 });
    clients.push(client);
    client.answersConfiguration = false;
    await client.initialize(PULLS_SETTINGS);
    const started = Date.now();
    await client.open('file:///silent/a/Dockerfile', APT);
    await client.open('file:///silent/b/Dockerfile', APT);
    const a = await client.diagnosticsFor('file:///silent/a/Dockerfile', 5_000);
    const b = await client.diagnosticsFor('file:///silent/b/Dockerfile', 5_000);
    assert.ok(Date.now() - started < 4_000, 'diagnostics within the timeout, not never');
    assert.ok(a.some((d) => d.code === 'sharing-locked-required'));
    assert.ok(b.some((d) => d.code === 'sharing-locked-required'));
    const warnings = client.logs.filter((l) => l.includes('did not answer workspace/configuration'));
    assert.equal(warnings.length, 1, client.logs.join('\n'));
  });

  it('reports a crashing rule once, and the other rules still publish', async () => {
    const crashing: Rule = {
      id: 'test-crash',
      severity: 'error',
      summary: 'Throws on every file (injected by this test).',
      check: () => {
        throw new TypeError('boom');
      },
    };
    const client = TestClient.inMemory({ extraRules: [crashing] });
    clients.push(client);
    await client.initialize(PULLS_SETTINGS);
    const uri = 'file:///crash/Dockerfile';
    await client.open(uri, APT);
    const first = await client.diagnosticsFor(uri);
    assert.ok(
      first.some((d) => d.code === 'sharing-locked-required'),
      'the other rules publish',
    );
    await client.edit(uri, [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '# x\n' },
    ]);
    await client.diagnosticsFor(uri);
    await client.open('file:///crash/other/Dockerfile', APT);
    await client.diagnosticsFor('file:///crash/other/Dockerfile');
    const reports = client.logs.filter((l) => l.includes('test-crash'));
    assert.equal(reports.length, 1, `logged once: ${client.logs.join('\n')}`);
    assert.match(reports[0] ?? '', /rule test-crash failed and was skipped: boom/);
    const hover = await client.hover(uri, 1, 8);
    assert.ok(hover, 'hover still works');
  });
});
