import { DockerfileParser } from 'dockerfile-ast';
import type { Comment, Heredoc, Instruction, ParserDirective } from 'dockerfile-ast';
import { Dockerfile } from 'dockerfile-ast/lib/dockerfile';
import { ModifiableInstruction } from 'dockerfile-ast/lib/modifiableInstruction';
import { Parser } from 'dockerfile-ast/lib/parser';

/** What the model reads from dockerfile-ast's parse, with every position in the document's coordinates. */
export interface ParsedDockerfile {
  escapeChar: string;
  directives: readonly ParserDirective[];
  comments: readonly Comment[];
  instructions: readonly Instruction[];
}

/**
 * Parses the whole document with dockerfile-ast (lone carriage returns made spaces first, see
 * `withoutLoneCarriageReturns`). The editor parses by stage instead (incremental/parseReuse.ts), with the
 * same result.
 */
export function parseDockerfile(input: string): ParsedDockerfile {
  return readParse(parseWhole(withoutLoneCarriageReturns(input)));
}

/** What the model reads of a parse. */
export function readParse(dockerfile: Dockerfile): ParsedDockerfile {
  return {
    escapeChar: dockerfile.getEscapeCharacter(),
    directives: dockerfile.getDirectives(),
    comments: dockerfile.getComments(),
    instructions: dockerfile.getInstructions(),
  };
}

/**
 * `DockerfileParser.parse` without three steps whose results the model never reads:
 *
 * - dockerfile-ast 0.7 ends a parse by handing every comment to each build stage whose range holds it
 *   (`Dockerfile.organizeComments`), a loop over comments × stages that takes minutes on a 10 MB file of
 *   40,000 stages. The model reads comments from the file's own list, never per stage.
 * - Its RUN is a `JSONInstruction`, whose constructor reads the arguments three more times to find an exec
 *   form's JSON strings: half of the parse of a file of RUNs. The model reads a RUN's flags and command from
 *   the text itself (`splitInstruction`), so a RUN is made a `ShellFormRun`, which is dockerfile-ast's RUN
 *   without that constructor (same flags rule, same heredocs).
 * - It looks for heredocs in every RUN, COPY and ADD by reading all its arguments (`processHeredocs`); one
 *   whose text has no `<` has none, and is skipped.
 *
 * A subclass of its `Parser` (`SkippingParser`) leaves the three steps out, so dockerfile-ast's own classes
 * are never changed: swapping their methods for each parse cost every call, ours and any other user's of
 * the library, the inline caches and optimized code that had learnt them. test/reliability/parse.test.ts
 * checks that the internals are still there, and that every instruction reads the same as in dockerfile-ast's
 * own parse.
 */
export function parseWhole(text: string): Dockerfile {
  return SkippingParser ? new SkippingParser().parse(text) : (DockerfileParser.parse(text) as Dockerfile);
}

/** The members of dockerfile-ast's `Parser` (private in its types) that `SkippingParser` reads or replaces. */
interface ParserInternals {
  document: ConstructorParameters<typeof ShellFormRun>[0];
  escapeChar: string;
  parse(buffer: string): Dockerfile;
  processHeredocs(instruction: Instruction, offset: number): number;
  processComment(dockerfile: Dockerfile, start: number): number;
  createInstruction(
    dockerfile: Dockerfile,
    keyword: string,
    start: number,
    instructionEnd: number,
    end: number,
  ): Instruction;
}

/** Undefined when an upgrade of dockerfile-ast moved the internals it replaces: then its own parse runs. */
const SkippingParser = hasParserInternals() ? skippingParser() : undefined;

function hasParserInternals(): boolean {
  const parser = Parser.prototype as unknown as Partial<ParserInternals>;
  return (
    typeof Dockerfile.prototype.organizeComments === 'function' &&
    typeof parser.processHeredocs === 'function' &&
    typeof parser.processComment === 'function' &&
    typeof parser.createInstruction === 'function'
  );
}

