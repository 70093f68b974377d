import { escapeControl } from './terminalText';
import { RULE_WHY } from '../analysis/rules/why.generated';
import { fixLabel, fixToApply } from '../analysis/fixSafety';
import type { Finding, Severity } from '../analysis/types';

export interface FileResult {
  file: string;
  text: string;
  findings: Finding[];
}

export interface JsonFinding {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  range: Finding['range'];
  fixes: Finding['fixes'];
}

export function formatJson(results: readonly FileResult[]): string {
  const out: JsonFinding[] = [];
  for (const { file, findings } of results) {
    for (const f of findings) {
      out.push({
        file,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        range: f.range,
        fixes: f.fixes,
      });
    }
  }
  return JSON.stringify(out, null, 2) + '\n';
}

interface Palette {
  severity(severity: Severity, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const PLAIN: Palette = { severity: (_s, t) => t, dim: (t) => t, bold: (t) => t };

const SEVERITY_COLOR: Readonly<Record<Severity, number>> = {
  error: 31,
  warning: 33,
  information: 36,
  hint: 90,
};

const COLOR: Palette = {
  severity: (s, t) => `\u001b[${SEVERITY_COLOR[s]}m${t}\u001b[39m`,
  dim: (t) => `\u001b[2m${t}\u001b[22m`,
  bold: (t) => `\u001b[1m${t}\u001b[22m`,
};

/** `file:line:col  severity  rule  message`, then the source line with the range underlined. */
export function formatText(results: readonly FileResult[], color: boolean, explain = false): string {
  const palette = color ? COLOR : PLAIN;
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let filesWithFindings = 0;
  for (const { file, text, findings } of results) {
    if (findings.length > 0) filesWithFindings++;
    const sourceLines = text.split(/\r?\n/);
    for (const f of findings) {
      counts[f.severity]++;
      const { line, character } = f.range.start;
      // The file name and the message may carry a repository's text: control characters are escaped.
      lines.push(
        `${palette.bold(escapeControl(`${file}:${line + 1}:${character + 1}`))}  ${palette.severity(f.severity, f.severity)}  ${palette.dim(f.rule)}  ${escapeControl(f.message)}`,
      );
      const source = sourceLines[line] ?? '';
      const width =
        f.range.end.line === line
          ? Math.max(1, f.range.end.character - character)
          : Math.max(1, source.length - character);
      lines.push(`    ${escapeControl(source.replace(/\t/g, ' '))}`);
      lines.push(`    ${' '.repeat(character)}${palette.severity(f.severity, '^'.repeat(width))}`);
      const fix = fixToApply(f, true);
      if (fix) lines.push(`    ${palette.dim(`fix: ${escapeControl(fixLabel(fix))}`)}`);
      // --explain: the rule's why, from its docs, under the one-line message.
      if (explain && RULE_WHY[f.rule]) lines.push(`    ${palette.dim(`why: ${RULE_WHY[f.rule]}`)}`);
    }
  }
  lines.push(...summaryLines(counts, filesWithFindings, results.length));
  return lines.join('\n') + '\n';
}

/** The closing line of a report: how many problems of each severity, in how many files. */
export function summary(results: readonly FileResult[]): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { findings } of results) for (const f of findings) counts[f.severity]++;
  const filesWithFindings = results.filter((r) => r.findings.length > 0).length;
  return summaryLines(counts, filesWithFindings, results.length).join('\n');
}

function summaryLines(
  counts: Record<Severity, number>,
  filesWithFindings: number,
  checked: number,
): string[] {
  const total = counts.error + counts.warning + counts.information + counts.hint;
  if (total === 0) return [`No problems found in ${plural(checked, 'file')}.`];
  const parts = (Object.keys(counts) as Severity[])
    .filter((s) => counts[s] > 0)
    .map((s) => plural(counts[s], s === 'information' ? 'info' : s));
  return [
    '',
    `${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(filesWithFindings, 'file')} of ${checked} checked.`,
  ];
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
