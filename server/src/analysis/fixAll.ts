import type { Analysis, AnalyzeOptions } from './analyze';
import { analyze } from './analyze';
import { findRuleMeta } from './rules/registry';
import { LineIndex } from './syntax/lineIndex';
import { fixToApply } from './fixSafety';
import type { Range, TextEdit } from './types';

/**
 * "Fix all": one fix of every finding, applied in rounds. Which fix is decided by its safety alone, never by
 * the finding's severity (a rule set to `off` reports nothing, so fixes nothing): the first safe fix, or with
 * `unsafeFixes` the first fix. Suppression comments are never added. No fix of one rule is applied to a mount
 * that another rule's finding calls unused, emptied or invalid. A round applies fixes whose edits neither
 * overlap nor touch an edit already taken (identical edits, such as two fixes declaring the same ARG, are
 * applied once); the text is then analysed again, so fixes that conflicted, or that a fix made possible, are
 * applied in the next round on fresh ranges.
 */
export const MAX_ROUNDS = 10;

export interface FixAllOptions extends AnalyzeOptions {
  /** Apply unsafe fixes too (`--unsafe-fixes`, the `unsafeFixes` setting). */
  unsafeFixes?: boolean;
}

export interface AppliedFix {
  rule: string;
  title: string;
}

export interface FixAllResult {
  /** The fixed text. */
  text: string;
  /** Minimal edits from the original text to the fixed one, in original coordinates, in order. */
  edits: TextEdit[];
  applied: AppliedFix[];
  /** Unsafe fixes of the findings left in the fixed text, not applied (empty with `unsafeFixes`). */
  unsafeLeft: LeftFix[];
  rounds: number;
  /** The analysis of the fixed text: what fix-all could not fix. */
  analysis: Analysis;
}

