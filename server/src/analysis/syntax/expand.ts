/**
 * BuildKit's word expansion (frontend/dockerfile/shell/lex.go: processStopOn, processDollar) re-implemented
 * over plain strings, with one addition: a variable whose value cannot be known when linting (a build
 * argument without a default, a platform argument, something the base image may set) keeps its source text
 * in the result and marks the result incomplete, instead of pretending to know it.
 */

export type VariableStatus =
  /** Declared in scope with a value the linter knows. */
  | 'known'
  /** Declared in scope, value only known at build time (build argument, platform argument). */
  | 'unknown'
  /** Not declared in the Dockerfile, but the base image may set it in its ENV. */
  | 'maybe-image'
  /** Not in scope at all: BuildKit expands it to an empty string. */
  | 'undefined';

export interface VariableLookup {
  status: VariableStatus;
  value?: string;
}

export type Lookup = (name: string) => VariableLookup;

export interface VariableReference {
  name: string;
  /** Offsets of the whole reference (`$X` or `${X:-y}`) in the expanded input. */
  start: number;
  end: number;
  status: VariableStatus;
}

export interface Expansion {
  value: string;
  /** False when a part of the value depends on something only known at build time. */
  complete: boolean;
  references: readonly VariableReference[];
  error?: { message: string; start: number; end: number };
}

class ExpansionError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

interface Piece {
  text: string;
  known: boolean;
}

/** `${v/p/r}` is quadratic in the value; longer values are left as they are. */
const MAX_PATTERN_INPUT = 2048;

