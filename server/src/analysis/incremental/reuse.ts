import { ParseReuse } from './parseReuse';
import { ModelReuse } from './modelReuse';
import type { DockerfileModel, RunInstruction, Stage } from '../model/types';
import type { Rule } from '../rules/rule';
import { runRule } from '../rules/rule';
import type { Finding, Severity } from '../types';

/**
 * The incremental analysis's entry point: nothing outside this folder imports another of its files.
 * `analyze(text, {reuse})` builds the model with `reuse.model` (an `IncrementalBuild`: `buildModel` parses
 * by stage and takes stages over through it) and checks stage-scoped rules with `StageChecks`.
 *
 * What an editor keeps of one document's last analysis so that the next version does again only what an
 * edit changed: the parse by stage (`ParseReuse`, parseReuse.ts), the model of the stages it did not change
 * (`ModelReuse`, modelReuse.ts), and the findings of the stage-scoped rules, by stage (below).
 * It changes how long an analysis takes, never its findings (the reliability tests compare both paths after
 * every edit of thousands of fuzzed documents). One per open document; not shared between documents.
 */
export class AnalysisReuse {
  readonly parse = new ParseReuse();
  readonly model: ModelReuse;
  /** Stage-scoped rules' findings of the last analysis, by stage key. */
  stageFindings = new Map<number, StageFindings>();
  /** Interned stage keys (see `stageKeys`): equal keys get equal numbers across versions. */
  keyIds = new Map<string, number>();
  nextKeyId = 0;
  /** What the last analysis did, for tests and the benchmark. */
  last = { stagesReused: 0, stagesChecked: 0 };
  /** The build arguments the last model was built with (`analyze` starts over when they change). */
  argsKey = '{}';

  /** `retainedTextChars`: see `ModelReuse` (tests pass a small one to reach the bound). */
  constructor(options: { retainedTextChars?: number } = {}) {
    this.model = new ModelReuse(this.parse, options.retainedTextChars);
  }
}

interface StageFindings {
  /** The build that checked the stage first: its findings may hold strings cut from that build's text. */
  generation: number;
  byRule: Map<string, readonly Finding[]>;
}

/**
 * Checks stage-scoped rules stage by stage for one analysis: a stage whose key is unchanged since the last
 * version gets that version's findings back, the others are checked. `finish` keeps this version's.
 */
export class StageChecks {
  private readonly keys: number[];
  private readonly runsByStage: RunInstruction[][];
  private readonly next = new Map<number, StageFindings>();
  private readonly checked = new Set<number>();

  constructor(
    private readonly model: DockerfileModel,
    private readonly reuse: AnalysisReuse,
    context: string,
  ) {
    this.keys = stageKeys(model, reuse, context);
    this.runsByStage = model.stages.map(() => []);
    for (const run of model.runs) this.runsByStage[run.stage.index]?.push(run);
  }

  check(rule: Rule, configured?: Severity): Finding[] {
    const findings: Finding[] = [];
    this.model.stages.forEach((stage, index) => {
      const runs = this.runsByStage[index] ?? [];
      if (runs.length === 0) return;
      const key = this.keys[index] as number;
      const previous = this.reuse.stageFindings.get(key);
      let own = this.next.get(key);
      if (!own) {
        own = { generation: previous?.generation ?? this.reuse.model.generation, byRule: new Map() };
        this.next.set(key, own);
      }
      const known = previous?.byRule.get(rule.id);
      if (known) {
        own.byRule.set(rule.id, known);
        findings.push(...known);
        return;
      }
      this.checked.add(stage.index);
      const found = runRule(rule, this.model, runs, configured);
      own.byRule.set(rule.id, found);
      for (const finding of found) findings.push(finding);
    });
    return findings;
  }

  finish(): void {
    // Findings kept from many versions would keep each version's text alive: keep the newest few.
    const generations = [...new Set([...this.next.values()].map((entry) => entry.generation))];
    const limit = this.reuse.model.generationLimit(this.model.text.length);
    if (generations.length > limit) {
      const oldestKept = generations.sort((a, b) => b - a)[limit - 1] as number;
      for (const [key, entry] of this.next) if (entry.generation < oldestKept) this.next.delete(key);
    }
    this.reuse.stageFindings = this.next;
    const withRuns = this.runsByStage.filter((runs) => runs.length > 0).length;
    this.reuse.last = { stagesChecked: this.checked.size, stagesReused: withRuns - this.checked.size };
  }
}

/**
 * A number per stage that changes whenever anything a stage-scoped rule may read for the stage's RUNs
 * changes (see `Rule.scope`): the stage's text and first line, those of every stage it is built FROM, the
 * text before the first FROM (global ARGs, directives), and `context` (settings, stage names, platforms,
 * project name, line ending). Keys are interned so that a chain of stages costs one short key per stage,
 * not the text of its whole chain.
 */
function stageKeys(model: DockerfileModel, reuse: AnalysisReuse, context: string): number[] {
  const { text, lines, stages } = model;
  const starts = stages.map((stage) => lines.lineStart(stage.fromRange.start.line));
  const preamble = text.slice(0, starts[0] ?? text.length);
  const names = stages.map((stage) => stage.name ?? '').join('\u0000');
  const keyIds = new Map<string, number>();
  const intern = (key: string): number => {
    let id = keyIds.get(key) ?? reuse.keyIds.get(key);
    if (id === undefined) id = reuse.nextKeyId++;
    keyIds.set(key, id);
    return id;
  };
  const base = intern(`${context}\u0001${names}\u0001${preamble}`);
  const ids = new Map<Stage, number>();
  const keys = stages.map((stage, index) => {
    const own = text.slice(starts[index] ?? text.length, starts[index + 1] ?? text.length);
    const parent = stage.parent ? ids.get(stage.parent) : base;
    const id = intern(`${parent ?? base}\u0001${index}\u0001${stage.fromRange.start.line}\u0001${own}`);
    ids.set(stage, id);
    return id;
  });
  reuse.keyIds = keyIds;
  return keys;
}
