/**
 * A string built from the document by removing characters (quotes, escapes, line continuations) while
 * remembering, for every character, which document span it came from. Every range the analysis reports
 * inside a flag value is computed through this mapping, so it stays exact across continuation lines.
 */
/** Offsets of a text without characters: never written to (`moveBy` moves no element of it). */
const NO_OFFSETS: readonly number[] = [];

export class MappedText {
  constructor(
    readonly text: string,
    /** Document offset where each character's source starts (an escape's backslash included). */
    private readonly starts: readonly number[],
    /**
     * Document offset just past each character's source; undefined when every character is one document
     * character (`starts[i] + 1`), as in text read from the document as it is: half the memory per character.
     */
    private readonly ends: readonly number[] | undefined,
    /** Where an empty text sits in the document. */
    private anchor: number,
    /**
     * Index in `starts` and `ends` of this text's first character: a slice shares its source's arrays
     * instead of copying them (the analysis slices every flag, option and word).
     */
    private readonly offset = 0,
    /**
     * For text taken from the document as it is, in pieces (a RUN's physical lines), instead of `starts`
     * (then empty) and `ends` (then undefined): `[index, offset, index, offset, ..., length]`, each piece's
     * first character (an index into the offset arrays, as `offset` is) and its document offset, then the
     * length of the whole. An offset per piece rather than per character: a RUN's text kept a number per
     * character alive, more than any other part of its model.
     */
    private readonly pieces?: readonly number[],
  ) {}

  /** Text taken from the document as it is: character i comes from offset `start + i`. */
  static fromDocument(text: string, start: number): MappedText {
    return MappedText.fromPieces(text, [start, start + text.length], start);
  }

  /**
   * The document's characters in `spans` (`[from, to)` document offsets, in pairs), joined: `text` is their
   * concatenation, and each character maps to its own offset.
   */
  static fromPieces(text: string, spans: readonly number[], anchor: number): MappedText {
    // One piece (a RUN on one line, a word): an array of exactly its three numbers. An array grown by push
    // keeps room for 17, and the model keeps a RUN's pieces as long as the document is open.
    if (spans.length === 2 && (spans[1] as number) > (spans[0] as number))
      return new MappedText(text, NO_OFFSETS, undefined, anchor, 0, [
        0,
        spans[0] as number,
        (spans[1] as number) - (spans[0] as number),
      ]);
    const pieces: number[] = [];
    let index = 0;
    for (let i = 0; i + 1 < spans.length; i += 2) {
      const from = spans[i] as number;
      const to = spans[i + 1] as number;
      if (to <= from) continue;
      pieces.push(index, from);
      index += to - from;
    }
    pieces.push(index);
    return new MappedText(text, NO_OFFSETS, undefined, anchor, 0, pieces.slice());
  }

  static empty(at: number): MappedText {
    return new MappedText('', [], [], at);
  }

  get length(): number {
    return this.text.length;
  }

  /** Document span [start, end) of the characters [from, to). */
  span(from: number, to: number): [number, number] {
    return [this.spanStart(from, to), this.spanEnd(from, to)];
  }

  /** `span(from, to)[0]` without allocating the pair: hot loops read one character's source at a time. */
  spanStart(from: number, to: number): number {
    const length = this.text.length;
    if (length === 0) return this.anchor;
    const a = from < 0 ? 0 : from > length ? length : from;
    const b = to < a ? a : to > length ? length : to;
    if (a === b && a === length) return this.endAt(this.offset + a - 1);
    return this.startAt(this.offset + a) ?? this.anchor;
  }

  /** `span(from, to)[1]` without allocating the pair. */
  spanEnd(from: number, to: number): number {
    const length = this.text.length;
    if (length === 0) return this.anchor;
    const a = from < 0 ? 0 : from > length ? length : from;
    const b = to < a ? a : to > length ? length : to;
    const o = this.offset;
    if (a === b) return a < length ? (this.startAt(o + a) ?? this.anchor) : this.endAt(o + a - 1);
    return this.endAt(o + b - 1);
  }

