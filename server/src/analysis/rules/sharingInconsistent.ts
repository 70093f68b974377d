import { short } from './text';
import type { CacheSetting } from '../model/cacheContents';
import { CACHE_SETTINGS, cacheSetting, describeSetting, safeToShareBoth } from '../model/cacheContents';
import type { Mount, MountOption } from '../model/types';
import type { Report } from './rule';
import { defineRule } from './rule';
import { firstMountsById, notBuiltTogether } from './acrossFiles';

type Settings = ReadonlyArray<string | undefined>;

/**
 * One cache id mounted with different sharing, uid, gid or mode. They are one directory on the builder, so
 * the mounts disagree about how to protect or own it: the weakest sharing mode decides what concurrent builds
 * do, and the owner is whoever created the directory first. Within a Dockerfile, and across the files checked
 * together.
 */
export const sharingInconsistent = defineRule({
  id: 'sharing-inconsistent',
  severity: 'warning',
  summary: 'The same cache is mounted with different sharing, uid, gid or mode.',
  check(context) {
    // Mounts with an id only known at build time cannot be grouped; they are left out. A cache mount without
    // a target is grouped too (its id is "."), so this is every mount, not `eachCacheMount`.
    const groups = new Map<string, Mount[]>();
    context.eachMount((mount) => {
      if (mount.effective.type !== 'cache' || !mount.effective.id.complete) return;
      const group = groups.get(mount.effective.id.value);
      if (group) group.push(mount);
      else groups.set(mount.effective.id.value, [mount]);
    });
    for (const [id, mounts] of groups) {
      const first = mounts[0] as Mount;
      if (mounts.length < 2) continue;
      // The first mount's settings, read once for the group rather than once per mount compared with it.
      const firstSettings = settingsOf(first);
      for (let i = 1; i < mounts.length; i++) {
        const mount = mounts[i] as Mount;
        const difference = compare(firstSettings, mount);
        if (!difference) continue;
        const where = `(line ${first.range.start.line + 1})`;
        context.report({
          ...report(difference, first, mount, where),
          related: [{ range: first.range, message: `cache "${id}" mounted here` }],
        });
      }
    }
  },
  acrossFiles(context) {
    // Each file's first mount of an id against the first file's that mounts it differently.
    for (const [id, uses] of firstMountsById(context.files, settingsOf)) {
      for (const use of uses) {
        let found;
        for (const other of uses) {
          if (other.file === use.file) continue;
          const difference = compare(other.value, use.mount);
          if (difference) {
            found = { other, difference };
            break;
          }
        }
        if (!found) continue;
        const { other, difference } = found;
        const where = `in ${short(other.file.name, 30)}:${other.mount.range.start.line + 1}`;
        const r = report(difference, other.mount, use.mount, where);
        context.report(use.file, {
          ...r,
          related: [
            { range: other.mount.range, message: `cache "${id}" mounted here`, file: other.file.key },
          ],
          // A tool that copes with concurrent writers already lowered it further.
          ...(r.lower ? {} : notBuiltTogether(context, use.file, other.file)),
        });
      }
    }
  },
});

function settingsOf(mount: Mount): Settings {
  return CACHE_SETTINGS.map((key) => cacheSetting(mount, key));
}

interface Difference {
  /** "sharing=locked here, sharing=shared there", for each setting that differs. */
  texts: string[];
  /** The option of `mount` that differs first, if it writes one. */
  anchor: MountOption | undefined;
  onlySharing: boolean;
}

function compare(firstSettings: Settings, mount: Mount): Difference | undefined {
  let difference: Difference | undefined;
  for (let k = 0; k < CACHE_SETTINGS.length; k++) {
    const key = CACHE_SETTINGS[k] as CacheSetting;
    const a = firstSettings[k];
    if (a === undefined) continue;
    const b = cacheSetting(mount, key);
    if (b === undefined || a === b) continue;
    difference ??= { texts: [], anchor: mount.effective.last[key], onlySharing: true };
    difference.texts.push(`${describeSetting(key, b)} here, ${describeSetting(key, a)} there`);
    if (key !== 'sharing') difference.onlySharing = false;
  }
  return difference;
}

/** `where`: the first mount, as "(line 3)" in this file or "in api/Dockerfile:3" in another. */
function report(difference: Difference, first: Mount, mount: Mount, where: string): Omit<Report, 'related'> {
  const { texts, anchor, onlySharing } = difference;
  const safeTool = onlySharing ? safeToShareBoth(first, mount) : undefined;
  const what = `${texts[0] ?? ''}${!safeTool && texts.length > 1 ? ' and more' : ''} ${where}`;
  // No fix: giving one mount another's uid, gid or mode changes the cache directory it gets (BuildKit seeds a
  // cache with uid/gid/mode from a mkdir, and keys it by id and that base), and which settings are right is
  // the author's call.
  return {
    message: safeTool
      ? `${what}: harmless, as ${safeTool}'s cache is safe to share.`
      : `${what}: one directory needs one set of settings.`,
    // On the differing option; when this mount relies on the default, on what names the cache.
    range:
      anchor?.fieldRange ??
      mount.effective.id.option?.fieldRange ??
      mount.effective.target?.option.fieldRange ??
      mount.nameRange,
    mount,
    ...(safeTool ? { lower: { to: 'hint' as const, because: `${safeTool}'s cache is safe to share` } } : {}),
  };
}