export interface LeftFix extends AppliedFix {
  range: Range;
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export function fixAll(text: string, options: FixAllOptions = {}): FixAllResult {
  // The analysis drops one leading byte order mark; each round gives it the same one back, so that its
  // positions are always those of `changes.current`. Stripping here and letting the analysis strip again put
  // every fix of a file starting with two marks one character early.
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const original = text.slice(bom.length);
  const changes = new ChangeSet(original);
  const applied: AppliedFix[] = [];
  let analysis = analyze(text, options);
  let rounds = 0;
  const seen = new Set<string>([original]);
  while (rounds < MAX_ROUNDS) {
    const chosen = chooseFixes(analysis, options.unsafeFixes === true);
    if (chosen.edits.length === 0) break;
    rounds++;
    // Back to front: each edit's offsets stay valid while the ones after it are applied.
    for (const edit of [...chosen.edits].sort((a, b) => b.start - a.start || b.end - a.end))
      changes.apply(edit);
    applied.push(...chosen.fixes);
    if (seen.has(changes.current)) break;
    seen.add(changes.current);
    analysis = analyze(bom + changes.current, options);
  }
  const unsafeLeft = options.unsafeFixes ? [] : unsafeFixesLeft(analysis);
  return { text: changes.current, edits: changes.edits(), applied, unsafeLeft, rounds, analysis };
}

/** The unsafe fixes a person could still choose, one per finding that has no safe fix (see `fixToApply`). */
function unsafeFixesLeft(analysis: Analysis): LeftFix[] {
  const left: LeftFix[] = [];
  for (const finding of analysis.findings) {
    if (fixToApply(finding)) continue;
    const fix = fixToApply(finding, true);
    if (fix) left.push({ rule: finding.rule, title: fix.title, range: finding.range });
  }
  return left;
}

function chooseFixes(analysis: Analysis, unsafe: boolean): { edits: OffsetEdit[]; fixes: AppliedFix[] } {
  const lines = analysis.model.lines;
  const taken: OffsetEdit[] = [];
  const fixes: AppliedFix[] = [];
  const condemned = condemnedMounts(analysis, lines);
  for (const finding of analysis.findings) {
    const fix = fixToApply(finding, unsafe);
    if (!fix) continue;
    const edits = fix.edits.map((e) => ({
      start: lines.offsetAt(e.range.start),
      end: lines.offsetAt(e.range.end),
      newText: e.newText,
    }));
    if (edits.some((e) => condemned.some((c) => c.rule !== finding.rule && conflicts(c, e)))) continue;
    const fresh = edits.filter((e) => !taken.some((t) => sameEdit(t, e)));
    if (
      fresh.some((e) => taken.some((t) => conflicts(t, e)) || edits.some((o) => o !== e && conflicts(o, e)))
    )
      continue;
    taken.push(...fresh);
    fixes.push({ rule: finding.rule, title: fix.title });
  }
  return { edits: taken, fixes };
}

/** The mounts that a finding calls unused, emptied or invalid, with the rule that says so. */
function condemnedMounts(
  analysis: Analysis,
  lines: Analysis['model']['lines'],
): (OffsetEdit & { rule: string })[] {
  const mounts: (OffsetEdit & { rule: string })[] = [];
  for (const finding of analysis.findings) {
    if (!finding.mount || !findRuleMeta(finding.rule)?.verdict) continue;
    const start = lines.offsetAt(finding.mount.start);
    mounts.push({ start, end: lines.offsetAt(finding.mount.end), newText: '', rule: finding.rule });
  }
  return mounts;
}

function sameEdit(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Overlapping or touching: the order of the two results would be ambiguous. */
function conflicts(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/**
 * The edits applied so far, kept as regions of the original text and their replacements, so the result can
 * be handed to an editor as small edits however many rounds it took.
 */
class ChangeSet {
  current: string;
  /** Sorted, disjoint, not touching: original [start, end) replaced by `newText`. */
  private regions: OffsetEdit[] = [];

  constructor(private readonly original: string) {
    this.current = original;
  }

  /** Applies an edit given in the current text's offsets. */
  apply(edit: OffsetEdit): void {
    let delta = 0;
    let first = -1;
    let last = -1;
    let deltaBefore = 0;
    for (let i = 0; i < this.regions.length; i++) {
      const region = this.regions[i] as OffsetEdit;
      const currentStart = region.start + delta;
      const currentEnd = currentStart + region.newText.length;
      if (currentEnd < edit.start) {
        delta += region.newText.length - (region.end - region.start);
        continue;
      }
      if (currentStart > edit.end) break;
      if (first < 0) {
        first = i;
        deltaBefore = delta;
      }
      last = i;
      delta += region.newText.length - (region.end - region.start);
    }
    if (first < 0) deltaBefore = delta;

    let merged: OffsetEdit;
    if (first < 0) {
      merged = { start: edit.start - deltaBefore, end: edit.end - deltaBefore, newText: edit.newText };
      const at = this.regions.findIndex((r) => r.start > merged.start);
      this.regions.splice(at < 0 ? this.regions.length : at, 0, merged);
    } else {
      const firstRegion = this.regions[first] as OffsetEdit;
      const lastRegion = this.regions[last] as OffsetEdit;
      const firstCurrentStart = firstRegion.start + deltaBefore;
      const lastCurrentEnd =
        lastRegion.start +
        (delta - (lastRegion.newText.length - (lastRegion.end - lastRegion.start))) +
        lastRegion.newText.length;
      const spanStart = Math.min(edit.start, firstCurrentStart);
      const spanEnd = Math.max(edit.end, lastCurrentEnd);
      const newText =
        this.current.slice(spanStart, edit.start) + edit.newText + this.current.slice(edit.end, spanEnd);
      const originalStart = Math.min(firstRegion.start, edit.start - deltaBefore);
      const originalEnd = Math.max(lastRegion.end, edit.end - (lastCurrentEnd - lastRegion.end));
      merged = { start: originalStart, end: originalEnd, newText };
      this.regions.splice(first, last - first + 1, merged);
    }
    this.current = this.current.slice(0, edit.start) + edit.newText + this.current.slice(edit.end);
  }

  edits(): TextEdit[] {
    const lines = new LineIndex(this.original);
    return this.regions
      .filter((r) => r.newText !== this.original.slice(r.start, r.end))
      .map((r) => ({ range: lines.range(r.start, r.end), newText: r.newText }));
  }
}

/** Applies non-overlapping edits to a text (any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const offsets = edits
    .map((e) => ({
      start: lines.offsetAt(e.range.start),
      end: lines.offsetAt(e.range.end),
      newText: e.newText,
    }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of offsets) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}
