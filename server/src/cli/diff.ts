/**
 * A unified diff of one file in git's `a/` and `b/` form, so `git apply` and `patch -p1` take it as is.
 *
 * Written here rather than with a general diff library: those find a shortest edit script in O(N·D) time and
 * memory, which for the thousands of scattered one-line changes of a large `--fix --dry-run` took minutes.
 * Fixes change a few lines here and there and never reorder them, so lines are matched greedily: equal lines
 * are kept, and after a difference the nearest pair of lines where both texts agree again (growing the search
 * window as needed) ends the change. Any such alignment is a correct diff; this one is linear for local
 * changes.
 */
export function unifiedDiff(file: string, before: string, after: string): string {
  const name = file.split('\\').join('/');
  const a = splitLines(before);
  const b = splitLines(after);
  const changes = lineChanges(keys(a), keys(b));
  if (changes.length === 0) return '';
  const out: string[] = [`--- a/${name}`, `+++ b/${name}`];
  for (const hunk of hunks(changes, a.lines.length, b.lines.length)) {
    out.push(`@@ -${range(hunk.aStart, hunk.aEnd)} +${range(hunk.bStart, hunk.bEnd)} @@`);
    let i = hunk.aStart;
    let j = hunk.bStart;
    for (const change of hunk.changes) {
      for (; i < change.aStart; i++, j++) pushLine(out, ' ', a, i);
      for (; i < change.aEnd; i++) pushLine(out, '-', a, i);
      for (; j < change.bEnd; j++) pushLine(out, '+', b, j);
    }
    for (; i < hunk.aEnd; i++, j++) pushLine(out, ' ', a, i);
  }
  return `${out.join('\n')}\n`;
}

interface Lines {
  lines: string[];
  /** Whether the last line ends without a newline. */
  noFinalNewline: boolean;
}

function splitLines(text: string): Lines {
  if (text === '') return { lines: [], noFinalNewline: false };
  const lines = text.split('\n');
  const noFinalNewline = lines[lines.length - 1] !== '';
  if (!noFinalNewline) lines.pop();
  return { lines, noFinalNewline };
}

/** Lines as compared: a last line without a newline differs from the same text with one, as for `diff`. */
function keys(side: Lines): string[] {
  if (!side.noFinalNewline) return side.lines;
  const out = [...side.lines];
  out[out.length - 1] = `${out[out.length - 1] ?? ''}\n(no newline)`;
  return out;
}

function pushLine(out: string[], mark: string, side: Lines, index: number): void {
  out.push(mark + (side.lines[index] ?? ''));
  if (side.noFinalNewline && index === side.lines.length - 1) out.push('\\ No newline at end of file');
}

/** Lines a[aStart, aEnd) replaced by b[bStart, bEnd). */
interface Change {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

function lineChanges(a: readonly string[], b: readonly string[]): Change[] {
  const changes: Change[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    const [ni, nj] = resync(a, b, i, j);
    changes.push({ aStart: i, aEnd: ni, bStart: j, bEnd: nj });
    i = ni;
    j = nj;
  }
  return changes;
}

/**
 * The first place after a difference at (i, j) where both texts agree again: the pair (i + x, j + y) with
 * a[i + x] === b[j + y] and x + y smallest, looked for in windows of growing size; the ends of both texts when
 * they never agree again.
 */
function resync(a: readonly string[], b: readonly string[], i: number, j: number): [number, number] {
  for (let window = 8; ; window *= 4) {
    const maxX = Math.min(window, a.length - i);
    const maxY = Math.min(window, b.length - j);
    // The later lines of each side within the window, by content, nearest first.
    const firstInB = new Map<string, number>();
    for (let y = maxY - 1; y >= 0; y--) firstInB.set(b[j + y] as string, y);
    let best: [number, number] | undefined;
    for (let x = 0; x < maxX; x++) {
      const y = firstInB.get(a[i + x] as string);
      if (y === undefined) continue;
      if (!best || x + y < best[0] + best[1]) best = [x, y];
      if (x >= best[0] + best[1]) break;
    }
    if (best) return [i + best[0], j + best[1]];
    if (maxX === a.length - i && maxY === b.length - j) return [a.length, b.length];
  }
}

interface Hunk extends Change {
  changes: Change[];
}

const CONTEXT = 3;

/** Changes grouped into hunks with three lines of context, as `diff -u` does. */
function hunks(changes: readonly Change[], aLength: number, bLength: number): Hunk[] {
  const out: Hunk[] = [];
  let previous: Change | undefined;
  for (const change of changes) {
    const last = out[out.length - 1];
    const gap = previous ? change.aStart - previous.aEnd : Infinity;
    previous = change;
    if (last && gap <= 2 * CONTEXT) {
      last.changes.push(change);
      const tail = Math.min(CONTEXT, aLength - change.aEnd, bLength - change.bEnd);
      last.aEnd = change.aEnd + tail;
      last.bEnd = change.bEnd + tail;
      continue;
    }
    const head = Math.min(CONTEXT, change.aStart, change.bStart);
    const tail = Math.min(CONTEXT, aLength - change.aEnd, bLength - change.bEnd);
    out.push({
      aStart: change.aStart - head,
      bStart: change.bStart - head,
      aEnd: change.aEnd + tail,
      bEnd: change.bEnd + tail,
      changes: [change],
    });
  }
  return out;
}

/** A hunk header's range: 1-based start and length; an empty range names the line before it. */
function range(start: number, end: number): string {
  const length = end - start;
  if (length === 0) return `${start},0`;
  return length === 1 ? `${start + 1}` : `${start + 1},${length}`;
}
