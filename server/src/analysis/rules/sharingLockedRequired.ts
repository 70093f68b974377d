import { mountCache } from '../knowledge/mountCache';
import type { Mount } from '../model/types';
import type { Finding, Fix } from '../types';
import { appendOptionEdit, replaceFix } from './fixes';
import type { Rule } from './rule';
import { checkEachMount } from './rule';

const RULE = 'sharing-locked-required';

/**
 * A cache for a tool that cannot take concurrent writers (or does not document that it can), mounted so
 * that concurrent builds share it.
 */
export const sharingLockedRequired: Rule = {
  id: RULE,
  severity: 'warning',
  summary: 'The tool cannot share its cache with a concurrent build: use sharing=locked (or private).',
  scope: 'stage',
  check: (model, runs) => checkEachMount(model, checkMount, runs),
};

function checkMount(mount: Mount): Finding | undefined {
  const { effective } = mount;
  if (effective.sharing.value !== 'shared' || !effective.target) return undefined;
  const match = mountCache(mount);
  if (!match || match.cache.concurrency === 'safe') return undefined;
  const { cache } = match;

  const where = effective.target.absolute;
  const sharing = effective.sharing.option;
  const mode = effective.sharing.implied ? 'the default sharing=shared' : 'sharing=shared';
  const moved = match.movedBy ? ` (${match.movedBy} puts it there)` : '';
  const problem =
    cache.concurrency === 'unsafe'
      ? `${cache.concurrencyNote}.`
      : `${cache.concurrencyNote}, so two builds writing it at once are not known to be safe.`;
  const message = `${cache.tool}'s cache at ${where} (${cache.description})${moved} is mounted with ${mode}: ${problem} Use sharing=locked so a second build waits, or sharing=private to give it its own copy.`;

  const fixes: Fix[] = [];
  if (sharing?.valueRange) {
    fixes.push(replaceFix('Change sharing=shared to sharing=locked', sharing.valueRange, 'locked', true));
    fixes.push(replaceFix('Change sharing=shared to sharing=private', sharing.valueRange, 'private'));
  } else {
    const locked = appendOptionEdit(mount, 'sharing=locked');
    const priv = appendOptionEdit(mount, 'sharing=private');
    fixes.push({ title: 'Add sharing=locked', edits: [locked], preferred: true });
    fixes.push({ title: 'Add sharing=private', edits: [priv] });
  }
  const range = sharing ? sharing.fieldRange : effective.target.option.fieldRange;
  return { rule: RULE, severity: 'warning', message, range, fixes };
}
