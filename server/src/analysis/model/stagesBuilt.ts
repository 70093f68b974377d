import { stageNamed } from './stages';
import type { DockerfileModel, Stage } from './types';

/**
 * The stages a build of `target` (the last stage when none is named) runs for sure: the target, the stages it
 * is built FROM and those it copies from, by name or index, transitively. BuildKit builds only what the target
 * needs (dockerfile2llb walks the same dependencies). A `--from` with a variable is left out: the set may miss
 * a stage, never holds one that is not built. Empty when the target is not a stage of the file.
 */
export function stagesBuilt(model: DockerfileModel, target: string | undefined): Set<Stage> {
  const built = new Set<Stage>();
  const first = target === undefined ? model.stages.at(-1) : stageNamed(model, target.toLowerCase());
  const pending = first ? [first] : [];
  while (pending.length > 0) {
    const stage = pending.pop() as Stage;
    if (built.has(stage)) continue;
    built.add(stage);
    if (stage.parent) pending.push(stage.parent);
    for (const copy of model.copies) {
      if (copy.stage !== stage) continue;
      const from = /^\d+$/.test(copy.from)
        ? model.stages[Number(copy.from)]
        : stageNamed(model, copy.from.toLowerCase());
      if (from && from.index < stage.index) pending.push(from);
    }
  }
  return built;
}
