import type { Connection, InitializeResult } from 'vscode-languageserver';
import { CodeActionKind, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quickFixes } from './service/codeActions';
import { toDiagnostic } from './service/diagnostics';
import { DocumentAnalyses } from './service/documentAnalyses';
import { hover } from './service/hover';
import { VERSION } from './version';

/** Wires the LSP features to a connection. Tests call it with an in-memory connection. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new DocumentAnalyses();
  const pending = new Map<string, NodeJS.Immediate>();
  const reportedFailures = new Set<string>();

  // stdout carries the protocol: anything printed (by a dependency, say) must go to the client's log instead.
  // eslint-disable-next-line no-console
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  // eslint-disable-next-line no-console
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
    },
    serverInfo: { name: 'cachemount', version: VERSION },
  }));

  const validate = (uri: string): void => {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    const analysis = analyses.get(uri, document.version, () => document.getText());
    for (const failure of analysis.failures) {
      if (reportedFailures.has(failure.rule)) continue;
      reportedFailures.add(failure.rule);
      connection.console.error(`cachemount: rule ${failure.rule} failed and was skipped: ${failure.message}`);
    }
    const diagnostics = analysis.findings.map((f) => toDiagnostic(f, uri, document.version));
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  };

  // Coalesce bursts of changes: analyse once per turn of the event loop, on the newest text.
  documents.onDidChangeContent(({ document }) => {
    if (pending.has(document.uri)) return;
    pending.set(
      document.uri,
      setImmediate(() => validate(document.uri)),
    );
  });

  documents.onDidClose(({ document }) => {
    const timer = pending.get(document.uri);
    if (timer) clearImmediate(timer);
    pending.delete(document.uri);
    analyses.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onCodeAction(({ textDocument, context }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    return quickFixes(textDocument.uri, document.version, context.diagnostics);
  });

  connection.onHover(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    const analysis = analyses.get(textDocument.uri, document.version, () => document.getText());
    return hover(analysis.model, position);
  });

  documents.listen(connection);
  connection.listen();
}
