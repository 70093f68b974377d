import type { CompletionItem } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver';
import type { DockerfileModel } from '../analysis/model/types';
import type { Completion } from '../analysis/query/completions';
import { completionsAt } from '../analysis/query/completions';
import type { Position } from '../analysis/types';

/** Characters after which the editor asks for completion inside `--mount=`. */
export const COMPLETION_TRIGGERS = ['=', ',', '-'];

const KINDS: Readonly<Record<Completion['kind'], CompletionItemKind>> = {
  snippet: CompletionItemKind.Snippet,
  flag: CompletionItemKind.Snippet,
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
};

/**
 * LSP completion items for a position. `retriggerCommand` is the client's command that opens completion
 * again (VS Code's `editor.action.triggerSuggest`), sent only to clients known to have it.
 */
export function completion(
  model: DockerfileModel,
  position: Position,
  retriggerCommand?: string,
): CompletionItem[] {
  return completionsAt(model, position).map((c, index) => {
    const item: CompletionItem = {
      label: c.label,
      kind: KINDS[c.kind],
      // Preferred first, then the order the analysis chose.
      sortText: `${c.preferred ? '0' : '1'}${String(index).padStart(4, '0')}`,
      textEdit: { range: c.range, newText: c.insert },
      insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
    if (c.detail) item.detail = c.detail;
    if (c.documentation) item.documentation = { kind: MarkupKind.Markdown, value: c.documentation };
    if (c.filterText) item.filterText = c.filterText;
    if (c.preferred) item.preselect = true;
    if (c.additionalEdits) item.additionalTextEdits = c.additionalEdits;
    if (c.retrigger && retriggerCommand) item.command = { title: 'Suggest', command: retriggerCommand };
    return item;
  });
}
