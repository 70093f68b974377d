import type { Recommendation } from '../knowledge/recommendations';
import type { ToolCache } from '../knowledge/toolCaches';
import { toolCache } from '../knowledge/tools';
import { concurrencyAt } from '../knowledge/tools';
import { knownValue } from '../model/stages';
import type { DockerfileModel, RunInstruction } from '../model/types';
import { defaultHome, isRootUser } from '../knowledge/users';
import { userIds } from '../model/userIds';
import { squeezeSlashes } from '../syntax/paths';

/** A cache mount written for a RUN: the right target for its USER and ENV, and the options the cache needs. */
export interface PlannedMount {
  cache: ToolCache;
  target: string;
  /** The `--mount=...` flag. */
  text: string;
  /** The id uses `${TARGETPLATFORM}`, which the stage must declare. */
  usesTargetPlatform: boolean;
}

/**
 * The mounts for a tool's caches in a RUN, or undefined when a target cannot be known (a non-root user with
 * a numeric id and no HOME). `sharing=locked` where the tool cannot share its cache; an id scoped by
 * `${TARGETPLATFORM}` for platform-specific caches in multi-platform files; uid and gid for a non-root user.
 */
export function planMounts(
  model: DockerfileModel,
  run: RunInstruction,
  recommendation: Recommendation,
  only?: ReadonlySet<string>,
): PlannedMount[] | undefined {
  const planned: PlannedMount[] = [];
  for (const id of recommendation.caches) {
    if (only && !only.has(id)) continue;
    const cache = toolCache(id);
    if (!cache) continue;
    const target = targetFor(cache, run);
    if (!target) return undefined;
    const options = [`type=cache`, `target=${target}`];
    if (concurrencyAt(cache, target, target).concurrency !== 'safe') options.push('sharing=locked');
    const usesTargetPlatform = cache.platformSpecific === true && model.multiPlatform;
    if (usesTargetPlatform) options.push(`id=${cache.id}-\${TARGETPLATFORM}`);
    const user = run.user.value;
    if (!isRootUser(user)) {
      const ids = userIds(model, run, user);
      if (ids) options.push(`uid=${ids.uid}`, ...(ids.gid !== undefined ? [`gid=${ids.gid}`] : []));
    }
    planned.push({ cache, target, text: `--mount=${options.join(',')}`, usesTargetPlatform });
  }
  return planned;
}

/** Where the tool looks in this RUN: a variable that moves the cache, or the default for the user's home. */
export function targetFor(cache: ToolCache, run: RunInstruction): string | undefined {
  for (const moved of cache.movedBy) {
    const value = knownValue(run, moved.variable);
    const directory = value && moved.extract ? moved.extract.exec(value)?.[1] : value;
    if (directory?.startsWith('/')) return squeezeSlashes(directory + (moved.suffix ?? ''));
  }
  const root = isRootUser(run.user.value);
  const template = root ? cache.paths[0] : (cache.paths.find((p) => p.startsWith('~/')) ?? cache.paths[0]);
  if (!template || template.startsWith('**/')) return undefined;
  if (!template.startsWith('~/')) return template;
  const home = homeOf(run);
  return home ? squeezeSlashes(home + template.slice(1)) : undefined;
}

function homeOf(run: RunInstruction): string | undefined {
  const home = knownValue(run, 'HOME');
  if (home?.startsWith('/')) return home;
  return defaultHome(run.user.value);
}
