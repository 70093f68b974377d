import type { Node, Pair } from 'yaml';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Range } from '../analysis/types';

/** A YAML file read once, with what its readers need: plain values by key, and ranges. */
export class YamlFile {
  readonly root: Node | null;
  readonly errors: { range: Range; message: string }[];
  private readonly lines = new LineCounter();

  constructor(text: string) {
    // `yaml` keeps every node's offsets, so a build's range points at its key in the file as written.
    const document = parseDocument(text, { lineCounter: this.lines, uniqueKeys: false, prettyErrors: false });
    this.root = document.contents;
    this.errors = document.errors.map((error) => ({
      range: this.range(error.pos[0], error.pos[1]),
      message: error.message.split('\n')[0] ?? 'not valid YAML',
    }));
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  rangeOf(node: Node | null | undefined): Range {
    const r = node?.range;
    return r ? this.range(r[0], r[1]) : this.range(0, 0);
  }

  private position(offset: number): Range['start'] {
    const { line, col } = this.lines.linePos(offset);
    return { line: line - 1, character: col - 1 };
  }
}

/** A mapping's pairs with a plain-scalar key, in order; nothing for anything else. */
export function pairs(node: unknown): Pair<Node, Node | null>[] {
  if (!isMap(node)) return [];
  return node.items.filter((item): item is Pair<Node, Node | null> => isPair(item) && isScalar(item.key));
}

/** The value under `key` in a mapping (the last one when repeated, as YAML loaders keep). */
export function get(node: unknown, key: string): Node | null | undefined {
  let found: Node | null | undefined;
  for (const pair of pairs(node)) if (keyOf(pair) === key) found = pair.value;
  return found;
}

export function keyOf(pair: Pair<Node, Node | null>): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

/** A scalar as a string (numbers and booleans as YAML wrote them); undefined for anything else. */
export function text(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const { value } = node;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
    ? String(value)
    : undefined;
}

/** A sequence of scalars as strings; undefined when it is not one, or holds anything else. */
export function texts(node: unknown): string[] | undefined {
  if (!isSeq(node)) return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    const value = text(item);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}
