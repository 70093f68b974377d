import { aptDockerClean } from './aptDockerClean';
import { cacheCleaned } from './cacheCleaned';
import { cacheMountMissing } from './cacheMountMissing';
import { cacheNotPersisted } from './cacheNotPersisted';
import { cachePermission } from './cachePermission';
import { cacheTargetUnused } from './cacheTargetUnused';
import { idConflict } from './idConflict';
import { preferTmpfs } from './preferTmpfs';
import { syntaxVersion } from './syntaxVersion';
import { idPlatformScope } from './idPlatformScope';
import { idProjectScope } from './idProjectScope';
import { idUndefinedVariable } from './idUndefinedVariable';
import { mountSyntax } from './mountSyntax';
import { mountTargetMissing } from './mountTargetMissing';
import { sharingInconsistent } from './sharingInconsistent';
import { sharingLockedRequired } from './sharingLockedRequired';
import { sharingLockedUnneeded } from './sharingLockedUnneeded';
import type { Rule, RuleMeta } from './rule';
import { SUPPRESSION_RULE } from '../suppressions';

/** Every rule, in the order their findings are reported for the same position. */
export const RULES: readonly Rule[] = [
  mountSyntax,
  sharingLockedRequired,
  sharingLockedUnneeded,
  sharingInconsistent,
  idUndefinedVariable,
  idPlatformScope,
  idProjectScope,
  idConflict,
  cacheCleaned,
  aptDockerClean,
  cacheNotPersisted,
  cachePermission,
  cacheTargetUnused,
  preferTmpfs,
  syntaxVersion,
  mountTargetMissing,
  cacheMountMissing,
];

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
