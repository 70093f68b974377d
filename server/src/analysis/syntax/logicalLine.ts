import { MappedText } from './mappedText';

export interface LogicalLine {
  /** The instruction as BuildKit sees it: continuations joined, comment lines inside them dropped. */
  text: MappedText;
  /** Document offset just past the last physical line that belongs to the instruction (before heredoc bodies). */
  end: number;
}

const isBlank = (s: string): boolean => /^[ \t\r\f\v]*$/.test(s);
const isCommentLine = (s: string): boolean => /^\s*#/.test(s);

/**
 * Joins an instruction's physical lines the way BuildKit's parser does (frontend/dockerfile/parser/parser.go:
 * Parse, trimContinuationCharacter, processLine): a line ending in the escape character, optionally followed by
 * spaces or tabs, continues on the next line unless that escape character is itself escaped; comment lines and
 * blank lines inside a continuation are skipped; whitespace at the start of continuation lines is kept.
 */
export function readLogicalLine(doc: string, start: number, escapeChar: string): LogicalLine {
  // The kept part of each physical line, as document offsets [from, to): the text is built once at the end,
  // and maps its characters to the document by piece (MappedText.fromPieces).
  const pieces: number[] = [];
  let lineStart = start;
  let first = true;
  let end = start;
  while (lineStart <= doc.length) {
    const newline = doc.indexOf('\n', lineStart);
    const physicalEnd = newline === -1 ? doc.length : newline;
    const next = newline === -1 ? doc.length + 1 : newline + 1;
    let contentEnd = physicalEnd;
    if (contentEnd > lineStart && doc[contentEnd - 1] === '\r') contentEnd--;
    const line = doc.slice(lineStart, contentEnd);

    if (!first && isCommentLine(line)) {
      lineStart = next;
      end = physicalEnd;
      continue;
    }
    if (!first && isBlank(line)) {
      lineStart = next;
      end = physicalEnd;
      if (next > doc.length) break;
      continue;
    }
    const continuation = continuationStart(line, escapeChar);
    const keepUntil = continuation === -1 ? line.length : continuation;
    if (keepUntil > 0) pieces.push(lineStart, lineStart + keepUntil);
    end = physicalEnd;
    first = false;
    if (continuation === -1 || next > doc.length) break;
    lineStart = next;
  }
  return { text: joinPieces(doc, pieces, start), end };
}

/** The document's characters in `pieces` ([from, to) pairs), each mapped to its own offset. */
function joinPieces(doc: string, pieces: readonly number[], anchor: number): MappedText {
  let text = '';
  for (let i = 0; i < pieces.length; i += 2) text += doc.slice(pieces[i], pieces[i + 1]);
  return MappedText.fromPieces(text, pieces, anchor);
}

/** Index of the continuation escape in a line, or -1 when the line ends the instruction. */
function continuationStart(line: string, escapeChar: string): number {
  let i = line.length;
  while (i > 0 && (line[i - 1] === ' ' || line[i - 1] === '\t')) i--;
  if (i === 0 || line[i - 1] !== escapeChar) return -1;
  // BuildKit's regular expression requires the character before the escape not to be another escape.
  if (i >= 2 && line[i - 2] === escapeChar) return -1;
  return i - 1;
}
