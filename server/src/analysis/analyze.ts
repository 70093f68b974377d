import { buildModel } from './model/build';
import type { DockerfileModel } from './model/types';
import { RULES } from './rules/registry';
import type { Finding, Severity } from './types';

export type RuleSetting = Severity | 'off';

export interface AnalyzeOptions {
  /** Per-rule severity; rules not named keep their default. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** The project's name (for example the Dockerfile's folder), used when a fix needs to name a cache. */
  projectName?: string;
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
}

/** Text in, findings out. Pure, and never throws. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const model = buildModel(text);
  if (options.projectName) model.projectName = options.projectName;
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  for (const rule of RULES) {
    const configured = options.rules?.[rule.id];
    if (configured === 'off') continue;
    try {
      // A rule may lower its own severity for a finding it is less sure of; a configured one wins.
      for (const finding of rule.check(model))
        findings.push(configured ? { ...finding, severity: configured } : finding);
    } catch (error) {
      failures.push({ rule: rule.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.rule.localeCompare(b.rule),
  );
  return { model, findings, failures };
}
