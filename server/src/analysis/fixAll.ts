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
    changes.applyAll(chosen.edits);
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
  const taken = new Intervals<OffsetEdit>();
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
    if (edits.some((e) => condemned.some(e, (c) => c.rule !== finding.rule))) continue;
    const fresh = edits.filter((e) => !taken.some(e, (t) => sameEdit(t, e)));
    if (
      fresh.some(
        (e) => taken.some(e, (t) => !sameEdit(t, e)) || edits.some((o) => o !== e && conflicts(o, e)),
      )
    )
      continue;
    for (const edit of fresh) taken.add(edit);
    fixes.push({ rule: finding.rule, title: fix.title });
  }
  return { edits: taken.all(), fixes };
}

/**
 * Intervals kept sorted by start, so "does anything overlap or touch this?" is a binary search and a short
 * walk, not a scan of all of them: a file with 20,000 fixes asked that 20,000 times.
 */
class Intervals<T extends { start: number; end: number }> {
  private readonly items: T[] = [];
  /** The longest interval so far: how far before a point an interval that reaches it can start. */
  private longest = 0;

  add(item: T): void {
    // Fixes come in the findings' order, mostly by position: most adds append.
    const last = this.items[this.items.length - 1];
    if (!last || last.start <= item.start) this.items.push(item);
    else this.items.splice(this.upperBound(item.start), 0, item);
    this.longest = Math.max(this.longest, item.end - item.start);
  }

  /** Whether an interval that overlaps or touches `range` satisfies `test`. */
  some(range: { start: number; end: number }, test: (item: T) => boolean): boolean {
    // Every interval that can reach `range` starts in [range.start - longest, range.end].
    for (let i = this.upperBound(range.start - this.longest - 1); i < this.items.length; i++) {
      const item = this.items[i] as T;
      if (item.start > range.end) break;
      if (conflicts(item, range) && test(item)) return true;
    }
    return false;
  }

  all(): T[] {
    return [...this.items];
  }

  /** The first index whose start is greater than `value`. */
  private upperBound(value: number): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.items[mid] as T).start <= value) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** The mounts that a finding calls unused, emptied or invalid, with the rule that says so. */
function condemnedMounts(
  analysis: Analysis,
  lines: Analysis['model']['lines'],
): Intervals<OffsetEdit & { rule: string }> {
  const mounts = new Intervals<OffsetEdit & { rule: string }>();
  for (const finding of analysis.findings) {
    if (!finding.mount || !findRuleMeta(finding.rule)?.verdict) continue;
    const start = lines.offsetAt(finding.mount.start);
    mounts.add({ start, end: lines.offsetAt(finding.mount.end), newText: '', rule: finding.rule });
  }
  return mounts;
}

function sameEdit(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Overlapping or touching: the order of the two results would be ambiguous. */
function conflicts(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
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

  /**
   * Applies one round's edits, given in the current text's offsets (disjoint, not touching), in one pass:
   * the new text is joined once, and the regions and edits are merged as intervals of the current text, so a
   * round costs O((regions + edits) log edits), not a scan of the regions and a copy of the text per edit.
   */
  applyAll(edits: readonly OffsetEdit[]): void {
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    const before = this.current;
    const parts: string[] = [];
    let at = 0;
    for (const edit of sorted) {
      parts.push(before.slice(at, edit.start), edit.newText);
      at = edit.end;
    }
    parts.push(before.slice(at));
    this.current = parts.join('');

    // Regions and edits as intervals of the text before this round; those that overlap or touch become one
    // region, whose original span and replacement are read off the group.
    const merged: OffsetEdit[] = [];
    let r = 0;
    let e = 0;
    let delta = 0; // current offset minus original offset, after the regions passed so far
    const regions = this.regions;
    const diff = (region: OffsetEdit): number => region.newText.length - (region.end - region.start);
    while (r < regions.length || e < sorted.length) {
      const region = regions[r];
      const edit = sorted[e];
      const regionStart = region ? region.start + delta : Infinity;
      if (!edit || (region && regionStart + region.newText.length < edit.start)) {
        // A region no edit of this round reaches: kept as it is.
        merged.push(region as OffsetEdit);
        delta += diff(region as OffsetEdit);
        r++;
        continue;
      }
      // A group: starts at the earlier of the region and the edit, and grows while the next one touches it.
      const deltaBefore = delta;
      const groupStart = Math.min(regionStart, edit.start);
      let groupEnd = groupStart;
      const groupEdits: OffsetEdit[] = [];
      for (;;) {
        const nextRegion = regions[r];
        const nextEdit = sorted[e];
        const nextRegionStart = nextRegion ? nextRegion.start + delta : Infinity;
        if (nextRegion && nextRegionStart <= groupEnd && (!nextEdit || nextRegionStart <= nextEdit.start)) {
          groupEnd = Math.max(groupEnd, nextRegionStart + nextRegion.newText.length);
          delta += diff(nextRegion);
          r++;
        } else if (nextEdit && nextEdit.start <= groupEnd) {
          groupEnd = Math.max(groupEnd, nextEdit.end);
          groupEdits.push(nextEdit);
          e++;
        } else break;
      }
      let newText = '';
      let position = groupStart;
      for (const groupEdit of groupEdits) {
        newText += before.slice(position, groupEdit.start) + groupEdit.newText;
        position = groupEdit.end;
      }
      newText += before.slice(position, groupEnd);
      merged.push({ start: groupStart - deltaBefore, end: groupEnd - delta, newText });
    }
    this.regions = merged;
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
  // Joined once, front to back: one copy of the text, however many edits.
  offsets.reverse();
  const parts: string[] = [];
  let at = 0;
  for (const edit of offsets) {
    parts.push(text.slice(at, edit.start), edit.newText);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
