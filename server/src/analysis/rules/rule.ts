import type { DockerfileModel, Mount, RunInstruction } from '../model/types';
import type { Finding, Severity } from '../types';

export interface RuleMeta {
  id: string;
  /** Severity when the user configured nothing. */
  severity: Severity;
  /** One line for lists (docs, SARIF, settings). */
  summary: string;
}

export interface Rule extends RuleMeta {
  /**
   * `stage`: the rule reports only on the RUNs it is given, and what it reports for a RUN depends on nothing
   * but the text of the RUN's stage and of the stages it is built FROM, the text before the first FROM, and
   * the file's stage names, platforms, project name and line ending (`stageKeys` in analysis/reuse.ts). An
   * editor then checks again only the stages an edit changed. `file` (the default): the rule reads the
   * whole file, and runs on every version.
   */
  scope?: 'stage' | 'file';
  /** `runs`: the RUNs to report on, for a stage-scoped rule; all of the file's when absent. */
  check(model: DockerfileModel, runs?: readonly RunInstruction[]): Finding[];
}

export const DOCS_BASE = 'https://github.com/cachemount/cachemount/blob/main/docs/rules.md';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}#${ruleId}`;
}

/** Runs a per-mount check over every `--mount` of the given RUNs (all of the file's by default). */
export function checkEachMount(
  model: DockerfileModel,
  check: (mount: Mount) => Finding | readonly Finding[] | undefined,
  runs: readonly RunInstruction[] = model.runs,
): Finding[] {
  const findings: Finding[] = [];
  for (const run of runs) {
    for (const mount of run.mounts) {
      const result = check(mount);
      if (Array.isArray(result)) findings.push(...(result as readonly Finding[]));
      else if (result) findings.push(result as Finding);
    }
  }
  return findings;
}
