import assert from 'node:assert/strict';
import type { Analysis, AnalyzeOptions, RuleSetting } from '../../server/src/analysis/analyze';
import { analyze } from '../../server/src/analysis/analyze';
import { RULE_IDS } from '../../server/src/analysis/rules/registry';
import { SuppressionFixes } from '../../server/src/analysis/suppressions/fixes';
import type { Finding, Position, Range, TextEdit } from '../../server/src/analysis/types';

/**
 * Inline fixtures: a Dockerfile snippet in which a marker line (only spaces, then `^` characters, then
 * optionally ` rule-id`, then optionally `: piece of the message`) marks a range on the nearest source line
 * above it:
 *
 *     RUN --mount=type=cahce,target=/x true
 *                      ^^^^^ mount-syntax: did you mean cache?
 *
 * The range covers the columns of the `^`s; a run that reaches past the end of the line ends at the end of
 * the line. Several markers may follow one source line. Marker lines are removed before analysis, so line
 * numbers are those of the source lines. The common indentation is stripped and a leading newline dropped,
 * so fixtures can sit indented in template literals. A source line consisting only of `^`s cannot be
 * written, and findings whose range spans several lines cannot be marked.
 */
export interface Marker {
  rule: string | undefined;
  message: string | undefined;
  range: Range;
}

export interface Fixture {
  /** The Dockerfile without marker lines, "\n" line endings, no byte order mark. */
  text: string;
  markers: Marker[];
}

export interface CheckOptions {
  /** Run and compare only these rules (default: every rule). Marker rule ids must be among them. */
  rules?: readonly string[];
  /** Run the fixture with these line endings (positions do not change). */
  eol?: '\n' | '\r\n';
  /** Put a byte order mark in front of the text (positions stay those of the text without it). */
  bom?: boolean;
  /** Passed to analyze(): the project's name. */
  projectName?: string;
  /** Passed to analyze(): the multi-platform setting. */
  multiPlatform?: AnalyzeOptions['multiPlatform'];
  /** Passed to analyze(): what build definitions say of the file. */
  builds?: AnalyzeOptions['builds'];
  /** @deprecated Use `rules`. */
  only?: readonly string[];
}

const MARKER = /^( *)(\^+)(?: +([a-z][a-z0-9-]*))?(?: *: *(.*?))? *$/;

/** Drops one leading newline and the indentation common to all non-blank lines. */
export function dedent(source: string): string {
  const lines = source.replace(/^\r?\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => leadingSpaces(l));
  const indent = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(indent, leadingSpaces(l)))).join('\n');
}

function leadingSpaces(line: string): number {
  return /^ */.exec(line)?.[0].length ?? 0;
}

/** Splits a fixture into its Dockerfile text and its markers. */
export function parseFixture(source: string): Fixture {
  const lines = dedent(source).split('\n');
  const kept: string[] = [];
  const markers: Marker[] = [];
  for (const line of lines) {
    const match = MARKER.exec(line);
    if (!match) {
      kept.push(line);
      continue;
    }
    const lineNo = kept.length - 1;
    const target = kept[lineNo];
    if (target === undefined) throw new Error(`fixture: marker "${line.trim()}" has no source line above it`);
    const start = match[1]?.length ?? 0;
    if (start >= target.length) {
      throw new Error(`fixture: marker "${line.trim()}" starts after the end of line ${lineNo}: ${target}`);
    }
    const end = Math.min(start + (match[2]?.length ?? 0), target.length);
    markers.push({
      rule: match[3],
      message: match[4] || undefined,
      range: { start: { line: lineNo, character: start }, end: { line: lineNo, character: end } },
    });
  }
  return { text: kept.join('\n'), markers };
}

/** The text a fixture is analyzed as: its line endings and byte order mark applied. */
export function fixtureText(fixture: Fixture, options: CheckOptions = {}): string {
  const body = options.eol === '\r\n' ? fixture.text.replace(/\n/g, '\r\n') : fixture.text;
  return (options.bom ? '\uFEFF' : '') + body;
}

const KNOWN_RULES = new Set(RULE_IDS);

function selectedRules(options: CheckOptions): readonly string[] | undefined {
  const rules = options.rules ?? options.only;
  if (!rules) return undefined;
  const unknown = rules.filter((id) => !KNOWN_RULES.has(id));
  if (unknown.length > 0) throw new Error(`fixture: unknown rule ${unknown.join(', ')}`);
  return rules;
}

