/**
 * The indentation of a line, for text a fix inserts beside it: spaces and tabs only. `\s` would also copy a
 * stray byte order mark or other Unicode space at the start of the line into every inserted line.
 */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}