function skippingParser(): new () => ParserInternals {
  const Base = Parser as unknown as new () => ParserInternals;
  return class extends Base {
    override processHeredocs(instruction: Instruction, offset: number): number {
      return instruction.getTextContent().includes('<') ? super.processHeredocs(instruction, offset) : offset;
    }

    /**
     * Only a file with comments has comments to hand to stages: the parse's own Dockerfile (no other) gets a
     * `organizeComments` that does nothing, the same value for every instance, so they all share one shape.
     */
    override processComment(dockerfile: Dockerfile, start: number): number {
      dockerfile.organizeComments = skipOrganizingComments;
      return super.processComment(dockerfile, start);
    }

    private positions: ForwardPositions | undefined;
    /** The last RUN made, and the offsets it was made for. */
    private lastRun: Instruction | undefined;
    private lastRunAt = { start: -1, instructionEnd: -1, end: -1 };

    override createInstruction(
      dockerfile: Dockerfile,
      keyword: string,
      start: number,
      instructionEnd: number,
      end: number,
    ): Instruction {
      if (keyword.toUpperCase() !== 'RUN')
        return super.createInstruction(dockerfile, keyword, start, instructionEnd, end);
      // dockerfile-ast makes each instruction twice with the same offsets (once to look for heredocs, once to
      // add to the file) unless heredocs follow: a RUN is made once, and the same one added.
      const at = this.lastRunAt;
      if (this.lastRun && at.start === start && at.instructionEnd === instructionEnd && at.end === end)
        return this.lastRun;
      // As dockerfile-ast's `createInstruction` places an instruction, with its RUN swapped.
      const text = this.document.getText();
      if (this.positions?.text !== text) this.positions = new ForwardPositions(text);
      const startPosition = this.positions.positionAt(start);
      const instructionRange = { start: startPosition, end: this.positions.positionAt(instructionEnd) };
      const lineRange = { start: startPosition, end: this.positions.positionAt(end) };
      this.lastRun = new ShellFormRun(
        this.document,
        lineRange,
        dockerfile,
        this.escapeChar,
        keyword,
        instructionRange,
      );
      at.start = start;
      at.instructionEnd = instructionEnd;
      at.end = end;
      return this.lastRun;
    }
  };
}

function skipOrganizingComments(): void {}

/**
 * The positions dockerfile-ast's `TextDocument.positionAt` gives (lines end at "\r\n", "\r" or "\n"; an offset
 * inside a line break is moved before it), found by a cursor that moves forward through the lines, as a parse
 * asks for positions: a binary search over every line start per position cost a file of 100,000 RUNs a
 * twentieth of its analysis. The parse sometimes asks again for a RUN it placed already (one with mounts):
 * an offset behind the cursor is found by a binary search over the lines passed.
 */
class ForwardPositions {
  /** The starts of the lines passed, the cursor's, and the next one (past the end after the last line). */
  private readonly starts: number[] = [0];
  private line = 0;

  constructor(readonly text: string) {
    this.starts.push(this.lineAfter(0));
  }

  positionAt(offset: number): { line: number; character: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.starts;
    if (at < (starts[this.line] as number)) this.line = lastAtOrBefore(starts, this.line, at);
    while ((starts[this.line + 1] as number) <= at) {
      this.line++;
      if (this.line + 1 === starts.length) starts.push(this.lineAfter(starts[this.line] as number));
    }
    const lineStart = starts[this.line] as number;
    let character = at;
    while (character > lineStart && isLineBreak(this.text.charCodeAt(character - 1))) character--;
    return { line: this.line, character: character - lineStart };
  }

  /** Where the line after the one starting at `start` starts; past the end when it is the last. */
  private lineAfter(start: number): number {
    for (let i = start; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 0x0a) return i + 1;
      if (c === 0x0d) return this.text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
    }
    return Number.POSITIVE_INFINITY;
  }
}

/** The index of the last of `starts[0..last]` at or before `at` (`starts[0]` is 0). */
function lastAtOrBefore(starts: readonly number[], last: number, at: number): number {
  let low = 0;
  let high = last;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}

function isLineBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d;
}

/** dockerfile-ast's `Run` (instructions/run.js) without `JSONInstruction`'s constructor: see `parseWhole`. */
class ShellFormRun extends ModifiableInstruction {
  protected override stopSearchingForFlags(argument: string): boolean {
    return argument.indexOf('--') === -1;
  }

  override getHeredocs(): Heredoc[] {
    return super.getHeredocs();
  }
}

/**
 * A carriage return not followed by a line feed ends no line for BuildKit (its scanner splits at "\n" only,
 * and `\s` takes the "\r" as a space), nor for `LineIndex`; dockerfile-ast would end the instruction there and
 * number its lines differently. A space of the same length keeps every offset.
 */
export function withoutLoneCarriageReturns(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, ' ') : text;
}
