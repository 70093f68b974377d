import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { FixAllResult } from '../analysis/fixAll';
import { readDiagnosticData, SOURCE } from './diagnostics';

/** The kind of the "fix all" source action, for `editor.codeActionsOnSave` and `source.fixAll` requests. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

/** The server command behind the client's "Fix all" command: arguments `{ uri, version }`. */
export const APPLY_ALL_FIXES_COMMAND = 'cachemount.applyAllFixes';

/**
 * Quick fixes built from the diagnostics the client sends back: each carries its fixes and the document
 * version they were computed for. Fixes for another version are dropped rather than applied to text they
 * were not made for; fresh diagnostics (with fresh fixes) are already on their way.
 */
export function quickFixes(uri: string, version: number, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const fixes: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
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
      fixes.push(action);
    }
    for (const fix of data.suppressions)
      suppressions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: fix.edits } },
      });
  }
  // Real fixes first: editors list actions in the order given.
  return [...fixes, ...suppressions];
}

/** Whether a code action request asks for the fix-all source action (`only` names it or a parent kind). */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
  if (!only) return false;
  return only.some(
    (kind) => kind === CodeActionKind.Source || FIX_ALL_KIND === kind || FIX_ALL_KIND.startsWith(`${kind}.`),
  );
}

export function fixAllAction(uri: string, result: FixAllResult): CodeAction | undefined {
  if (result.edits.length === 0) return undefined;
  const count = result.applied.length;
  return {
    title: `Fix all cachemount problems (${count} fix${count === 1 ? '' : 'es'})`,
    kind: FIX_ALL_KIND,
    edit: { changes: { [uri]: result.edits } },
  };
}
