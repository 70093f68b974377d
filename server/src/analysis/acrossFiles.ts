import type { RuleSetting } from './config';
import { RULES } from './rules/registry';
import type { Rule, WorkspaceContext, WorkspaceFile } from './rules/rule';
import { runRuleAcrossFiles } from './rules/rule';
import type { Finding } from './types';

export type { WorkspaceFile } from './rules/rule';

export interface FileInWorkspace extends WorkspaceFile {
  /** The file's own rule settings (its `.cachemount.json` and the caller's): `off` silences a rule there. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

export interface AcrossFilesOptions {
  /** Whether one build definition builds both files; without build definitions, never. */
  builtTogether?: WorkspaceContext['builtTogether'];
  /** Only this file's findings are wanted (an editor checking one document): the others are not worked out. */
  only?: string;
  /** Tests only, as `analyze`'s. */
  extraRules?: readonly Rule[];
}

export interface AcrossFilesResult {
  /** The findings only the files together show, by file key; pass each file's to `analyze` (`acrossFiles`). */
  findings: Map<string, Finding[]>;
  failures: { rule: string; message: string }[];
}

/**
 * What the files checked together show that none shows alone: one cache id used for unrelated things, or
 * mounted with different settings, in two files. Pure and never throws, as `analyze`: a failing rule is
 * reported and the others' findings stay.
 */
export function analyzeAcrossFiles(
  files: readonly FileInWorkspace[],
  options: AcrossFilesOptions = {},
): AcrossFilesResult {
  const findings = new Map<string, Finding[]>();
  const failures: AcrossFilesResult['failures'] = [];
  if (files.length < 2) return { findings, failures };
  const builtTogether = options.builtTogether ?? (() => false);
  const rules = options.extraRules ? [...RULES, ...options.extraRules] : RULES;
  const settings = new Map(files.map((file) => [file.key, file.rules] as const));
  for (const rule of rules) {
    if (!rule.acrossFiles) continue;
    try {
      const found = runRuleAcrossFiles(
        rule,
        files,
        (file) => settings.get(file.key)?.[rule.id],
        builtTogether,
        options.only === undefined ? undefined : (file) => file.key === options.only,
      );
      for (const [key, list] of found) {
        const all = findings.get(key);
        if (all) for (const f of list) all.push(f);
        else findings.set(key, list);
      }
    } catch (error) {
      failures.push({ rule: rule.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { findings, failures };
}
