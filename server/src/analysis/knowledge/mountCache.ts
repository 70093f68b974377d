import { knownValue } from '../model/stages';
import type { Mount } from '../model/types';
import type { CacheMatch } from './tools';
import { homesFor, identifyCache } from './tools';

const matches = new WeakMap<Mount, CacheMatch | null>();

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
