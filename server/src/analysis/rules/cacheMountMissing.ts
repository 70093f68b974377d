import { short } from './text';
import type { Recommendation } from '../knowledge/recommendations';
import { RECOMMENDATIONS, recommendationsFor } from '../knowledge/recommendations';
import { misplacedUnderRootHome, mountCache } from '../model/mountCache';
import { TOOL_USAGE } from '../knowledge/usage';
import { planMounts } from '../edits/recommend';
import { knownValue } from '../model/stages';
import type { DockerfileModel, RunInstruction } from '../model/types';
import { runCommands } from '../model/commands';
import type { SimpleCommand } from '../shell/parse';
import { argumentsOf, operandsOf, programOf } from '../shell/programs';
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
    for (const run of context.runs) checkRun(context, run);
  },
});

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
      if (subcommands.length > 0 && !subcommands.includes(operandsOf(command)[0]?.value.text ?? '')) continue;
      first ??= [];
      first[index] = command;
    }
  }
  return first;
}

function checkRun(context: RuleContext, run: RunInstruction): void {
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
  const mounted = new Set<string>();
  const mountedPaths = new Set<string>();
  for (const m of run.mounts) {
    const id = (mountCache(m) ?? misplacedUnderRootHome(m))?.cache.id;
    if (id !== undefined) mounted.add(id);
    if (m.effective.type === 'cache' && m.effective.target?.complete)
      mountedPaths.add(m.effective.target.absolute);
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
    const plan = planMounts(model, run, recommendation)?.filter(
      (p) => !mountedPaths.has(cleanPath(p.target)),
    );
    if (!plan || plan.length === 0) continue;
    const first = command.words[0];
    if (!first) continue;
    const edits: TextEdit[] = [
      insertMounts(
        model,
        run,
        plan.map((p) => p.text),
      ),
    ];
    if (plan.some((p) => p.usesTargetPlatform) && !run.scope.bindings.has('TARGETPLATFORM'))
      edits.unshift(declareArgEdit(model, run.stage, 'TARGETPLATFORM'));
    // The subcommand only where the recommendation names it: `mvn -T 1C package`'s first operand is an
    // option's argument, not a goal.
    const subcommand = operandsOf(command)[0]?.value.text;
    const named = recommendation.commands.some((c) => subcommand && c.subcommands.includes(subcommand));
    const invocation = named ? `${programOf(command)} ${subcommand}` : programOf(command);
    context.report({
      message: `${invocation} downloads into ${short(plan.map((p) => p.target).join(' and '), 60)} on every build: add a cache mount.`,
      range: model.lines.range(first.start, first.end),
      // Unsafe: a new mount, over a directory the image kept until now (what the RUN writes there is no longer
      // part of the image).
      fixes: [{ title: `Add cache mount for ${recommendation.tool}`, edits, safety: 'unsafe' }],
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
function insertMounts(model: DockerfileModel, run: RunInstruction, mounts: readonly string[]): TextEdit {
  const at = run.keywordRange.end;
  const range = { start: at, end: at };
  const line = model.lines.lineText(at.line);
  // The RUN's own continuation indent where it has continuation lines (2 spaces in some files, 4 in others).
  const next = at.line < run.range.end.line ? model.lines.lineText(at.line + 1) : undefined;
  const own = next !== undefined && next.trim() !== '' ? indentOf(next) : undefined;
  const indent = own && own.length > indentOf(line).length ? own : `${indentOf(line)}    `;
  const continuation = ` ${model.escapeChar}${model.eol}${indent}`;
  const joined = mounts.join(continuation);
  // `RUN \` with the command on the next line: the line already continues.
  const continues = line.slice(at.character).trim() === model.escapeChar;
  if (mounts.length === 1 || continues) return { range, newText: ` ${joined}` };
  return { range, newText: ` ${joined}${continuation.trimEnd()}${model.eol}${indent.slice(1)}` };
}
