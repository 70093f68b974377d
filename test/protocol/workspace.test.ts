// The server's workspace index (issue 20): the Dockerfiles and build definitions of the workspace folders,
// found as `cachemount lint` finds them, make what only several files show visible in the editor.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { TestClient } from './harness';

const GO = 'FROM golang:1.23\nRUN --mount=type=cache,id=build,target=/root/.cache/go-build go build ./...\n';
const MAVEN =
  'FROM maven:3\nRUN --mount=type=cache,id=build,target=/root/.m2/repository,sharing=locked mvn package\n';
const COMPOSE = 'services:\n  api:\n    build: api\n  web:\n    build: web\n';
const WORKFLOW = [
  'on: push',
  'jobs:',
  '  api:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: docker/setup-buildx-action@v3',
  '      - uses: docker/build-push-action@v6',
  '        with:',
  '          context: api',
  '',
].join('\n');
const WATCHING = { workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, configuration: true } };

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cachemount-workspace-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const uriOf = (root: string, name: string): string => pathToFileURL(join(root, name)).href;
const conflict = (diagnostics: Diagnostic[]) => diagnostics.find((d) => d.code === 'id-conflict');

async function start(root: string, settings: Record<string, unknown> = {}): Promise<TestClient> {
  const client = TestClient.inMemory();
  client.settings = settings;
  await client.initialize(WATCHING, undefined, [pathToFileURL(root).href]);
  return client;
}

