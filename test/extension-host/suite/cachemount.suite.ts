/**
 * The extension inside a real VS Code extension host, through the `vscode` API only: activation, diagnostics,
 * the quick fix, the fix-all source action and the `cachemount.fixAll` command, on the fixture workspace
 * (test/extension-host/fixtures/workspace, copied to a temporary folder by the runner).
 * Bundled by test/extension-host/build.mjs with `vscode` and `mocha` left external; loaded by suite/index.ts
 * (test/extension-host/run.mjs) or by @vscode/test-cli (test/extension-host/.vscode-test.mjs).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'cachemount.cachemount';
const SOURCE = 'cachemount';
const RULE = 'sharing-locked-required';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('cachemount');
/** Every wait is bounded: the language server answers in well under a second once it runs. */
const WAIT_MS = 30_000;

const FIXED_LINES = [
  'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update && apt-get install -y gcc',
  'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update',
  'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y make',
];

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code was started without the fixture workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function withRule(uri: vscode.Uri, rule = RULE): vscode.Diagnostic[] {
  return ours(uri).filter((d) => codeOf(d) === rule);
}

function show(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(codeOf(d))}: ${d.message}`)
    .join('\n  ');
}

/** Resolves once `ready` holds; checked now and on every diagnostics change of `uri`, for at most WAIT_MS. */
function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  ready: (diagnostics: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let done = false;
    const check = (): void => {
      const diagnostics = ours(uri);
      if (done || !ready(diagnostics)) return;
      done = true;
      clearTimeout(timer);
      subscription.dispose();
      resolve(diagnostics);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done = true;
      subscription.dispose();
      reject(
        new Error(
          `timed out after ${WAIT_MS} ms waiting for ${what} in ${uri.path}; cachemount diagnostics:\n  ${show(ours(uri))}`,
        ),
      );
    }, WAIT_MS);
    check();
  });
}

/** Waits until `count` diagnostics of RULE are shown for `uri`, and returns them. */
async function waitForRule(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  const what = count === 0 ? `the ${RULE} diagnostics to go away` : `${count} ${RULE} diagnostic(s)`;
  await waitForDiagnostics(uri, what, (all) => all.filter((d) => codeOf(d) === RULE).length === count);
  return withRule(uri);
}

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Opens a fixture in the active editor with the text it has on disk: a test that failed half-way may have
 * left its edits in the open document, and the tests never save.
 */
async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
  if (document.getText() !== original) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), original);
    assert.ok(await vscode.workspace.applyEdit(edit), `restoring the text of ${name} was refused`);
    assert.equal(document.getText(), original);
  }
  return vscode.window.showTextDocument(document);
}

async function codeActions(
  uri: vscode.Uri,
  range: vscode.Range,
  kind?: string,
): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind,
  );
  // A provider may answer with bare commands (a `command` string); the actions have a kind and/or an edit.
  return (actions ?? []).filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
}

/** What fix-all promises: no finding it would fix is left (warnings and above with a preferred fix). */
async function assertNothingFixableLeft(uri: vscode.Uri): Promise<void> {
  for (const diagnostic of ours(uri)) {
    if (diagnostic.severity === vscode.DiagnosticSeverity.Hint) continue;
    const preferred = (await codeActions(uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)).filter(
      (action) => action.isPreferred && action.diagnostics?.some((d) => codeOf(d) === codeOf(diagnostic)),
    );
    assert.deepEqual(
      preferred.map((action) => action.title),
      [],
      `fix-all left a fixable finding: ${show([diagnostic])}`,
    );
  }
}

function assertFixAllText(document: vscode.TextDocument): void {
  const text = document.getText();
  for (const line of FIXED_LINES)
    assert.ok(text.includes(`${line}\n`), `missing fixed line: ${line}\n${text}`);
  assert.ok(!text.includes('sharing=shared'), `sharing=shared is still there:\n${text}`);
}

describe('cachemount in the VS Code extension host', function () {
  this.timeout(4 * WAIT_MS);

  before(function () {
    assert.ok(vscode.workspace.workspaceFolders?.length, 'no workspace folder is open');
  });

  it('activates in a workspace that holds Dockerfiles, and when a Dockerfile opens', async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath?)`);
    // The fixture workspace holds Dockerfiles: `workspaceContains` starts the extension with the window, so
    // the workspace index is ready before a file opens (issue 20). `onLanguage:dockerfile` covers the rest.
    const events = (extension.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(events.includes('onLanguage:dockerfile'), JSON.stringify(events));
    assert.ok(
      events.some((e) => e.startsWith('workspaceContains:') && e.includes('Dockerfile')),
      JSON.stringify(events),
    );
    await waitFor(`${EXTENSION_ID} to activate with the workspace`, () => extension.isActive);
    const editor = await open('Dockerfile');
    assert.equal(editor.document.languageId, 'dockerfile');
    await waitFor(`${EXTENSION_ID} to activate`, () => extension.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['cachemount.fixAll', 'cachemount.restartServer', 'cachemount.showOutput'])
      assert.ok(commands.includes(command), `command ${command} is not registered`);
  });

  it(`reports ${RULE} on an apt cache mounted without sharing=locked`, async function () {
    const { document } = await open('Dockerfile');
    const [diagnostic] = await waitForRule(document.uri, 1);
    assert.ok(diagnostic);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.range.start.line, 3);
    assert.equal(document.getText(diagnostic.range), 'target=/var/cache/apt');
    assert.match(diagnostic.message, /sharing=locked/);
  });

  it('applies the quick fix "Add sharing=locked" and the diagnostic goes away', async function () {
    const { document } = await open('Dockerfile');
    const [diagnostic] = await waitForRule(document.uri, 1);
    assert.ok(diagnostic);
    const actions = await codeActions(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Add sharing=locked');
    assert.ok(
      fix,
      `"Add sharing=locked" not offered; offered: ${JSON.stringify(actions.map((a) => a.title))}`,
    );
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), 'the fix is not a quick fix');
    assert.equal(fix.isPreferred, true, 'the fix is not the preferred one');
    assert.ok(fix.edit, 'the quick fix carries no edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'VS Code refused the quick fix edit');
    if (fix.command) {
      const commandArgs: unknown[] = fix.command.arguments ?? [];
      await vscode.commands.executeCommand(fix.command.command, ...commandArgs);
    }

    assert.equal(
      document.lineAt(3).text,
      'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update && apt-get install -y gcc',
    );
    await waitForRule(document.uri, 0);
  });

  it(`offers one ${FIX_ALL_KIND.value} action whose edit fixes every fixable finding`, async function () {
    const { document } = await open('fixall.Dockerfile');
    await waitForRule(document.uri, 3);
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await codeActions(document.uri, whole, FIX_ALL_KIND.value);
    const fixAll = actions.filter((action) => action.kind && FIX_ALL_KIND.contains(action.kind));
    assert.equal(
      fixAll.length,
      1,
      `one fix-all action expected; got ${JSON.stringify(actions.map((a) => [a.kind?.value, a.title]))}`,
    );
    const [action] = fixAll;
    assert.ok(action?.edit, 'the fix-all action carries no edit');
    assert.match(action.title, /3 fixes/);
    assert.ok(await vscode.workspace.applyEdit(action.edit), 'VS Code refused the fix-all edit');

    assertFixAllText(document);
    await waitForRule(document.uri, 0);
    await assertNothingFixableLeft(document.uri);
  });

  it('fixes the active Dockerfile with the command cachemount.fixAll', async function () {
    const editor = await open('fixall.Dockerfile');
    const { document } = editor;
    await waitForRule(document.uri, 3);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), document.uri.toString());
    const versionBefore = document.version;

    await vscode.commands.executeCommand('cachemount.fixAll');
    await waitFor('cachemount.fixAll to edit the document', () => document.version > versionBefore);
    assertFixAllText(document);
    await waitForRule(document.uri, 0);
    await assertNothingFixableLeft(document.uri);
  });

  it('applies a changed rule severity without a restart, and restores it', async function () {
    const { document } = await open('Dockerfile');
    await waitForRule(document.uri, 1);
    const config = vscode.workspace.getConfiguration('cachemount', document.uri);
    const target = vscode.ConfigurationTarget.Workspace;
    try {
      await config.update('rules', { [RULE]: 'error' }, target);
      await waitForDiagnostics(document.uri, `${RULE} as an error`, (all) =>
        all.some((d) => codeOf(d) === RULE && d.severity === vscode.DiagnosticSeverity.Error),
      );
      await config.update('rules', { [RULE]: 'off' }, target);
      await waitForRule(document.uri, 0);
    } finally {
      await config.update('rules', undefined, target);
    }
    const [restored] = await waitForRule(document.uri, 1);
    assert.equal(restored?.severity, vscode.DiagnosticSeverity.Warning);
  });
});