/** What makes expansion do anything: variables and quotes (the escape character is checked apart). */
const EXPANDS = /[$'"]/;
const DIGIT = /[0-9]/;
const NAME_CHAR = /[\p{L}\p{N}_]/u;
/** The references of a word without variables, shared: a model keeps an expansion per mount option. */
const NO_REFERENCES: readonly VariableReference[] = [];

export function expandWord(input: string, lookup: Lookup, escapeChar = '\\'): Expansion {
  // Most words (`type=cache`, `/var/cache/apt`) have nothing to expand, unquote or unescape: they are their
  // own value, and the character-by-character reading below would only copy them.
  if (!EXPANDS.test(input) && !input.includes(escapeChar))
    return { value: input, complete: true, references: NO_REFERENCES };
  return new Expander(input, lookup, escapeChar).expand();
}

/** One expansion's reading state; a class rather than closures, as the analysis expands many words. */
class Expander {
  private pos = 0;
  private readonly references: VariableReference[] = [];

  constructor(
    private readonly input: string,
    private readonly lookup: Lookup,
    private readonly escapeChar: string,
  ) {}

  expand(): Expansion {
    try {
      const result = this.stopOn(undefined, false);
      return { value: result.text, complete: result.known, references: this.references };
    } catch (error) {
      if (error instanceof ExpansionError) {
        return {
          value: this.input,
          complete: false,
          references: this.references,
          error: {
            message: error.message,
            start: Math.min(error.at, this.input.length),
            end: this.input.length,
          },
        };
      }
      throw error;
    }
  }

  private peek(): string | undefined {
    return this.pos < this.input.length ? this.input[this.pos] : undefined;
  }

  private stopOn(stop: string | undefined, rawEscapes: boolean): Piece {
    let text = '';
    let known = true;
    while (this.pos < this.input.length) {
      const ch = this.input.charAt(this.pos);
      if (stop !== undefined && ch === stop) {
        this.pos++;
        return { text, known };
      }
      if (ch === '$') {
        const piece = this.dollar();
        text += piece.text;
        known &&= piece.known;
      } else if (ch === "'") {
        text += this.singleQuote();
      } else if (ch === '"') {
        const piece = this.doubleQuote();
        text += piece.text;
        known &&= piece.known;
      } else {
        this.pos++;
        if (ch === this.escapeChar) {
          if (rawEscapes) text += ch;
          if (this.pos >= this.input.length) break;
          text += this.input.charAt(this.pos);
          this.pos++;
        } else {
          text += ch;
        }
      }
    }
    if (stop !== undefined) {
      throw new ExpansionError(`unexpected end of statement while looking for matching ${stop}`, this.pos);
    }
    return { text, known };
  }

  private singleQuote(): string {
    const open = this.pos;
    this.pos++;
    const close = this.input.indexOf("'", this.pos);
    if (close === -1)
      throw new ExpansionError('unexpected end of statement while looking for matching single-quote', open);
    const text = this.input.slice(this.pos, close);
    this.pos = close + 1;
    return text;
  }

  private doubleQuote(): Piece {
    const open = this.pos;
    this.pos++;
    let text = '';
    let known = true;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) {
        throw new ExpansionError('unexpected end of statement while looking for matching double-quote', open);
      }
      if (ch === '"') {
        this.pos++;
        return { text, known };
      }
      if (ch === '$') {
        const piece = this.dollar();
        text += piece.text;
        known &&= piece.known;
        continue;
      }
      this.pos++;
      if (ch === this.escapeChar) {
        const next = this.peek();
        if (next === undefined) continue;
        if (next === '"' || next === '$' || next === this.escapeChar) {
          text += next;
          this.pos++;
          continue;
        }
      }
      text += ch;
    }
  }

  private name(): string {
    const first = this.peek();
    if (first === undefined) return '';
    if (DIGIT.test(first)) {
      const start = this.pos;
      while (this.pos < this.input.length && DIGIT.test(this.input.charAt(this.pos))) this.pos++;
      return this.input.slice(start, this.pos);
    }
    if ('@*#?-$!0'.includes(first)) {
      this.pos++;
      return first;
    }
    const start = this.pos;
    while (this.pos < this.input.length && NAME_CHAR.test(this.input.charAt(this.pos))) this.pos++;
    return this.input.slice(start, this.pos);
  }

  private resolve(variable: string, start: number): VariableLookup {
    const lookup = this.lookup;
    const found = lookup(variable);
    this.references.push({ name: variable, start, end: start, status: found.status });
    return found;
  }

  private finish(start: number): void {
    for (const ref of this.references) {
      if (ref.start !== start) continue;
      ref.end = this.pos;
      return;
    }
  }

  private dollar(): Piece {
    const start = this.pos;
    this.pos++;
    if (this.peek() !== '{') {
      const variable = this.name();
      if (variable === '') return { text: '$', known: true };
      const found = this.resolve(variable, start);
      this.finish(start);
      return this.valueOf(found, start);
    }
    this.pos++;
    const first = this.peek();
    if (first === undefined) throw new ExpansionError("syntax error: missing '}'", start);
    if (first === '{' || first === '}' || first === ':')
      throw new ExpansionError('syntax error: bad substitution', start);
    const variable = this.name();
    const found = this.resolve(variable, start);
    const op = this.input.charAt(this.pos);
    this.pos++;
    if (op === '') throw new ExpansionError("syntax error: missing '}'", start);
    if (op === '}') {
      this.finish(start);
      return this.valueOf(found, start);
    }
    let modifier = op;
    let nullIsUnset = false;
    if (op === ':') {
      nullIsUnset = true;
      modifier = this.input.charAt(this.pos);
      this.pos++;
    }
    {
      if ('+-?#%'.includes(modifier) && modifier !== '') {
        const raw = modifier === '#' || modifier === '%';
        if (nullIsUnset && raw)
          throw new ExpansionError(`unsupported modifier (:${modifier}) in substitution`, start);
        const word = this.stopOnOrMissing('}', raw, start);
        this.finish(start);
        return this.applyModifier(variable, found, modifier, nullIsUnset, word, start);
      }
      if (modifier === '/' && !nullIsUnset) {
        const all = this.peek() === '/';
        if (all) this.pos++;
        const pattern = this.stopOnOrMissing('/', true, start, "syntax error: missing '/' in ${}");
        const replacement = this.stopOnOrMissing('}', true, start);
        this.finish(start);
        if (
          found.status === 'unknown' ||
          found.status === 'maybe-image' ||
          !pattern.known ||
          !replacement.known
        ) {
          return { text: this.input.slice(start, this.pos), known: false };
        }
        return { text: replacePattern(found.value ?? '', pattern.text, replacement.text, all), known: true };
      }
      throw new ExpansionError(
        `unsupported modifier (${op === ':' ? ':' + modifier : op}) in substitution`,
        start,
      );
    }
  }

  private stopOnOrMissing(
    stop: string,
    raw: boolean,
    start: number,
    missing = "syntax error: missing '}'",
  ): Piece {
    try {
      return this.stopOn(stop, raw);
    } catch (error) {
      if (error instanceof ExpansionError && this.pos >= this.input.length)
        throw new ExpansionError(missing, start);
      throw error;
    }
  }

  private valueOf(found: VariableLookup, start: number): Piece {
    if (found.status === 'known') return { text: found.value ?? '', known: true };
    if (found.status === 'undefined') return { text: '', known: true };
    return { text: this.input.slice(start, this.pos), known: false };
  }

  private applyModifier(
    variable: string,
    found: VariableLookup,
    modifier: string,
    nullIsUnset: boolean,
    word: Piece,
    start: number,
  ): Piece {
    if (found.status === 'unknown' || found.status === 'maybe-image') {
      return { text: this.input.slice(start, this.pos), known: false };
    }
    const set = found.status === 'known';
    const value = found.value ?? '';
    const absent = !set || (nullIsUnset && value === '');
    switch (modifier) {
      case '-':
        return absent ? word : { text: value, known: true };
      case '+':
        return absent ? { text: '', known: true } : word;
      case '?':
        if (!set)
          throw new ExpansionError(`${variable}: ${word.text || 'is not allowed to be unset'}`, start);
        if (nullIsUnset && value === '') {
          throw new ExpansionError(`${variable}: ${word.text || 'is not allowed to be empty'}`, start);
        }
        return { text: value, known: true };
      default: {
        if (!word.known) return { text: this.input.slice(start, this.pos), known: false };
        let pattern = word.text;
        const greedy = pattern.startsWith(modifier);
        if (greedy) pattern = pattern.slice(1);
        return { text: trimByPattern(value, pattern, modifier === '#', greedy), known: true };
      }
    }
  }
}

