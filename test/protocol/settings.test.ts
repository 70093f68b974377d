import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './harness';

const APT = 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n';
const CAPABILITIES = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
};

const codes = (diagnostics: Array<{ code?: string | number; severity?: number }>) =>
  diagnostics.map((d) => `${String(d.code)}:${String(d.severity)}`);

describe('settings over the protocol', () => {
  let client: TestClient;
  let folder: string;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cachemount-settings-'));
    client = TestClient.inMemory();
    await client.initialize(CAPABILITIES);
  });
  after(async () => {
    await client.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  it('registers for settings and .cachemount.json changes', async () => {
    // Registration follows `initialized` asynchronously.
    for (let i = 0; i < 100 && client.registrations.length < 2; i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      client.registrations.map((r) => r.method),
      ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles'],
    );
  });

  it('applies the editor settings per document and refreshes on change without a restart', async () => {
    const uri = pathToFileURL(join(folder, 'editor', 'Dockerfile')).href;
    client.settings = { cachemount: { rules: { 'sharing-locked-required': 'error' } } };
    await client.open(uri, APT);
    assert.deepEqual(codes(await client.diagnosticsFor(uri)), ['sharing-locked-required:1']);

    client.settings = { cachemount: { rules: { 'sharing-locked-required': 'off' } } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(codes((await client.nextPublish(uri)).diagnostics), []);

    client.settings = { cachemount: { enable: false } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await client.nextPublish(uri)).diagnostics, []);
    assert.equal(await client.hover(uri, 1, 6), null, 'disabled: no hover either');

    client.settings = { cachemount: { multiPlatform: 'always', rules: {} } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.close(uri);
  });

  it('lets the nearest .cachemount.json win over the editor, marks its mistakes, and reloads it on change', async () => {
    const project = join(folder, 'project');
    const nested = join(project, 'services', 'api');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(nested, { recursive: true });
    const configPath = join(project, '.cachemount.json');
    writeFileSync(configPath, '{ "rules": { "sharing-locked-required": "hint", "no-such-rule": "off" } }\n');
    client.settings = { cachemount: { rules: { 'sharing-locked-required': 'error' } } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });

    const uri = pathToFileURL(join(nested, 'Dockerfile')).href;
    await client.open(uri, APT);
    assert.deepEqual(codes(await client.diagnosticsFor(uri)), ['sharing-locked-required:4']);
    const configUri = pathToFileURL(configPath).href;
    const problems = (await client.nextPublishOrLatest(configUri)).diagnostics;
    assert.equal(problems.length, 1);
    const message = problems[0]?.message;
    assert.match(
      typeof message === 'string' ? message : (message?.value ?? ''),
      /rules\.no-such-rule: unknown rule 'no-such-rule'/,
    );
    assert.deepEqual(problems[0]?.range.start, { line: 0, character: 48 });

    writeFileSync(configPath, '{ "rules": { "sharing-locked-required": "off" } }\n');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    assert.deepEqual((await client.nextPublish(uri)).diagnostics, []);
    assert.deepEqual((await client.nextPublishOrLatest(configUri)).diagnostics, [], 'problems cleared');
    await client.close(uri);
  });
});

describe('fix all over the protocol', () => {
  let client: TestClient;
  before(async () => {
    client = TestClient.inMemory();
    await client.initialize(CAPABILITIES);
  });
  after(async () => {
    await client.shutdown();
  });

  const BROKEN = [
    'FROM debian',
    'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
    'RUN --mount=type=cache,target=/var/cache/apt,sharing=lockd \\',
    '    --mount=type=cache,target=/var/lib/apt apt-get update',
    '',
  ].join('\n');

  it('offers source.fixAll.cachemount only when asked, with every safe fix in one action', async () => {
    const uri = 'file:///fixall/Dockerfile';
    await client.open(uri, BROKEN);
    const diagnostics = await client.diagnosticsFor(uri);
    assert.equal(diagnostics.length, 2);
    const plain = (await client.codeActions(uri, [])) ?? [];
    assert.equal(plain.length, 0, 'no source action without `only`');
    for (const only of [['source.fixAll'], ['source.fixAll.cachemount'], ['source']]) {
      const actions = (await client.sourceActions(uri, only)) ?? [];
      assert.deepEqual(
        actions.map((a) => `${a.kind}: ${a.title}`),
        ['source.fixAll.cachemount: Fix all cachemount problems (2 fixes)'],
        `only ${only.join()}`,
      );
    }
    assert.deepEqual(await client.sourceActions(uri, ['source.organizeImports']), []);
    const [action] = (await client.sourceActions(uri, ['source.fixAll'])) ?? [];
    const edits = action?.edit?.changes?.[uri] ?? [];
    const fixed = await client.edit(uri, edits);
    assert.match(
      fixed,
      /sharing=locked \\\n {4}--mount=type=cache,target=\/var\/lib\/apt,sharing=locked apt-get/,
    );
    assert.deepEqual(await client.diagnosticsFor(uri), []);
  });

  it('leaves unsafe fixes out of fix all unless cachemount.unsafeFixes is on, and labels them', async () => {
    // The only finding's fix changes the cache id: unsafe.
    const text = [
      'FROM --platform=$BUILDPLATFORM rust AS builder',
      'RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \\',
      '    --mount=type=cache,target=/usr/local/cargo/git,sharing=locked \\',
      '    --mount=type=cache,target=/app/target,id=shop-target cargo build',
      '',
    ].join('\n');
    const uri = 'file:///unsafe/Dockerfile';
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri);
    assert.deepEqual(codes(diagnostics), ['id-platform-scope:2']);
    const quickFixes = (await client.codeActions(uri, diagnostics)) ?? [];
    assert.equal(quickFixes[0]?.title, 'Add ${TARGETPLATFORM} to the id (unsafe)');
    assert.notEqual(quickFixes[0]?.isPreferred, true);
    assert.deepEqual(await client.sourceActions(uri, ['source.fixAll.cachemount']), []);
    assert.deepEqual(await client.executeCommand('cachemount.applyAllFixes', [{ uri, version: 1 }]), {
      applied: 0,
    });

    client.settings = { cachemount: { unsafeFixes: true } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.nextPublish(uri);
    const [action] = (await client.sourceActions(uri, ['source.fixAll.cachemount'])) ?? [];
    assert.equal(action?.title, 'Fix all cachemount problems (1 fix)');
    const fixed = await client.edit(uri, action?.edit?.changes?.[uri] ?? []);
    assert.match(fixed, /id=shop-target-\$\{TARGETPLATFORM\}/);
    client.settings = {};
    await client.notify('workspace/didChangeConfiguration', { settings: null });
  });

  it('applies all fixes through the applyAllFixes command with a versioned edit', async () => {
    const uri = 'file:///fixall/command.Dockerfile';
    await client.open(uri, BROKEN);
    await client.diagnosticsFor(uri);
    const result = await client.executeCommand('cachemount.applyAllFixes', [{ uri, version: 1 }]);
    assert.deepEqual(result, { applied: 2 });
    const edit = client.appliedEdits[client.appliedEdits.length - 1];
    const change = edit?.documentChanges?.[0];
    assert.ok(change && 'textDocument' in change);
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.deepEqual(await client.diagnosticsFor(uri), []);
    assert.deepEqual(
      await client.executeCommand('cachemount.applyAllFixes', [{ uri, version: 1 }]),
      { applied: 0 },
      'a stale version is refused',
    );
    assert.deepEqual(await client.executeCommand('cachemount.applyAllFixes', [{ uri: 'file:///nope' }]), {
      applied: 0,
    });
  });
});
