import type { DockerfileModel, Mount } from '../model/types';
import type { Finding, Severity } from '../types';

export interface RuleMeta {
  id: string;
  /** Severity when the user configured nothing. */
  severity: Severity;
  /** One line for lists (docs, SARIF, settings). */
  summary: string;
}

export interface Rule extends RuleMeta {
  check(model: DockerfileModel): Finding[];
}

export const DOCS_BASE = 'https://github.com/cachemount/cachemount/blob/main/docs/rules.md';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}#${ruleId}`;
}

/** Runs a per-mount check over every `--mount` of every RUN. */
export function checkEachMount(
  model: DockerfileModel,
  check: (mount: Mount) => Finding | readonly Finding[] | undefined,
): Finding[] {
  const findings: Finding[] = [];
  for (const run of model.runs) {
    for (const mount of run.mounts) {
      const result = check(mount);
      if (Array.isArray(result)) findings.push(...(result as readonly Finding[]));
      else if (result) findings.push(result as Finding);
    }
  }
  return findings;
}
