import type { MappedText } from '../syntax/mappedText';
import type { InstructionFlag } from '../syntax/flags';
import type { DockerfileModel, Mount, RunInstruction } from '../model/types';
import type { Position, Range } from '../types';

/** What is being typed at a position inside a RUN, as far as completion cares. */
export type CompletionContext =
  /** A flag of RUN: `RUN |`, `RUN --mo|`. */
  | { kind: 'flag'; run: RunInstruction; typed: string; range: Range }
  /** A key inside a `--mount` value: `--mount=type=cache,|`, `--mount=ta|`. */
  | { kind: 'key'; run: RunInstruction; mount: Mount; typed: string; range: Range }
  /** A value after `key=` inside a `--mount` value: `--mount=type=|`. `key` is lower-cased, as BuildKit does. */
  | { kind: 'value'; run: RunInstruction; mount: Mount; key: string; typed: string; range: Range };

/**
 * Where the cursor is in a RUN's flags. Works on the model's flag words (quotes removed, continuations
 * joined), so `--mount=type=cache,\` + newline + `sh|` completes a key like the one-line form does.
 * The replaced range covers what was typed of the current word or field up to the cursor; when that text
 * started on an earlier line, only the part on the cursor's line (editors replace within one line).
 */
export function completionContextAt(
  model: DockerfileModel,
  position: Position,
): CompletionContext | undefined {
  const run = runAt(model, position);
  if (!run) return undefined;
  const offset = model.lines.offsetAt(position);

  for (const flag of run.flags) {
    const [start, end] = flag.word.span(0, flag.word.length);
    if (offset < start || offset > end) continue;
    return flagContext(model, run, flag, offset);
  }

  // Between the flags and the command, or a lone `-` where a flag may start.
  const keywordEnd = model.lines.offsetAt(run.keywordRange.end);
  if (offset < keywordEnd) return undefined;
  const lastFlagEnd = run.flags.reduce((at, f) => Math.max(at, f.word.span(0, f.word.length)[1]), keywordEnd);
  const [commandStart] = run.command.span(0, 0);
  const commandIsEmpty = run.command.text.trim() === '';
  if (offset <= lastFlagEnd) return undefined;
  if (commandIsEmpty || offset <= commandStart) return flagAt(model, run, offset, offset, '');
  // `RUN -|`: a word of one dash is not a flag to BuildKit yet, but it is one being typed.
  const typed = run.command.text.slice(0, indexAt(run.command, offset));
  if (typed === '-') return flagAt(model, run, commandStart, offset, typed);
  return undefined;
}

/** The RUN whose text holds the position, or whose last line the cursor is on, past its end (`RUN |`). */
function runAt(model: DockerfileModel, position: Position): RunInstruction | undefined {
  for (const run of model.runs) {
    const { start, end } = run.range;
    if (position.line < start.line || position.line > end.line) continue;
    if (position.line === start.line && position.character < start.character) continue;
    return run;
  }
  return undefined;
}

function flagContext(
  model: DockerfileModel,
  run: RunInstruction,
  flag: InstructionFlag,
  offset: number,
): CompletionContext | undefined {
  const word = flag.word;
  const index = indexAt(word, offset);
  const before = word.text.slice(0, index);
  const equals = before.indexOf('=');
  if (equals === -1) return flagAt(model, run, word.span(0, 0)[0], offset, before);
  if (flag.name.text.toLowerCase() !== 'mount') return undefined;
  const mount = run.mounts.find((m) => m.flag === flag);
  if (!mount) return undefined;

  const value = before.slice(equals + 1);
  const fieldStart = equals + 1 + value.lastIndexOf(',') + 1;
  const field = before.slice(fieldStart);
  const keyEnd = field.indexOf('=');
  if (keyEnd === -1) {
    const range = rangeFrom(model, word, fieldStart, offset);
    return { kind: 'key', run, mount, typed: typedOn(model, range, field), range };
  }
  const valueStart = fieldStart + keyEnd + 1;
  const range = rangeFrom(model, word, valueStart, offset);
  const key = field.slice(0, keyEnd).trim().toLowerCase();
  return { kind: 'value', run, mount, key, typed: typedOn(model, range, field.slice(keyEnd + 1)), range };
}

function flagAt(
  model: DockerfileModel,
  run: RunInstruction,
  start: number,
  offset: number,
  typed: string,
): CompletionContext {
  const range = model.lines.range(start, offset);
  if (range.start.line !== range.end.line) {
    const here = model.lines.range(offset, offset);
    return { kind: 'flag', run, typed: '', range: here };
  }
  return { kind: 'flag', run, typed, range };
}

/** How many of the text's characters come before the document offset. */
function indexAt(text: MappedText, offset: number): number {
  let index = 0;
  while (index < text.length && text.span(index, index + 1)[1] <= offset) index++;
  return index;
}

/** The document range from character `from` of a flag word to the offset, clipped to the cursor's line. */
function rangeFrom(model: DockerfileModel, word: MappedText, from: number, offset: number): Range {
  const [start] = word.span(from, from);
  const range = model.lines.range(Math.min(start, offset), offset);
  if (range.start.line === range.end.line) return range;
  return { start: { line: range.end.line, character: leadingSpace(model, range.end.line) }, end: range.end };
}

function leadingSpace(model: DockerfileModel, line: number): number {
  return /^\s*/.exec(model.lines.lineText(line))?.[0].length ?? 0;
}

/** What was typed inside the range (the text as the editor filters it). */
function typedOn(model: DockerfileModel, range: Range, fallback: string): string {
  if (range.start.line !== range.end.line) return fallback;
  return model.lines.lineText(range.start.line).slice(range.start.character, range.end.character);
}
