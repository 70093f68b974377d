import type { DockerfileModel, RunInstruction } from '../model/types';
import type { ShellWord, SimpleCommand } from '../shell/parse';
import type { Range } from '../types';

/**
 * Text edits that remove part of a RUN's command. Only offered where the removal is unambiguous: never
 * in an exec-form RUN (its words sit in JSON strings), and only for commands joined by `&&` or `;`.
 */
function isExecForm(run: RunInstruction): boolean {
  return run.command.text.trimStart().startsWith('[');
}

/** Back from `offset` over spaces, tabs and line continuations. */
function skipBackBlank(model: DockerfileModel, offset: number): number {
  const text = model.text;
  let i = offset;
  for (;;) {
    while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    const lineBreak = text[i - 1] === '\n' ? (text[i - 2] === '\r' ? 2 : 1) : 0;
    if (lineBreak && text[i - 1 - lineBreak] === model.escapeChar) {
      i -= lineBreak + 1;
      continue;
    }
    return i;
  }
}

/**
 * Removes a word with the blank before it (`pip install --no-cache-dir x` → `pip install x`), or after it
 * for a leading assignment (`&& PIP_NO_CACHE_DIR=1 pip install` → `&& pip install`).
 */
export function removeWordRange(
  model: DockerfileModel,
  run: RunInstruction,
  word: ShellWord,
  blank: 'before' | 'after' = 'before',
): Range | undefined {
  if (isExecForm(run)) return undefined;
  if (blank === 'before') return model.lines.range(skipBackBlank(model, word.start), word.end);
  let end = word.end;
  while (model.text[end] === ' ' || model.text[end] === '\t') end++;
  return model.lines.range(word.start, end);
}

/**
 * Removes a whole command with the operator that joins it: `a && apt-get clean` → `a`; for the first of
 * several commands, `apt-get clean && a` → `a`.
 */
export function removeCommandRange(
  model: DockerfileModel,
  run: RunInstruction,
  commands: readonly SimpleCommand[],
  command: SimpleCommand,
): Range | undefined {
  if (isExecForm(run)) return undefined;
  const joined = command.joinedBy?.operator;
  if (joined === '&&' || joined === ';') {
    return model.lines.range(skipBackBlank(model, command.joinedBy?.start ?? command.start), command.end);
  }
  const next = commands[commands.indexOf(command) + 1];
  const nextJoin = next?.joinedBy;
  if (!command.joinedBy && next && nextJoin && (nextJoin.operator === '&&' || nextJoin.operator === ';')) {
    return model.lines.range(command.start, next.start);
  }
  return undefined;
}
