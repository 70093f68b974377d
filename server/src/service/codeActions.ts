import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { FixAllResult } from '../analysis/fixAll';
import { RULE_IDS } from '../analysis/rules/registry';
import type { SuppressionFixes } from '../analysis/suppressions/fixes';
import { fixLabel } from '../analysis/fixSafety';
import type { Fix, Range } from '../analysis/types';
import type { ClientPositions } from './clientPositions';
import { readDiagnosticData, SOURCE } from './diagnostics';

/** The kind of the "fix all" source action, for `editor.codeActionsOnSave` and `source.fixAll` requests. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

/** The server command behind the client's "Fix all" command: arguments `{ uri, version }`. */
export const APPLY_ALL_FIXES_COMMAND = 'cachemount.applyAllFixes';

/** The fix that would suppress a finding of `rule` at `range` for its instruction (as the client sent them). */
export type SuppressionFixer = (rule: string, range: Range) => Fix[];

/**
 * Quick fixes built from the diagnostics the client sends back: each carries its fixes and the document
 * version they were computed for. Fixes for another version are dropped rather than applied to text they
 * were not made for; fresh diagnostics (with fresh fixes) are already on their way. Suppression fixes come
 * from `suppress`, built from the same version's text, for the diagnostics of a rule cachemount has.
 */
export function quickFixes(
  uri: string,
  version: number,
  diagnostics: readonly Diagnostic[],
  suppress?: SuppressionFixer,
): CodeAction[] {
  const fixes: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const action = (fix: Fix, diagnostic: Diagnostic): CodeAction => ({
    title: fixLabel(fix),
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uri]: fix.edits } },
  });
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const data = readDiagnosticData(diagnostic.data);
    if (!data || data.version !== version) continue;
    for (const fix of data.fixes) {
      const quickFix = action(fix, diagnostic);
      if (fix.preferred) quickFix.isPreferred = true;
      fixes.push(quickFix);
    }
    const rule = diagnostic.code;
    // One "Ignore <rule> for this instruction" per finding; none for mount-syntax, whose error fails the
    // build whether or not it is hidden. The file-wide comment is in the docs, not in every menu.
    if (suppress && typeof rule === 'string' && RULE_IDS.includes(rule) && rule !== 'mount-syntax') {
      for (const fix of suppress(rule, diagnostic.range)) suppressions.push(action(fix, diagnostic));
    }
  }
  // Real fixes first: editors list actions in the order given.
  return [...fixes, ...suppressions];
}

/**
 * Suppression fixes from a version's model (`DocumentAnalyses.suppressionFixes`), in the client's positions.
 * The diagnostics name the rule and where the finding starts; the comment to extend, or where a new one
 * goes, is read from the model.
 */
export function suppressionFixer(
  fixes: SuppressionFixes,
  positions: ClientPositions | undefined,
): SuppressionFixer {
  const forFinding: SuppressionFixer = (rule, range) => {
    const fix = fixes.forInstruction(rule, range);
    return fix ? [fix] : [];
  };
  if (!positions) return forFinding;
  return (rule, range) => {
    const start = positions.fromClient(range.start);
    return positions.toClient(forFinding(rule, { start, end: positions.fromClient(range.end) }));
  };
}

/** Whether any diagnostic is cachemount's and made for `version`: only then are suppressions worth building. */
export function hasOwnDiagnostics(version: number, diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.source === SOURCE && readDiagnosticData(d.data)?.version === version);
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
