import type { Hover } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { DockerfileModel } from '../analysis/model/types';
import { hoverAt, whyAt } from '../analysis/query/hover';
import type { Finding, Position } from '../analysis/types';

/**
 * The hover at a position, as LSP sends it: why the findings there matter (the editor already shows their
 * messages), then the mount element's documentation. Its content is the analysis's.
 */
export function hover(
  model: DockerfileModel,
  position: Position,
  findings: readonly Finding[] = [],
): Hover | null {
  const why = whyAt(findings, position);
  const content = hoverAt(model, position);
  if (!why && !content) return null;
  const value = [why?.markdown, content?.markdown].filter(Boolean).join('\n\n---\n\n');
  const range = content?.range ?? why?.range;
  return { contents: { kind: MarkupKind.Markdown, value }, ...(range ? { range } : {}) };
}
