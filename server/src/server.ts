import { pathToFileURL } from 'node:url';
import type { Connection, InitializeParams, InitializeResult, Position } from 'vscode-languageserver';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ResponseError,
  DidChangeWatchedFilesNotification,
  TextDocumentEdit,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from './analysis/config';
import { fixAll } from './analysis/fixAll';
import {
  APPLY_ALL_FIXES_COMMAND,
  FIX_ALL_KIND,
  fixAllAction,
  hasOwnDiagnostics,
  quickFixes,
  suppressionFixer,
  wantsFixAll,
} from './service/codeActions';
import { ClientPositions } from './service/clientPositions';
import { completion, COMPLETION_TRIGGERS } from './service/completion';
import { configFileDiagnostics } from './service/configDiagnostics';
import { capFindings, leftOutDiagnostic, SOURCE, toDiagnostic } from './service/diagnostics';
import type { Rule } from './analysis/rules/rule';
import { DocumentAnalyses, fixAllOptions } from './service/documentAnalyses';
import { hover } from './service/hover';
import { WorkspaceIndex } from './service/workspaceIndex';
import type { AnalyzeOptions } from './analysis/analyze';
import type { DocumentSettings, EditorSection } from './service/settings';
import { SettingsStore } from './service/settings';
import { VERSION } from './version';

export interface ServerOptions {
  /** Rules run after the registry's: tests inject a failing one. Never set by `main.ts`. */
  extraRules?: readonly Rule[];
  /** How long to wait for workspace/configuration before using the defaults. */
  settingsTimeoutMs?: number;
}

/** Names of data files (see `isOtherData`). */
const DATA_FILE = /\.(?:ya?ml|hcl|json)$/i;

/** The ignore file the walk honours (workspace/gitignore.ts): a change to one walks its folder again. */
const IGNORE_FILE = '.gitignore';

/** The files the workspace index follows (besides `.cachemount.json`): Dockerfiles and build definitions. */
const INDEXED_GLOBS = [
  '*Dockerfile*',
  '*Containerfile*',
  '*.dockerfile',
  'docker-bake*.{hcl,json}',
  '*compose*.{yml,yaml}',
  '.github/workflows/*.{yml,yaml}',
];

/** `cachemount.workspace.index`, on unless set to false. */
function indexingEnabled(section: EditorSection | undefined): boolean {
  const workspace = (section as { workspace?: { index?: unknown } } | undefined)?.workspace;
  return workspace?.index !== false;
}

/** Positions computed by the analysis, in the client's lines (see ClientPositions). */
function inClientLines<T>(document: TextDocument, value: T): T {
  return ClientPositions.for(document)?.toClient(value) ?? value;
}

