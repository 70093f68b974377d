import { short } from './text';
import { cacheSetting, describeSetting } from '../model/cacheContents';
import type { Mount, MountOption } from '../model/types';
import type { Report } from './rule';
import { defineRule } from './rule';
import { firstDiffering, firstMountsById, notBuiltTogether } from './acrossFiles';

type Settings = ReadonlyArray<string | undefined>;

/**
 * One cache id mounted with different sharing, uid, gid or mode. BuildKit keys a cache by its id and, when a
 * mount sets uid, gid or mode, by the directory a mkdir with them made (dockerfile2llb/convert_runmount.go
 * `setCacheUIDGID`; solver/llbsolver/mounts/mount.go `getRefCacheDir`: `id + ":" + ref.ID()`), so mounts that
 * differ there are two caches under one id: a warning. Sharing modes that differ only decide who waits and who
 * gets a copy of its own (`getRefCacheDirNoCache`: a shared or private mount that finds the cache held makes a
 * new one; a locked one waits): a hint. Within a Dockerfile, and across the files checked together.
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
          ...report(difference, mount, where),
          related: [{ range: first.range, message: `cache "${id}" mounted here` }],
        });
      }
    }
  },
  acrossFiles(context) {
    // Each file's first mount of an id against the first file's that mounts it differently.
    for (const [id, uses] of firstMountsById(context.files, settingsOf)) {
      const differing = firstDiffering(
        uses,
        (settings) => JSON.stringify(settings),
        (other, use) => compare(other.value, use.mount) !== undefined,
      );
      for (const use of uses) {
        if (!context.wanted(use.file)) continue;
        const other = differing(use);
        const difference = other && compare(other.value, use.mount);
        if (!other || !difference) continue;
        const where = `in ${short(other.file.name, 30)}:${other.mount.range.start.line + 1}`;
        const r = report(difference, use.mount, where);
        context.report(use.file, {
          ...r,
          related: [
            { range: other.mount.range, message: `cache "${id}" mounted here`, file: other.file.key },
          ],
          // A sharing difference is already a hint.
          ...(r.lower ? {} : notBuiltTogether(context, use.file, other.file)),
        });
      }
    }
  },
});

/** What decides which cache a mount gets, and how it shares it: `[sharing, identity]`, undefined where unknown. */
function settingsOf(mount: Mount): Settings {
  return [cacheSetting(mount, 'sharing'), identityOf(mount)];
}

const OWNER_KEYS = ['uid', 'gid', 'mode'] as const;

/**
 * `''` for a mount that sets none of uid, gid and mode (the cache is its id alone), else their values as
 * BuildKit's mkdir takes them (defaults filled in); undefined when one is not known, or a `source` subpath
 * makes BuildKit skip the mkdir.
 */
function identityOf(mount: Mount): string | undefined {
  const { last } = mount.effective;
  if (last.source && last.source.value?.text.replace(/^\/+/, '') !== '') return undefined;
  if (OWNER_KEYS.every((key) => !last[key])) return '';
  const values: string[] = [];
  for (const key of OWNER_KEYS) {
    const value = cacheSetting(mount, key);
    if (value === undefined) return undefined;
    values.push(describeSetting(key, value));
  }
  return values.join(',');
}

interface Difference {
  kind: 'identity' | 'sharing';
  /** "uid=1000,gid=0,mode=0755 here, no uid, gid or mode there" */
  text: string;
  /** The option of `mount` that differs first, if it writes one. */
  anchor: MountOption | undefined;
  /** For a sharing difference: what happens when both are in use at once. */
  effect?: string;
}

function compare(firstSettings: Settings, mount: Mount): Difference | undefined {
  const [sharingA, identityA] = firstSettings;
  const [sharingB, identityB] = settingsOf(mount);
  const { last } = mount.effective;
  if (identityA !== undefined && identityB !== undefined && identityA !== identityB)
    return {
      kind: 'identity',
      text: describeOwners(identityB, identityA, mount.effective.last),
      anchor: firstDifferent(identityA, identityB, mount),
    };
  if (sharingA === undefined || sharingB === undefined || sharingA === sharingB) return undefined;
  const unlocked = sharingA === 'locked' ? sharingB : sharingB === 'locked' ? sharingA : undefined;
  return {
    kind: 'sharing',
    text: `sharing=${sharingB} here, sharing=${sharingA} there`,
    anchor: last.sharing,
    effect: unlocked
      ? `the ${unlocked} mount gets a separate copy while the locked one holds the cache`
      : 'each gets a separate copy while the other holds the cache',
  };
}

/**
 * "gid=0 here, gid=1000 there": the settings that differ; against a mount without any, those this one writes
 * ("uid=1000 here, no uid/gid/mode there").
 */
function describeOwners(here: string, there: string, last: Mount['effective']['last']): string {
  if (here === '') {
    const DEFAULTS = ['uid=0', 'gid=0', 'mode=0755'];
    const shown = there.split(',').filter((part, i) => part !== DEFAULTS[i]);
    return `no uid/gid/mode here, ${shown.join(',') || 'uid/gid/mode at their defaults'} there`;
  }
  if (there === '') {
    const written = here.split(',').filter((_, i) => last[OWNER_KEYS[i] as (typeof OWNER_KEYS)[number]]);
    return `${written.join(',')} here, no uid/gid/mode there`;
  }
  const a = here.split(',');
  const b = there.split(',');
  const differing = OWNER_KEYS.map((_, i) => i).filter((i) => a[i] !== b[i]);
  return `${differing.map((i) => a[i]).join(',')} here, ${differing.map((i) => b[i]).join(',')} there`;
}

/** The option of `mount` that writes the first of uid, gid and mode that differs, when it writes one. */
function firstDifferent(a: string, b: string, mount: Mount): MountOption | undefined {
  const as = a.split(',');
  const bs = b.split(',');
  const index = OWNER_KEYS.findIndex((_, i) => a === '' || b === '' || as[i] !== bs[i]);
  const key = OWNER_KEYS[index];
  return key ? mount.effective.last[key] : undefined;
}

/** `where`: the first mount, as "(line 3)" in this file or "in api/Dockerfile:3" in another. */
function report(difference: Difference, mount: Mount, where: string): Omit<Report, 'related'> {
  const { text, anchor, kind, effect } = difference;
  // No fix: giving one mount another's uid, gid or mode changes the cache it gets, and which settings are
  // right is the author's call.
  return {
    message:
      kind === 'identity'
        ? `${text} ${where}: BuildKit keeps one cache per uid/gid/mode, so these are two caches.`
        : `${text} ${where}: ${effect ?? ''}.`,
    // On the differing option; when this mount relies on the default, on what names the cache.
    range:
      anchor?.fieldRange ??
      mount.effective.id.option?.fieldRange ??
      mount.effective.target?.option.fieldRange ??
      mount.nameRange,
    mount,
    // Different modes split the cache into copies under contention; nothing is written by two builds that
    // a single mode would have kept apart (sharing-locked-required judges the tool's own concurrency).
    ...(kind === 'sharing'
      ? {
          lower: {
            to: 'hint' as const,
            because: 'mixed sharing modes make copies of the cache, they do not break it',
          },
        }
      : {}),
  };
}
