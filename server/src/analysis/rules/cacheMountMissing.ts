import { short } from './text';
import type { Recommendation } from '../knowledge/recommendations';
import { RECOMMENDATIONS, recommendationsFor } from '../knowledge/recommendations';
import { misplacedUnderRootHome, mountCache } from '../model/mountCache';
import { TOOL_USAGE } from '../knowledge/usage';
import type { PlannedMount } from '../edits/recommend';
import { planMounts } from '../edits/recommend';
import { knownValue } from '../model/stages';
import type { DockerfileModel, RunInstruction, Scope } from '../model/types';
import { isRootUser } from '../knowledge/users';
import { runCommands } from '../model/commands';
import type { SimpleCommand } from '../shell/parse';
import { argumentsOf, firstOperandOf, programOf } from '../shell/programs';
import { cleanPath, isWithin } from '../syntax/paths';
import { cacheLocation } from '../model/cacheLocation';
import { toolCache } from '../knowledge/tools';
import type { TextEdit } from '../types';
import { declareArgEdit } from '../edits/fixes';
import type { RuleContext } from './rule';
import { defineRule } from './rule';
import { indentOf } from '../syntax/indent';

/**
 * A RUN that runs a package manager or build tool without a cache mount for its download cache: every build
 * downloads everything again. A hint: whether the speed-up is worth it is the author's call.
 */
export const cacheMountMissing = defineRule({
  id: 'cache-mount-missing',
  severity: 'hint',
  summary: 'A package manager or build tool runs without a cache mount for its downloads.',
  scope: 'stage',
  check(context) {
    const plans = new Plans(context.model);
    for (const run of context.runs) checkRun(context, run, plans);
  },
});

/** The mounts planned for a tool in a RUN, and the text a report of them shows. */
interface Planned {
  mounts: PlannedMount[];
  /** `downloads into … on every build: add a cache mount.`: the message after the command. */
  tail: string;
  /** What goes after `RUN` when the plan is one mount. */
  inline: string;
  /** Messages by invocation (`pip install`): the findings of a plan share them. */
  messages: Map<string, string>;
}

function messageFor(plan: Planned, invocation: string): string {
  let message = plan.messages.get(invocation);
  if (message === undefined) plan.messages.set(invocation, (message = `${invocation} ${plan.tail}`));
  return message;
}

/**
 * The plans of one check, worked out once for all the RUNs of a variable scope and user: a file of many RUNs
 * with no ARG or ENV between them asks the same question for each. Only a root user's plan is kept: another
 * user's ids may come from a `useradd` in an earlier RUN, so it is worked out RUN by RUN.
 */
class Plans {
  private readonly byScope = new Map<Scope, Map<string, Planned | null>>();

  constructor(private readonly model: DockerfileModel) {}

  of(run: RunInstruction, index: number): Planned | undefined {
    const recommendation = RECOMMENDATIONS[index] as Recommendation;
    if (!isRootUser(run.user.value)) return planned(planMounts(this.model, run, recommendation));
    let plans = this.byScope.get(run.scope);
    if (!plans) this.byScope.set(run.scope, (plans = new Map<string, Planned | null>()));
    const key = `${index}:${run.user.value}`;
    let plan = plans.get(key);
    if (plan === undefined) {
      plan = planned(planMounts(this.model, run, recommendation)) ?? null;
      plans.set(key, plan);
    }
    return plan ?? undefined;
  }
}

function planned(mounts: PlannedMount[] | undefined): Planned | undefined {
  if (!mounts || mounts.length === 0) return undefined;
  const targets = short(mounts.map((p) => p.target).join(' and '), 60);
  return {
    mounts,
    tail: `downloads into ${targets} on every build: add a cache mount.`,
    inline: ` ${(mounts[0] as PlannedMount).text}`,
    messages: new Map(),
  };
}

/** Titles of the fix, one per tool: every finding of a tool shares its string. */
const TITLES = new Map<string, string>();

function titleFor(tool: string): string {
  let title = TITLES.get(tool);
  if (title === undefined) TITLES.set(tool, (title = `Add cache mount for ${tool}`));
  return title;
}

const NOTHING_MOUNTED: ReadonlySet<string> = new Set();

/**
 * For each recommendation (by index), the first command that uses its tool: one pass over the commands
 * through the program index, instead of every recommendation asking every command. Undefined when no command
 * uses any.
 */
function firstUses(commands: readonly SimpleCommand[]): Array<SimpleCommand | undefined> | undefined {
  let first: Array<SimpleCommand | undefined> | undefined;
  for (const command of commands) {
    const uses = recommendationsFor(programOf(command));
    if (!uses) continue;
    for (const { index, subcommands } of uses) {
      if (first?.[index]) continue;
      if (subcommands.length > 0 && !subcommands.includes(firstOperandOf(command)?.value.text ?? ''))
        continue;
      first ??= [];
      first[index] = command;
    }
  }
  return first;
}

