import { MappedText } from '../syntax/mappedText';

export type CsvResult =
  | { ok: true; fields: MappedText[]; starts: number[] }
  | { ok: false; message: string; at: number; length: number };

/**
 * Splits a mount value as one CSV record, like tonistiigi/go-csvvalue's Fields, which BuildKit's parseMount
 * uses (frontend/dockerfile/instructions/commands_runmount.go). A field is quoted only when it starts with `"`;
 * `""` inside it is a literal quote; a quote anywhere else in an unquoted field is an error.
 */
export function splitCsv(value: MappedText): CsvResult {
  const text = value.text;
  if (text.length === 0) return { ok: false, message: 'the value is empty', at: 0, length: 0 };
  const fields: MappedText[] = [];
  /** Where each field begins in the value (its opening quote, for a quoted field). */
  const starts: number[] = [];
  let pos = 0;
  for (;;) {
    starts.push(pos);
    if (text[pos] !== '"') {
      const comma = text.indexOf(',', pos);
      const end = comma === -1 ? text.length : comma;
      const quote = text.indexOf('"', pos);
      if (quote !== -1 && quote < end) {
        return { ok: false, message: 'a bare quote in an unquoted field', at: quote, length: 1 };
      }
      fields.push(value.slice(pos, end));
      if (comma === -1) return { ok: true, fields, starts };
      pos = comma + 1;
      continue;
    }
    // A quoted field: the mapped pieces between quotes are concatenated, `""` yields one quote.
    const open = pos;
    pos++;
    const pieces: Array<[number, number]> = [];
    for (;;) {
      const close = text.indexOf('"', pos);
      if (close === -1) return { ok: false, message: 'a quoted field is not closed', at: open, length: 1 };
      pieces.push([pos, close]);
      pos = close + 1;
      if (text[pos] === '"') {
        pieces.push([pos, pos + 1]);
        pos++;
        continue;
      }
      if (pos >= text.length) {
        fields.push(joinPieces(value, pieces));
        return { ok: true, fields, starts };
      }
      if (text[pos] === ',') {
        fields.push(joinPieces(value, pieces));
        pos++;
        break;
      }
      return { ok: false, message: 'extra text after a closing quote', at: close, length: 1 };
    }
  }
}

function joinPieces(value: MappedText, pieces: Array<[number, number]>): MappedText {
  const [anchor] = value.span(pieces[0]?.[0] ?? 0, pieces[0]?.[0] ?? 0);
  return MappedText.concat(
    pieces.map(([a, b]) => value.slice(a, b)),
    anchor,
  );
}