/** Analyzes text with only the selected rules switched on; fails if a rule throws. */
export function analyzeWith(text: string, options: CheckOptions = {}): Analysis {
  const rules = selectedRules(options);
  const settings: Record<string, RuleSetting> = {};
  if (rules) for (const id of KNOWN_RULES) if (!rules.includes(id)) settings[id] = 'off';
  const analyzeOptions: AnalyzeOptions = { rules: settings };
  if (options.projectName) analyzeOptions.projectName = options.projectName;
  if (options.multiPlatform) analyzeOptions.multiPlatform = options.multiPlatform;
  if (options.builds) analyzeOptions.builds = options.builds;
  const analysis = analyze(text, analyzeOptions);
  assert.deepEqual(analysis.failures, [], 'no rule may throw');
  return analysis;
}

/** The findings of the selected rules for a fixture, markers removed. */
export function findingsOf(source: string, options: CheckOptions = {}): Finding[] {
  return analyzeWith(fixtureText(parseFixture(source), options), options).findings;
}

/**
 * Asserts that the findings of the selected rules are exactly the fixture's markers: the same ranges and
 * rules, and messages containing the marker's text. Returns the findings (to look at their fixes).
 */
export function check(source: string, options: CheckOptions = {}): Finding[] {
  const fixture = parseFixture(source);
  const rules = selectedRules(options);
  for (const marker of fixture.markers) {
    if (marker.rule === undefined) continue;
    if (!KNOWN_RULES.has(marker.rule)) throw new Error(`fixture: marker names unknown rule ${marker.rule}`);
    if (rules && !rules.includes(marker.rule)) {
      throw new Error(`fixture: marker names ${marker.rule}, which is not among the checked rules`);
    }
  }
  const findings = analyzeWith(fixtureText(fixture, options), options).findings;

  const remaining = [...findings];
  const missing: Marker[] = [];
  const wrongMessage: Array<{ marker: Marker; finding: Finding }> = [];
  // The most specific markers choose first, so a marker without a rule cannot take another's finding.
  const specificity = (m: Marker) => (m.rule ? 2 : 0) + (m.message ? 1 : 0);
  const ordered = [...fixture.markers].sort((a, b) => specificity(b) - specificity(a));
  for (const marker of ordered) {
    const candidates = remaining.filter(
      (f) => sameRange(f.range, marker.range) && (marker.rule === undefined || f.rule === marker.rule),
    );
    const found =
      candidates.find((f) => marker.message === undefined || f.message.includes(marker.message)) ??
      candidates[0];
    if (!found) {
      missing.push(marker);
      continue;
    }
    remaining.splice(remaining.indexOf(found), 1);
    if (marker.message !== undefined && !found.message.includes(marker.message)) {
      wrongMessage.push({ marker, finding: found });
    }
  }
  if (missing.length > 0 || remaining.length > 0 || wrongMessage.length > 0) {
    assert.fail(mismatchReport(fixture, findings, missing, remaining, wrongMessage, options));
  }
  return findings;
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function mismatchReport(
  fixture: Fixture,
  findings: readonly Finding[],
  missing: readonly Marker[],
  unexpected: readonly Finding[],
  wrongMessage: ReadonlyArray<{ marker: Marker; finding: Finding }>,
  options: CheckOptions,
): string {
  const lines = fixture.text.split('\n');
  const sections: string[] = [];
  const variant = [options.eol === '\r\n' ? 'CRLF' : '', options.bom ? 'BOM' : ''].filter(Boolean).join(', ');
  sections.push(`findings differ from the fixture's markers${variant ? ` (run with ${variant})` : ''}`);
  if (missing.length > 0) {
    sections.push(
      'expected, not found:\n' +
        missing
          .map((m) =>
            showRange(lines, m.range, `${m.rule ?? '(any rule)'}${m.message ? `: ${m.message}` : ''}`),
          )
          .join('\n'),
    );
  }
  if (unexpected.length > 0) {
    sections.push(
      'found, not expected:\n' +
        unexpected.map((f) => showRange(lines, f.range, `${f.rule}: ${f.message}`)).join('\n'),
    );
  }
  if (wrongMessage.length > 0) {
    sections.push(
      'message does not contain the marker text:\n' +
        wrongMessage
          .map(
            ({ marker, finding }) =>
              showRange(lines, finding.range, `${finding.rule}: ${finding.message}`) +
              `\n      expected to contain: ${marker.message ?? ''}`,
          )
          .join('\n'),
    );
  }
  sections.push('all findings, as a fixture:\n' + renderFixture(lines, findings));
  return sections.join('\n\n');
}

/** One source line with its number, and `^` under the range (to the end of the line if it goes on). */
function showRange(lines: readonly string[], range: Range, label: string): string {
  const source = lines[range.start.line] ?? '';
  const multiLine = range.end.line !== range.start.line;
  const end = multiLine ? Math.max(source.length, range.start.character + 1) : range.end.character;
  const width = Math.max(1, end - range.start.character);
  const number = String(range.start.line).padStart(4);
  const suffix = multiLine ? ` (range ends at ${range.end.line}:${range.end.character})` : '';
  return `${number} | ${source}\n     | ${' '.repeat(range.start.character)}${'^'.repeat(width)} ${label}${suffix}`;
}

/** The fixture text with a marker line under each finding: what the fixture would be if it were right. */
function renderFixture(lines: readonly string[], findings: readonly Finding[]): string {
  const out: string[] = [];
  lines.forEach((line, index) => {
    out.push(`  ${line}`);
    for (const f of findings.filter((x) => x.range.start.line === index)) {
      const end = f.range.end.line === index ? f.range.end.character : line.length;
      const width = Math.max(1, end - f.range.start.character);
      out.push(`  ${' '.repeat(f.range.start.character)}${'^'.repeat(width)} ${f.rule}: ${f.message}`);
    }
  });
  return out.join('\n');
}

/**
 * Applies LSP text edits to a text with "\n" or "\r\n" line endings. Fails on edits that overlap or point
 * past the end of a line, which an editor would reject or misapply.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: Position): number => {
    const start = starts[p.line];
    assert.ok(start !== undefined, `edit position ${p.line}:${p.character} is past the last line`);
    const next = starts[p.line + 1] ?? text.length + 1;
    const lineLength = text.slice(start, next - 1).replace(/\r$/, '').length;
    assert.ok(
      p.character <= lineLength,
      `edit position ${p.line}:${p.character} is past the end of its line`,
    );
    return start + p.character;
  };
  const spans = edits
    .map((edit) => ({ from: offset(edit.range.start), to: offset(edit.range.end), text: edit.newText }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1];
    const current = spans[i];
    if (previous && current) assert.ok(previous.to <= current.from, 'a fix must not have overlapping edits');
  }
  let out = text;
  for (const span of [...spans].reverse()) out = out.slice(0, span.from) + span.text + out.slice(span.to);
  return out;
}

/**
 * The text after applying the fix titled `title` of the fixture's only finding (of the selected rules), with
 * the fixture's line endings and byte order mark. Markers in the fixture are checked first.
 */
export function applyFix(source: string, title: string, options?: CheckOptions): string;
/** @deprecated Use `applyFix(source, title, { rules: [rule] })`, or assertFixResolves. */
export function applyFix(source: string, rule: string, title: string, options?: CheckOptions): string;
export function applyFix(
  source: string,
  titleOrRule: string,
  optionsOrTitle?: CheckOptions | string,
  legacyOptions: CheckOptions = {},
): string {
  if (typeof optionsOrTitle === 'string') {
    return assertFixResolves(source, optionsOrTitle, { ...legacyOptions, rules: [titleOrRule] });
  }
  const options = optionsOrTitle ?? {};
  const title = titleOrRule;
  const fixture = parseFixture(source);
  const findings = fixture.markers.length > 0 ? check(source, options) : findingsOf(source, options);
  assert.equal(
    findings.length,
    1,
    `applyFix needs exactly one finding, got ${findings.length}:\n` +
      findings.map((f) => showRange(fixture.text.split('\n'), f.range, `${f.rule}: ${f.message}`)).join('\n'),
  );
  const [finding] = findings as [Finding];
  // Suppression fixes are built on request from the model (as the server's code actions do).
  const { model } = analyzeWith(fixtureText(fixture, options), options);
  const offered = [...finding.fixes, ...new SuppressionFixes(model).for(finding.rule, finding.range)];
  const fix = offered.find((f) => f.title === title);
  assert.ok(
    fix,
    `${finding.rule} offers no fix titled "${title}"; it offers: ${offered.map((f) => `"${f.title}"`).join(', ') || 'none'}`,
  );
  const text = fixtureText(fixture, options);
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  return bom + applyEdits(text.slice(bom.length), fix.edits);
}

/**
 * Applies the fix like applyFix, then asserts that the finding is gone and that the fix brought no new
 * finding of the selected rules. Returns the fixed text.
 */
export function assertFixResolves(source: string, title: string, options: CheckOptions = {}): string {
  const fixed = applyFix(source, title, options);
  const after = analyzeWith(fixed, options).findings;
  const lines = fixed.replace(/^\uFEFF/, '').split(/\r?\n/);
  assert.equal(
    after.length,
    0,
    `after "${title}" the text still has findings:\n` +
      after.map((f) => showRange(lines, f.range, `${f.rule}: ${f.message}`)).join('\n'),
  );
  return fixed;
}
