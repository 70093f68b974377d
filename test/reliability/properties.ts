import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { AnalysisReuse } from '../../server/src/analysis/incremental/reuse';
import type { Analysis } from '../../server/src/analysis/analyze';
import { applyEdits, fixAll } from '../../server/src/analysis/fixAll';
import { parseDockerfile } from '../../server/src/analysis/model/parseDockerfile';
import { LineIndex } from '../../server/src/analysis/syntax/lineIndex';
import type { MappedText } from '../../server/src/analysis/syntax/mappedText';
import { runCommands } from '../../server/src/analysis/model/commands';
import { SuppressionFixes } from '../../server/src/analysis/suppressions/fixes';
import type { Finding, Position, Range, TextEdit } from '../../server/src/analysis/types';
import { completion } from '../../server/src/service/completion';
import { hover } from '../../server/src/service/hover';

/**
 * The properties every input must keep, as assertions. Each throws an AssertionError naming what broke, so
 * fast-check can shrink the input to a small counterexample.
 */

/** Analysing one small file may take this long on a loaded machine; a hang or a super-linear pass does not fit. */
export const ANALYSIS_BOUND_MS = 2_000;

/** Fixes checked per input; the first ones, in finding order. */
const MAX_FIXES_PER_INPUT = 20;

/** The text the analysis positions refer to: a byte order mark is not part of the document. */
export function documentOf(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Never throws, no rule fails, within the time bound, ranges inside the document, and deterministic. */
export function checkAnalysis(text: string): Analysis {
  const started = performance.now();
  const analysis = analyze(text);
  const elapsed = performance.now() - started;
  assert.deepEqual(analysis.failures, [], 'no rule fails');
  assert.ok(elapsed < ANALYSIS_BOUND_MS, `analysis took ${elapsed.toFixed(0)} ms`);
  const lines = new LineIndex(documentOf(text));
  const suppressions = new SuppressionFixes(analysis.model);
  for (const finding of analysis.findings) {
    assertInside(lines, finding.range, `${finding.rule} range`);
    for (const related of finding.related ?? [])
      assertInside(lines, related.range, `${finding.rule} related`);
    for (const fix of [...finding.fixes, ...suppressions.for(finding.rule, finding.range)]) {
      for (const edit of fix.edits) assertInside(lines, edit.range, `${finding.rule} fix "${fix.title}"`);
      assertDisjoint(lines, fix.edits, `${finding.rule} fix "${fix.title}"`);
    }
  }
  assert.deepEqual(summary(analyze(text)), summary(analysis), 'the same text gives the same findings');
  return analysis;
}

/**
 * For every fix of every finding: it changes no instruction but its own (other fixes may only add whole
 * lines, such as an ARG or a RUN before it), the file parses into the same instructions (plus those it
 * added), and the finding it fixes is gone.
 */
export function checkFixes(text: string, analysis: Analysis): void {
  const document = documentOf(text);
  const lines = new LineIndex(document);
  const before = instructionsOf(document);
  let checked = 0;
  for (const finding of analysis.findings) {
    for (const fix of finding.fixes) {
      // Each check analyses the fixed text again: a line of 10,000 stray commas has 10,000 alike fixes.
      if (fix.edits.length === 0 || checked++ >= MAX_FIXES_PER_INPUT) continue;
      const what = `${finding.rule} fix "${fix.title}" on line ${finding.range.start.line + 1}`;
      const fixed = applyEdits(document, fix.edits);
      const edits = fix.edits.map((e) => ({
        start: lines.offsetAt(e.range.start),
        end: lines.offsetAt(e.range.end),
        newText: e.newText,
      }));
      const own = before.find((i) => i.start <= offset(lines, finding) && offset(lines, finding) <= i.end);
      const after = instructionsOf(fixed);
      // Each instruction the fix did not target is still there, unchanged, where the edits moved it.
      const moved = before
        .filter((i) => i !== own)
        .map((i) => ({ ...i, start: shift(edits, i.start), text: i.text }));
      for (const instruction of moved) {
        const found = after.find((a) => a.start === instruction.start);
        assert.ok(found, `${what}: the ${instruction.keyword} at offset ${instruction.start} is gone`);
        assert.equal(found.text, instruction.text, `${what} changed another instruction`);
      }
      // Its own instruction is still one instruction of the same kind, where the edits moved it.
      const ownStart = own ? shift(edits, own.start) : -1;
      if (own)
        assert.equal(
          after.find((a) => a.start === ownStart)?.keyword,
          own.keyword,
          `${what}: its ${own.keyword} no longer parses as one`,
        );
      // Apart from its own instruction, what the fix added lies inside inserted text.
      for (const instruction of after) {
        if (instruction.start === ownStart || moved.some((m) => m.start === instruction.start)) continue;
        assert.ok(
          insideInserted(edits, instruction.start, instruction.end),
          `${what}: a ${instruction.keyword} appeared outside its edits`,
        );
      }
      // Gone: no finding of the same rule and message where the edits moved it. A twin that was reported at
      // another place and slid into this one (the next of two identical comment lines, once the first is
      // deleted) is its own finding, not this one.
      const fixedLines = new LineIndex(fixed);
      const at = lines.offsetAt(finding.range.start);
      const movedStart = shift(edits, at);
      const twin = analysis.findings.some(
        (f) =>
          f.rule === finding.rule &&
          f.message === finding.message &&
          lines.offsetAt(f.range.start) !== at &&
          shift(edits, lines.offsetAt(f.range.start)) === movedStart,
      );
      const still = twin
        ? undefined
        : analyze(fixed).findings.find(
            (f) =>
              f.rule === finding.rule &&
              f.message === finding.message &&
              fixedLines.offsetAt(f.range.start) === movedStart,
          );
      assert.equal(still, undefined, `${what} did not remove its finding`);
    }
  }
}

/**
 * Hover and completion answer at any position of any document without throwing, and completion's edits stay
 * inside the document. `positions` are picked by the caller (the fuzzer): line starts, ends, and anywhere.
 */
export function checkQueries(text: string, analysis: Analysis, positions: readonly Position[]): void {
  const lines = new LineIndex(documentOf(text));
  for (const position of positions) {
    const at = `at ${position.line}:${position.character}`;
    const shown = hover(analysis.model, position);
    if (shown?.range) assertInside(lines, shown.range, `hover ${at}`);
    for (const item of completion(analysis.model, position)) {
      const edit = item.textEdit;
      if (edit && 'range' in edit) assertInside(lines, edit.range, `completion "${item.label}" ${at}`);
      for (const extra of item.additionalTextEdits ?? [])
        assertInside(lines, extra.range, `completion "${item.label}" extra edit ${at}`);
    }
  }
}

/**
 * Fix all leaves a file fix all does not change again, and its edits produce its text: with safe fixes only,
 * and with unsafe fixes too.
 */
export function checkFixAll(text: string): void {
  for (const unsafeFixes of [false, true]) {
    const mode = unsafeFixes ? 'fix all (unsafe fixes too)' : 'fix all';
    const result = fixAll(text, { unsafeFixes });
    assert.equal(applyEdits(documentOf(text), result.edits), result.text, `${mode}: edits produce the text`);
    assert.deepEqual(result.analysis.failures, [], `${mode}: no rule fails on the fixed text`);
    // The fixed file: the fixed document behind the byte order mark the file had (a second one is text).
    const again = fixAll(text === documentOf(text) ? result.text : `\ufeff${result.text}`, { unsafeFixes });
    assert.deepEqual(again.edits, [], `${mode} is not idempotent: ${JSON.stringify(again.applied)}`);
  }
}

interface InstructionText {
  keyword: string;
  start: number;
  end: number;
  text: string;
}

function instructionsOf(text: string): InstructionText[] {
  const lines = new LineIndex(text);
  return parseDockerfile(text).instructions.map((i) => {
    const start = lines.offsetAt(i.getRange().start);
    const end = lines.offsetAt(i.getRange().end);
    return { keyword: i.getKeyword(), start, end, text: text.slice(start, end) };
  });
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** Where an offset before, between or after edits ends up; an insertion at the offset goes before it. */
function shift(edits: readonly OffsetEdit[], at: number): number {
  let delta = 0;
  for (const edit of edits) if (edit.end <= at) delta += edit.newText.length - (edit.end - edit.start);
  return at + delta;
}

function insideInserted(edits: readonly OffsetEdit[], start: number, end: number): boolean {
  return edits.some((edit) => {
    const from = shift(
      edits.filter((e) => e !== edit),
      edit.start,
    );
    return start >= from && end <= from + edit.newText.length;
  });
}

function offset(lines: LineIndex, finding: Finding): number {
  return lines.offsetAt(finding.range.start);
}

function assertInside(lines: LineIndex, range: Range, what: string): void {
  for (const position of [range.start, range.end]) {
    assert.ok(position.line >= 0 && position.character >= 0, `${what}: negative position`);
    assert.ok(position.line < lines.lineCount, `${what}: line ${position.line} past the end`);
    assert.ok(
      position.character <= lines.lineText(position.line).length,
      `${what}: character ${position.character} past the end of line ${position.line}`,
    );
  }
  const ordered =
    range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(ordered, `${what}: range ends before it starts`);
}

function assertDisjoint(lines: LineIndex, edits: readonly TextEdit[], what: string): void {
  const spans = edits
    .map((e) => [lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)] as const)
    .sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1] as readonly [number, number];
    const current = spans[i] as readonly [number, number];
    assert.ok(previous[1] <= current[0], `${what}: overlapping edits`);
  }
}

