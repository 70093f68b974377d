import { mountCache } from './mountCache';
import { mountUse } from './mountUse';
import type { Mount } from './types';

/** What a cache mount holds, as far as two mounts of one id can be compared. */
export interface CacheContents {
  /** The knowledge base's id of the tool cache recognised, if any. */
  tool?: string;
  /** The last folder of the target. */
  folder: string;
}

/** What a cache mount holds: the tool cache recognised, and the folder it is mounted as. */
export function cacheContents(mount: Mount): CacheContents | undefined {
  const target = mount.effective.target;
  if (!target?.complete) return undefined;
  const folder = lastFolder(target.absolute);
  const match = mountCache(mount);
  if (match) return { tool: match.cache.id, folder };
  // A tool whose cache a command moved there (`COMPOSER_CACHE_DIR=/tmp/c composer install`) holds it too.
  const use = mountUse(mount);
  return use.kind === 'used' ? { tool: use.cache.id, folder } : { folder };
}

/**
 * Two mounts of one id hold unrelated things when they hold different tools' caches and different folders:
 * each tool then finds the other's files in its cache.
 */
export function unrelatedContents(a: CacheContents, b: CacheContents): boolean {
  if (a.tool && a.tool === b.tool) return false;
  return a.folder !== b.folder;
}

/** What a mount holds, in words: for a message only. */
export function contentsLabel(mount: Mount): string {
  const match = mountCache(mount);
  return match
    ? `${match.cache.tool}'s ${match.cache.description}`
    : (mount.effective.target?.absolute ?? '');
}

/** The last non-empty element of a path (`/a/b/` → `b`), `/` when there is none: without a list per mount. */
function lastFolder(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end--;
  if (end === 0) return '/';
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}

/** The settings BuildKit applies per mount but that describe one directory on the builder. */
export const CACHE_SETTINGS = ['sharing', 'uid', 'gid', 'mode'] as const;
export type CacheSetting = (typeof CACHE_SETTINGS)[number];
const DEFAULTS: Readonly<Record<CacheSetting, string>> = {
  sharing: 'shared',
  uid: '0',
  gid: '0',
  mode: '0755',
};
/** What BuildKit's parseMount accepts (ParseUint base 8 and 10, the three modes in any case). */
const VALID: Readonly<Record<CacheSetting, RegExp>> = {
  sharing: /^(shared|private|locked)$/i,
  uid: /^\d{1,10}$/,
  gid: /^\d{1,10}$/,
  mode: /^[0-7]{1,11}$/,
};

/**
 * A setting's effective value, normalized (`0755` and `755` are equal); undefined when not known. The option
 * that sets it is `mount.effective.last[key]`.
 */
export function cacheSetting(mount: Mount, key: CacheSetting): string | undefined {
  const option = mount.effective.last[key];
  if (option && (!option.expanded || !option.expanded.complete || option.expanded.error)) return undefined;
  const raw = option?.expanded?.value ?? DEFAULTS[key];
  // A value BuildKit rejects (mount-syntax reports it) takes no part here: `mode=999` is no mode to compare.
  if (!VALID[key].test(raw)) return undefined;
  return key === 'sharing'
    ? raw.toLowerCase()
    : key === 'mode'
      ? String(parseInt(raw, 8))
      : String(parseInt(raw, 10));
}

/** A setting as a mount option would write it. */
export function describeSetting(key: CacheSetting, value: string): string {
  return key === 'mode' ? `mode=0${Number(value).toString(8)}` : `${key}=${value}`;
}
