// Run by memory.ts as `node --expose-gc`: the real server (startServer) in this process over in-memory
// streams, with a client that keeps nothing, opens and closes documents one after another. After each
// hundred documents, a full garbage collection and the heap the process still uses. Prints JSON.
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { inProcessServer } from './inProcessServer';
import { generateDockerfile } from './generate';

const documents = Number(process.argv[2] ?? 1000);
const every = Number(process.argv[3] ?? 100);
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with node --expose-gc');

async function main(): Promise<void> {
  const { client, close } = inProcessServer();
  const waiting = new Map<string, () => void>();
  client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    waiting.get(params.uri)?.();
  });
  client.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await client.sendNotification('initialized', {});
  const published = (uri: string) =>
    new Promise<void>((resolve) => waiting.set(uri, () => (waiting.delete(uri), resolve())));

  const heap = (): number => {
    collect?.();
    collect?.();
    return process.memoryUsage().heapUsed;
  };
  const samples: Array<{ documents: number; heapUsed: number; rss: number }> = [];
  samples.push({ documents: 0, heapUsed: heap(), rss: process.memoryUsage().rss });
  // Ten different files, each in a folder of its own: the server also caches settings per folder.
  const texts = Array.from({ length: 10 }, (_, seed) => generateDockerfile(100, { seed: seed + 1 }));
  for (let i = 1; i <= documents; i++) {
    const uri = `file:///bench/project-${i}/Dockerfile`;
    const opened = published(uri);
    await client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: texts[i % texts.length] },
    });
    await opened;
    const closed = published(uri);
    await client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await closed;
    if (i % every === 0) samples.push({ documents: i, heapUsed: heap(), rss: process.memoryUsage().rss });
  }
  process.stdout.write(JSON.stringify(samples));
  close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
