import { mountCache } from '../model/mountCache';
import type { CacheDefeat } from '../knowledge/usage';
import { TOOL_USAGE } from '../knowledge/usage';
import type { DockerfileModel, Mount } from '../model/types';
import { runCommands } from '../model/commands';
import type { ShellWord, SimpleCommand } from '../shell/parse';
import { argumentsOf, operandsOf, programOf } from '../shell/programs';
import { isWithin, resolvePath } from '../syntax/paths';
import type { Fix, Range } from '../types';
import { replaceFix } from '../edits/fixes';
import type { Report, RuleContext } from './rule';
import { defineRule } from './rule';
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
  const { model } = context;
  const { run } = mount;
  const commands = runCommands(run);
  const match = mountCache(mount);
  const usage = match ? TOOL_USAGE[match.cache.id] : undefined;
  const name = match ? `${match.cache.tool}'s cache (${target})` : `the cache at ${target}`;
  for (const command of commands) {
    for (const defeat of usage?.defeats ?? []) {
      const hit = matchDefeat(defeat, command);
      if (!hit) continue;
      context.report(
        finding(
          model,
          mount,
          commands,
          command,
          hit,
          `${hit.describe} ${hit.effect} ${name}, so the mount saves nothing.`,
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
          { kind: 'command' },
          `\`rm\` of ${removed} deletes the contents of ${name} on every build, so the mount saves nothing.`,
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
        message: `${defeat.variable} is set in this stage${binding?.range ? ` (line ${binding.range.start.line + 1})` : ''}, which leaves ${name} unused: ${match?.cache.tool ?? 'the tool'} skips it, so the mount saves nothing.`,
        range: mount.effective.target?.option.fieldRange ?? mount.nameRange,
        mount,
      });
    }
  }
}

interface Hit {
  kind: 'command' | 'word' | 'assignment';
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
      describe: `\`${assignment.value.text}\``,
      effect: 'makes the tool skip',
    };
  }
  if (!defeat.programs.includes(program)) return undefined;
  const args = argumentsOf(command);
  if (defeat.kind === 'flag') {
    const word = args.find((w) => w.value.text === defeat.flag || w.value.text.startsWith(`${defeat.flag}=`));
    if (!word) return undefined;
    return { kind: 'word', word, describe: `\`${program} ${defeat.flag}\``, effect: 'bypasses' };
  }
  const operands = operandsOf(command).map((w) => w.value.text);
  const starts = defeat.args.every((arg, i) => operands[i] === arg);
  if (!starts) return undefined;
  if (defeat.flag && !args.some((w) => w.value.text === defeat.flag)) return undefined;
  const text = [program, ...defeat.args, ...(defeat.flag ? [defeat.flag] : [])].join(' ');
  return { kind: 'command', describe: `\`${text}\``, effect: 'empties' };
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
    if (removal) fixes.push(replaceFix(`Remove \`${text}\``, removal, '', 'unsafe'));
  }
  return { message, range, fixes, mount };
}
