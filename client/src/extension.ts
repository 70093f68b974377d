import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { commands, window } from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = window.createOutputChannel('cachemount', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dockerfile' }],
    outputChannel,
  };
  client = new LanguageClient('cachemount', 'cachemount', serverOptions, clientOptions);
  context.subscriptions.push(
    outputChannel,
    commands.registerCommand('cachemount.restartServer', () => client?.restart()),
    commands.registerCommand('cachemount.showOutput', () => outputChannel.show(true)),
  );
  await client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
