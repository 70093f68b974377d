import type { RuleSetting } from './config';
import { RULES } from './rules/registry';
import type { BuildDefinition } from './buildFacts';
import type { Rule, WorkspaceFile } from './rules/rule';
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

/** A build definition file as read: its text, and the builds it declares (builds/ reads them). */
export interface BuildFileInput {
  text: string;
  definitions: readonly BuildDefinition[];
}

/**
 * What a build definition file (a workflow) shows with the Dockerfiles it builds: a CI job whose cache mounts
 * start empty. `dockerfileAt` gives the Dockerfile checked with it at a definition's path (the CLI's files of
 * the run, the editor's workspace folder), or undefined. Pure and never throws, as `analyze`: a failing rule is
 * reported and the others' findings stay.
 */
export function analyzeBuildFile(
  file: BuildFileInput,
  dockerfileAt: (path: string) => WorkspaceFile | undefined,
  options: BuildFileOptions = {},
): BuildFileAnalysis {
  const builds = file.definitions.map((definition) => ({
    definition,
    dockerfile: definition.dockerfile === undefined ? undefined : dockerfileAt(definition.dockerfile),
  }));
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
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