/** Wires the LSP features to a connection. Tests call it with an in-memory connection. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new DocumentAnalyses(options.extraRules);
  const index = new WorkspaceIndex((message) => connection.console.info(message));
  let workspaceFolders: string[] = [];
  /** What the workspace said of each open Dockerfile at its last validation: requests reuse that analysis. */
  const workspaceFacts = new Map<string, Pick<AnalyzeOptions, 'builds' | 'acrossFiles'>>();
  /** Build definition files whose diagnostics were published, to clear them when they have none. */
  const publishedBuildFiles = new Set<string>();
  const pending = new Map<string, NodeJS.Immediate>();
  const reportedFailures = new Set<string>();
  const reportedProblems = new Set<string>();
  const configFilesShown = new Set<string>();
  let pullsConfiguration = false;
  let registersConfiguration = false;
  let watchesFiles = false;
  // VS Code's command that reopens suggestions after a key's `=`; other clients would not know it.
  let retriggerCommand: string | undefined;
  // Clients that cannot be asked for settings push them with didChangeConfiguration instead.
  let pushedSection: EditorSection | undefined;
  let settingsTimedOut = false;

  // stdout carries the protocol: anything printed (by a dependency, say) must go to the client's log instead.
  // eslint-disable-next-line no-console
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  // eslint-disable-next-line no-console
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

  const settings = new SettingsStore(
    async (uri) =>
      pullsConfiguration
        ? ((await connection.workspace.getConfiguration({ scopeUri: uri, section: 'cachemount' })) as
            EditorSection | undefined)
        : pushedSection,
    (source, problems) => {
      const key = `${source}\n${problems.join('\n')}`;
      if (reportedProblems.has(key)) return;
      reportedProblems.add(key);
      connection.console.warn(`cachemount: ignored invalid ${source}: ${problems.join('; ')}`);
    },
    options.settingsTimeoutMs,
    (ms) => {
      if (settingsTimedOut) return;
      settingsTimedOut = true;
      connection.console.warn(
        `cachemount: the editor did not answer workspace/configuration within ${ms} ms; using the default settings (and .cachemount.json).`,
      );
    },
  );

  // LSP's lifecycle: requests before initialize get ServerNotInitialized (-32002), requests after shutdown
  // InvalidRequest, as the specification says, instead of an answer (or none at all).
  let lifecycle: 'new' | 'running' | 'shut down' = 'new';
  const guard =
    <P, R>(handler: (params: P) => R) =>
    (params: P): R | ResponseError<void> => {
      if (lifecycle === 'new')
        return new ResponseError(
          ErrorCodes.ServerNotInitialized,
          'cachemount: the server is not initialized yet',
        );
      if (lifecycle === 'shut down')
        return new ResponseError(ErrorCodes.InvalidRequest, 'cachemount: the server is shut down');
      return handler(params);
    };
  connection.onShutdown(() => {
    lifecycle = 'shut down';
  });

  let startLine = '';
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    lifecycle = 'running';
    // Said once the client listens (onInitialized): the output channel shows the server runs, and which.
    workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const folders = workspaceFolders.join(', ') || 'none';
    startLine = `cachemount ${VERSION} on Node ${process.version}; workspace folders: ${folders}`;
    const workspace = params.capabilities.workspace;
    pullsConfiguration = workspace?.configuration === true;
    registersConfiguration = workspace?.didChangeConfiguration?.dynamicRegistration === true;
    watchesFiles = workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    if (/visual studio code|code-server|vscodium|vs ?code/i.test(params.clientInfo?.name ?? ''))
      retriggerCommand = 'editor.action.triggerSuggest';
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [APPLY_ALL_FIXES_COMMAND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      },
      serverInfo: { name: 'cachemount', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(startLine);
    if (registersConfiguration)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'cachemount' });
    if (watchesFiles)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [CONFIG_FILE_NAME, IGNORE_FILE, ...INDEXED_GLOBS].map((glob) => ({
          globPattern: `**/${glob}`,
        })),
      });
    void indexWorkspace().catch((error: unknown) => logError('indexing the workspace', error));
  });

  /** Indexes the workspace folders unless `cachemount.workspace.index` is off, then checks again. */
  /** Counts indexing runs: one started by a settings change makes an earlier one's results stale. */
  let indexGeneration = 0;
  const indexWorkspace = async (): Promise<void> => {
    // No folder on disk, nothing to index: and no second round of checks for the open documents.
    if (!workspaceFolders.some((uri) => uri.startsWith('file:'))) return;
    const section = pullsConfiguration
      ? ((await connection.workspace.getConfiguration({ section: 'cachemount' })) as
          EditorSection | undefined)
      : pushedSection;
    const generation = ++indexGeneration;
    if (!indexingEnabled(section)) return;
    const started = performance.now();
    for (const folder of workspaceFolders)
      await index.addFolder(folder, () => generation === indexGeneration);
    if (generation !== indexGeneration) return;
    applyOpenDocuments();
    connection.console.info(
      `cachemount: indexed ${index.size} Dockerfiles and build definitions in ${Math.round(performance.now() - started)} ms`,
    );
    if (index.size > 0) revalidateAll();
  };

  /** After a walk: the open Dockerfiles' text takes the place of their files' (build files are sent as they change). */
  const applyOpenDocuments = (): void => {
    for (const document of documents.all())
      if (!index.isBuildFile(document.uri)) index.documentChanged(document.uri, document.getText());
  };

  /** The folders of changed .gitignore files walked again, then the open documents' text and checks again. */
  const walkAgain = async (uris: readonly string[]): Promise<void> => {
    const generation = indexGeneration;
    try {
      await index.ignoresChanged(uris, () => generation === indexGeneration);
      if (generation !== indexGeneration) return;
      applyOpenDocuments();
      await publishBuildFiles();
      revalidateAll();
    } catch (error) {
      logError('indexing the workspace again', error);
    }
  };

  /**
   * Diagnostics in the build definition files: a workflow's CI job whose cache mounts start empty, and in any
   * of them, the part the reader could not read.
   */
  const publishBuildFiles = async (): Promise<void> => {
    const rules = new Map<string, DocumentSettings['rules']>();
    for (const uri of index.buildFileUris()) rules.set(uri, (await settings.get(uri)).rules);
    const results = index.buildFileFindings((uri) => rules.get(uri));
    for (const uri of publishedBuildFiles)
      if (!results.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    publishedBuildFiles.clear();
    for (const [uri, { findings, problems }] of results) {
      const document = documents.get(uri);
      const version = document?.version ?? 0;
      const diagnostics = findings.map((f) => toDiagnostic(f, uri, version));
      // What the reader could not read (a function or matrix in Bake, broken YAML): said once, at the place.
      for (const problem of problems.slice(0, 1))
        diagnostics.push({
          range: problem.range,
          severity: DiagnosticSeverity.Information,
          source: SOURCE,
          message: `cachemount reads builds from this file only in part (${problem.message}): what it says of how Dockerfiles are built may be incomplete.`,
        });
      void connection.sendDiagnostics({ uri, ...(document ? { version } : {}), diagnostics });
      publishedBuildFiles.add(uri);
    }
  };

  /**
   * The analysis of an open Dockerfile with what the workspace says of it: how its build definitions build it,
   * and what it shows together with the other Dockerfiles. Requests reuse the facts of the last validation.
   */
  const analysisOf = (
    uri: string,
    version: number,
    text: () => string,
    documentSettings: DocumentSettings,
    fresh: boolean,
  ) => {
    if (!fresh) return analyses.get(uri, version, text, documentSettings, workspaceFacts.get(uri) ?? {});
    const builds = index.buildFacts(uri);
    const base = analyses.get(uri, version, text, documentSettings, builds ? { builds } : {});
    index.documentChanged(uri, text(), base.model);
    const acrossFiles = index.acrossFiles(uri, base.model, documentSettings.rules);
    const facts = { ...(builds ? { builds } : {}), ...(acrossFiles.length > 0 ? { acrossFiles } : {}) };
    workspaceFacts.set(uri, facts);
    return acrossFiles.length > 0 ? analyses.get(uri, version, text, documentSettings, facts) : base;
  };

  const showConfigFile = (settingsUsed: DocumentSettings): void => {
    const path = settingsUsed.configFile;
    if (!path || configFilesShown.has(path)) return;
    configFilesShown.add(path);
    const file = settings.configFile(path);
    void connection.sendDiagnostics({
      uri: pathToFileURL(path).href,
      diagnostics: configFileDiagnostics(file),
    });
  };

  const validate = async (uri: string): Promise<void> => {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    if (isOtherData(document)) {
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      return;
    }
    if (index.isBuildFile(uri)) {
      // A workflow, Bake or Compose file open in the editor: its text is what the workspace builds with.
      index.documentChanged(uri, document.getText());
      revalidateOthers(uri);
      await publishBuildFiles();
      return;
    }
    const documentSettings = await settings.get(uri);
    // The document may have changed or closed while the settings were read: its own validation follows.
    if (documents.get(uri) !== document || pending.has(uri)) return;
    showConfigFile(documentSettings);
    if (!documentSettings.enable) {
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      return;
    }
    const analysis = analysisOf(uri, document.version, () => document.getText(), documentSettings, true);
    for (const failure of analysis.failures) {
      if (reportedFailures.has(failure.rule)) continue;
      reportedFailures.add(failure.rule);
      connection.console.error(`cachemount: rule ${failure.rule} failed and was skipped: ${failure.message}`);
    }
    const { shown, left } = capFindings(analysis.findings);
    const diagnostics = inClientLines(
      document,
      shown.map((f) => toDiagnostic(f, uri, document.version)),
    );
    if (left > 0) diagnostics.push(leftOutDiagnostic(left));
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    if (cascade.delete(uri)) {
      revalidateOthers(uri);
      await publishBuildFiles();
    }
  };

  /**
   * A YAML, HCL or JSON document that is neither a Dockerfile by its language nor a build definition by its
   * name (`docker-bake.my file.hcl`, which the client's name patterns let through): never read as a Dockerfile.
   */
  const isOtherData = (document: TextDocument): boolean =>
    document.languageId !== 'dockerfile' && DATA_FILE.test(document.uri) && !index.isBuildFile(document.uri);

  /** Documents whose own edit (not another file's) is being validated: the others are checked again after. */
  const cascade = new Set<string>();

  /** The other open Dockerfiles: what they show together with this one may have changed. */
  const revalidateOthers = (uri: string): void => {
    for (const document of documents.all())
      if (document.uri !== uri && !index.isBuildFile(document.uri)) schedule(document.uri);
  };

  /**
   * Validates a document once its changes stop coming. The connection hands over one message per turn of the
   * event loop, and queues its next turn after a handler has queued ours: so a validation waits until the
   * document's version has stayed the same over one whole turn, in which the next queued message, if any, was
   * handled. A burst of edits is then analysed and published once, for its newest version; no timer is
   * involved, so a single edit is checked two turns after it arrives.
   */
  const schedule = (uri: string): void => {
    if (pending.has(uri)) return;
    const settle = (version: number | undefined, turns: number): void => {
      pending.set(
        uri,
        setImmediate(() => {
          pending.delete(uri);
          const now = documents.get(uri)?.version;
          if (now !== version) settle(now, 0);
          else if (turns === 0) settle(now, 1);
          else void validate(uri).catch((error: unknown) => logError('validation', error));
        }),
      );
    };
    settle(documents.get(uri)?.version, 0);
  };

  const logError = (what: string, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    connection.console.error(`cachemount: ${what} failed: ${message}`);
  };

  const revalidateAll = (): void => {
    analyses.clear();
    void publishBuildFiles().catch((error: unknown) => logError('checking the build definitions', error));
    for (const document of documents.all()) schedule(document.uri);
  };

  // Coalesce bursts of changes: analyse once per turn of the event loop, on the newest text.
  documents.onDidChangeContent(({ document }) => {
    if (index.size > 0) cascade.add(document.uri);
    schedule(document.uri);
  });

  documents.onDidClose(({ document }) => {
    const timer = pending.get(document.uri);
    if (timer) clearImmediate(timer);
    pending.delete(document.uri);
    analyses.delete(document.uri);
    workspaceFacts.delete(document.uri);
    settings.forget(document.uri);
    index.fileChanged(document.uri);
    if (!index.isBuildFile(document.uri))
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    else void publishBuildFiles();
  });

  connection.onDidChangeConfiguration((change) => {
    if (!pullsConfiguration) {
      const pushed = (change.settings as { cachemount?: EditorSection } | null | undefined)?.cachemount;
      pushedSection = pushed && typeof pushed === 'object' ? pushed : undefined;
    }
    settings.clear();
    index.clear();
    void indexWorkspace().catch((error: unknown) => logError('indexing the workspace', error));
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    // Open documents take precedence over the disk; a settings file is not indexed. A changed .gitignore
    // changes which files the walk finds: its folder is walked again (below).
    const ignores: string[] = [];
    for (const { uri } of changes)
      if (uri.endsWith(`/${IGNORE_FILE}`)) ignores.push(uri);
      else if (!uri.endsWith(`/${CONFIG_FILE_NAME}`) && !documents.get(uri)) index.fileChanged(uri);
    if (ignores.length > 0) void walkAgain(ignores);
    void publishBuildFiles().catch((error: unknown) => logError('checking the build definitions', error));
    settings.clearFiles();
    // Problems of a file that changed or went away: shown again, or cleared, on the next validation.
    for (const path of configFilesShown)
      void connection.sendDiagnostics({ uri: pathToFileURL(path).href, diagnostics: [] });
    configFilesShown.clear();
    revalidateAll();
  });

  connection.onCodeAction(
    guard(async ({ textDocument, context }) => {
      const document = documents.get(textDocument.uri);
      if (!document || isOtherData(document)) return [];
      const { version } = document;
      const fixAllWanted = wantsFixAll(context.only);
      // A workflow's fixes (ci-cache-mounts-lost) come with its diagnostics; nothing else applies there.
      if (index.isBuildFile(textDocument.uri))
        return quickFixes(textDocument.uri, version, context.diagnostics, undefined);
      if (!fixAllWanted && !hasOwnDiagnostics(version, context.diagnostics)) return [];
      const documentSettings = await settings.get(textDocument.uri);
      // The document changed while the settings were read: the diagnostics' fixes are for the old text.
      if (document.version !== version) return [];
      const analysis = documentSettings.enable
        ? analysisOf(textDocument.uri, version, () => document.getText(), documentSettings, false)
        : undefined;
      const suppress =
        analysis &&
        suppressionFixer(
          analyses.suppressionFixes(textDocument.uri, analysis),
          ClientPositions.for(document),
        );
      const actions = quickFixes(textDocument.uri, version, context.diagnostics, suppress);
      if (!fixAllWanted || !documentSettings.enable) return actions;
      const result = fixAll(document.getText(), fixAllOptions(textDocument.uri, documentSettings));
      const action = inClientLines(document, fixAllAction(textDocument.uri, result));
      return action ? [...actions, action] : actions;
    }),
  );

  connection.onExecuteCommand(
    guard(async ({ command, arguments: args }) => {
      if (command !== APPLY_ALL_FIXES_COMMAND) return null;
      const target = (args?.[0] ?? {}) as { uri?: unknown; version?: unknown };
      const document = typeof target.uri === 'string' ? documents.get(target.uri) : undefined;
      // Only a Dockerfile's fixes are applied all at once (a workflow's are offered one by one).
      if (!document || index.isBuildFile(document.uri) || isOtherData(document)) return { applied: 0 };
      if (typeof target.version === 'number' && target.version !== document.version) return { applied: 0 };
      const documentSettings = await settings.get(document.uri);
      const result = fixAll(document.getText(), fixAllOptions(document.uri, documentSettings));
      if (result.edits.length === 0) return { applied: 0 };
      // Versioned: the editor refuses the edit if the document changed since the fixes were computed.
      const response = await connection.workspace.applyEdit({
        label: 'cachemount: fix all',
        edit: {
          documentChanges: [
            TextDocumentEdit.create(
              { uri: document.uri, version: document.version },
              inClientLines(document, result.edits),
            ),
          ],
        },
      });
      return { applied: response.applied ? result.applied.length : 0 };
    }),
  );

  /**
   * The analysis of an open document for a request at a position, with the position in the analysis's lines;
   * undefined when the document is closed or checking is disabled.
   */
  const analysisAt = async (uri: string, position: Position) => {
    const document = documents.get(uri);
    if (!document) return undefined;
    if (index.isBuildFile(uri) || isOtherData(document)) return undefined;
    const documentSettings = await settings.get(uri);
    if (!documentSettings.enable) return undefined;
    const analysis = analysisOf(uri, document.version, () => document.getText(), documentSettings, false);
    const positions = ClientPositions.for(document);
    return {
      analysis,
      position: positions ? positions.fromClient(position) : position,
      toClient: <T>(value: T): T => (positions ? positions.toClient(value) : value),
    };
  };

  connection.onHover(
    guard(async ({ textDocument, position }) => {
      const at = await analysisAt(textDocument.uri, position);
      return at
        ? at.toClient(
            hover(at.analysis.model, at.position, at.analysis.findings, (id) =>
              index.otherMounts(textDocument.uri, id),
            ),
          )
        : null;
    }),
  );

  connection.onCompletion(
    guard(async ({ textDocument, position }) => {
      const at = await analysisAt(textDocument.uri, position);
      return at ? at.toClient(completion(at.analysis.model, at.position, retriggerCommand)) : [];
    }),
  );

  documents.listen(connection);
  connection.listen();
}
