// A reader for the part of HCL that Bake files use: blocks with labels, attributes, strings with `${NAME}`
// interpolation, numbers, booleans, null, lists and objects. Anything else (function calls, operators,
// conditionals, `for` expressions, heredocs, `%{}` directives) is read past as an unknown value: Bake's
// facts that depend on it become unknown, never wrong. Hand-written: npm's HCL parsers are compiled Go or
// WebAssembly of megabytes, the .vsix must stay under 1 MB, and this keeps every block's offsets.

export type HclValue =
  | { kind: 'string'; parts: TemplatePart[] }
  | { kind: 'number'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'list'; items: HclValue[] }
  | { kind: 'object'; entries: Map<string, HclValue> }
  | { kind: 'reference'; name: string }
  | { kind: 'unknown' };

/** A string as written: literal text, `${NAME}` references, and what cannot be known (`${upper(x)}`). */
export type TemplatePart = string | { reference: string } | { unknown: true };

export interface HclBlock {
  type: string;
  labels: string[];
  /** Offsets of the type keyword's start and the last label's end. */
  start: number;
  headerEnd: number;
  attributes: Map<string, HclValue>;
  blocks: HclBlock[];
}

export interface HclBody {
  attributes: Map<string, HclValue>;
  blocks: HclBlock[];
  /** Where the text stops making sense, with what was expected: read up to there. */
  problems: { offset: number; message: string }[];
}

const UNKNOWN: HclValue = { kind: 'unknown' };

/** Reads an HCL file's top-level body. Never throws. */
export function parseHcl(text: string): HclBody {
  const reader = new Reader(text);
  const body: HclBody = { attributes: new Map(), blocks: [], problems: reader.problems };
  try {
    reader.body(body, false);
  } catch (error) {
    // A bug must cost the facts, not the caller: what was read so far stands.
    reader.problems.push({
      offset: reader.at,
      message: error instanceof Error ? error.message : String(error),
    });
  }
  return body;
}

class Reader {
  at = 0;
  readonly problems: HclBody['problems'] = [];
  private depth = 0;

  constructor(private readonly text: string) {}

  body(into: Pick<HclBody, 'attributes' | 'blocks'>, nested: boolean): void {
    for (;;) {
      this.skipSpace(true);
      if (this.at >= this.text.length) {
        if (nested) this.problem('a block is not closed with "}"');
        return;
      }
      if (this.peek() === '}') {
        if (nested) {
          this.at++;
          return;
        }
        this.problem('unexpected "}"');
        this.at++;
        continue;
      }
      const start = this.at;
      const name = this.identifier();
      if (name === undefined) {
        this.problem('expected an attribute or a block');
        this.skipLine();
        continue;
      }
      this.skipSpace(false);
      if (this.peek() === '=' && this.text[this.at + 1] !== '=') {
        this.at++;
        const value = this.expression();
        into.attributes.set(name, value);
        this.endOfItem();
        continue;
      }
      const labels: string[] = [];
      let headerEnd = this.at;
      for (;;) {
        this.skipSpace(false);
        const c = this.peek();
        if (c === '"') {
          const label = this.string();
          labels.push(literal(label) ?? '');
          headerEnd = this.at;
        } else if (c !== undefined && /[A-Za-z_]/.test(c)) {
          labels.push(this.identifier() ?? '');
          headerEnd = this.at;
        } else break;
      }
      if (this.peek() !== '{') {
        this.problem(`expected "=" or "{" after ${name}`);
        this.skipLine();
        continue;
      }
      this.at++;
      const block: HclBlock = { type: name, labels, start, headerEnd, attributes: new Map(), blocks: [] };
      if (++this.depth > 64) {
        this.problem('blocks nested too deep');
        this.depth--;
        return;
      }
      this.body(block, true);
      this.depth--;
      into.blocks.push(block);
    }
  }

  /** After an attribute: the rest of its line must be empty (or a comment). */
  private endOfItem(): void {
    this.skipSpace(false);
    const c = this.peek();
    if (c === undefined || c === '\n' || c === '}') return;
    this.problem('unexpected text after a value');
    this.skipLine();
  }

