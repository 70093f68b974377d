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
  const chain = new Set(stageChain(run.stage));
  const earlier: RunInstruction[] = [];
  for (const other of model.runs) {
    if (other === run) break;
    if (chain.has(other.stage)) earlier.push(other);
  }
  return earlier;
}

/** The value of a variable at a RUN, when the linter knows it. */
export function knownValue(run: RunInstruction, name: string): string | undefined {
  const found = run.scope.lookup(name);
  return found.status === 'known' ? found.value : undefined;
}
