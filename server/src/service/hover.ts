import type { Hover } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { DockerfileModel } from '../analysis/model/types';
import { hoverAt } from '../analysis/query/hover';
import type { Position } from '../analysis/types';

/** The hover for the mount element under the cursor, as LSP sends it; its content is the analysis's. */
export function hover(model: DockerfileModel, position: Position): Hover | null {
  const content = hoverAt(model, position);
  if (!content) return null;
  return { contents: { kind: MarkupKind.Markdown, value: content.markdown }, range: content.range };
}
