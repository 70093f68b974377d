import { short } from './text';
import { mountCache } from '../model/mountCache';
import type { CacheDefeat } from '../knowledge/usage';
import { TOOL_USAGE } from '../knowledge/usage';
import type { DockerfileModel, Mount } from '../model/types';
import { runCommands } from '../model/commands';
import type { ShellWord, SimpleCommand } from '../shell/parse';
import { argumentsOf, operandsOf, programOf } from '../shell/programs';
import { isWithin, resolvePath } from '../syntax/paths';
import type { Fix, Range, TextEdit } from '../types';
import { replaceFix } from '../edits/fixes';
import type { Report, RuleContext } from './rule';
import { defineRule } from './rule';
import { mountUse } from '../model/mountUse';
import { removeCommandRange, removeWordRange } from '../edits/shellEdits';

const DISABLING = /^(0|false|no|off)$/i;

/** The RUN empties or bypasses a cache it mounts: the mount costs time and saves nothing. */
export const cacheCleaned = defineRule({
  id: 'cache-cleaned',
  severity: 'warning',
  summary: 'The RUN empties or bypasses a cache it mounts.',
  scope: 'stage',
  verdict: 'emptied',
  check: (context) =>
    context.eachCacheMount((mount, target) => {
      if (target.complete) checkMount(context, mount, target.absolute);
    }),
});

function checkMount(context: RuleContext, mount: Mount, target: string): void {
  // A mount the tool does not use (cache-target-unused says where the cache is): cleaning empties that
  // cache, not this mount.
  if (mountUse(mount).kind === 'unused') return;
  const { model } = context;
  const { run } = mount;
  const commands = runCommands(run);
  const match = mountCache(mount);
  const usage = match ? TOOL_USAGE[match.cache.id] : undefined;
  const name = match ? `${match.cache.tool}'s cache` : `the cache at ${short(target)}`;
  for (const command of commands) {
    for (const defeat of usage?.defeats ?? []) {
      const hit = matchDefeat(defeat, command);
      if (!hit) continue;
      // A flag bypasses the cache for its own command only: another command of the tool in the RUN
      // (`apk upgrade && apk add --no-cache x`) still uses the mount.
      if (defeat.kind === 'flag' && commands.some((c) => c !== command && usesWithoutFlag(c, defeat)))
        continue;
      context.report(
        finding(
          model,
          mount,
          commands,
          command,
          hit,
          `${hit.describe} ${hit.effect} ${name}, so the mount saves nothing: remove it.`,
        ),
      );
    }
    const removed = removesPath(command, run.workdir.value, target);
    if (removed) {
      context.report(
        finding(
          model,
          mount,
          commands,
          command,
          { kind: 'command', ...(match?.cache.id === 'apt-lists' ? { hadolint: 'DL3009' } : {}) },
          `rm ${short(removed, 30)} empties ${name} on every build, so the mount saves nothing.`,
        ),
      );
    }
  }
  // A variable set with ENV disables the cache for every RUN of the stage.
  for (const defeat of usage?.defeats ?? []) {
    if (defeat.kind !== 'env') continue;
    const value = run.scope.lookup(defeat.variable);
    if (value.status === 'known' && enables(value.value ?? '')) {
      const binding = run.scope.bindings.get(defeat.variable);
      context.report({
        message: `${defeat.variable}${binding?.range ? ` (line ${binding.range.start.line + 1})` : ''} makes ${match?.cache.tool ?? 'the tool'} skip this cache, so the mount saves nothing.`,
        range: mount.effective.target?.option.fieldRange ?? mount.nameRange,
        mount,
      });
    }
  }
}

interface Hit {
  kind: 'command' | 'word' | 'assignment';
  /** The hadolint rule that asks for what the fix removes. */
  hadolint?: string;
  word?: ShellWord;
  describe?: string;
  effect?: string;
}

function matchDefeat(
  defeat: CacheDefeat,
  command: SimpleCommand,
): (Hit & { describe: string; effect: string }) | undefined {
  const program = programOf(command);
  if (defeat.kind === 'env') {
    const assignment = command.assignments.find((w) => w.value.text.startsWith(`${defeat.variable}=`));
    if (!assignment || !enables(assignment.value.text.slice(defeat.variable.length + 1))) return undefined;
    return {
      kind: 'assignment',
      word: assignment,
      describe: `${assignment.value.text}`,
      effect: 'makes the tool skip',
    };
  }
  if (!defeat.programs.includes(program)) return undefined;
  const args = argumentsOf(command);
  if (defeat.kind === 'flag') {
    const word = args.find((w) => w.value.text === defeat.flag || w.value.text.startsWith(`${defeat.flag}=`));
    if (!word) return undefined;
    return {
      kind: 'word',
      word,
      describe: `${program} ${defeat.flag}`,
      effect: 'bypasses',
      ...(defeat.hadolint ? { hadolint: defeat.hadolint } : {}),
    };
  }
  const operands = operandsOf(command).map((w) => w.value.text);
  const starts = defeat.args.every((arg, i) => operands[i] === arg);
  if (!starts) return undefined;
  if (defeat.flag && !args.some((w) => w.value.text === defeat.flag)) return undefined;
  const text = [program, ...defeat.args, ...(defeat.flag ? [defeat.flag] : [])].join(' ');
  return {
    kind: 'command',
    describe: `${text}`,
    effect: 'empties',
    ...(defeat.hadolint ? { hadolint: defeat.hadolint } : {}),
  };
}

