import { short } from './text';
import { knownValue } from '../model/stages';
import { identifyCache, homesFor, NO_VARIABLES } from '../knowledge/tools';
import { isOpaqueProgram, PLAIN_PROGRAMS, TOOL_USAGE, usesACache } from '../knowledge/usage';
import { misplacedUnderRootHome, mountCache } from '../model/mountCache';
import { mountUse, namedByCommand } from '../model/mountUse';
import type { Mount, ResolvedPath } from '../model/types';
import { runCommands } from '../model/commands';
import { programsRun } from '../model/cacheLocation';
import type { Range } from '../types';
import { replaceFix } from '../edits/fixes';
import type { Report } from './rule';
import { defineRule } from './rule';

/**
 * A cache mounted where the tool does not look: at root's home while the RUN runs as another user, at the
 * default while ENV moved the cache, or for a tool no command of the RUN runs.
 */
export const cacheTargetUnused = defineRule({
  id: 'cache-target-unused',
  severity: 'warning',
  summary: 'The cache is mounted where no command of the RUN looks for it.',
  scope: 'stage',
  verdict: 'unused',
  check: (context) =>
    context.eachCacheMount((mount, target) => {
      if (!target.complete) return;
      const report = checkMount(mount, target);
      if (report) context.report(report);
    }),
});

function checkMount(mount: Mount, target: ResolvedPath): Report | undefined {
  const { run } = mount;
  const command = run.command.text;
  // Read for a finding only: the option computes its range when asked.
  const option = target.option;

  // A command of the RUN keeps the tool's cache elsewhere, and the text says so (a flag, a variable set on the
  // command or earlier in the RUN, configuration written earlier).
  const use = mountUse(mount);
  if (use.kind === 'unused' && (use.movedBy !== undefined || !misplacedUnderRootHome(mount)))
    return unused(
      mount,
      option.fieldRange,
      `${use.cache.tool} keeps its cache in ${short(use.directory)} here (${short(use.movedBy ?? `running as ${run.user.value}`, 50)}), not in this mount.`,
    );
  if (use.kind === 'used') return undefined;

  // Where the tool would look by default, ignoring the environment.
  const userHomes = homesFor(run.user.value, knownValue(run, 'HOME'));
  const byDefault = identifyCache(target.absolute, {
    homes: ['/root', ...userHomes],
    variable: NO_VARIABLES,
    command,
  });
  if (byDefault && !byDefault.cache.paths.some((p) => p.startsWith('**/'))) {
    const cache = byDefault.cache;
    for (const moved of cache.movedBy) {
      const value = knownValue(run, moved.variable);
      const directory = value && moved.extract ? moved.extract.exec(value)?.[1] : value;
      if (!directory) continue;
      const where = directory + (moved.suffix ?? '');
      if (target.absolute === where || target.absolute.startsWith(`${where}/`)) continue;
      return unused(
        mount,
        option.fieldRange,
        `${cache.tool} keeps its cache in ${short(where)} here (${moved.variable} ${run.scope.bindings.has(moved.variable) ? 'in this stage' : 'set by the image'}), not in this mount.`,
      );
    }
  }
  const misplaced = misplacedUnderRootHome(mount);
  // Where the tool is told to keep no cache at all (`pip install --no-cache-dir`), mounting it elsewhere
  // would not help: cache-cleaned speaks of that.
  if (misplaced && !bypassedInRun(mount, misplaced.cache.id)) {
    const { cache, expected } = misplaced;
    const finding = unused(
      mount,
      option.fieldRange,
      `As USER ${short(run.user.value, 20)}, ${cache.tool} keeps its cache in ${expected ? short(expected) : 'that user\u2019s home'}, not under /root: mount it there.`,
    );
    const value = option.valueRange;
    // Unsafe: the tool starts writing there, as a user the root-owned cache directory may refuse
    // (cache-permission), and a mount whose id is its target gets another cache.
    if (expected && value) finding.fixes = [replaceFix(`Mount at ${expected}`, value, expected, 'unsafe')];
    return finding;
  }

  const match = mountCache(mount);
  if (!match || namedByCommand(mount)) return undefined;
  const usage = TOOL_USAGE[match.cache.id];
  if (!usage) return undefined;
  const programs = runCommands(run).flatMap(programsRun);
  const users = [...usage.programs, ...(usage.alsoVia ?? [])];
  if (programs.length === 0 || programs.some((p) => users.includes(p))) return undefined;
  if (programs.some((p) => isOpaqueProgram(p) || (!PLAIN_PROGRAMS.has(p) && !usesACache(p))))
    return undefined;
  return unused(
    mount,
    option.fieldRange,
    `No command of this RUN runs ${match.cache.tool}: move this mount to the RUN that does.`,
  );
}

function unused(mount: Mount, range: Range, message: string): Report {
  return { message, range, mount };
}

/** Whether a word of the RUN is a flag that makes the tool keep no cache (`--no-cache-dir` for pip). */
function bypassedInRun(mount: Mount, cacheId: string): boolean {
  const flags = (TOOL_USAGE[cacheId]?.defeats ?? []).flatMap((d) => (d.kind === 'flag' ? [d.flag] : []));
  if (flags.length === 0) return false;
  return runCommands(mount.run).some((c) => c.words.some((w) => flags.includes(w.value.text)));
}
