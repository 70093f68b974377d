import type { Position, Range } from '../types';

/** Converts between string offsets and LSP positions. Lines end at "\n"; a "\r" before it belongs to the line. */
export class LineIndex {
  private readonly lineStarts: number[];
  /** The line of the last position found (see `nearLine`). */
  private lastLine = 0;

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))] ?? 0;
  }

  /** End of the line's content, before any "\r\n" or "\n". */
  lineEnd(line: number): number {
    const next =
      line + 1 < this.lineStarts.length ? (this.lineStarts[line + 1] ?? this.text.length) : this.text.length;
    let end = next;
    if (end > this.lineStart(line) && this.text[end - 1] === '\n') end--;
    if (end > this.lineStart(line) && this.text[end - 1] === '\r') end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.nearLine(clamped);
    if (line !== -1) return { line, character: clamped - (this.lineStarts[line] ?? 0) };
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    return { line: low, character: clamped - (this.lineStarts[low] ?? 0) };
  }

  /**
   * The line asked for last, or the one after it, when it holds `offset`; otherwise -1. Rules read a file from
   * top to bottom, so most positions are found without a binary search over every line.
   */
  private nearLine(offset: number): number {
    const starts = this.lineStarts;
    for (let line = this.lastLine; line <= this.lastLine + 1 && line < starts.length; line++) {
      const next = line + 1 < starts.length ? (starts[line + 1] as number) : Number.POSITIVE_INFINITY;
      if ((starts[line] as number) <= offset && offset < next) {
        this.lastLine = line;
        return line;
      }
    }
    return -1;
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line] ?? 0;
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}
