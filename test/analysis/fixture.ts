import assert from 'node:assert/strict';
import type { AnalyzeOptions } from '../../server/src/analysis/analyze';
import { analyze } from '../../server/src/analysis/analyze';
import type { Finding, Range, TextEdit } from '../../server/src/analysis/types';

/**
 * Inline fixtures: a Dockerfile snippet in which a line of only spaces and `^` marks a range on the source
 * line above it, optionally followed by the rule and a piece of the message:
 *
 *     RUN --mount=type=cahce,target=/x true
 *                      ^^^^^ mount-syntax: Unsupported mount type
 *
 * Marker lines are removed before analysis; several may follow one source line. Common indentation is
 * stripped and a leading newline dropped, so fixtures can sit indented in template literals.
 */
export interface Expected {
  rule: string | undefined;
  message: string | undefined;
  range: Range;
}

export interface Fixture {
  text: string;
  expected: Expected[];
}

const MARKER = /^(\s*)(\^+)(?:\s+([a-z][a-z0-9-]*))?(?:\s*:\s*(.*))?\s*$/;

export function dedent(source: string): string {
  const withoutLead = source.replace(/^\r?\n/, '');
  const lines = withoutLead.split('\n');
  if (lines.length > 0 && /^\s*$/.test(lines[lines.length - 1] ?? '')) lines[lines.length - 1] = '';
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const indent = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(indent, /^ */.exec(l)?.[0].length ?? 0))).join('\n');
}

export function parseFixture(source: string): Fixture {
  const lines = dedent(source).split('\n');
  const kept: string[] = [];
  const expected: Expected[] = [];
  for (const line of lines) {
    const marker = kept.length > 0 ? MARKER.exec(line) : null;
    if (marker) {
      const start = marker[1]?.length ?? 0;
      const width = marker[2]?.length ?? 0;
      const lineNo = kept.length - 1;
      expected.push({
        rule: marker[3],
        message: marker[4]?.trim() || undefined,
        range: { start: { line: lineNo, character: start }, end: { line: lineNo, character: start + width } },
      });
      continue;
    }
    kept.push(line);
  }
  return { text: kept.join('\n'), expected };
}

export interface CheckOptions extends AnalyzeOptions {
  /** Compare only findings of these rules (the markers must name rules from this list). */
  only?: string[];
  /** Run the fixture with these line endings instead of "\n". */
  eol?: '\n' | '\r\n';
  /** Put a byte order mark in front of the text (positions stay those of the text without it). */
  bom?: boolean;
}

export function fixtureText(fixture: Fixture, options: CheckOptions = {}): string {
  const body = options.eol === '\r\n' ? fixture.text.replace(/\n/g, '\r\n') : fixture.text;
  return (options.bom ? '\uFEFF' : '') + body;
}

export function findingsOf(
  source: string,
  options: CheckOptions = {},
): { fixture: Fixture; findings: Finding[] } {
  const fixture = parseFixture(source);
  const result = analyze(fixtureText(fixture, options), options);
  assert.deepEqual(result.failures, [], 'no rule may throw');
  const findings = options.only
    ? result.findings.filter((f) => options.only?.includes(f.rule))
    : result.findings;
  return { fixture, findings };
}

/** Asserts the findings are exactly the fixture's markers: same ranges, rules, and message pieces. */
export function check(source: string, options: CheckOptions = {}): Finding[] {
  const { fixture, findings } = findingsOf(source, options);
  const key = (range: Range, rule: string | undefined) =>
    `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} ${rule ?? '*'}`;
  const unmatched = [...findings];
  const missing: Expected[] = [];
  for (const expected of fixture.expected) {
    const index = unmatched.findIndex(
      (f) =>
        key(f.range, expected.rule ?? '*') === key(expected.range, expected.rule ?? '*') ||
        (expected.rule === undefined && key(f.range, '*') === key(expected.range, '*')),
    );
    if (index === -1) {
      missing.push(expected);
      continue;
    }
    const [found] = unmatched.splice(index, 1);
    if (expected.message && found && !found.message.includes(expected.message)) {
      assert.fail(
        `message of ${found.rule} at ${key(found.range, found.rule)}:\n  ${found.message}\ndoes not contain:\n  ${expected.message}`,
      );
    }
  }
  if (missing.length > 0 || unmatched.length > 0) {
    const lines = fixture.text.split('\n');
    const show = (range: Range, label: string) => {
      const source = lines[range.start.line] ?? '';
      const end = range.end.line === range.start.line ? range.end.character : source.length;
      return `  ${source}\n  ${' '.repeat(range.start.character)}${'^'.repeat(Math.max(1, end - range.start.character))} ${label}`;
    };
    const report = [
      ...missing.map(
        (e) => `expected but not found:\n${show(e.range, `${e.rule ?? '(any rule)'} ${e.message ?? ''}`)}`,
      ),
      ...unmatched.map((f) => `found but not expected:\n${show(f.range, `${f.rule}: ${f.message}`)}`),
    ];
    assert.fail(report.join('\n'));
  }
  return findings;
}

/** Applies edits given in LSP positions to a text ("\n" or "\r\n" line endings). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: Range['start']) => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted)
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

/**
 * Applies the fix titled `title` of the only finding of `rule` and returns the new text, after checking
 * that the finding is gone and no new finding appeared.
 */
export function applyFix(source: string, rule: string, title: string, options: CheckOptions = {}): string {
  const fixture = parseFixture(source);
  const text = fixtureText(fixture, options);
  const before = analyze(text, options).findings;
  const matching = before.filter((f) => f.rule === rule);
  assert.equal(matching.length, 1, `expected one ${rule} finding, got ${matching.length}`);
  const fix = matching[0]?.fixes.find((f) => f.title === title);
  assert.ok(fix, `no fix titled "${title}"; offered: ${matching[0]?.fixes.map((f) => f.title).join(', ')}`);
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const after = applyEdits(body, fix.edits);
  const remaining = analyze(after, options).findings;
  assert.deepEqual(
    remaining.filter((f) => f.rule === rule).map((f) => f.message),
    before.filter((f) => f.rule === rule && f !== matching[0]).map((f) => f.message),
    'the fixed finding must be gone',
  );
  assert.ok(remaining.length < before.length, 'a fix must not add findings');
  return after;
}
