import { PassThrough } from 'node:stream';
import type { Readable, Writable } from 'node:stream';
import type {
  ClientCapabilities,
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import {
  createConnection,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerOptions } from '../../server/src/server';
import { startServer } from '../../server/src/server';

/**
 * A test client talking LSP to a server over streams. `inMemory()` runs the real server in this process
 * over two pipes (milliseconds per test); `overStreams()` talks to any server, e.g. a spawned `--stdio` one.
 */
export class TestClient {
  /**
   * The newest publish for each document and how many arrived: only the newest is kept, as an editor keeps
   * it. Keeping every publish made the benchmark's client hold hundreds of 200 KB lists, and its garbage
   * collection grew into the keystroke latency it measures.
   */
  private readonly diagnostics = new Map<string, { latest: PublishDiagnosticsParams; count: number }>();
  private readonly waiters: Array<() => void> = [];
  private readonly texts = new Map<string, TextDocument>();
  readonly logs: string[] = [];
  /** What the client answers to workspace/configuration, by section. */
  settings: Record<string, unknown> = {};
  /** False: workspace/configuration requests are never answered (a hung or broken client). */
  answersConfiguration = true;
  /** Edits the server asked the client to apply (workspace/applyEdit), in order. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  /** Capabilities the server registered dynamically (client/registerCapability). */
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];

  private readonly streams: Array<Readable | Writable> = [];

  private constructor(readonly connection: ProtocolConnection) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const count = this.diagnostics.get(params.uri)?.count ?? 0;
      this.diagnostics.set(params.uri, { latest: params, count: count + 1 });
      this.waiters.splice(0).forEach((wake) => wake());
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    connection.onRequest(
      'workspace/configuration',
      (params: { items: Array<{ section?: string }> }): unknown[] | Promise<unknown[]> =>
        this.answersConfiguration
          ? params.items.map((item) => (item.section ? (this.settings[item.section] ?? null) : this.settings))
          : new Promise<unknown[]>(() => undefined),
    );
    connection.onRequest(
      'client/registerCapability',
      (params: { registrations: TestClient['registrations'] }) => {
        this.registrations.push(...params.registrations);
        return null;
      },
    );
    connection.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      this.appliedEdits.push(params.edit);
      for (const change of params.edit.documentChanges ?? []) {
        if (!('textDocument' in change)) continue;
        const document = this.texts.get(change.textDocument.uri);
        if (!document || document.version !== change.textDocument.version) return { applied: false };
        const edits = change.edits.filter((e): e is TextEdit => 'range' in e);
        void this.edit(change.textDocument.uri, edits);
      }
      return { applied: true };
    });
    connection.listen();
  }

  static inMemory(options: ServerOptions = {}): TestClient {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    startServer(
      createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)),
      options,
    );
    const client = TestClient.overStreams(toClient, toServer);
    client.streams.push(toServer, toClient);
    return client;
  }

  static overStreams(input: Readable, output: Writable): TestClient {
    return new TestClient(
      createProtocolConnection(new StreamMessageReader(input), new StreamMessageWriter(output)),
    );
  }

  async initialize(
    capabilities: ClientCapabilities = {},
    clientInfo?: { name: string; version?: string },
    workspaceFolders?: readonly string[],
  ): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri: null,
      capabilities,
      ...(clientInfo ? { clientInfo } : {}),
      ...(workspaceFolders ? { workspaceFolders: workspaceFolders.map((uri) => ({ uri, name: uri })) } : {}),
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string, languageId = 'dockerfile'): Promise<void> {
    this.texts.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Applies edits locally and sends them as an incremental change. */
  async edit(uri: string, edits: TextEdit[]): Promise<string> {
    const document = this.document(uri);
    const text = TextDocument.applyEdits(document, edits);
    const version = document.version + 1;
    this.texts.set(uri, TextDocument.create(uri, 'dockerfile', version, text));
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      // Incremental changes apply one after another: send the last edit first so earlier ranges still hold.
      contentChanges: [...edits]
        .sort(
          (a, b) =>
            b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
        )
        .map((e) => ({ range: e.range, text: e.newText })),
    });
    return text;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  document(uri: string): TextDocument {
    const document = this.texts.get(uri);
    if (!document) throw new Error(`not open: ${uri}`);
    return document;
  }

  /** The next diagnostics published for `uri` for its current version (waits up to `timeoutMs`). */
  async diagnosticsFor(uri: string, timeoutMs = 5000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    const version = this.texts.get(uri)?.version;
    for (;;) {
      const latest = this.diagnostics.get(uri)?.latest;
      if (latest && (version === undefined || latest.version === undefined || latest.version === version)) {
        return latest.diagnostics;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(`no diagnostics for ${uri} version ${String(version)} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * The first diagnostics published for `uri` (any version) that `wanted` accepts, waiting for later publishes
   * up to `timeoutMs`: for what arrives after the server's own work (indexing a workspace), not an edit.
   */
  async diagnosticsUntil(
    uri: string,
    wanted: (diagnostics: Diagnostic[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latest = this.diagnostics.get(uri)?.latest;
      if (latest && wanted(latest.diagnostics)) return latest.diagnostics;
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(
          `no wanted diagnostics for ${uri} within ${timeoutMs} ms: ${JSON.stringify(latest?.diagnostics.map((d) => d.code))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** How many publishes arrived for `uri` so far. */
  publishCount(uri: string): number {
    return this.diagnostics.get(uri)?.count ?? 0;
  }

  /** Waits for the next publish for `uri`, whatever its version (used after close). */
  async nextPublish(uri: string, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const before = this.diagnostics.get(uri)?.count ?? 0;
    const deadline = Date.now() + timeoutMs;
    while ((this.diagnostics.get(uri)?.count ?? 0) === before) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no publish for ${uri} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return (this.diagnostics.get(uri) as { latest: PublishDiagnosticsParams }).latest;
  }

  /** The newest publish for `uri` if one arrived already, else the next one. */
  async nextPublishOrLatest(uri: string, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return this.diagnostics.get(uri)?.latest ?? this.nextPublish(uri, timeoutMs);
  }

  codeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[] | null> {
    const range = diagnostics[0]?.range ?? {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    };
    return this.connection.sendRequest<CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics },
    });
  }

  /** Asks for source actions of a kind, as VS Code does on save with `editor.codeActionsOnSave`. */
  sourceActions(uri: string, only: string[]): Promise<CodeAction[] | null> {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.connection.sendRequest<CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [], only },
    });
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.connection.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  async notify(method: string, params: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  completion(
    uri: string,
    line: number,
    character: number,
  ): Promise<CompletionItem[] | CompletionList | null> {
    return this.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line, character },
    });
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line, character },
    });
  }

  async shutdown(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    this.connection.dispose();
    // Ending the pipes lets the in-process server's connection close, so the test process can exit.
    for (const stream of this.streams) stream.destroy();
  }
}

/** The position of the first occurrence of `needle` (plus `offset` characters) in `text`. */
export function positionOf(text: string, needle: string, offset = 0): { line: number; character: number } {
  const index = text.indexOf(needle);
  if (index === -1) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, index + offset).split('\n');
  return { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
}
