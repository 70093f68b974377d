import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../analysis/syntax/lineIndex';
import type { Position } from '../analysis/types';

const LONE_CARRIAGE_RETURN = /\r(?!\n)/;
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Positions between the analysis and the client, for the rare documents where they differ. The analysis
 * counts lines as BuildKit reads them, ending at "\n" only, in the text after a byte order mark; LSP clients
 * also end a line at a lone "\r", and a client that keeps a byte order mark in the document counts it as a
 * character of line 0. Such documents cross the protocol boundary through offsets, so that a diagnostic or a
 * fix lands on the characters it was computed for. Other documents need nothing: `for` returns undefined.
 */
export class ClientPositions {
  private constructor(
    private readonly lines: LineIndex,
    /** Characters the client has before the analysed text: a byte order mark. */
    private readonly shift: number,
    private readonly document: TextDocument,
  ) {}

  static for(document: TextDocument): ClientPositions | undefined {
    const text = document.getText();
    const shift = text.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK.length : 0;
    if (shift === 0 && !LONE_CARRIAGE_RETURN.test(text)) return undefined;
    return new ClientPositions(new LineIndex(text.slice(shift)), shift, document);
  }

  /** A copy of `value` with every position in it (ranges, edits, fixes in diagnostic data) in the client's lines. */
  toClient<T>(value: T): T {
    return mapPositions(value, (p) => this.document.positionAt(this.lines.offsetAt(p) + this.shift));
  }

  fromClient(position: Position): Position {
    return this.lines.positionAt(Math.max(0, this.document.offsetAt(position) - this.shift));
  }
}

function isPosition(value: object): value is Position {
  const keys = Object.keys(value);
  return (
    keys.length === 2 &&
    typeof (value as Position).line === 'number' &&
    typeof (value as Position).character === 'number'
  );
}

function mapPositions<T>(value: T, map: (position: Position) => Position): T {
  if (Array.isArray(value)) return value.map((item: unknown) => mapPositions(item, map)) as T;
  if (value === null || typeof value !== 'object') return value;
  if (isPosition(value)) return map(value) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = mapPositions(item, map);
  return copy as T;
}
