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
  otherMounts?: (id: string) => readonly { name: string; line: number }[],
): Hover | null {
  const why = whyAt(findings, position);
  const content = hoverAt(model, position);
  if (!why && !content) return null;
  const elsewhere = content && otherMounts ? otherFiles(model, position, otherMounts) : undefined;
  const value = [why?.markdown, content?.markdown, elsewhere].filter(Boolean).join('\n\n---\n\n');
  const range = content?.range ?? why?.range;
  return { contents: { kind: MarkupKind.Markdown, value }, ...(range ? { range } : {}) };
}

/** At most this many other files are named; the rest are counted, so a hover stays within 15 lines. */
const OTHER_FILES_SHOWN = 3;

/**
 * The other Dockerfiles of the workspace that mount the cache of the mount at `position` (cache ids belong to
 * the builder: they share it when built on one).
 */
function otherFiles(
  model: DockerfileModel,
  position: Position,
  otherMounts: (id: string) => readonly { name: string; line: number }[],
): string | undefined {
  const mount = model.runs
    .flatMap((run) => run.mounts)
    .find((m) => contains(m.range, position) && m.effective.type === 'cache' && m.effective.id.complete);
  if (!mount) return undefined;
  const others = otherMounts(mount.effective.id.value);
  if (others.length === 0) return undefined;
  const shown = others.slice(0, OTHER_FILES_SHOWN).map((o) => `${o.name}:${o.line}`);
  const more = others.length > shown.length ? ` and ${others.length - shown.length} more` : '';
  return `Also mounted in ${shown.join(', ')}${more} (one cache where they build on one builder).`;
}

function contains(range: { start: Position; end: Position }, p: Position): boolean {
  const after = (a: Position, b: Position) =>
    a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(p, range.start) && after(range.end, p);
}