describe('workspace index', () => {
  it('relates an open Dockerfile to the others of its folder: information, a warning once Compose builds both', async () => {
    const root = folder({ 'api/Dockerfile': GO, 'web/Dockerfile': MAVEN });
    const client = await start(root);
    const api = uriOf(root, 'api/Dockerfile');
    await client.open(api, GO);
    const found = conflict(await client.diagnosticsUntil(api, (d) => conflict(d) !== undefined));
    assert.equal(found?.severity, DiagnosticSeverity.Information, 'no build definition builds both');
    assert.match(typeof found?.message === 'string' ? found.message : '', /web\/Dockerfile:2/);
    assert.equal(found?.relatedInformation?.[0]?.location.uri, uriOf(root, 'web/Dockerfile'));
    assert.ok(
      client.registrations.some((r) => JSON.stringify(r.registerOptions).includes('docker-bake')),
      'the server watches build definitions',
    );

    writeFileSync(join(root, 'compose.yaml'), COMPOSE);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(root, 'compose.yaml'), type: 1 }],
    });
    const warned = await client.diagnosticsUntil(
      api,
      (d) => conflict(d)?.severity === DiagnosticSeverity.Warning,
    );
    assert.ok(conflict(warned));

    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: api },
      position: { line: 1, character: 8 },
    });
    assert.match(
      (hover?.contents as MarkupContent | undefined)?.value ?? '',
      /Also mounted in web\/Dockerfile:2/,
    );
    await client.shutdown();
  });

  it('follows files that change on disk, and lets an open document win over its file', async () => {
    const root = folder({ 'api/Dockerfile': GO, 'web/Dockerfile': 'FROM maven:3\n' });
    const client = await start(root);
    const api = uriOf(root, 'api/Dockerfile');
    await client.open(api, GO);
    await client.diagnosticsUntil(api, (d) => conflict(d) === undefined);
    writeFileSync(join(root, 'web/Dockerfile'), MAVEN);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(root, 'web/Dockerfile'), type: 2 }],
    });
    await client.diagnosticsUntil(api, (d) => conflict(d) !== undefined);
    // A deleted folder: watchers name the folder only.
    rmSync(join(root, 'web'), { recursive: true });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(root, 'web'), type: 3 }],
    });
    await client.diagnosticsUntil(api, (d) => conflict(d) === undefined);
    mkdirSync(join(root, 'web'));
    writeFileSync(join(root, 'web/Dockerfile'), MAVEN);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(root, 'web/Dockerfile'), type: 1 }],
    });
    await client.diagnosticsUntil(api, (d) => conflict(d) !== undefined);
    // Opened with other text, web's own text counts, not the file's.
    const web = uriOf(root, 'web/Dockerfile');
    await client.open(web, 'FROM maven:3\nRUN mvn package\n');
    await client.diagnosticsUntil(api, (d) => conflict(d) === undefined);
    await client.shutdown();
  });

  it('reports a workflow job whose cache mounts start empty, in the workflow file, with its fix', async () => {
    const root = folder({ 'api/Dockerfile': GO, '.github/workflows/ci.yml': WORKFLOW });
    const client = await start(root);
    const api = uriOf(root, 'api/Dockerfile');
    await client.open(api, GO);
    const workflow = uriOf(root, '.github/workflows/ci.yml');
    const [lost] = await client.diagnosticsUntil(workflow, (d) =>
      d.some((x) => x.code === 'ci-cache-mounts-lost'),
    );
    assert.equal(lost?.severity, DiagnosticSeverity.Warning);
    assert.equal(lost?.source, 'cachemount');
    assert.equal(lost?.range.start.line, 6);
    await client.open(workflow, WORKFLOW);
    // Published again for the open document's version, which its code actions check.
    const [open] = await client.diagnosticsUntil(workflow, (d) =>
      d.some((x) => (x.data as { version?: number } | undefined)?.version === 1),
    );
    assert.ok(open);
    const actions = await client.codeActions(workflow, [open]);
    assert.equal(actions?.[0]?.title, 'Restore cache mounts with buildkit-cache-dance (unsafe)');
    await client.shutdown();
  });

  it('walks a folder again when a .gitignore changes: files it lets in are read, those it leaves out dropped', async () => {
    const root = folder({ 'api/Dockerfile': GO, 'ignored/Dockerfile': MAVEN, '.gitignore': 'ignored/\n' });
    const client = await start(root);
    const api = uriOf(root, 'api/Dockerfile');
    await client.open(api, GO);
    await client.diagnosticsUntil(api, (d) => conflict(d) === undefined);
    assert.ok(
      client.registrations.some((r) => JSON.stringify(r.registerOptions).includes('**/.gitignore')),
      'the server watches .gitignore files',
    );
    const changed = (type: number) =>
      client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(root, '.gitignore'), type }],
      });
    writeFileSync(join(root, '.gitignore'), 'node_modules/\n');
    await changed(2);
    await client.diagnosticsUntil(api, (d) => conflict(d) !== undefined);
    writeFileSync(join(root, '.gitignore'), 'ignored/\n');
    await changed(2);
    await client.diagnosticsUntil(api, (d) => conflict(d) === undefined);
    rmSync(join(root, '.gitignore'));
    await changed(3);
    await client.diagnosticsUntil(api, (d) => conflict(d) !== undefined);
    await client.shutdown();
  });

  it("takes an open Compose file's unsaved text, and never reads another data file as a Dockerfile", async () => {
    const root = folder({ 'api/Dockerfile': GO, 'web/Dockerfile': MAVEN });
    const client = await start(root);
    const api = uriOf(root, 'api/Dockerfile');
    await client.open(api, GO);
    const found = conflict(await client.diagnosticsUntil(api, (d) => conflict(d) !== undefined));
    assert.equal(found?.severity, DiagnosticSeverity.Information);
    // Not on disk: the editor's text of compose.yaml builds both files.
    await client.open(uriOf(root, 'compose.yaml'), COMPOSE, 'yaml');
    await client.diagnosticsUntil(api, (d) => conflict(d)?.severity === DiagnosticSeverity.Warning);
    // A YAML file whose name is no build definition's, sent by a client: no Dockerfile findings in it.
    const other = uriOf(root, 'docker-compose.my app.yaml');
    await client.open(other, 'FROM debian\nRUN --mount=type=cache,target=/x,sharing=bogus true\n', 'yaml');
    assert.deepEqual(await client.diagnosticsFor(other), []);
    assert.equal(await client.hover(other, 0, 8), null);
    await client.shutdown();
  });

  it('indexes nothing when cachemount.workspace.index is off, ignored files or links out of the folder', async () => {
    const outside = folder({ Dockerfile: MAVEN });
    const root = folder({ 'api/Dockerfile': GO, 'ignored/Dockerfile': MAVEN, '.gitignore': 'ignored/\n' });
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'linked.Dockerfile'));
    const client = await start(root);
    const api = uriOf(root, 'api/Dockerfile');
    await client.open(api, GO);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(
      conflict(await client.diagnosticsFor(api)),
      undefined,
      'neither the ignored nor the linked file',
    );
    // A file a watcher reports where the walk would not go: a package's Dockerfile in node_modules.
    mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'pkg', 'Dockerfile'), MAVEN);
    writeFileSync(join(root, 'ignored', 'Dockerfile'), `${MAVEN}# changed\n`);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uriOf(root, 'node_modules/pkg/Dockerfile'), type: 1 },
        { uri: uriOf(root, 'ignored/Dockerfile'), type: 2 },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(
      conflict(await client.diagnosticsFor(api)),
      undefined,
      'watched files the walk skips stay out',
    );
    await client.shutdown();

    const both = folder({ 'api/Dockerfile': GO, 'web/Dockerfile': MAVEN });
    const off = await start(both, { cachemount: { workspace: { index: false } } });
    const offApi = uriOf(both, 'api/Dockerfile');
    await off.open(offApi, GO);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(conflict(await off.diagnosticsFor(offApi)), undefined, 'the setting turns the index off');
    await off.shutdown();
  });
});

describe('workspace index: build definitions it cannot read whole', () => {
  it('says so in the file, once, as information from cachemount', async () => {
    const root = folder({ 'api/Dockerfile': GO, 'compose.yaml': 'services:\n  api:\n    build: [api\n' });
    const client = await start(root);
    await client.open(uriOf(root, 'api/Dockerfile'), GO);
    const compose = uriOf(root, 'compose.yaml');
    const [said, ...more] = await client.diagnosticsUntil(compose, (d) => d.length > 0);
    assert.equal(more.length, 0);
    assert.equal(said?.source, 'cachemount');
    assert.equal(said?.severity, DiagnosticSeverity.Information);
    assert.match(
      typeof said?.message === 'string' ? said.message : '',
      /reads builds from this file only in part/,
    );
    await client.shutdown();
  });
});
