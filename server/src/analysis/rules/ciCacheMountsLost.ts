import { short } from './text';
import { cacheDanceEdits } from '../edits/cacheDance';
import { cacheMapOf } from '../model/cacheMap';
import { stagesBuilt } from '../model/stagesBuilt';
import type { DockerfileModel, Mount } from '../model/types';
import type { Fix } from '../types';
import { defineRule } from './rule';
import type { BuildFileContext } from './rule';

/**
 * A CI job that builds a Dockerfile with cache mounts on a runner that starts empty: cache mounts live in the
 * builder, and no cache exporter (`--cache-to` gha, registry, local, inline) saves them, so every run starts
 * them empty unless the job restores them (buildkit-cache-dance) or builds on a builder that outlives it.
 */
export const ciCacheMountsLost = defineRule({
  id: 'ci-cache-mounts-lost',
  severity: 'warning',
  summary: 'A CI job builds with cache mounts on a runner that starts empty, and nothing restores them.',
  // Nothing in a Dockerfile alone shows it: the finding is on the workflow step that builds it.
  check: () => undefined,
  buildFile(context) {
    const perJob = new Map<string, number>();
    for (const { definition } of context.builds)
      if (definition.ci) perJob.set(definition.ci.job, (perJob.get(definition.ci.job) ?? 0) + 1);
    for (const { definition, dockerfile } of context.builds) {
      const { ci } = definition;
      if (!ci || ci.cacheMountsKept || ci.runner === 'self-hosted' || !dockerfile) continue;
      const mounts = cacheMountsBuilt(dockerfile.model, definition.target);
      if (mounts.length === 0) continue;
      const name = short(dockerfile.name, 40);
      const message =
        ci.runner === 'github-hosted'
          ? `Cache mounts of ${name} start empty on this GitHub-hosted runner: restore them with buildkit-cache-dance.`
          : `If this runner starts empty, cache mounts of ${name} start empty too: restore them with buildkit-cache-dance.`;
      const fix = danceFix(context, definition, dockerfile.model, (perJob.get(ci.job) ?? 0) > 1);
      context.report({
        message,
        range: definition.ciStep?.head ?? definition.range,
        ...(fix ? { fixes: [fix] } : {}),
        // Labels that are neither `self-hosted` nor a GitHub-hosted image name: a larger runner, or a runner
        // group; whether the machine starts empty is not known.
        ...(ci.runner === undefined
          ? {
              lower: { to: 'hint' as const, because: 'the runner labels do not say whether it starts empty' },
            }
          : {}),
      });
    }
  },
});

/** The cache mounts of the stages the build runs for sure. */
function cacheMountsBuilt(model: DockerfileModel, target: string | undefined): Mount[] {
  const stages = stagesBuilt(model, target);
  const mounts: Mount[] = [];
  for (const run of model.runs)
    if (stages.has(run.stage))
      for (const mount of run.mounts) if (mount.effective.type === 'cache') mounts.push(mount);
  return mounts;
}

/**
 * Inserts actions/cache and buildkit-cache-dance before the step, with the map of every cache the Dockerfile
 * mounts (`cachemount cache-map`'s). None where a cache cannot be named from the text, or the builder cannot.
 * Unsafe: it changes the workflow, and what the job stores in GitHub's cache.
 */
function danceFix(
  context: BuildFileContext,
  definition: BuildFileContext['builds'][number]['definition'],
  model: DockerfileModel,
  sharedJob: boolean,
): Fix | undefined {
  const step = definition.ciStep;
  if (!step || definition.dockerfile === undefined || definition.platforms === undefined) return undefined;
  const map = cacheMapOf(model, definition.platforms);
  if (map.unknown.length > 0 || map.entries.length === 0) return undefined;
  // Ids per platform with no platform named: the builder's own, which the workflow does not say.
  if (map.perPlatform && definition.platforms.length === 0) return undefined;
  const edits = cacheDanceEdits({
    step,
    dockerfile: definition.dockerfile,
    entries: map.entries,
    sharedJob,
    eol: context.eol,
  });
  return edits
    ? { title: 'Restore cache mounts with buildkit-cache-dance', edits, safety: 'unsafe' }
    : undefined;
}