function usesWithoutFlag(command: SimpleCommand, defeat: CacheDefeat & { kind: 'flag' }): boolean {
  if (!defeat.programs.includes(programOf(command))) return false;
  return !argumentsOf(command).some(
    (w) => w.value.text === defeat.flag || w.value.text.startsWith(`${defeat.flag}=`),
  );
}

/** `1`, `true`, `yes`, `on`, any non-empty value but `0`/`false`/`no`/`off`. */
function enables(value: string): boolean {
  return value !== '' && !DISABLING.test(value);
}

/**
 * The path an `rm` removes inside (or as) the mounted directory, if any: a folder, or all of a folder's
 * contents (`dir/*`, `dir/.*`).
 */
function removesPath(command: SimpleCommand, workdir: string, target: string): string | undefined {
  if (programOf(command) !== 'rm') return undefined;
  for (const word of operandsOf(command)) {
    const path = word.value.text;
    if (path.includes('$')) continue;
    const folder = path.replace(/\/\*$|\/\.\*$|\/\*\.\*$/, '');
    // Other patterns pick some files (`.git/*.lock`: stale locks), not the cache's contents.
    if (/[*?[]/.test(folder)) continue;
    const resolved = resolvePath(workdir, folder);
    if (isWithin(resolved, target)) return path;
  }
  return undefined;
}

/** Both fixes change what the RUN does (a flag or variable gone, a command not run): unsafe. */
function finding(
  model: DockerfileModel,
  mount: Mount,
  commands: SimpleCommand[],
  command: SimpleCommand,
  hit: Hit,
  message: string,
): Report {
  const { run } = mount;
  let range: Range;
  const fixes: Fix[] = [];
  if (hit.kind !== 'command' && hit.word) {
    range = model.lines.range(hit.word.start, hit.word.end);
    const removal = removeWordRange(model, run, hit.word, hit.kind === 'assignment' ? 'after' : 'before');
    if (removal) fixes.push(replaceFix(`Remove ${hit.word.value.text}`, removal, '', 'unsafe'));
  } else {
    range = model.lines.range(command.start, command.end);
    const removal = removeCommandRange(model, run, commands, command);
    const text = model.text.slice(command.start, command.end);
    if (removal) fixes.push(replaceFix(`Remove ${text}`, removal, '', 'unsafe'));
  }
  // A file that follows hadolint would trade this finding for hadolint's, which asks for what the fix
  // removes: the fix also tells hadolint to ignore that rule for this RUN.
  const ignore = hit.hadolint ? hadolintIgnoreEdit(model, run, hit.hadolint) : undefined;
  if (ignore) for (const fix of fixes) fix.edits.push(ignore);
  return { message, range, fixes, mount };
}

const HADOLINT_IGNORE = /^(\s*#\s*hadolint\s+ignore=)([A-Za-z0-9,\s]*?)\s*$/;

/**
 * In a file with `# hadolint ignore=` comments: `code` added to the one right above the RUN, or a new comment
 * line above it. Undefined for files that do not use them.
 */
function hadolintIgnoreEdit(model: DockerfileModel, run: Mount['run'], code: string): TextEdit | undefined {
  if (!/#\s*hadolint\s+ignore=/.test(model.text)) return undefined;
  const line = run.range.start.line;
  const above = line > 0 ? model.lines.lineText(line - 1) : '';
  const existing = HADOLINT_IGNORE.exec(above);
  if (existing) {
    const codes = (existing[2] ?? '').split(',').map((c) => c.trim());
    if (codes.includes(code)) return undefined;
    const at = { line: line - 1, character: (existing[1] ?? '').length + (existing[2] ?? '').length };
    return {
      range: { start: at, end: at },
      newText: `${codes.filter(Boolean).length > 0 ? ',' : ''}${code}`,
    };
  }
  const start = { line, character: 0 };
  const indent = /^\s*/.exec(model.lines.lineText(line))?.[0] ?? '';
  return { range: { start, end: start }, newText: `${indent}# hadolint ignore=${code}${model.eol}` };
}
