// The cache mounts of a Dockerfile as reproducible-containers/buildkit-cache-dance's `cache-map` needs them to
// reach the very caches the build uses. BuildKit finds a cache by its id and, when uid, gid or mode is set, by
// the directory a mkdir with them made (dockerfile2llb/convert_runmount.go `setCacheUIDGID`;
// solver/llbsolver/mounts/mount.go keys the cache `id + ":" + ref.ID()` then): a map entry must carry the
// effective id and the same uid, gid and mode, or it fills another, unused cache.
import { cleanPath } from '../syntax/paths';
import { CACHE_SETTINGS, cacheSetting } from './cacheContents';
import { expandForPlatform, platformReferences } from './platforms';
import type { DockerfileModel, Mount } from './types';

export interface CacheMapEntry {
  /** The folder on the CI runner that holds the cache between runs (the map's key). */
  source: string;
  /** The mount options the dance's own mount takes: `target` first, then `id`, and uid, gid, mode as set. */
  options: { target: string; id: string; uid?: string; gid?: string; mode?: string };
  /** The 1-based line of the first mount of this cache. */
  line: number;
}

export interface CacheMapResult {
  entries: CacheMapEntry[];
  /** Mounts whose cache cannot be known from the text (an id from a build argument without default). */
  unknown: { line: number; reason: string }[];
  /** Whether some id differs per target platform (then `platforms` decided which caches are listed). */
  perPlatform: boolean;
}

/**
 * Every cache the Dockerfile's cache mounts use, once each, for the given target platforms (ids that use
 * the platform ARGs name one cache per platform).
 */
export function cacheMapOf(model: DockerfileModel, platforms: readonly string[]): CacheMapResult {
  const result: CacheMapResult = { entries: [], unknown: [], perPlatform: false };
  const seen = new Set<string>();
  const sources = new Set<string>();
  for (const run of model.runs)
    for (const mount of run.mounts) {
      if (mount.effective.type !== 'cache') continue;
      const line = mount.range.start.line + 1;
      const target = mount.effective.target;
      if (!target?.complete) {
        result.unknown.push({ line, reason: 'its target is not known from the text' });
        continue;
      }
      const settings = settingsOf(mount);
      if (!settings) {
        result.unknown.push({ line, reason: 'its uid, gid or mode is not known from the text' });
        continue;
      }
      const ids = idsOf(model, mount, platforms);
      if (ids.perPlatform) result.perPlatform = true;
      if (!ids.values) {
        result.unknown.push({ line, reason: 'its id depends on a build argument without a default' });
        continue;
      }
      for (const id of ids.values) {
        const key = JSON.stringify([id, settings]);
        if (seen.has(key)) continue;
        seen.add(key);
        const source = uniqueSource(sourceName(id), sources);
        result.entries.push({ source, options: { target: target.absolute, id, ...settings }, line });
      }
    }
  return result;
}

/** uid, gid and mode as the mount writes them (only those it writes); undefined when one is not known. */
function settingsOf(mount: Mount): Pick<CacheMapEntry['options'], 'uid' | 'gid' | 'mode'> | undefined {
  const out: Pick<CacheMapEntry['options'], 'uid' | 'gid' | 'mode'> = {};
  for (const key of CACHE_SETTINGS) {
    if (key === 'sharing' || !mount.effective.last[key]) continue;
    const value = cacheSetting(mount, key);
    if (value === undefined) return undefined;
    out[key] = key === 'mode' ? `0${Number(value).toString(8)}` : value;
  }
  return out;
}

function idsOf(
  model: DockerfileModel,
  mount: Mount,
  platforms: readonly string[],
): { values: string[] | undefined; perPlatform: boolean } {
  const { id } = mount.effective;
  // Without id=, BuildKit's id is the target as written, cleaned (not joined to WORKDIR).
  const option = id.implied ? mount.effective.target?.option : id.option;
  if (!option || platformReferences(option).length === 0)
    return { values: id.complete ? [id.value] : undefined, perPlatform: false };
  const values: string[] = [];
  for (const platform of platforms) {
    const expanded = expandForPlatform(option, mount.run, platform, model.escapeChar);
    if (!expanded.complete || expanded.error) return { values: undefined, perPlatform: true };
    const value = id.implied ? cleanPath(expanded.value) : expanded.value;
    if (!values.includes(value)) values.push(value);
  }
  return { values, perPlatform: true };
}

/** A folder name for the runner from an id: `/var/cache/apt` → `var-cache-apt`. */
function sourceName(id: string): string {
  const name = id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return name === '' ? 'cache' : name;
}

function uniqueSource(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}-${n}`;
  taken.add(candidate);
  return candidate;
}

/** The map as the action's `cache-map` input and its CLI's `--cache-map` take it. */
export function cacheMapJson(entries: readonly CacheMapEntry[]): string {
  const map: Record<string, CacheMapEntry['options']> = {};
  for (const entry of entries) map[entry.source] = entry.options;
  return JSON.stringify(map, null, 2);
}
