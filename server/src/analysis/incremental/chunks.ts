/** A piece of the document parsed on its own: from the start of a line to the start of the next chunk. */
export interface Chunk {
  start: number;
  end: number;
  /** The line `start` is on. */
  line: number;
}

/**
 * Cuts the text before every line whose first word is `FROM` (any case), the start of a build stage, so that
 * an edit re-parses one stage. A cut is only a guess (such a line may sit in a heredoc or a continuation);
 * `parseDockerfile` checks each against dockerfile-ast's parse before it trusts it.
 */
export function splitIntoChunks(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
    line++;
    const lineStart = newline + 1;
    if (!startsWithFrom(text, lineStart)) continue;
    chunks.push({ start, end: lineStart, line: startLine });
    start = lineStart;
    startLine = line;
  }
  chunks.push({ start, end: text.length, line: startLine });
  return chunks;
}

function startsWithFrom(text: string, lineStart: number): boolean {
  let i = lineStart;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text.slice(i, i + 4).toUpperCase() !== 'FROM') return false;
  const after = text[i + 4];
  return after === undefined || after === ' ' || after === '\t' || after === '\r' || after === '\n';
}
