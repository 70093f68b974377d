import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { commands, window } from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { ExecuteCommandRequest, LanguageClient, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = window.createOutputChannel('cachemount', { log: true });
  const clientOptions: LanguageClientOptions = {
    // Build definitions too, by the names the server reads them by (server/src/builds/index.ts): their unsaved
    // text is what the workspace builds with, and in a workflow the server reports a job whose cache mounts
    // start empty, with its fix.
    documentSelector: [
      { language: 'dockerfile' },
      { scheme: 'file', pattern: '**/.github/workflows/*.{yml,yaml}' },
      { scheme: 'file', pattern: '**/{compose,compose.*,docker-compose,docker-compose.*}.{yml,yaml}' },
      { scheme: 'file', pattern: '**/{docker-bake,docker-bake.*}.{hcl,json}' },
    ],
    outputChannel,
  };
  client = new LanguageClient('cachemount', 'cachemount', serverOptions, clientOptions);
  context.subscriptions.push(
    outputChannel,
    commands.registerCommand('cachemount.restartServer', () => client?.restart()),
    commands.registerCommand('cachemount.showOutput', () => outputChannel.show(true)),
    commands.registerCommand('cachemount.fixAll', fixAll),
  );
  await client.start();
}

/** Applies every safe fix to the active Dockerfile; the server computes them and sends a versioned edit. */
async function fixAll(): Promise<void> {
  const document = window.activeTextEditor?.document;
  if (!client || !document || document.languageId !== 'dockerfile') {
    void window.showInformationMessage('cachemount: open a Dockerfile to fix its cache mounts.');
    return;
  }
  await client.sendRequest(ExecuteCommandRequest.type, {
    command: 'cachemount.applyAllFixes',
    arguments: [{ uri: document.uri.toString(), version: document.version }],
  });
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
