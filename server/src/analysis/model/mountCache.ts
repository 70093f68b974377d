import { knownValue } from './stages';
import type { Mount } from './types';
import type { CacheMatch, MisplacedCache } from '../knowledge/tools';
import { homesFor, identifyCache, NO_VARIABLES } from '../knowledge/tools';

export type { MisplacedCache } from '../knowledge/tools';

/** Root's home alone: where a cache under /root/ would be by default. */
const ROOT_HOME: readonly string[] = ['/root'];

/**
 * The tool cache a cache mount holds, judged from its resolved target in the RUN's context: the user's
 * home, the ENV that moves caches, and the command. Undefined when the target is only known at build time.
 * Several rules ask for every mount: judged once, and kept with the mount (`mount.cache`).
 */
export function mountCache(mount: Mount): CacheMatch | undefined {
  if (mount.cache === undefined) mount.cache = findCache(mount) ?? null;
  return mount.cache ?? undefined;
}

function findCache(mount: Mount): CacheMatch | undefined {
  const target = mount.effective.target;
  if (mount.effective.type !== 'cache' || !target?.complete) return undefined;
  const { user, command } = mount.run;
  const variable = (name: string): string | undefined => knownValue(mount.run, name);
  return identifyCache(target.absolute, {
    homes: homesFor(user.value, variable('HOME')),
    variable,
    command: command.text,
  });
}

/**
 * A tool cache mounted under root's home while the RUN executes as another user, whose tool looks under
 * its own home: nothing ever uses the mount. `cache-target-unused` reports it; rules about what the mount
 * would do (permissions) or about caches nobody mounts leave it to that rule. Three rules ask for every
 * mount: answered once, and kept with the mount (`mount.misplacedCache`).
 */
export function misplacedUnderRootHome(mount: Mount): MisplacedCache | undefined {
  if (mount.misplacedCache === undefined) mount.misplacedCache = findMisplaced(mount) ?? null;
  return mount.misplacedCache ?? undefined;
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
