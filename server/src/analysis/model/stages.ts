import type { DockerfileModel, RunInstruction, Stage } from './types';

/** A stage and the stages it is built FROM, nearest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) chain.push(s);
  return chain;
}

// Answers asked for every mount are memoized per model object: the analysis stays linear in the file's
// size, and nothing outlives the model (WeakMaps), so the analysis keeps no state between calls.
const rootImages = new WeakMap<Stage, { image: string | undefined }>();

/** The image at the root of a stage's FROM chain; undefined for scratch. */
export function rootImageOf(stage: Stage): string | undefined {
  return alongChain(rootImages, stage, (root) => ({
    image: root.base === 'image' ? root.image.expanded : undefined,
  })).image;
}

/**
 * A value that a stage inherits from the stage it is built FROM, memoized per stage. `own` gives the value
 * of the chain's root, `derive` the value of a stage from its parent's. Iterative: a file may chain
 * thousands of stages.
 */
function alongChain<T>(
  memo: { get(stage: Stage): T | undefined; set(stage: Stage, value: T): unknown },
  stage: Stage,
  own: (root: Stage) => T,
  derive: (stage: Stage, parent: T) => T = (_stage, parent) => parent,
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

const stageNames = new WeakMap<DockerfileModel, Map<string, Stage>>();

/** The first stage named `name` (lower case), as BuildKit resolves `--from` and `FROM` names. */
export function stageNamed(model: DockerfileModel, name: string): Stage | undefined {
  let byName = stageNames.get(model);
  if (!byName) {
    byName = new Map();
    for (const stage of model.stages)
      if (stage.name !== undefined && !byName.has(stage.name)) byName.set(stage.name, stage);
    stageNames.set(model, byName);
  }
  return byName.get(name);
}

/** Per model and question: each RUN's position, and the first RUN of each stage with an answer. */
interface EarlierIndex<T> {
  order: Map<RunInstruction, number>;
  firstInStage: Map<Stage, { order: number; value: T }>;
  /** The first answer in a stage's whole FROM chain (memoized as chains are asked for). */
  firstInChain: Map<Stage, { value: T } | null>;
}

const earlierIndexes = new WeakMap<DockerfileModel, Map<string, EarlierIndex<unknown>>>();

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
  let indexes = earlierIndexes.get(model);
  if (!indexes) {
    indexes = new Map<string, EarlierIndex<unknown>>();
    earlierIndexes.set(model, indexes);
  }
  let index = indexes.get(question) as EarlierIndex<T> | undefined;
  if (!index) {
    const built: EarlierIndex<T> = { order: new Map(), firstInStage: new Map(), firstInChain: new Map() };
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

function firstInChain<T>(index: EarlierIndex<T>, stage: Stage): { value: T } | null {
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