  /** Document offset where the source of the character at index `k` of the offset arrays starts. */
  private startAt(k: number): number | undefined {
    const pieces = this.pieces;
    if (!pieces) return this.starts[k];
    if (k < 0 || k >= (pieces[pieces.length - 1] as number)) return undefined;
    // The last piece that starts at or before k: a binary search, though most texts have one piece per line.
    let low = 0;
    let high = (pieces.length - 1) / 2 - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((pieces[2 * mid] as number) <= k) low = mid;
      else high = mid - 1;
    }
    return (pieces[2 * low + 1] as number) + k - (pieces[2 * low] as number);
  }

  /** Document offset just past the source of the character at index `k` of the offset arrays. */
  private endAt(k: number): number {
    const ends = this.ends;
    if (ends) return ends[k] ?? this.anchor;
    const start = this.startAt(k);
    return start === undefined ? this.anchor : start + 1;
  }

  /** Joins texts that came from different places (each character keeps its own source). */
  static concat(parts: readonly MappedText[], anchor: number): MappedText {
    return new MappedText(
      parts.map((p) => p.text).join(''),
      parts.flatMap((p) =>
        Array.from({ length: p.text.length }, (_, i) => p.startAt(p.offset + i) as number),
      ),
      parts.every((p) => !p.ends)
        ? undefined
        : parts.flatMap((p) => Array.from({ length: p.text.length }, (_, i) => p.endAt(p.offset + i))),
      parts[0]?.anchor ?? anchor,
    );
  }

  slice(from: number, to: number = this.text.length): MappedText {
    const a = Math.max(0, Math.min(from, this.text.length));
    const b = Math.max(a, Math.min(to, this.text.length));
    return new MappedText(
      this.text.slice(a, b),
      this.starts,
      this.ends,
      this.spanStart(a, b),
      this.offset + a,
      this.pieces,
    );
  }

  /**
   * Characters [from, to) (within the text) as a new text with the given anchor: what a MappedTextBuilder
   * that took exactly these characters, one by one, would build.
   */
  run(from: number, to: number, anchor: number): MappedText {
    return new MappedText(
      this.text.slice(from, to),
      this.starts,
      this.ends,
      anchor,
      this.offset + from,
      this.pieces,
    );
  }

  indexOf(search: string, from = 0): number {
    return this.text.indexOf(search, from);
  }

  /**
   * Moves the text's document offsets by `delta`, in place: for a RUN that an edit above it moved and the
   * model took over (incremental/modelReuse.ts). Texts, and offset arrays shared between texts, are moved
   * once: `moved` holds those already moved.
   */
  moveBy(delta: number, moved: Set<object>): void {
    if (moved.has(this)) return;
    moved.add(this);
    this.anchor += delta;
    for (const offsets of [this.starts, this.ends]) {
      if (!offsets || moved.has(offsets)) continue;
      moved.add(offsets);
      const writable = offsets as number[];
      for (let i = 0; i < writable.length; i++) writable[i] = (writable[i] as number) + delta;
    }
    const pieces = this.pieces as number[] | undefined;
    if (pieces && !moved.has(pieces)) {
      moved.add(pieces);
      // Document offsets only: the indexes and the length stay.
      for (let i = 1; i < pieces.length; i += 2) pieces[i] = (pieces[i] as number) + delta;
    }
  }
}

/** Accumulates a MappedText one character at a time. */
export class MappedTextBuilder {
  private text = '';
  /** Created at the first character that is not part of a run: most words never need them. */
  private starts: number[] | undefined;
  private ends: number[] | undefined;
  /**
   * Characters taken from consecutive positions of one source, `[runFrom, runTo)` of `runSource`, not yet
   * appended. Most words are such a run: built, they share the source's offsets instead of copying them,
   * and a longer text gets the run as one slice rather than one concatenation per character.
   */
  private runSource: MappedText | undefined;
  private runFrom = 0;
  private runTo = 0;

  constructor(private readonly anchor: number) {}

  push(char: string, start: number, end: number): void {
    this.flush();
    this.text += char;
    this.append(start, end);
  }

  /** Appends character `i` of `source`, mapped to that character's own source. */
  take(source: MappedText, i: number): void {
    if (this.runSource === source && this.runTo === i && i < source.length) {
      this.runTo++;
      return;
    }
    this.flush();
    if (i >= 0 && i < source.length) {
      this.runSource = source;
      this.runFrom = i;
      this.runTo = i + 1;
      return;
    }
    this.text += source.text.charAt(i);
    this.append(source.spanStart(i, i + 1), source.spanEnd(i, i + 1));
  }

  /** Appends characters `[from, to)` of `source`: `take` of each in turn, in one step. */
  takeRange(source: MappedText, from: number, to: number): void {
    if (to <= from) return;
    if (this.runSource === source && this.runTo === from && to <= source.length) {
      this.runTo = to;
      return;
    }
    if (from >= 0 && to <= source.length) {
      this.flush();
      this.runSource = source;
      this.runFrom = from;
      this.runTo = to;
      return;
    }
    for (let i = from; i < to; i++) this.take(source, i);
  }

  get length(): number {
    return this.text.length + (this.runSource ? this.runTo - this.runFrom : 0);
  }

  build(): MappedText {
    const source = this.runSource;
    if (source && this.text.length === 0 && !this.starts)
      return source.run(this.runFrom, this.runTo, this.anchor);
    this.flush();
    return new MappedText(this.text, this.starts ?? NO_OFFSETS, this.ends ?? NO_OFFSETS, this.anchor);
  }

  private append(start: number, end: number): void {
    (this.starts ??= []).push(start);
    (this.ends ??= []).push(end);
  }

  private flush(): void {
    const source = this.runSource;
    if (!source) return;
    this.text += source.text.slice(this.runFrom, this.runTo);
    for (let k = this.runFrom; k < this.runTo; k++)
      this.append(source.spanStart(k, k + 1), source.spanEnd(k, k + 1));
    this.runSource = undefined;
  }
}
