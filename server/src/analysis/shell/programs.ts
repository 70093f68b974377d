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

/** The arguments that are not options (do not start with `-`). */
export function operandsOf(command: SimpleCommand): ShellWord[] {
  return argumentsOf(command).filter((w) => !w.value.text.startsWith('-'));
}
