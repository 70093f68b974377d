import type { MultiPlatform, RuleSetting } from './config';
import { buildModel } from './model/build';
import type { DockerfileModel } from './model/types';
import { RULE_IDS, RULES } from './rules/registry';
import { applySuppressions } from './suppressions/apply';
import type { AppliedSuppressions } from './suppressions/apply';
import type { Rule, RuleFacts, SuppressionFacts } from './rules/rule';
import { runRule } from './rules/rule';
import type { BuildFacts, Finding } from './types';
import type { AnalysisReuse } from './incremental/reuse';
import { StageChecks } from './incremental/reuse';

export type { RuleSetting } from './config';

export interface AnalyzeOptions {
  /** Per-rule severity; rules not named keep their default. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** The project's name (for example the Dockerfile's folder), used when a fix needs to name a cache. */
  projectName?: string;
  /** Whether builds target several platforms; `detect` (the default) reads it from the file. */
  multiPlatform?: MultiPlatform;
  /**
   * Rules run after the registry's. Tests inject a failing rule through it to check that a failure stays
   * contained; the editor and the CLI never pass any.
   */
  extraRules?: readonly Rule[];
  /**
   * What the analysis of this document's previous version left (the editor keeps one per open document):
   * only the stages an edit changed are parsed and checked again. The findings are the same without it.
   */
  reuse?: AnalysisReuse;
  /**
   * This file's findings from `analyzeAcrossFiles` (what it shows together with other files): its
   * cachemount-ignore comments hide them like the file's own, and suppression-unused counts them.
   */
  acrossFiles?: readonly Finding[];
  /** What Bake, Compose or workflow files say about how this file is built (platforms). */
  builds?: BuildFacts;
}

export interface RuleFailure {
  rule: string;
  message: string;
}

export interface Analysis {
  model: DockerfileModel;
  findings: Finding[];
  /** Rules that threw: reported so a caller can log them; the other rules' findings are still complete. */
  failures: RuleFailure[];
  /** How many findings `cachemount-ignore` comments hid. */
  suppressed: number;
}

/** Text in, findings out. Pure, and never throws. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const buildArgs = certainArgs(options.builds);
  const argsKey = JSON.stringify(buildArgs ?? {});
  // Stages the last version built with other build arguments hold other values: build every stage again.
  if (options.reuse && options.reuse.argsKey !== argsKey) {
    options.reuse.model.previous = undefined;
    options.reuse.argsKey = argsKey;
  }
  const model = buildModel(text, options.reuse?.model, buildArgs);
  if (options.builds) model.builds = options.builds;
  if (options.projectName) model.projectName = options.projectName;
  if (options.multiPlatform === 'always') model.multiPlatform = true;
  if (options.multiPlatform === 'never') model.multiPlatform = false;
  // A build definition's platforms count as declared, as the file's own signs do; `never` wins over both.
  const declared = options.builds?.platforms;
  if (declared === 'multi' && options.multiPlatform !== 'never') model.multiPlatform = true;
  model.singlePlatform = options.multiPlatform === 'never' || (!model.multiPlatform && declared === 'single');
  const failures: RuleFailure[] = [];
  const setting = (rule: string): RuleSetting | undefined => options.rules?.[rule];
  const stages = options.reuse ? new StageChecks(model, options.reuse, contextOf(model, options)) : undefined;
  const rules = options.extraRules ? [...RULES, ...options.extraRules] : RULES;
  const run = (rule: Rule, facts?: RuleFacts): Finding[] => {
    const configured = setting(rule.id);
    if (configured === 'off') return [];
    try {
      return stages && rule.scope === 'stage' && !rule.after
        ? stages.check(rule, configured)
        : runRule(rule, model, model.runs, configured, facts);
    } catch (error) {
      failures.push({ rule: rule.id, message: messageOf(error) });
      return [];
    }
  };

  const raw: Finding[] = [];
  // Pushed one by one: a rule may report more findings than a spread's arguments can hold (125,000 duplicates).
  for (const rule of rules) if (!rule.after) for (const finding of run(rule)) raw.push(finding);
  stages?.finish();
  // A finding across files replaces the file's own finding of the same rule at the same place: it says the
  // same, and names the other file (id-project-scope: "every project may" becomes "this project does").
  const across = options.acrossFiles ?? [];
  if (across.length > 0) {
    const key = (f: Finding) => `${f.rule}:${f.range.start.line}:${f.range.start.character}`;
    const replaced = new Set(across.map(key));
    for (let i = raw.length - 1; i >= 0; i--) if (replaced.has(key(raw[i] as Finding))) raw.splice(i, 1);
  }
  for (const finding of across) raw.push(finding);

  // Then the comments hide what they name, and the rules that read what they hid run (suppression-unused).
  const late = rules.filter((rule) => rule.after === 'suppressions');
  let applied: AppliedSuppressions | undefined;
  try {
    applied = applySuppressions(model, raw);
  } catch (error) {
    // The findings stay as the rules reported them, and the rules that read what the comments hid are skipped.
    for (const rule of late) failures.push({ rule: rule.id, message: messageOf(error) });
  }
  const findings = applied ? applied.findings : raw;
  if (applied) {
    const suppressions: SuppressionFacts = {
      comments: applied.comments,
      used: applied.used,
      ruleIds: RULE_IDS,
      enabled: (rule: string) => setting(rule) !== 'off',
    };
    for (const rule of late) findings.push(...run(rule, { suppressions }));
  }
  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      compareIds(a.rule, b.rule),
  );
  return { model, findings, failures, suppressed: applied?.suppressed ?? 0 };
}

/** The build arguments every build of the file is given one value for: those an ARG takes for sure. */
function certainArgs(builds: BuildFacts | undefined): Record<string, string> | undefined {
  if (!builds?.args) return undefined;
  let certain: Record<string, string> | undefined;
  for (const [name, fact] of Object.entries(builds.args))
    if (fact.everyBuild && fact.values.length === 1) (certain ??= {})[name] = fact.values[0] as string;
  return certain;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What every stage-scoped rule may read beyond its stages (see `Rule.scope`), as one string. */
function contextOf(model: DockerfileModel, options: AnalyzeOptions): string {
  const { multiPlatform, singlePlatform, projectName, eol } = model;
  return JSON.stringify([
    multiPlatform,
    singlePlatform ?? false,
    projectName ?? null,
    eol,
    options.rules ?? null,
    certainArgs(model.builds) ?? null,
  ]);
}

/**
 * Rule ids by code unit: for ids of lower-case letters and hyphens this is the order `localeCompare` gives
 * (a test pins it), without the collator, whose first use costs a CLI run milliseconds.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
