/**
 * A string built from the document by removing characters (quotes, escapes, line continuations) while
 * remembering, for every character, which document span it came from. Every range the analysis reports
 * inside a flag value is computed through this mapping, so it stays exact across continuation lines.
 */
export class MappedText {
  constructor(
    readonly text: string,
    /** Document offset where each character's source starts (an escape's backslash included). */
    private readonly starts: readonly number[],
    /** Document offset just past each character's source. */
    private readonly ends: readonly number[],
    /** Where an empty text sits in the document. */
    private readonly anchor: number,
  ) {}

  /** Text taken from the document as it is: character i comes from offset `start + i`. */
  static fromDocument(text: string, start: number): MappedText {
    const starts = Array.from({ length: text.length }, (_, i) => start + i);
    return new MappedText(
      text,
      starts,
      starts.map((s) => s + 1),
      start,
    );
  }

  static empty(at: number): MappedText {
    return new MappedText('', [], [], at);
  }

  get length(): number {
    return this.text.length;
  }

  /** Document span [start, end) of the characters [from, to). */
  span(from: number, to: number): [number, number] {
    if (this.text.length === 0) return [this.anchor, this.anchor];
    const a = Math.max(0, Math.min(from, this.text.length));
    const b = Math.max(a, Math.min(to, this.text.length));
    if (a === b) {
      const at = a < this.text.length ? (this.starts[a] ?? this.anchor) : (this.ends[a - 1] ?? this.anchor);
      return [at, at];
    }
    return [this.starts[a] ?? this.anchor, this.ends[b - 1] ?? this.anchor];
  }

  /** Joins texts that came from different places (each character keeps its own source). */
  static concat(parts: readonly MappedText[], anchor: number): MappedText {
    return new MappedText(
      parts.map((p) => p.text).join(''),
      parts.flatMap((p) => p.starts),
      parts.flatMap((p) => p.ends),
      parts[0]?.anchor ?? anchor,
    );
  }

  slice(from: number, to: number = this.text.length): MappedText {
    const a = Math.max(0, Math.min(from, this.text.length));
    const b = Math.max(a, Math.min(to, this.text.length));
    return new MappedText(
      this.text.slice(a, b),
      this.starts.slice(a, b),
      this.ends.slice(a, b),
      this.span(a, b)[0],
    );
  }

  indexOf(search: string, from = 0): number {
    return this.text.indexOf(search, from);
  }
}

/** Accumulates a MappedText one character at a time. */
export class MappedTextBuilder {
  private text = '';
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(private readonly anchor: number) {}

  push(char: string, start: number, end: number): void {
    this.text += char;
    this.starts.push(start);
    this.ends.push(end);
  }

  get length(): number {
    return this.text.length;
  }

  build(): MappedText {
    return new MappedText(this.text, this.starts, this.ends, this.anchor);
  }
}
