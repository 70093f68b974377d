import type { Comment, Instruction, ParserDirective } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast/lib/dockerfile';
import type { ParsedDockerfile } from '../model/parseDockerfile';
import { parseWhole, readParse, withoutLoneCarriageReturns } from '../model/parseDockerfile';
import { splitIntoChunks } from './chunks';
import type { Chunk } from './chunks';

/**
 * The parses of one document's previous version, cut at stage boundaries, so that the next version parses only
 * the stages whose text or first line changed. The caller keeps one per open document; `parseByStage` gives
 * the same result as `parseDockerfile` (test/analysis/reuse.test.ts, and the fuzz tests after random edits).
 * Memory stays bounded: a chunk parsed alone holds only its own text (and a blank line per line before it),
 * and a whole parse, whose text all its chunks share, replaces every chunk.
 */
export class ParseReuse {
  /** Parsed chunks of the last version, by `chunkKey`. */
  chunks = new Map<string, ParsedChunk>();
  /** What the last parse did, for tests and the benchmark. */
  last: { reused: number; parsed: number; whole: boolean } = { reused: 0, parsed: 0, whole: true };
}

interface ParsedChunk {
  instructions: readonly Instruction[];
  comments: readonly Comment[];
  /** Only for the chunk at line 0: the parser directives and the escape character they set. */
  directives: readonly ParserDirective[];
  escapeChar: string;
  /**
   * Whether the chunk's last instruction certainly ends inside the chunk. One whose last line continues
   * (escape at the end) or that holds a heredoc could swallow the next chunk's first line in the whole file.
   */
  closed: boolean;
}

/**
 * `parseDockerfile` by stage: only the chunks (a stage each, cut before every line starting with `FROM`) that
 * are new since the last call are parsed, each on its own at its own lines; when a cut cannot be trusted, or
 * more than a few chunks are new, the whole text is parsed.
 */
export function parseByStage(input: string, reuse: ParseReuse): ParsedDockerfile {
  const text = withoutLoneCarriageReturns(input);
  const chunks = splitIntoChunks(text);
  const parsed = tryParseReusing(text, chunks, reuse);
  if (parsed) return parsed;
  const dockerfile = parseWhole(text);
  remember(reuse, text, chunks, dockerfile);
  return readParse(dockerfile);
}

/** Beyond this many changed chunks, one parse of the whole text is cheaper than one parse per chunk. */
const MAX_CHUNKS_PARSED_ALONE = 8;

/** A failure to reuse must cost time, never the findings: anything unexpected means a whole parse. */
function tryParseReusing(
  text: string,
  chunks: readonly Chunk[],
  reuse: ParseReuse,
): ParsedDockerfile | undefined {
  try {
    return parseReusing(text, chunks, reuse);
  } catch {
    return undefined;
  }
}

/** Undefined when a chunk's cut is not certain: the caller parses the whole text. */
function parseReusing(
  text: string,
  chunks: readonly Chunk[],
  reuse: ParseReuse,
): ParsedDockerfile | undefined {
  if (chunks.length < 2) return undefined;
  const previous = reuse.chunks;
  // The first chunk (line 0) holds the parser directives: the escape character every other chunk is read with.
  const kept = previous.get(chunkKey(text, chunks, 0, ''));
  const head = kept ?? parseChunk(text, chunks, 0, '');
  if (!head) return undefined;
  const escapeChar = head.escapeChar;
  const parsed = chunks.map((_, i) => (i === 0 ? head : previous.get(chunkKey(text, chunks, i, escapeChar))));
  const reused = parsed.filter(Boolean).length - (kept ? 0 : 1);

  // New chunks are parsed one by one, each holding only its own text (and blank lines before it); more than a
  // few mean an edit that moved every later line, which one whole parse does faster.
  const missing = parsed.flatMap((chunk, i) => (chunk ? [] : [i]));
  if (missing.length > MAX_CHUNKS_PARSED_ALONE) return undefined;
  for (const i of missing) {
    parsed[i] = parseChunk(text, chunks, i, escapeChar);
    if (!parsed[i]) return undefined;
  }

  const next = new Map<string, ParsedChunk>();
  const comments: Comment[] = [];
  const instructions: Instruction[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const chunk = parsed[i];
    if (!chunk || (!chunk.closed && i + 1 < chunks.length)) return undefined;
    comments.push(...chunk.comments);
    instructions.push(...chunk.instructions);
    next.set(chunkKey(text, chunks, i, escapeChar), chunk);
  }
  reuse.chunks = next;
  reuse.last = { reused, parsed: chunks.length - reused, whole: false };
  return { escapeChar, directives: head.directives, comments, instructions };
}

