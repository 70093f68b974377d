import type { RuleSetting } from './config';
import { RULES } from './rules/registry';
import type { BuildFileContext, Rule } from './rules/rule';
import { runRuleOnBuildFile } from './rules/rule';
import type { Finding } from './types';

export interface BuildFileOptions {
  /** The build file's rule settings (the `.cachemount.json` that governs it, and the caller's). */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** Tests only, as `analyze`'s. */
  extraRules?: readonly Rule[];
}

export interface BuildFileAnalysis {
  /** Sorted by position, as `analyze`'s. */
  findings: Finding[];
  failures: { rule: string; message: string }[];
}

/**
 * What a build definition file (a workflow) shows with the Dockerfiles it builds: a CI job whose cache mounts
 * start empty. Pure and never throws, as `analyze`: a failing rule is reported and the others' findings stay.
 */
export function analyzeBuildFile(
  builds: BuildFileContext['builds'],
  eol: BuildFileContext['eol'],
  options: BuildFileOptions = {},
): BuildFileAnalysis {
  const findings: Finding[] = [];
  const failures: BuildFileAnalysis['failures'] = [];
  const rules = options.extraRules ? [...RULES, ...options.extraRules] : RULES;
  for (const rule of rules) {
    if (!rule.buildFile) continue;
    const setting = options.rules?.[rule.id];
    if (setting === 'off') continue;
    try {
      for (const finding of runRuleOnBuildFile(rule, builds, eol, setting)) findings.push(finding);
    } catch (error) {
      failures.push({ rule: rule.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  findings.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return { findings, failures };
}
