// What can be measured of the extension's start without an editor (see docs/performance.md):
//   1. loading dist/extension.js in a fresh Node process, with a stand-in for the `vscode` module (VS Code
//      provides it; loading is the bundle's parse and top-level code, which is what VS Code pays too);
//   2. the language server, started as activate() starts it (dist/server.js with --node-ipc, forked),
//      until the first diagnostics of a 100-line Dockerfile: fork, initialize, didOpen, publishDiagnostics.
// VS Code's own extension-host work around activate() is not included.
import { fork, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-languageserver/node';
import { median } from './stats';

export interface ActivationResult {
  runs: number;
  /** Median milliseconds to load dist/extension.js in a fresh process. */
  extensionLoad: number;
  /** Median milliseconds from forking the server to the first diagnostics. */
  serverFirstDiagnostics: number;
  total: number;
}

const ROOT = join(__dirname, '..');

// Loads the bundle with `vscode` resolved to an object whose every property is a no-op function: enough
// for top-level code, which only reads what it imports.
const LOAD_SCRIPT = `
const Module = require('node:module');
const stub = new Proxy(function () {}, {
  // Marked as an ES module so TypeScript's import helper passes it through instead of copying its own keys;
  // esbuild's helper copies them onto an object whose prototype is the stub, so other lookups reach it.
  get: (_t, key) => (key === '__esModule' ? true : stub),
  getPrototypeOf: () => stub,
  apply: () => stub,
  construct: () => stub,
});
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
const start = performance.now();
const extension = require(process.argv[1]);
const elapsed = performance.now() - start;
if (typeof extension.activate !== 'function') throw new Error('no activate()');
process.stdout.write(String(elapsed));
`;

function extensionLoad(): number {
  const result = spawnSync(process.execPath, ['-e', LOAD_SCRIPT, join(ROOT, 'dist', 'extension.js')], {
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`loading dist/extension.js failed: ${result.stderr.split('\n').slice(-12).join('\n')}`);
  return Number(result.stdout);
}

async function serverFirstDiagnostics(text: string): Promise<number> {
  const start = performance.now();
  // Plain Node, as the client starts it: fork() would otherwise pass on this process's flags (the tsx loader).
  const child = fork(join(ROOT, 'dist', 'server.js'), ['--node-ipc'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [],
  });
  try {
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const uri = 'file:///bench/activation/Dockerfile';
    const diagnostics = new Promise<void>((resolve) =>
      connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        if (params.uri === uri) resolve();
      }),
    );
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => null),
    );
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text },
    });
    await diagnostics;
    const elapsed = performance.now() - start;
    connection.dispose();
    return elapsed;
  } finally {
    child.kill();
  }
}

export async function measureActivation(text: string, runs: number): Promise<ActivationResult> {
  const loads: number[] = [];
  const firsts: number[] = [];
  for (let i = 0; i < runs; i++) {
    loads.push(extensionLoad());
    firsts.push(await serverFirstDiagnostics(text));
  }
  const result = { runs, extensionLoad: median(loads), serverFirstDiagnostics: median(firsts) };
  return { ...result, total: result.extensionLoad + result.serverFirstDiagnostics };
}