function checkRun(context: RuleContext, run: RunInstruction, plans: Plans): void {
  const { model } = context;
  // A cache mount whose target is only known at build time might be any tool's.
  if (run.mounts.some((m) => m.effective.type === 'cache' && !m.effective.target?.complete)) return;
  // A mount of a type BuildKit does not know (`type=cahce`) may be the cache meant: mount-syntax reports it.
  if (run.mounts.some((m) => m.effective.last.type && m.effective.last.type !== m.effective.typeOption))
    return;
  const commands = runCommands(run);
  const used = firstUses(commands);
  if (!used) return;
  // A cache mounted in the wrong place counts as mounted: cache-target-unused explains where it belongs.
  let mounted = NOTHING_MOUNTED;
  let mountedPaths = NOTHING_MOUNTED;
  if (run.mounts.length > 0) {
    const ids = new Set<string>();
    const paths = new Set<string>();
    for (const m of run.mounts) {
      const id = (mountCache(m) ?? misplacedUnderRootHome(m))?.cache.id;
      if (id !== undefined) ids.add(id);
      if (m.effective.type === 'cache' && m.effective.target?.complete)
        paths.add(m.effective.target.absolute);
    }
    mounted = ids;
    mountedPaths = paths;
  }
  for (let index = 0; index < RECOMMENDATIONS.length; index++) {
    const recommendation = RECOMMENDATIONS[index] as Recommendation;
    const command = used[index];
    if (!command) continue;
    // One of the tool's caches mounted: the author chose which ones (apt-get update needs only the lists).
    if (recommendation.caches.some((id) => mounted.has(id)) || optedOut(run, commands, recommendation))
      continue;
    // A mount on a folder that holds the cache where this command keeps it (`target=/root/.cache` holds pip's
    // and uv's), or at the directory a flag or variable on the command names.
    if (coveredWhereUsed(run, commands.indexOf(command), recommendation, mountedPaths)) continue;
    // A folder already mounted, though ENV made it another tool's cache too (PIP_CACHE_DIR=/root/.npm): mounting
    // it again would change nothing.
    let plan = plans.of(run, index);
    if (plan && mountedPaths.size > 0) {
      const unmounted = plan.mounts.filter((p) => !mountedPaths.has(cleanPath(p.target)));
      if (unmounted.length < plan.mounts.length) plan = planned(unmounted);
    }
    if (!plan) continue;
    const first = command.words[0];
    if (!first) continue;
    const { mounts } = plan;
    const edits: TextEdit[] = [insertMounts(model, run, plan)];
    if (mounts.some((p) => p.usesTargetPlatform) && !run.scope.bindings.has('TARGETPLATFORM'))
      edits.unshift(declareArgEdit(model, run.stage, 'TARGETPLATFORM'));
    // The subcommand only where the recommendation names it: `mvn -T 1C package`'s first operand is an
    // option's argument, not a goal.
    const subcommand = firstOperandOf(command)?.value.text;
    const named = recommendation.commands.some((c) => subcommand && c.subcommands.includes(subcommand));
    const invocation = named ? `${programOf(command)} ${subcommand}` : programOf(command);
    context.report({
      message: messageFor(plan, invocation),
      range: model.lines.range(first.start, first.end),
      // Unsafe: a new mount, over a directory the image kept until now (what the RUN writes there is no longer
      // part of the image).
      fixes: [{ title: titleFor(recommendation.tool), edits, safety: 'unsafe' }],
    });
  }
}

function coveredWhereUsed(
  run: RunInstruction,
  index: number,
  recommendation: Recommendation,
  mountedPaths: ReadonlySet<string>,
): boolean {
  // Where the tool keeps its cache matters only against a mount: without one, nothing is covered.
  if (mountedPaths.size === 0) return false;
  return recommendation.caches.some((id) => {
    const cache = toolCache(id);
    if (!cache) return false;
    const location = cacheLocation(run, index, cache);
    if (!location.known) return false;
    for (const target of mountedPaths)
      if (location.directories.some((d) => isWithin(d, target) || isWithin(target, d))) return true;
    return false;
  });
}

/** `pip install --no-cache-dir`, `apk add --no-cache`, `PIP_NO_CACHE_DIR=1`: the author chose no cache. */
function optedOut(
  run: RunInstruction,
  commands: readonly SimpleCommand[],
  recommendation: Recommendation,
): boolean {
  return recommendation.caches.some((id) =>
    (TOOL_USAGE[id]?.defeats ?? []).some((defeat) => {
      if (defeat.kind === 'flag')
        return commands.some(
          (c) =>
            defeat.programs.includes(programOf(c)) &&
            argumentsOf(c).some(
              (w) => w.value.text === defeat.flag || w.value.text.startsWith(`${defeat.flag}=`),
            ),
        );
      if (defeat.kind === 'env')
        return (
          knownValue(run, defeat.variable) !== undefined ||
          commands.some((c) => c.assignments.some((w) => w.value.text.startsWith(`${defeat.variable}=`)))
        );
      return false;
    }),
  );
}

/** Right after `RUN`: one mount on the same line, several on continuation lines of their own. */
function insertMounts(model: DockerfileModel, run: RunInstruction, plan: Planned): TextEdit {
  const at = run.keywordRange.end;
  const range = { start: at, end: at };
  if (plan.mounts.length === 1) return { range, newText: plan.inline };
  const mounts = plan.mounts.map((p) => p.text);
  const line = model.lines.lineText(at.line);
  // The RUN's own continuation indent where it has continuation lines (2 spaces in some files, 4 in others).
  const next = at.line < run.range.end.line ? model.lines.lineText(at.line + 1) : undefined;
  const own = next !== undefined && next.trim() !== '' ? indentOf(next) : undefined;
  const indent = own && own.length > indentOf(line).length ? own : `${indentOf(line)}    `;
  const continuation = ` ${model.escapeChar}${model.eol}${indent}`;
  const joined = mounts.join(continuation);
  // `RUN \` with the command on the next line: the line already continues.
  const continues = line.slice(at.character).trim() === model.escapeChar;
  if (continues) return { range, newText: ` ${joined}` };
  return { range, newText: ` ${joined}${continuation.trimEnd()}${model.eol}${indent.slice(1)}` };
}
