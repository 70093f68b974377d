import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import { readDiagnosticData, SOURCE } from './diagnostics';

/**
 * Quick fixes built from the diagnostics the client sends back: each carries its fixes and the document
 * version they were computed for. Fixes for another version are dropped rather than applied to text they
 * were not made for; fresh diagnostics (with fresh fixes) are already on their way.
 */
export function quickFixes(uri: string, version: number, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const data = readDiagnosticData(diagnostic.data);
    if (!data || data.version !== version) continue;
    for (const fix of data.fixes) {
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: fix.edits } },
      };
      if (fix.preferred) action.isPreferred = true;
      actions.push(action);
    }
  }
  return actions;
}
