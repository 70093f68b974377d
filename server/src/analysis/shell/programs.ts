import type { ShellWord, SimpleCommand } from './parse';

const PYTHON = /^python[0-9.]*$/;

/**
 * The program a command runs, by basename: `/usr/bin/pip3` → `pip3`, `python3 -m pip` → `pip`. Every rule
 * asks for the program of every command, several times: named once, and kept with the command.
 */
export function programOf(command: SimpleCommand): string {
  return (command.program ??= nameProgram(command.words));
}

function nameProgram(words: readonly ShellWord[]): string {
  const first = baseName(words[0]?.value.text ?? '');
  return PYTHON.test(first) && words[1]?.value.text === '-m' && words[2]
    ? baseName(words[2].value.text)
    : first;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The arguments after the program (after `-m module` for `python -m`). */
export function argumentsOf(command: SimpleCommand): ShellWord[] {
  const words = command.words;
  const first = baseName(words[0]?.value.text ?? '');
  if (PYTHON.test(first) && words[1]?.value.text === '-m') return words.slice(3);
  return words.slice(1);
}

/** `operandsOf(command)[0]` without building the lists: asked of every command of every RUN. */
export function firstOperandOf(command: SimpleCommand): ShellWord | undefined {
  const words = command.words;
  const first = baseName(words[0]?.value.text ?? '');
  for (let i = PYTHON.test(first) && words[1]?.value.text === '-m' ? 3 : 1; i < words.length; i++) {
    const word = words[i] as ShellWord;
    if (!word.value.text.startsWith('-')) return word;
  }
  return undefined;
}

/** The arguments that are not options (do not start with `-`). */
export function operandsOf(command: SimpleCommand): ShellWord[] {
  return argumentsOf(command).filter((w) => !w.value.text.startsWith('-'));
}

/** Folders of installed programs: a program run from them is a known tool, not the project's own script. */
const SYSTEM_BIN = /^\/(?:usr\/(?:local\/)?)?s?bin\//;
const SHELL_NAMES = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'source', '.']);
const TASK_RUNNERS = new Set(['make', 'just', 'task']);

/**
 * Whether a command runs code the analysis cannot read: a script of the project (`./install.sh`,
 * `/docker/install/base.sh`, `bash setup.sh`) or a task runner (`make`). What it does (install packages,
 * delete files, change configuration) is unknown.
 */
export function runsHiddenCode(command: SimpleCommand): boolean {
  const first = command.words[0]?.value.text ?? '';
  const program = programOf(command);
  if (TASK_RUNNERS.has(program)) return true;
  if (SHELL_NAMES.has(program)) {
    const operand = argumentsOf(command)[0]?.value.text;
    return operand !== undefined && !operand.startsWith('-');
  }
  if (first.includes('/')) return !SYSTEM_BIN.test(first);
  return /\.(?:sh|bash)$/.test(first);
}
