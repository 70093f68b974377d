import { short } from './text';
import { mountCache } from '../model/mountCache';
import { mountUse } from '../model/mountUse';
import { knownValue } from '../model/stages';
import { TEMPORARY_DIRS } from '../knowledge/temporary';
import type { TemporaryDir } from '../knowledge/temporary';
import { homesFor } from '../knowledge/tools';
import type { Mount, RunInstruction } from '../model/types';
import { isWithin } from '../syntax/paths';
import type { Fix, Range, TextEdit } from '../types';
import { defineRule } from './rule';

/** Options a tmpfs mount rejects (mount-syntax): they must go when a cache becomes a tmpfs. */
const CACHE_ONLY = new Set(['id', 'sharing', 'uid', 'gid', 'mode', 'from', 'source']);

/** A cache mount over scratch or cheaply regenerated data, which wastes the builder's cache space. */
export const preferTmpfs = defineRule({
  id: 'prefer-tmpfs',
  severity: 'hint',
  summary:
    'Scratch or cheaply regenerated data is cached: a tmpfs mount does the job without using cache space.',
  scope: 'stage',
  check: (context) =>
    context.eachCacheMount((mount, target) => {
      if (!target.complete) return;
      const { run } = mount;
      const homes = homesFor(run.user.value, knownValue(run, 'HOME'));
      const temporary = temporaryDir(target.absolute, homes, run);
      if (!temporary) return;
      // A tool's cache put under /tmp, by the image (HOME) or by the command itself (`--store-dir /tmp/...`),
      // is a cache the tool reads again, not scratch.
      if (temporary.exceptToolCaches && (mountCache(mount) || mountUse(mount).kind === 'used')) return;
      context.report({
        message: `${short(target.absolute)} holds scratch files, not a cache worth keeping: use type=tmpfs instead.`,
        range: mount.effective.typeOption?.fieldRange ?? target.option.fieldRange,
        mount,
        fixes: tmpfsFix(mount),
      });
    }),
});

/** The first scratch directory the target lies in: a default path (`~/` in any home) or one moved by ENV. */
function temporaryDir(
  target: string,
  homes: readonly string[],
  run: RunInstruction,
): TemporaryDir | undefined {
  for (const dir of TEMPORARY_DIRS) {
    for (const path of dir.paths) {
      if (!path.startsWith('~/')) {
        if (isWithin(target, path)) return dir;
        continue;
      }
      for (const home of homes) if (isWithin(target, home + path.slice(1))) return dir;
    }
    for (const { variable, suffix } of dir.movedBy) {
      const value = knownValue(run, variable);
      if (value !== undefined && isWithin(target, value + (suffix ?? ''))) return dir;
    }
  }
  return undefined;
}

function tmpfsFix(mount: Mount): Fix[] {
  const typeValue = mount.effective.typeOption?.valueRange;
  if (!typeValue) return [];
  const edits: TextEdit[] = [{ range: typeValue, newText: 'tmpfs' }];
  for (const option of mount.options) {
    if (option.canonical && CACHE_ONLY.has(option.canonical)) {
      if (!option.removalRange) return [];
      edits.push({ range: option.removalRange, newText: '' });
    }
  }
  if (overlapping(edits.map((e) => e.range))) return [];
  // Unsafe: the RUN starts from an empty directory every time, and what the cache held is gone.
  return [{ title: 'Change to type=tmpfs', edits, safety: 'unsafe' }];
}

function overlapping(ranges: Range[]): boolean {
  const key = (p: Range['start']) => p.line * 1e7 + p.character;
  const sorted = [...ranges].sort((a, b) => key(a.start) - key(b.start));
  return sorted.some((r, i) => i > 0 && key(r.start) < key(sorted[i - 1]?.end ?? r.start));
}
