import type { DockerfileModel, RunInstruction, Stage } from './types';

/** A stage and the stages it is built FROM, nearest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) chain.push(s);
  return chain;
}

/** The image at the root of a stage's FROM chain; undefined for scratch. */
export function rootImageOf(stage: Stage): string | undefined {
  const root = stageChain(stage).pop();
  return root?.base === 'image' ? root.image.expanded : undefined;
}

/** The RUNs before `run` in its stage and in the stages it is built FROM, in file order. */
export function earlierRuns(model: DockerfileModel, run: RunInstruction): RunInstruction[] {
  return earlierInChain(model, run, model.runs);
}

const runIndexes = new WeakMap<DockerfileModel, Map<RunInstruction, number>>();

/** Where a RUN is in `model.runs`, indexed once per model so that "before" is a comparison, not a scan. */
export function runIndex(model: DockerfileModel, run: RunInstruction): number {
  let indexes = runIndexes.get(model);
  if (!indexes) {
    indexes = new Map(model.runs.map((r, i) => [r, i]));
    runIndexes.set(model, indexes);
  }
  return indexes.get(run) ?? -1;
}

/**
 * Those of `candidates` (RUNs in file order) that come before `run` in its stage chain. Rules pass the few
 * RUNs that matter (the ones that create a user, say) so that asking for every RUN stays linear.
 */
export function earlierInChain(
  model: DockerfileModel,
  run: RunInstruction,
  candidates: readonly RunInstruction[],
): RunInstruction[] {
  const before = runIndex(model, run);
  const chain = new Set(stageChain(run.stage));
  const earlier: RunInstruction[] = [];
  for (const other of candidates) {
    if (other === run || runIndex(model, other) >= before) break;
    if (chain.has(other.stage)) earlier.push(other);
  }
  return earlier;
}

/** The value of a variable at a RUN, when the linter knows it. */
export function knownValue(run: RunInstruction, name: string): string | undefined {
  const found = run.scope.lookup(name);
  return found.status === 'known' ? found.value : undefined;
}
