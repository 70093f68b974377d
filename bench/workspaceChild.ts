// Run by workspace.ts as `node --expose-gc`: the real server (startServer) in this process over in-memory
// streams, initialized with one workspace folder of generated Dockerfiles (and a Compose file and a workflow
// that build some of them). Measures initialized → the index's log line, then a keystroke in one of the
// files (didChange → its diagnostics, now with the cross-file check), and the heap after a full garbage
// collection. Prints JSON.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { inProcessServer } from './inProcessServer';
import { generateDockerfile } from './generate';

const files = Number(process.argv[2] ?? 500);
const collect =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    throw new Error('run with node --expose-gc');
  });

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'cachemount-bench-workspace-'));
  const services: string[] = [];
  for (let i = 0; i < files; i++) {
    const folder = join(root, 'services', `svc-${i}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'Dockerfile'), generateDockerfile(60, { seed: i + 1 }));
    services.push(`  svc-${i}:\n    build: services/svc-${i}\n`);
  }
  writeFileSync(join(root, 'compose.yaml'), `services:\n${services.slice(0, 50).join('')}`);
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(
    join(root, '.github', 'workflows', 'build.yml'),
    'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: services/svc-0\n',
  );
  return root;
}

async function main(): Promise<void> {
  const root = workspace();
  const { client } = inProcessServer();
  let indexed: ((line: string) => void) | undefined;
  client.onNotification('window/logMessage', (params: { message: string }) => {
    if (params.message.includes('indexed')) indexed?.(params.message);
  });
  const waiting = new Map<string, (params: PublishDiagnosticsParams) => void>();
  client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    waiting.get(params.uri)?.(params);
  });
  client.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  client.listen();
  collect();
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  await client.sendRequest('initialize', {
    processId: null,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
  });
  const done = new Promise<string>((resolve) => (indexed = resolve));
  const started = performance.now();
  await client.sendNotification('initialized', {});
  const line = await done;
  const indexMs = performance.now() - started;
  collect();
  collect();
  const heapUsed = process.memoryUsage().heapUsed;

  // A keystroke in one of the files: the cross-file check runs over the whole folder.
  const uri = pathToFileURL(join(root, 'services', 'svc-1', 'Dockerfile')).href;
  const text = generateDockerfile(60, { seed: 2 });
  const published = (version: number) =>
    new Promise<void>((resolve) =>
      waiting.set(uri, (params) => {
        if (params.version === version) resolve();
      }),
    );
  let opened = published(1);
  await client.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'dockerfile', version: 1, text },
  });
  await opened;
  const keystrokes: number[] = [];
  for (let version = 2; version <= 21; version++) {
    opened = published(version);
    const t = performance.now();
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          text: version % 2 ? '#' : '',
        },
      ],
    });
    await opened;
    keystrokes.push(performance.now() - t);
  }
  keystrokes.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      files,
      indexMs,
      serverLine: line,
      heapUsed,
      heapGrowth: heapUsed - heapBefore,
      keystrokeMedianMs: keystrokes[Math.floor(keystrokes.length / 2)],
      keystrokeMaxMs: keystrokes[keystrokes.length - 1],
    }),
  );
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
}

void main();
