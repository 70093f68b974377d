import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { docsUrl } from '../analysis/rules/rule';
import type { Finding, Fix, Severity } from '../analysis/types';

export const SOURCE = 'cachemount';

/** What a diagnostic carries so a code action can be built from it alone (no server state). */
export interface DiagnosticData {
  /** The document version the fixes' ranges refer to. */
  version: number;
  fixes: Fix[];
}

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, uri: string, version: number): Diagnostic {
  const data: DiagnosticData = { version, fixes: finding.fixes };
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.rule,
    codeDescription: { href: docsUrl(finding.rule) },
    message: finding.message,
    data,
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      // Another document of the workspace (a cache id shared across Dockerfiles) is named by its URI.
      location: { uri: r.file ?? uri, range: r.range },
      message: r.message,
    }));
  }
  return diagnostic;
}

/** Diagnostic data comes back from the client: trust nothing about its shape. */
export function readDiagnosticData(data: unknown): DiagnosticData | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { version, fixes } = data as { version?: unknown; fixes?: unknown };
  if (typeof version !== 'number' || !Array.isArray(fixes) || !fixes.every(isFix)) return undefined;
  return { version, fixes };
}

function isFix(value: unknown): value is Fix {
  if (typeof value !== 'object' || value === null) return false;
  const { title, edits } = value as { title?: unknown; edits?: unknown };
  return typeof title === 'string' && Array.isArray(edits) && edits.every(isEdit);
}

function isEdit(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { range, newText } = value as { range?: unknown; newText?: unknown };
  return typeof newText === 'string' && isRange(range);
}

function isRange(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { start, end } = value as { start?: unknown; end?: unknown };
  return isPosition(start) && isPosition(end);
}

function isPosition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { line, character } = value as { line?: unknown; character?: unknown };
  return (
    Number.isInteger(line) &&
    Number.isInteger(character) &&
    (line as number) >= 0 &&
    (character as number) >= 0
  );
}

/**
 * The most diagnostics published for one document. An editor shows a few hundred at most; tens of thousands
 * (a generated file) made publishing take seconds and gigabytes, and blocked hover meanwhile. The CLI reports
 * every finding.
 */
export const MAX_PUBLISHED = 1000;

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * At most `MAX_PUBLISHED` findings, the most severe first and then by position, so errors survive the cap;
 * and how many were left out.
 */
export function capFindings(findings: readonly Finding[]): { shown: Finding[]; left: number } {
  if (findings.length <= MAX_PUBLISHED) return { shown: [...findings], left: 0 };
  // Findings come sorted by position. Every finding of the ranks the cap holds whole, and the first ones by
  // position of the rank where it falls: two passes, where sorting every finding by severity cost a
  // document of 100,000 findings more than the publish itself.
  const counts = [0, 0, 0, 0];
  for (const f of findings) counts[RANK[f.severity]] = (counts[RANK[f.severity]] ?? 0) + 1;
  let cutRank = 0;
  let room = MAX_PUBLISHED;
  while (room > (counts[cutRank] as number)) room -= counts[cutRank++] as number;
  const shown: Finding[] = [];
  for (const f of findings) {
    const rank = RANK[f.severity];
    if (rank < cutRank) shown.push(f);
    else if (rank === cutRank && room > 0) {
      shown.push(f);
      room--;
    }
  }
  // At one position, the more severe first.
  const key = (f: Finding) => f.range.start.line * 1e6 + f.range.start.character;
  shown.sort((a, b) => key(a) - key(b) || RANK[a.severity] - RANK[b.severity]);
  return { shown, left: findings.length - MAX_PUBLISHED };
}

/** `100000` → `100,000`, as `toLocaleString('en-US')` writes it, without loading the locale data. */
function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The diagnostic that says how many findings the cap left out, on the first line. */
export function leftOutDiagnostic(left: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `${withThousands(left)} more findings are not shown here (the first ${withThousands(MAX_PUBLISHED)} are): run cachemount lint for all.`,
  };
}
