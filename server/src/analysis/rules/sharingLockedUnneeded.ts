import { replaceFix } from '../edits/fixes';
import { concurrencyAt } from '../knowledge/tools';
import { defineRule } from './rule';

/** `sharing=locked` on a cache whose tool is documented as safe for concurrent writers. */
export const sharingLockedUnneeded = defineRule({
  id: 'sharing-locked-unneeded',
  severity: 'hint',
  summary: 'The tool is safe for concurrent builds: sharing=locked only makes parallel builds wait.',
  scope: 'stage',
  check: (context) =>
    context.eachKnownCache((mount, match) => {
      const { sharing } = mount.effective;
      const target = mount.effective.target;
      if (sharing.value !== 'locked' || !sharing.option || !target) return;
      if (concurrencyAt(match.cache, match.directory, target.absolute).concurrency !== 'safe') return;
      // Only the last sharing option counts, and only it is removed: an earlier one would be BuildKit's choice then.
      const repeated = mount.options.filter((o) => o.canonical === 'sharing').length > 1;
      const removal = sharing.option.removalRange;
      context.report({
        message: `${match.cache.tool}'s cache is safe to share, so sharing=locked only makes parallel builds wait: drop it.`,
        range: sharing.option.fieldRange,
        mount,
        fixes:
          removal && !repeated
            ? // Unsafe: dropping the lock lets concurrent builds write the cache at once, which is only as
              // harmless as the knowledge base's word that the tool copes with it.
              [replaceFix('Remove sharing=locked', removal, '', 'unsafe')]
            : [],
      });
    }),
});