/**
 * The editor's path: each version analysed with what the analysis of the one before left (`AnalysisReuse`)
 * gives exactly what an analysis from scratch gives: findings, and the instructions and comments it read.
 */
export function checkReuse(text: string, edits: readonly ((text: string) => string)[]): void {
  const reuse = new AnalysisReuse();
  let current = text;
  for (const edit of [(t: string) => t, ...edits]) {
    current = edit(current);
    const reused = analyze(current, { reuse });
    const fresh = analyze(current);
    assert.deepEqual(parsedSummary(reused), parsedSummary(fresh), 'the same model with and without reuse');
    assert.deepEqual(summary(reused), summary(fresh), 'the same findings with and without reuse');
  }
}

/** The model without its cycles and functions: what hover, completion and the rules read of it. */
function parsedSummary(analysis: Analysis): unknown {
  const { instructions, comments, escapeChar, syntax, afterDirectives, multiPlatform, globalArgs } =
    analysis.model;
  const stages = analysis.model.stages.map((stage) => ({
    ...stage,
    parent: stage.parent?.index,
  }));
  const spans = (text: MappedText): unknown => [text.text, text.span(0, text.length)];
  const runs = analysis.model.runs.map((run) => ({
    stage: run.stage.index,
    range: run.range,
    command: spans(run.command),
    heredocs: run.heredocs.map(spans),
    flags: run.flags.map((flag) => [spans(flag.word), spans(flag.name), flag.value && spans(flag.value)]),
    // The shell reader's document offsets, read from the RUN as the model holds it.
    commands: runCommands(run).map((command) => [
      command.start,
      command.end,
      command.joinedBy,
      command.words.map((word) => [word.start, word.end, spans(word.value)]),
    ]),
    workdir: run.workdir,
    user: run.user,
    bindings: [...run.scope.bindings],
    mounts: run.mounts.map((mount) => ({
      range: mount.range,
      options: mount.options.map((o) => [
        o.key,
        spans(o.keyText),
        o.value && spans(o.value),
        spans(o.field),
        o.fieldRange,
        o.expanded,
      ]),
      effective: { ...mount.effective, typeOption: undefined, last: Object.keys(mount.effective.last) },
    })),
  }));
  const copies = analysis.model.copies.map((copy) => ({ ...copy, stage: copy.stage.index }));
  const entrypoints = analysis.model.entrypoints.map((entry) => ({ ...entry, stage: entry.stage.index }));
  return {
    instructions,
    comments,
    escapeChar,
    syntax,
    afterDirectives,
    multiPlatform,
    globalArgs: [...globalArgs],
    stages,
    runs,
    copies,
    entrypoints,
  };
}

/** What a client sees of an analysis (the model holds functions and maps). */
function summary(analysis: Analysis): unknown {
  return {
    findings: analysis.findings,
    failures: analysis.failures,
    suppressed: analysis.suppressed,
  };
}