/**
 * Parses one chunk placed at its first line (blank lines before it, and the escape directive when the file
 * sets one), so every position dockerfile-ast reports is the document's. Undefined when the chunk does not
 * start with an instruction, as a stage cut must.
 */
function parseChunk(
  text: string,
  chunks: readonly Chunk[],
  index: number,
  escapeChar: string,
): ParsedChunk | undefined {
  const chunk = chunks[index] as Chunk;
  const dockerfile = parseWhole(padding(chunk.line, escapeChar) + text.slice(chunk.start, chunk.end));
  const escape = index === 0 ? dockerfile.getEscapeCharacter() : escapeChar;
  return splitParse(text, dockerfile, chunks, index, index, escape)?.get(index);
}

function padding(line: number, escapeChar: string): string {
  if (line === 0) return '';
  // A file that sets the escape directive has it on line 0, so its chunks after the first start at line 1 or later.
  return escapeChar === '`' ? '#escape=`' + '\n'.repeat(line) : '\n'.repeat(line);
}

/** Cuts one parse into chunks `from`..`to`; undefined when a cut falls inside an instruction. */
function splitParse(
  text: string,
  dockerfile: Dockerfile,
  chunks: readonly Chunk[],
  from: number,
  to: number,
  escapeChar: string,
): Map<number, ParsedChunk> | undefined {
  const instructions = dockerfile.getInstructions();
  const comments = dockerfile.getComments();
  const result = new Map<number, ParsedChunk>();
  let nextInstruction = 0;
  let nextComment = 0;
  for (let k = from; k <= to; k++) {
    const chunk = chunks[k] as Chunk;
    const nextLine = k < to ? (chunks[k + 1] as Chunk).line : Infinity;
    const own: Instruction[] = [];
    while (nextInstruction < instructions.length) {
      const instruction = instructions[nextInstruction] as Instruction;
      const range = instruction.getRange();
      if (range.start.line >= nextLine) break;
      if (range.end.line >= nextLine) return undefined;
      own.push(instruction);
      nextInstruction++;
    }
    if (k > 0 && own[0]?.getRange().start.line !== chunk.line) return undefined;
    const ownComments: Comment[] = [];
    while (
      nextComment < comments.length &&
      (comments[nextComment] as Comment).getRange().start.line < nextLine
    )
      ownComments.push(comments[nextComment++] as Comment);
    const last = own[own.length - 1];
    result.set(k, {
      instructions: own,
      comments: ownComments,
      directives: k === 0 ? dockerfile.getDirectives() : [],
      escapeChar,
      closed: isClosed(text, chunk, last, escapeChar),
    });
  }
  return result;
}

/** See `ParsedChunk.closed`: true only when the whole file's parse certainly ends the chunk where it ends. */
function isClosed(text: string, chunk: Chunk, last: Instruction | undefined, escapeChar: string): boolean {
  const body = text.slice(chunk.start, chunk.end);
  if (last && body.includes('<<')) {
    const lastStart = last.getRange().start.line - chunk.line;
    let offset = 0;
    for (let line = 0; line < lastStart; line++) offset = body.indexOf('\n', offset) + 1;
    if (body.includes('<<', offset)) return false;
  }
  // The last line that is neither blank nor a comment must not end in the escape character.
  const lines = body.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] as string).replace(/[ \t\r\f\v]+$/, '');
    if (line === '' || /^\s*#/.test(line)) continue;
    return !line.endsWith(escapeChar);
  }
  return true;
}

function remember(reuse: ParseReuse, text: string, chunks: readonly Chunk[], dockerfile: Dockerfile): void {
  reuse.chunks = new Map();
  reuse.last = { reused: 0, parsed: chunks.length, whole: true };
  if (chunks.length < 2) return;
  const escapeChar = dockerfile.getEscapeCharacter();
  const split = splitParse(text, dockerfile, chunks, 0, chunks.length - 1, escapeChar);
  if (!split) return;
  for (const [k, chunk] of split) reuse.chunks.set(chunkKey(text, chunks, k, escapeChar), chunk);
}

/** The first chunk sets the escape character rather than being read with it: its key leaves it out. */
function chunkKey(text: string, chunks: readonly Chunk[], index: number, escapeChar: string): string {
  const chunk = chunks[index] as Chunk;
  return `${index === 0 ? '' : escapeChar}${chunk.line}\n${text.slice(chunk.start, chunk.end)}`;
}
