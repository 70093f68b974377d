import { ALL_RULES } from './all.generated';
import type { Rule, RuleMeta } from './rule';
import { SUPPRESSION_RULE } from '../suppressions';

/** Every rule the analysis runs (`all.generated.ts` lists the rule files; `npm run docs` writes it). */
export const RULES: readonly Rule[] = ALL_RULES;

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/** Reported by the analysis itself (it needs every other rule's findings), configured like any rule. */
export const SUPPRESSION_UNUSED: RuleMeta = {
  id: SUPPRESSION_RULE,
  severity: 'information',
  summary: 'A cachemount-ignore comment suppresses nothing, or names a rule that does not exist.',
};

/** Every rule id a user can configure or suppress, with its default severity and summary. */
export const RULE_METAS: readonly RuleMeta[] = [...RULES, SUPPRESSION_UNUSED];

export const RULE_IDS: readonly string[] = RULE_METAS.map((rule) => rule.id);

const BY_ID = new Map(RULE_METAS.map((rule) => [rule.id, rule]));

export function findRuleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}
