import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { ConfigFile } from '../workspace/configFile';
import { problemPosition } from '../workspace/configFile';
import { SOURCE } from './diagnostics';

/** A `.cachemount.json`'s problems as diagnostics on that file, so a typo shows where it was made. */
export function configFileDiagnostics(file: ConfigFile): Diagnostic[] {
  return file.problems.map((problem) => {
    const start = problemPosition(file.text, problem);
    const key = problem.path.split('.').slice(-1)[0] ?? '';
    const length = key && start.line + start.character > 0 ? key.length + 2 : 0;
    return {
      range: { start, end: { line: start.line, character: start.character + length } },
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      message: `${problem.path ? `${problem.path}: ` : ''}${problem.message}; this setting is ignored.`,
    };
  });
}
