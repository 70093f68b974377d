import { ALL_RULES } from './all.generated';
import type { Rule, RuleMeta } from './rule';

/**
 * Every rule, in the order the analysis runs them: those that wait for the others (`after`) last.
 * `all.generated.ts` lists the rule files; `npm run docs` writes it.
 */
export const RULES: readonly Rule[] = [
  ...ALL_RULES.filter((rule) => !rule.after),
  ...ALL_RULES.filter((rule) => rule.after),
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/** Every rule id a user can configure or suppress, with its default severity and summary. */
export const RULE_METAS: readonly RuleMeta[] = RULES;

export const RULE_IDS: readonly string[] = RULE_METAS.map((rule) => rule.id);

const BY_ID = new Map(RULE_METAS.map((rule) => [rule.id, rule]));

export function findRuleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}
