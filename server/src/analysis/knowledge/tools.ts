// Matching a mount target to the tool cache it holds (`identifyCache`), and the homes a USER's tools use
// (`homesFor`). The caches themselves are data, in knowledge/toolCaches.ts.
import { isWithin, resolvePath, squeezeSlashes } from '../syntax/paths';
import { defaultHome } from './users';
import type { Concurrency } from './toolCaches';
import type { MovedBy, ToolCache } from './toolCaches';
import { TOOL_CACHES } from './toolCaches';

export type { Concurrency, MovedBy, ToolCache } from './toolCaches';

export interface CacheLookup {
  /** Home directories the RUN may use: `/root` for root, `$HOME` when known. */
  homes: readonly string[];
  /** The value of an environment variable in the RUN's scope, when known. */
  variable: (name: string) => string | undefined;
  /** The RUN's command, for entries recognised by a generic folder name. */
  command: string;
}

export interface CacheMatch {
  cache: ToolCache;
  /** The directory the target was matched against. */
  directory: string;
  /** Whether the directory came from an environment variable rather than the default. */
  movedBy?: string;
}

/** A tool cache mounted under root's home for a RUN whose user's tool looks under its own (mountCache.ts). */
export interface MisplacedCache {
  cache: ToolCache;
  /** Where the tool looks for the RUN's user, when known: the same cache under that user's home. */
  expected?: string;
}

/**
 * The knowledge base in the order identifyCache must consider it (each tool: the variables that move its
 * cache, then its paths), numbered: where several directories match, the longest wins, and of equally long
 * ones the first in this order. Fixed and `~/` paths are also indexed by their text, so a target finds them
 * by looking up its own parent folders instead of testing every path of every tool.
 */
interface Entry {
  cache: ToolCache;
  order: number;
}

/** TOOL_CACHES indexed for identifyCache and `toolCache`: built the first time one is asked (`cacheIndex`). */
class CacheIndex {
  /**
   * The variables that move caches, in order of first appearance, each with its entries: a variable several
   * tools read (XDG_CACHE_HOME) is looked up once per call. Which directory wins does not depend on the
   * order candidates are considered in (the longest, then the first in the knowledge base's order).
   */
  readonly movedByVariable: Array<{ variable: string; entries: Array<Entry & MovedBy> }> = [];
  /** Paths that start with `**`: a folder of that name anywhere. */
  readonly anywhere: Array<Entry & { tail: string; tailSlash: string }> = [];
  readonly fixed = new Map<string, Entry[]>();
  /** `~/` paths by the part after `~` (`/.cache/pip`). */
  readonly underHome = new Map<string, Entry[]>();
  readonly byId = new Map<string, ToolCache>();

  constructor(caches: readonly ToolCache[]) {
    let order = 0;
    const add = (index: Map<string, Entry[]>, key: string, entry: Entry): void => {
      const list = index.get(key);
      if (list) list.push(entry);
      else index.set(key, [entry]);
    };
    const moved: Array<Entry & MovedBy> = [];
    for (const cache of caches) {
      this.byId.set(cache.id, cache);
      for (const by of cache.movedBy) moved.push({ ...by, cache, order: order++ });
      for (const path of cache.paths) {
        const entry = { cache, order: order++ };
        if (path.startsWith('**/'))
          this.anywhere.push({ ...entry, tail: path.slice(2), tailSlash: path.slice(2) + '/' });
        else if (path.startsWith('~/')) add(this.underHome, path.slice(1), entry);
        else add(this.fixed, path, entry);
      }
    }
    for (const by of moved) {
      const group = this.movedByVariable.find((g) => g.variable === by.variable);
      if (group) group.entries.push(by);
      else this.movedByVariable.push({ variable: by.variable, entries: [by] });
    }
  }
}

let index: CacheIndex | undefined;

/** The index of the knowledge base, built on first use rather than when the module is loaded. */
function cacheIndex(): CacheIndex {
  return (index ??= new CacheIndex(TOOL_CACHES));
}

/** The cache with this id in the knowledge base. */
export function toolCache(id: string): ToolCache | undefined {
  return cacheIndex().byId.get(id);
}

/**
 * The variable lookup for a match by default paths only: no variable moves a cache. identifyCache skips
 * the variables altogether for it.
 */
export const NO_VARIABLES = (): undefined => undefined;

/**
 * The tool cache a mount target belongs to: the target is one of the tool's cache directories (moved by
 * the environment, or the defaults) or lies below it. The most specific directory wins; of equally
 * specific ones, the first in the knowledge base.
 */