  expression(): HclValue {
    const value = this.primary();
    this.skipSpace(false);
    const c = this.peek();
    // An operator, a conditional or an index after the value: what it computes is not read.
    if (c !== undefined && /[-+*/%<>=!&|?.[]/.test(c)) {
      this.skipExpression();
      return UNKNOWN;
    }
    return value;
  }

  private primary(): HclValue {
    this.skipSpace(true);
    const c = this.peek();
    if (c === undefined) return UNKNOWN;
    if (c === '"') return this.string();
    if (c === '[') return this.list();
    if (c === '{') return this.object();
    if (c === '(') {
      this.skipBalanced();
      return UNKNOWN;
    }
    if (c === '<' && this.text.startsWith('<<', this.at)) {
      this.skipHeredoc();
      return UNKNOWN;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(this.text[this.at + 1] ?? ''))) {
      const match = /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(this.at, this.at + 64));
      const number = match?.[0] ?? c;
      this.at += number.length;
      return { kind: 'number', text: number };
    }
    const name = this.identifier();
    if (name === undefined) {
      this.skipExpression();
      return UNKNOWN;
    }
    if (name === 'true' || name === 'false') return { kind: 'bool', value: name === 'true' };
    if (name === 'null') return { kind: 'null' };
    this.skipSpace(false);
    if (this.peek() === '(') {
      this.skipBalanced(); // a function call
      return UNKNOWN;
    }
    if (this.peek() === '.' || this.peek() === '[') {
      this.skipExpression(); // target.x.context, a splat, an index
      return UNKNOWN;
    }
    return { kind: 'reference', name };
  }

  private list(): HclValue {
    this.at++; // [
    const items: HclValue[] = [];
    let unknown = false;
    for (;;) {
      this.skipSpace(true);
      const c = this.peek();
      if (c === undefined) {
        this.problem('a list is not closed with "]"');
        return UNKNOWN;
      }
      if (c === ']') {
        this.at++;
        return unknown ? UNKNOWN : { kind: 'list', items };
      }
      if (c === ',') {
        this.at++;
        continue;
      }
      if (this.text.startsWith('for ', this.at) || this.text.startsWith('for\t', this.at)) {
        unknown = true;
        this.skipUntilClose(']');
        continue;
      }
      const before = this.at;
      items.push(this.expression());
      if (this.at === before) this.at++; // never loop in place on text that makes no sense
    }
  }

  private object(): HclValue {
    this.at++; // {
    const entries = new Map<string, HclValue>();
    let unknown = false;
    for (;;) {
      this.skipSpace(true);
      const c = this.peek();
      if (c === undefined) {
        this.problem('an object is not closed with "}"');
        return UNKNOWN;
      }
      if (c === '}') {
        this.at++;
        return unknown ? UNKNOWN : { kind: 'object', entries };
      }
      if (c === ',') {
        this.at++;
        continue;
      }
      let key: string | undefined;
      if (c === '"') key = literal(this.string());
      else if (c === '(') {
        this.skipBalanced();
        key = undefined;
      } else key = this.identifier();
      if (key === 'for' && !entries.size) unknown = true;
      this.skipSpace(false);
      const separator = this.peek();
      if (separator !== '=' && separator !== ':') {
        this.problem('expected "=" or ":" in an object');
        this.skipUntilClose('}');
        return UNKNOWN;
      }
      this.at++;
      const before = this.at;
      const value = this.expression();
      if (this.at === before) this.at++;
      if (key === undefined) unknown = true;
      else entries.set(key, value);
    }
  }

  private string(): HclValue {
    this.at++; // "
    const parts: TemplatePart[] = [];
    let text = '';
    while (this.at < this.text.length) {
      const c = this.text[this.at] as string;
      if (c === '"') {
        this.at++;
        if (text) parts.push(text);
        return { kind: 'string', parts };
      }
      if (c === '\n') break;
      if (c === '\\') {
        const next = this.text[this.at + 1] ?? '';
        const escaped: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (next === 'u' || next === 'U') {
          const length = next === 'u' ? 4 : 8;
          const hex = this.text.slice(this.at + 2, this.at + 2 + length);
          const code = /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
          text += Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
          this.at += 2 + length;
        } else {
          text += escaped[next] ?? next;
          this.at += 2;
        }
        continue;
      }
      if ((c === '$' || c === '%') && this.text[this.at + 1] === '{') {
        if (this.text[this.at - 1] === c && text.endsWith(c)) {
          // `$${` and `%%{` are the literal `${` and `%{`.
          text = `${text.slice(0, -1)}${c}{`;
          this.at += 2;
          continue;
        }
        if (text) parts.push(text);
        text = '';
        const inner = this.interpolation();
        parts.push(c === '%' ? { unknown: true } : inner);
        continue;
      }
      text += c;
      this.at++;
    }
    this.problem('a string is not closed with "');
    if (text) parts.push(text);
    return { kind: 'string', parts };
  }

  /** `${...}` from its `$`: a plain name is a reference, anything else unknown. */
  private interpolation(): TemplatePart {
    this.at += 2;
    const start = this.at;
    let depth = 1;
    while (this.at < this.text.length && depth > 0) {
      const c = this.text[this.at];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '\n') break;
      this.at++;
    }
    const inner = this.text.slice(start, depth === 0 ? this.at - 1 : this.at).trim();
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(inner) ? { reference: inner } : { unknown: true };
  }

  private identifier(): string | undefined {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.at, this.at + 256));
    if (!match) return undefined;
    this.at += match[0].length;
    return match[0];
  }

  private peek(): string | undefined {
    return this.text[this.at];
  }

  /** Spaces, comments and, when `newlines`, line ends. */
  private skipSpace(newlines: boolean): void {
    while (this.at < this.text.length) {
      const c = this.text[this.at];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.at++;
      else if (c === '#' || (c === '/' && this.text[this.at + 1] === '/')) {
        const end = this.text.indexOf('\n', this.at);
        this.at = end === -1 ? this.text.length : end;
      } else if (c === '/' && this.text[this.at + 1] === '*') {
        const end = this.text.indexOf('*/', this.at + 2);
        this.at = end === -1 ? this.text.length : end + 2;
      } else return;
    }
  }

  private skipLine(): void {
    const end = this.text.indexOf('\n', this.at);
    this.at = end === -1 ? this.text.length : end + 1;
  }

  /** Past the rest of an expression: to a line end, "," or a closing bracket outside brackets and strings. */
  private skipExpression(): void {
    while (this.at < this.text.length) {
      const c = this.text[this.at] as string;
      if (c === '\n' || c === ',' || c === ']' || c === '}' || c === ')') return;
      if (c === '"') this.string();
      else if (c === '(' || c === '[' || c === '{') this.skipBalanced();
      else this.at++;
    }
  }

  private skipBalanced(): void {
    const open = this.text[this.at] as string;
    const close = open === '(' ? ')' : open === '[' ? ']' : '}';
    this.at++;
    this.skipUntilClose(close);
  }

  /** Past the bracket that closes the current one, strings and nested brackets included. */
  private skipUntilClose(close: string): void {
    while (this.at < this.text.length) {
      const c = this.text[this.at] as string;
      if (c === close) {
        this.at++;
        return;
      }
      if (c === '"') this.string();
      else if (c === '(' || c === '[' || c === '{') this.skipBalanced();
      else if (c === '#' || (c === '/' && (this.text[this.at + 1] === '/' || this.text[this.at + 1] === '*')))
        this.skipSpace(true);
      else this.at++;
    }
  }

  private skipHeredoc(): void {
    const match = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(this.text.slice(this.at, this.at + 300));
    if (!match) {
      this.at += 2;
      return;
    }
    const marker = match[1] as string;
    this.at += match[0].length;
    const end = new RegExp(`^[ \\t]*${marker}[ \\t]*$`, 'm');
    const rest = end.exec(this.text.slice(this.at));
    this.at = rest ? this.at + rest.index + rest[0].length : this.text.length;
  }

  private problem(message: string): void {
    if (this.problems.length < 20) this.problems.push({ offset: this.at, message });
  }
}

/** A string value without interpolation; undefined otherwise. */
export function literal(value: HclValue): string | undefined {
  if (value.kind !== 'string') return undefined;
  let out = '';
  for (const part of value.parts) {
    if (typeof part !== 'string') return undefined;
    out += part;
  }
  return out;
}
