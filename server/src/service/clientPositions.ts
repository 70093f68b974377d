import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../analysis/syntax/lineIndex';
import type { Position } from '../analysis/types';

const LONE_CARRIAGE_RETURN = /\r(?!\n)/;

/**
 * The analysis counts lines as BuildKit reads them, ending at "\n" only; LSP clients also end a line at a
 * lone "\r". For the rare document that has one, positions cross the protocol boundary through offsets, so
 * that a diagnostic or a fix lands on the characters it was computed for. Other documents need nothing:
 * `for` returns undefined.
 */
export class ClientPositions {
  private constructor(
    private readonly lines: LineIndex,
    private readonly document: TextDocument,
  ) {}

  static for(document: TextDocument): ClientPositions | undefined {
    const text = document.getText();
    return LONE_CARRIAGE_RETURN.test(text) ? new ClientPositions(new LineIndex(text), document) : undefined;
  }

  /** A copy of `value` with every position in it (ranges, edits, fixes in diagnostic data) in the client's lines. */
  toClient<T>(value: T): T {
    return mapPositions(value, (p) => this.document.positionAt(this.lines.offsetAt(p)));
  }

  fromClient(position: Position): Position {
    return this.lines.positionAt(this.document.offsetAt(position));
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
