import type { CacheMatch } from '../knowledge/tools';
import type { Mount } from '../model/types';
import type { Fix } from '../types';
import { appendOptionEdit, safeReplace } from '../edits/fixes';
import type { Report } from './rule';
import { defineRule } from './rule';

/**
 * A cache for a tool that cannot take concurrent writers (or does not document that it can), mounted so
 * that concurrent builds share it.
 */
export const sharingLockedRequired = defineRule({
  id: 'sharing-locked-required',
  severity: 'warning',
  summary: 'The tool cannot share its cache with a concurrent build: use sharing=locked (or private).',
  scope: 'stage',
  check: (context) =>
    context.eachKnownCache((mount, match) => {
      const { effective } = mount;
      if (effective.sharing.value !== 'shared' || !effective.target || match.cache.concurrency === 'safe')
        return;
      context.report(lockedReport(mount, match));
    }),
});

function lockedReport(mount: Mount, match: CacheMatch): Report {
  const { effective } = mount;
  const { cache } = match;
  const where = effective.target?.absolute;
  const sharing = effective.sharing.option;
  const mode = effective.sharing.implied ? 'the default sharing=shared' : 'sharing=shared';
  const moved = match.movedBy ? ` (${match.movedBy} puts it there)` : '';
  const problem =
    cache.concurrency === 'unsafe'
      ? `${cache.concurrencyNote}.`
      : `${cache.concurrencyNote}, so two builds writing it at once are not known to be safe.`;
  const message = `${cache.tool}'s cache at ${where} (${cache.description})${moved} is mounted with ${mode}: ${problem} Use sharing=locked so a second build waits, or sharing=private to give it its own copy.`;

  // Both keep the cache's id, so its directory: locked makes a second build wait, private gives a build
  // that finds the cache busy a copy of its own.
  const fixes: Fix[] = [];
  if (sharing?.valueRange) {
    fixes.push(safeReplace('Change sharing=shared to sharing=locked', sharing.valueRange, 'locked', true));
    fixes.push(safeReplace('Change sharing=shared to sharing=private', sharing.valueRange, 'private'));
  } else {
    const locked = appendOptionEdit(mount, 'sharing=locked');
    const priv = appendOptionEdit(mount, 'sharing=private');
    fixes.push({ title: 'Add sharing=locked', edits: [locked], safety: 'safe', preferred: true });
    fixes.push({ title: 'Add sharing=private', edits: [priv], safety: 'safe' });
  }
  const range = sharing ? sharing.fieldRange : (effective.target?.option.fieldRange ?? mount.valueRange);
  return { message, range, fixes, mount };
}
