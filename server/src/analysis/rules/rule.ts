import type { DockerfileModel } from '../model/types';
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