export function identifyCache(target: string, lookup: CacheLookup): CacheMatch | undefined {
  // Asked for every mount by several rules: one candidate record per call, no closures or folder lists, and
  // loops by index (no iterator objects while the function is not optimized yet, or again after a deopt).
  const best: Candidate = { target, match: undefined, order: 0, home: 0 };
  const { movedByVariable, anywhere, fixed, underHome } = cacheIndex();
  if (lookup.variable !== NO_VARIABLES) {
    for (let g = 0; g < movedByVariable.length; g++) {
      const { variable, entries } = movedByVariable[g] as (typeof movedByVariable)[number];
      const value = lookup.variable(variable);
      if (!value) continue;
      for (let e = 0; e < entries.length; e++) {
        const moved = entries[e] as Entry & MovedBy;
        const directory = moved.extract ? moved.extract.exec(value)?.[1] : value;
        if (directory) consider(best, moved, squeezeSlashes(directory + (moved.suffix ?? '')), variable, 0);
      }
    }
  }
  for (let p = 0; p < anywhere.length; p++) {
    const path = anywhere[p] as (typeof anywhere)[number];
    const { tail, cache } = path;
    if (
      (target.endsWith(tail) || target.includes(path.tailSlash)) &&
      (!cache.commandHint || cache.commandHint.test(lookup.command)) &&
      !(
        cache.notBelow &&
        target.includes(path.tailSlash) &&
        cache.notBelow.test(target.slice(target.indexOf(path.tailSlash) + path.tailSlash.length))
      )
    )
      consider(best, path, target.slice(0, target.indexOf(tail) + tail.length), undefined, 0);
  }
  // `target` and each folder above it, as written (`/a/b` → `/a/b`, `/a`): the directories `isWithin` accepts.
  for (let folder = target, i = target.lastIndexOf('/'); ; i = target.lastIndexOf('/', i - 1)) {
    const entries = fixed.get(folder);
    if (entries)
      for (let e = 0; e < entries.length; e++) consider(best, entries[e] as Entry, folder, undefined, 0);
    if (i <= 0) break;
    folder = target.slice(0, i);
  }
  // A `~` path for a home (`/root/` → `/root`), as the directory to report.
  for (let index = 0; index < lookup.homes.length; index++) {
    const written = lookup.homes[index] as string;
    const home = written.endsWith('/') ? written.slice(0, -1) : written;
    if (!target.startsWith(home)) continue;
    const rest = target.slice(home.length);
    for (let tail = rest, i = rest.lastIndexOf('/'); ; i = rest.lastIndexOf('/', i - 1)) {
      const entries = underHome.get(tail);
      if (entries)
        for (let e = 0; e < entries.length; e++)
          consider(best, entries[e] as Entry, home + tail, undefined, index);
      if (i <= 0) break;
      tail = rest.slice(0, i);
    }
  }
  return best.match;
}

/** The best directory found so far for a target, with what breaks ties. */
interface Candidate {
  readonly target: string;
  match: CacheMatch | undefined;
  order: number;
  home: number;
}

function consider(
  best: Candidate,
  entry: Entry,
  directory: string,
  movedBy: string | undefined,
  home: number,
): void {
  if (!directory.startsWith('/') || !isWithin(best.target, directory)) return;
  if (best.match) {
    const longer = directory.length - best.match.directory.length;
    if (
      longer < 0 ||
      (longer === 0 && (entry.order > best.order || (entry.order === best.order && home > best.home)))
    )
      return;
  }
  best.match = movedBy ? { cache: entry.cache, directory, movedBy } : { cache: entry.cache, directory };
  best.order = entry.order;
  best.home = home;
}

/**
 * How safe concurrent builds are for a cache found at `directory` and mounted at `target`: the tool's word,
 * unless the lock that makes it safe lies outside the mount (`ToolCache.lock`), where each build has its own.
 */
export function concurrencyAt(
  cache: ToolCache,
  directory: string,
  target: string,
): { concurrency: Concurrency; note: string } {
  if (cache.lock && cache.concurrency === 'safe') {
    const lock = resolvePath(directory, cache.lock);
    if (!isWithin(lock, target))
      return {
        concurrency: 'unclear',
        note: `${cache.tool}'s lock (${lock}) is outside this mount, so concurrent builds do not share it`,
      };
  }
  return { concurrency: cache.concurrency, note: cache.concurrencyNote };
}

/** Home directories for a USER: root's, `/home/<name>` for a named user, and `$HOME` when set. */
export function homesFor(user: string, home: string | undefined): string[] {
  const own = home ? squeezeSlashes(home) : undefined;
  const named = defaultHome(user);
  if (own === undefined) return named === undefined ? [] : [named];
  return named === undefined || named === own ? [own] : [own, named];
}
