import type { RunInstruction } from './types';
import { MappedText } from '../syntax/mappedText';
import type { SimpleCommand } from '../shell/parse';
import { parseShell } from '../shell/parse';

const SHELL_PROGRAMS = /^(\/(usr\/)?bin\/)?(sh|bash|ash|dash|zsh|ksh)$/;

/**
 * The simple commands a RUN executes: its shell form, the script of an exec form `["sh", "-c", ...]`, and
 * heredoc bodies that are scripts (`RUN <<EOF` runs the body with the default shell; `RUN bash <<EOF` too).
 * Heredocs that are data (`cat <<EOF > file`) are not read as commands. Read once per RUN, the first time
 * asked, and kept with it (`run.commands`).
 */
export function runCommands(run: RunInstruction): SimpleCommand[] {
  return (run.commands ??= readCommands(run));
}

function readCommands(run: RunInstruction): SimpleCommand[] {
  const text = run.command.text.trim();
  if (text.startsWith('[')) return parseShell(execFormAsScript(run.command));
  const own = parseShell(run.command);
  const scriptHeredocs = text.startsWith('<<') || SHELL_PROGRAMS.test(own[0]?.words[0]?.value.text ?? '');
  if (!scriptHeredocs || run.heredocs.length === 0) return own;
  // concat, not push: the RUN keeps the array, and concat makes it exactly as long as its commands.
  return own.concat(...run.heredocs.map((body) => parseShell(body, 1)));
}

/**
 * Moves the document offsets of the commands read from a RUN (`run.commands`) by `delta`, in place, when
 * they were read: incremental/modelReuse.ts takes over RUNs that an edit above them moved. `moved` holds the
 * mapped texts and offset arrays already moved (texts share them).
 */
export function moveCommands(run: RunInstruction, delta: number, moved: Set<object>): void {
  const commands = run.commands;
  if (!commands) return;
  const seen = new Set<object>();
  const move = (span: { start: number; end: number }): void => {
    if (seen.has(span)) return;
    seen.add(span);
    span.start += delta;
    span.end += delta;
  };
  for (const command of commands) {
    move(command);
    if (command.joinedBy) move(command.joinedBy);
    for (const word of [...command.assignments, ...command.words]) {
      move(word);
      word.value.moveBy(delta, moved);
    }
  }
}

/**
 * `["sh", "-c", "a && b"]` becomes the words of one command, each mapped to its string in the document, so
 * `sh -c` handling applies unchanged. Escapes inside the JSON strings are kept as written (rare in RUN).
 */
function execFormAsScript(command: MappedText): MappedText {
  const parts: MappedText[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"/g;
  for (let match = pattern.exec(command.text); match; match = pattern.exec(command.text)) {
    const inner = command.slice(match.index + 1, match.index + match[0].length - 1);
    // Quote each element for the shell reader: single quotes keep it one word.
    parts.push(inner);
  }
  return joinAsWords(parts);
}

/** Joins texts as single-quoted shell words separated by spaces, keeping each character's position. */
function joinAsWords(parts: MappedText[]): MappedText {
  const pieces: MappedText[] = [];
  for (const part of parts) {
    const [at] = part.span(0, 0);
    pieces.push(MappedText.fromDocument("'", at), escapeQuotes(part), MappedText.fromDocument("' ", at));
  }
  return MappedText.concat(pieces, 0);
}

function escapeQuotes(part: MappedText): MappedText {
  if (!part.text.includes("'")) return part;
  const pieces: MappedText[] = [];
  let from = 0;
  for (let i = part.indexOf("'"); i !== -1; i = part.indexOf("'", i + 1)) {
    pieces.push(part.slice(from, i));
    const [at] = part.span(i, i + 1);
    pieces.push(MappedText.fromDocument("'\\''", at));
    from = i + 1;
  }
  pieces.push(part.slice(from));
  return MappedText.concat(pieces, 0);
}
