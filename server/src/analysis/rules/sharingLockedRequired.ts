import { short } from './text';
import type { CacheMatch, Concurrency } from '../knowledge/tools';
import { concurrencyAt } from '../knowledge/tools';
import { misplacedUnderRootHome } from '../model/mountCache';
import { mountUse } from '../model/mountUse';
import type { Mount } from '../model/types';
import type { Fix } from '../types';
import { appendOptionEdit, safeReplace } from '../edits/fixes';
import type { Report } from './rule';
import { defineRule } from './rule';
import { rootImageOf } from '../model/stages';
import { yumIsYum3 } from '../knowledge/images';

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
      if (effective.sharing.value !== 'shared' || !effective.target) return;
      // Nothing in this RUN writes the cache (cache-target-unused says so): there is nothing to race.
      const use = mountUse(mount);
      if (use.kind === 'unused' || misplacedUnderRootHome(mount)) return;
      const safety = concurrencyAt(match.cache, match.directory, effective.target.absolute);
      if (safety.concurrency === 'safe') return;
      // Only a command known to use the cache makes the race certain: a script, or a RUN that only reads
      // what another RUN installed, is a hint that says what it assumes.
      const report = lockedReport(mount, match, safety, use.kind === 'used');
      // `yum` is yum 3 only on EL7-era images; from EL8 on it is dnf, which keeps its cache elsewhere.
      const image = rootImageOf(mount.run.stage);
      if (match.cache.id === 'yum' && !report.lower && !(image && yumIsYum3(image))) {
        report.message = `If yum here is yum 3 (EL7), its cache at ${short(effective.target.absolute)} needs sharing=locked; from EL8 on, yum is dnf.`;
        report.lower = { to: 'hint', because: 'the image is not known to run yum 3 rather than dnf' };
      }
      context.report(report);
    }),
});

function lockedReport(
  mount: Mount,
  match: CacheMatch,
  safety: { concurrency: Concurrency; note: string },
  used: boolean,
): Report {
  const { effective } = mount;
  const { cache } = match;
  const sharing = effective.sharing.option;
  const where = short(effective.target?.absolute ?? match.directory);
  // Unsafe: the tool's own lock fails a concurrent build. Unclear: not documented either way, so a hint that
  // says what is assumed (ARCHITECTURE: a warning is a certainty).
  const message =
    safety.concurrency !== 'unsafe'
      ? `The cache at ${where} may need sharing=locked: concurrent use by ${cache.tool} is undocumented.`
      : used
        ? `${cache.tool}'s cache at ${where} needs sharing=locked, or concurrent builds break it.`
        : `If this RUN runs ${cache.tool}, its cache at ${where} needs sharing=locked.`;
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
  const report: Report = { message, range, fixes, mount };
  if (safety.concurrency !== 'unsafe')
    report.lower = { to: 'hint', because: `${cache.tool} does not document concurrent use of this cache` };
  else if (!used)
    report.lower = { to: 'hint', because: `no command of this RUN is known to run ${cache.tool}` };
  return report;
}
