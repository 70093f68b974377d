import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ToolCache } from '../../server/src/analysis/knowledge/toolCaches';
import { TOOL_CACHES } from '../../server/src/analysis/knowledge/toolCaches';
import type { CacheLookup, CacheMatch } from '../../server/src/analysis/knowledge/tools';
import { identifyCache } from '../../server/src/analysis/knowledge/tools';

/**
 * identifyCache finds fixed and `~/` paths through an index of the knowledge base. It must answer exactly
 * what the plain scan answers: every tool in order, its variables then its paths, the longest directory
 * winning and the first of equally long ones. This is that scan, kept as the reference.
 */
function reference(target: string, lookup: CacheLookup): CacheMatch | undefined {
  let best: CacheMatch | undefined;
  const within = (path: string, dir: string): boolean =>
    path === dir || path.startsWith(dir.endsWith('/') ? dir : dir + '/');
  const normalize = (path: string): string => {
    const cleaned = path.replace(/\/+/g, '/');
    return cleaned.length > 1 ? cleaned.replace(/\/$/, '') : cleaned;
  };
  const consider = (cache: ToolCache, directory: string, movedBy?: string): void => {
    if (!directory.startsWith('/') || !within(target, directory)) return;
    if (best && best.directory.length >= directory.length) return;
    best = movedBy ? { cache, directory, movedBy } : { cache, directory };
  };
  for (const cache of TOOL_CACHES) {
    for (const { variable, suffix, extract } of cache.movedBy) {
      const value = lookup.variable(variable);
      const directory = value && extract ? extract.exec(value)?.[1] : value;
      if (directory) consider(cache, normalize(directory + (suffix ?? '')), variable);
    }
    for (const path of cache.paths) {
      if (path.startsWith('**/')) {
        const tail = path.slice(2);
        if (
          (target.endsWith(tail) || target.includes(tail + '/')) &&
          (!cache.commandHint || cache.commandHint.test(lookup.command)) &&
          !(
            cache.notBelow &&
            target.includes(tail + '/') &&
            cache.notBelow.test(target.slice(target.indexOf(tail + '/') + tail.length + 1))
          )
        )
          consider(cache, target.slice(0, target.indexOf(tail) + tail.length));
        continue;
      }
      const concrete = path.startsWith('~/')
        ? lookup.homes.map((home) => home.replace(/\/$/, '') + path.slice(1))
        : [path];
      for (const directory of concrete) consider(cache, directory);
    }
  }
  return best;
}

const key = (match: CacheMatch | undefined): string =>
  match ? `${match.cache.id} ${match.directory} ${match.movedBy ?? ''}` : 'none';

describe('identifyCache through its index', () => {
  it('answers as the plain scan of the knowledge base for every known path, its parents and children', () => {
    const targets = new Set(['/', '/root', '/tmp', '/app/node_modules', '/app/.next/cache', '/src/target']);
    for (const cache of TOOL_CACHES)
      for (const path of cache.paths)
        for (const home of ['/root', '/home/app', '']) {
          const base = path.startsWith('~/')
            ? home + path.slice(1)
            : path.startsWith('**/')
              ? '/app' + path.slice(2)
              : path;
          const parent = base.split('/').slice(0, -1).join('/') || '/';
          for (const target of [base, `${base}/sub`, `${base}x`, parent, `${base}//y`]) targets.add(target);
        }
    const homeSets = [
      ['/root'],
      ['/home/app'],
      ['/root', '/home/app'],
      ['/home/app/', '/root'],
      [''],
      ['/root', '/root'],
    ];
    const environments: Array<Record<string, string>> = [
      {},
      {
        CARGO_HOME: '/usr/local/cargo',
        GOPATH: '/go',
        XDG_CACHE_HOME: '/cache',
        MAVEN_OPTS: '-Dmaven.repo.local=/m2',
      },
      {
        HOME: '/h',
        GOMODCACHE: '/go/pkg/mod',
        YARN_CACHE_FOLDER: '/root/.cache/yarn',
        npm_config_cache: '/npm',
      },
    ];
    let compared = 0;
    for (const target of targets)
      for (const homes of homeSets)
        for (const environment of environments)
          for (const command of ['npm run build', 'next build', '']) {
            const lookup: CacheLookup = { homes, variable: (name) => environment[name], command };
            assert.equal(
              key(identifyCache(target, lookup)),
              key(reference(target, lookup)),
              `${target} ${homes.join(',')}`,
            );
            compared++;
          }
    assert.ok(compared > 5000, `only ${compared} cases compared`);
  });
});