/** `${v#p}`, `${v##p}`, `${v%p}`, `${v%%p}`: remove the shortest or longest matching prefix or suffix. */
function trimByPattern(value: string, pattern: string, prefix: boolean, greedy: boolean): string {
  const chars = [...value];
  const tokens = tokenizeGlob(pattern);
  // A suffix of the value matches the pattern when the reversed suffix matches the reversed pattern.
  const ends = prefix
    ? matchEnds(tokens, chars, 0)
    : matchEnds([...tokens].reverse(), [...chars].reverse(), 0);
  if (ends.length === 0) return value;
  const len = greedy ? (ends[ends.length - 1] ?? 0) : (ends[0] ?? 0);
  return prefix ? chars.slice(len).join('') : chars.slice(0, chars.length - len).join('');
}

/** `${v/p/r}` and `${v//p/r}`: leftmost, longest matches, as BuildKit's regular expression finds them. */
function replacePattern(value: string, pattern: string, replacement: string, all: boolean): string {
  const chars = [...value];
  if (chars.length > MAX_PATTERN_INPUT || pattern === '') return value;
  const tokens = tokenizeGlob(pattern);
  let out = '';
  let i = 0;
  while (i <= chars.length) {
    const ends = matchEnds(tokens, chars, i);
    const end = ends[ends.length - 1];
    if (end === undefined) {
      out += chars[i] ?? '';
      i++;
      continue;
    }
    out += replacement;
    if (!all) return out + chars.slice(end).join('');
    if (end === i) {
      out += chars[i] ?? '';
      i++;
    } else {
      i = end;
    }
  }
  return out;
}

/** Whether a whole string matches a shell pattern (`*`, `?`, `\` escapes). */
export function globMatch(pattern: string, text: string): boolean {
  const chars = [...text];
  const ends = matchEnds(tokenizeGlob(pattern), chars, 0);
  return ends[ends.length - 1] === chars.length;
}

/**
 * Every end index j (ascending) such that chars[from..j) matches the pattern, in one pass that simulates
 * all pattern positions at once: time linear in the text for a given pattern, so nothing backtracks.
 */
function matchEnds(tokens: readonly GlobToken[], chars: readonly string[], from: number): number[] {
  const ends: number[] = [];
  const closure = (set: Set<number>): Set<number> => {
    for (const s of [...set]) {
      let t = s;
      while (tokens[t]?.kind === 'star') set.add(++t);
    }
    return set;
  };
  let states = closure(new Set([0]));
  if (states.has(tokens.length)) ends.push(from);
  for (let k = from; k < chars.length && states.size > 0; k++) {
    const ch = chars[k] ?? '';
    const next = new Set<number>();
    for (const s of states) {
      const token = tokens[s];
      if (!token) continue;
      if (token.kind === 'star') next.add(s);
      else if (token.kind === 'any' || (token.kind === 'char' && token.char === ch)) next.add(s + 1);
    }
    states = closure(next);
    if (states.has(tokens.length)) ends.push(k + 1);
  }
  return ends;
}

type GlobToken = { kind: 'star' } | { kind: 'any' } | { kind: 'char'; char: string };

/**
 * BuildKit's shell patterns (shell/lex.go convertShellPatternToRegex) know `*`, `?` and `\` escapes only:
 * "without the bracket expressions", so `[` and `]` match themselves.
 */
function tokenizeGlob(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? '';
    if (c === '*') tokens.push({ kind: 'star' });
    else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '\\' && i + 1 < chars.length) tokens.push({ kind: 'char', char: chars[++i] ?? '' });
    else tokens.push({ kind: 'char', char: c });
  }
  return tokens;
}

/** Whether an expansion is non-empty whatever its unknown variables hold: it has text outside the references. */
export function certainlyNonEmpty(expansion: Expansion): boolean {
  if (expansion.complete) return expansion.value !== '';
  let literal = expansion.value;
  for (const reference of [...expansion.references].sort((a, b) => b.start - a.start))
    literal = literal.slice(0, reference.start) + literal.slice(reference.end);
  return literal !== '';
}
