import { fixLabel, fixToApply } from '../analysis/fixSafety';
import * as path from 'node:path';
import type { Severity } from '../analysis/types';
import type { FileResult } from './format';
import { summary } from './format';

const COMMAND: Readonly<Record<Severity, string>> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

/**
 * GitHub Actions workflow commands (`::warning file=...,line=...::message`): the runner turns each into an
 * annotation on the pull request's diff. Positions are 1-based; `endColumn` is the last column, inclusive.
 */
export function formatGithub(results: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const { file, findings } of results) {
    const annotatedFile = file.split(path.sep).join('/');
    for (const f of findings) {
      const { start, end } = f.range;
      const properties: Array<[string, string | number]> = [
        ['file', annotatedFile],
        ['line', start.line + 1],
        ['endLine', end.line + 1],
        ['title', `cachemount ${f.rule}`],
      ];
      // Columns only make sense within one line; GitHub ignores them otherwise.
      if (start.line === end.line)
        properties.splice(
          2,
          0,
          ['col', start.character + 1],
          ['endColumn', Math.max(end.character, start.character + 1)],
        );
      const fix = fixToApply(f, true);
      const message = fix ? `${f.message}\nFix: ${fixLabel(fix)}` : f.message;
      lines.push(
        `::${COMMAND[f.severity]} ${properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}`,
      );
    }
  }
  lines.push(summary(results));
  return lines.join('\n') + '\n';
}

/** The runner's own escaping (actions/toolkit, core/src/command.ts). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
