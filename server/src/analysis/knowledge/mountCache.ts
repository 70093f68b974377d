import { knownValue } from '../model/stages';
import type { Mount } from '../model/types';
import type { CacheMatch, ToolCache } from './tools';
import { homesFor, identifyCache, NO_VARIABLES } from './tools';

const matches = new WeakMap<Mount, CacheMatch | null>();
const misplaced = new WeakMap<Mount, MisplacedCache | null>();

/** Root's home alone: where a cache under /root/ would be by default. */
const ROOT_HOME: readonly string[] = ['/root'];

/**
 * The tool cache a cache mount holds, judged from its resolved target in the RUN's context: the user's
 * home, the ENV that moves caches, and the command. Undefined when the target is only known at build time.
 */
export function mountCache(mount: Mount): CacheMatch | undefined {
  const known = matches.get(mount);
  if (known !== undefined) return known ?? undefined;
  const target = mount.effective.target;
  let match: CacheMatch | undefined;
  if (mount.effective.type === 'cache' && target?.complete) {
    const { user, command } = mount.run;
    const variable = (name: string): string | undefined => knownValue(mount.run, name);
    match = identifyCache(target.absolute, {
      homes: homesFor(user.value, variable('HOME')),
      variable,
      command: command.text,
    });
  }
  matches.set(mount, match ?? null);
  return match;
}

export interface MisplacedCache {
  cache: ToolCache;
  /** Where the tool looks for the RUN's user, when known: the same cache under that user's home. */
  expected?: string;
}

/**
 * A tool cache mounted under root's home while the RUN executes as another user, whose tool looks under
 * its own home: nothing ever uses the mount. `cache-target-unused` reports it; rules about what the mount
 * would do (permissions) or about caches nobody mounts leave it to that rule.
 */
export function misplacedUnderRootHome(mount: Mount): MisplacedCache | undefined {
  // Three rules ask for every mount: answered once per mount.
  const known = misplaced.get(mount);
  if (known !== undefined) return known ?? undefined;
  const answer = findMisplaced(mount);
  misplaced.set(mount, answer ?? null);
  return answer;
}

function findMisplaced(mount: Mount): MisplacedCache | undefined {
  const { effective, run } = mount;
  const target = effective.target;
  if (effective.type !== 'cache' || !target?.complete || !run.user.known) return undefined;
  if (!target.absolute.startsWith('/root/')) return undefined;
  const userHomes = homesFor(run.user.value, knownValue(run, 'HOME'));
  if (userHomes.includes('/root')) return undefined;
  const match = identifyCache(target.absolute, {
    homes: ROOT_HOME,
    variable: NO_VARIABLES,
    command: run.command.text,
  });
  if (!match || match.cache.paths.some((p) => p.startsWith('**/'))) return undefined;
  const home = userHomes[0];
  const path = match.cache.paths.find((p) => p.startsWith('~/'));
  return home && path ? { cache: match.cache, expected: home + path.slice(1) } : { cache: match.cache };
}
