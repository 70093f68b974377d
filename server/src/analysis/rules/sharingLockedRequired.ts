import { findToolCache } from '../knowledge/tools';
import type { Mount } from '../model/types';
import type { Finding, Fix } from '../types';
import { insertFix, replaceFix } from './fixes';
import type { Rule } from './rule';
import { checkEachMount } from './rule';

const RULE = 'sharing-locked-required';

/** A cache for a tool that cannot take concurrent writers, mounted so that concurrent builds share it. */
export const sharingLockedRequired: Rule = {
  id: RULE,
  severity: 'warning',
  summary: 'The tool cannot share its cache with a concurrent build: use sharing=locked (or private).',
  check: (model) => checkEachMount(model, checkMount),
};

function checkMount(mount: Mount): Finding | undefined {
  const { effective } = mount;
  if (effective.type !== 'cache' || !effective.target?.complete) return undefined;
  if (effective.sharing.value !== 'shared') return undefined;
  const cache = findToolCache(effective.target.absolute);
  if (!cache || cache.concurrency !== 'unsafe') return undefined;

  const where = effective.target.absolute;
  const problem = cache.concurrencyProblem ?? `${cache.tool} does not support concurrent use of its cache`;
  const sharing = effective.sharing.option;
  const message = `${cache.tool}'s cache at ${where} is mounted with ${
    effective.sharing.implied ? 'the default sharing=shared' : 'sharing=shared'
  }: ${problem}. Use sharing=locked so a second build waits, or sharing=private to give it its own copy.`;

  const fixes: Fix[] = [];
  if (sharing?.valueRange) {
    fixes.push(replaceFix('Change sharing=shared to sharing=locked', sharing.valueRange, 'locked', true));
    fixes.push(replaceFix('Change sharing=shared to sharing=private', sharing.valueRange, 'private'));
  } else {
    const value = mount.flag.value;
    const separator = value && !value.text.endsWith(',') ? ',' : '';
    const end = mount.valueRange.end;
    fixes.push(insertFix('Add sharing=locked', end, `${separator}sharing=locked`, true));
    fixes.push(insertFix('Add sharing=private', end, `${separator}sharing=private`));
  }
  const range = sharing ? sharing.fieldRange : effective.target.option.fieldRange;
  return { rule: RULE, severity: 'warning', message, range, fixes };
}
