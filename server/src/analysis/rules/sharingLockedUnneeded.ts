import { mountCache } from '../knowledge/mountCache';
import type { Mount } from '../model/types';
import type { Finding } from '../types';
import { replaceFix } from './fixes';
import type { Rule } from './rule';
import { checkEachMount } from './rule';

const RULE = 'sharing-locked-unneeded';

/** `sharing=locked` on a cache whose tool is documented as safe for concurrent writers. */
export const sharingLockedUnneeded: Rule = {
  id: RULE,
  severity: 'hint',
  summary: 'The tool is safe for concurrent builds: sharing=locked only makes parallel builds wait.',
  scope: 'stage',
  check: (model, runs) => checkEachMount(model, checkMount, runs),
};

function checkMount(mount: Mount): Finding | undefined {
  const { sharing } = mount.effective;
  if (sharing.value !== 'locked' || !sharing.option) return undefined;
  const match = mountCache(mount);
  if (!match || match.cache.concurrency !== 'safe') return undefined;
  // Only the last sharing option counts, and only it is removed: an earlier one would be BuildKit's choice then.
  const repeated = mount.options.filter((o) => o.canonical === 'sharing').length > 1;
  const removal = sharing.option.removalRange;
  return {
    rule: RULE,
    severity: 'hint',
    message: `${match.cache.tool}'s cache (${match.cache.description}) is safe to share: ${match.cache.concurrencyNote}. sharing=locked makes parallel builds wait for each other for nothing; the default (shared) lets them run together.`,
    range: sharing.option.fieldRange,
    fixes: removal && !repeated ? [replaceFix('Remove sharing=locked', removal, '', true)] : [],
  };
}
