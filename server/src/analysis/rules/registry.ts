import { aptDockerClean } from './aptDockerClean';
import { cacheCleaned } from './cacheCleaned';
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
import type { Rule } from './rule';

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
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
