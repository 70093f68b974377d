import type { DockerfileModel, EarlierRuns, RunInstruction, Stage } from './types';

/** A stage and the stages it is built FROM, nearest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) chain.push(s);
  return chain;
}

/** The image at the root of a stage's FROM chain; undefined for scratch. The builder sets it on the stage. */
export function rootImageOf(stage: Stage): string | undefined {
  return stage.rootImage;
}

/**
 * A value that a stage inherits from the stage it is built FROM, memoized per stage in `memo`. `own` gives
 * the value of the chain's root, `derive` the value of a stage from its parent's. Iterative: a file may
 * chain thousands of stages.
 */
function alongChain<T>(
  memo: Map<Stage, T>,
  stage: Stage,
  own: (root: Stage) => T,
  derive: (stage: Stage, parent: T) => T,
): T {
  const pending: Stage[] = [];
  let known: T | undefined;
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    known = memo.get(s);
    if (known !== undefined) break;
    pending.push(s);
  }
  for (let i = pending.length - 1; i >= 0; i--) {
    const s = pending[i] as Stage;
    known = known === undefined ? own(s) : derive(s, known);
    memo.set(s, known);
  }
  return known as T;
}

/**
 * The first stage named `name` (lower case), as BuildKit resolves `--from` and `FROM` names. The index by
 * name is built the first time a model is asked, and kept with it (`model.stagesByName`).
 */
export function stageNamed(model: DockerfileModel, name: string): Stage | undefined {
  let byName = model.stagesByName;
  if (!byName) {
    const index = new Map<string, Stage>();
    for (const stage of model.stages)
      if (stage.name !== undefined && !index.has(stage.name)) index.set(stage.name, stage);
    model.stagesByName = byName = index;
  }
  return byName.get(name);
}

/**
 * The answer of the first RUN before `run`, in file order, in its stage and the stages it is built FROM,
 * for which `fact` answers something. `question` names the fact (one question, one fact): answers are
 * indexed once per model and question, so asking for every RUN costs one pass over the RUNs, not one pass
 * per RUN.
 */
export function firstEarlierRun<T>(
  model: DockerfileModel,
  run: RunInstruction,
  question: string,
  fact: (run: RunInstruction) => T | undefined,
): T | undefined {
  const indexes = (model.earlierRuns ??= new Map<string, EarlierRuns<unknown>>());
  let index = indexes.get(question) as EarlierRuns<T> | undefined;
  if (!index) {
    const built: EarlierRuns<T> = { order: new Map(), firstInStage: new Map(), firstInChain: new Map() };
    model.runs.forEach((other, order) => {
      built.order.set(other, order);
      if (built.firstInStage.has(other.stage)) return;
      const value = fact(other);
      if (value !== undefined) built.firstInStage.set(other.stage, { order, value });
    });
    indexes.set(question, built);
    index = built;
  }
  // A stage is built FROM an earlier stage only, so all RUNs of the stages above come before this one.
  const above = run.stage.parent ? firstInChain(index, run.stage.parent) : null;
  if (above) return above.value;
  const own = index.firstInStage.get(run.stage);
  const order = index.order.get(run);
  return own && order !== undefined && own.order < order ? own.value : undefined;
}

function firstInChain<T>(index: EarlierRuns<T>, stage: Stage): { value: T } | null {
  const ownFirst = (s: Stage): { value: T } | null => {
    const own = index.firstInStage.get(s);
    return own ? { value: own.value } : null;
  };
  // The stage nearer the root comes first in the file: its answer wins.
  return alongChain(index.firstInChain, stage, ownFirst, (s, parent) => parent ?? ownFirst(s));
}

/** The value of a variable at a RUN, when the linter knows it. */
export function knownValue(run: RunInstruction, name: string): string | undefined {
  const found = run.scope.lookup(name);
  return found.status === 'known' ? found.value : undefined;
}
