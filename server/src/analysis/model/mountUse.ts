import type { ToolCache } from '../knowledge/tools';
import { homesFor, identifyCache, NO_VARIABLES, toolCache } from '../knowledge/tools';
import { TOOL_USAGE } from '../knowledge/usage';
import { cleanPath, isWithin } from '../syntax/paths';
import { followImageLinks } from '../knowledge/images';
import { rootImageOf } from './stages';
import { cacheLocation, isCacheConfiguration, programsRun, userKnown } from './cacheLocation';
import { runCommands } from './commands';
import { mountCache } from './mountCache';
import { knownValue } from './stages';
import type { Mount } from './types';

/**
 * Whether a command of the RUN keeps a tool's cache in a cache mount, as far as the text tells:
 * - `used`: a command runs a tool whose cache (where that command keeps it) is the mount or lies inside it, or
 *   the mount is a folder inside that cache;
 * - `unused`: the mount holds a known tool's cache, the RUN runs that tool, and every command that does keeps
 *   the cache elsewhere, as the text says (a flag, a variable, configuration): `movedBy` says how;
 * - `unknown`: anything else (no known tool, a location the text cannot tell).
 * Several rules ask for every mount: judged once and kept with the mount (`mount.use`); it holds no document
 * offsets.
 */
export type MountUse =
  | { kind: 'used'; cache: ToolCache }
  | { kind: 'unused'; cache: ToolCache; directory: string; movedBy: string | undefined }
  | { kind: 'unknown' };

const UNKNOWN: MountUse = { kind: 'unknown' };

export function mountUse(mount: Mount): MountUse {
  return (mount.use ??= judge(mount));
}

interface ProgramUse {
  cache: ToolCache;
  /** Only when the build is set up to (`alsoVia`): never proof that the cache is written. */
  maybe: boolean;
}

let cachesByProgram: Map<string, ProgramUse[]> | undefined;

/** The caches a program uses (TOOL_USAGE inverted), built on first use rather than at import. */
function cachesOf(program: string): readonly ProgramUse[] {
  if (!cachesByProgram) {
    const index = new Map<string, ProgramUse[]>();
    const add = (p: string, use: ProgramUse): void => {
      const list = index.get(p);
      if (list) list.push(use);
      else index.set(p, [use]);
    };
    for (const [id, usage] of Object.entries(TOOL_USAGE)) {
      const cache = toolCache(id);
      if (!cache) continue;
      for (const p of usage.programs) add(p, { cache, maybe: false });
      for (const p of usage.alsoVia ?? []) add(p, { cache, maybe: true });
    }
    cachesByProgram = index;
  }
  return cachesByProgram.get(program) ?? [];
}

function judge(mount: Mount): MountUse {
  const target = mount.effective.target;
  if (mount.effective.type !== 'cache' || !target?.complete) return UNKNOWN;
  const run = mount.run;
  const commands = runCommands(run);
  const own = mountCache(mount)?.cache ?? byDefault(mount);
  /** Where the commands that run the mount's own tool keep its cache; undefined once one is not known. */
  let elsewhere: { directory: string; movedBy: string | undefined } | undefined | null = null;
  // Through the folder links the base image makes (gradle's /root/.gradle is /home/gradle/.gradle): the
  // mount's own path once, each command's cache directory as it comes.
  const image = rootImageOf(run.stage);
  const mounted = followImageLinks(image, target.absolute);
  for (let index = 0; index < commands.length; index++) {
    const command = commands[index];
    if (!command) continue;
    if (isCacheConfiguration(command)) continue;
    for (const program of programsRun(command)) {
      for (const { cache, maybe } of cachesOf(program)) {
        if (maybe) {
          if (cache === own) elsewhere = undefined;
          continue;
        }
        if (cache.paths.some((p) => p.startsWith('**/'))) {
          if (cache === own) return { kind: 'used', cache };
          continue;
        }
        const location = cacheLocation(run, index, cache);
        if (!location.known) {
          if (cache === own) elsewhere = undefined;
          continue;
        }
        const directories = location.directories.map((d) => followImageLinks(image, d));
        if (directories.some((d) => isWithin(d, mounted) || isWithin(mounted, d)))
          return { kind: 'used', cache };
        // A default location under an unknown base image's user proves nothing.
        if (cache === own && elsewhere === null && (location.movedBy !== undefined || userKnown(run)))
          elsewhere = { directory: directories[0] as string, movedBy: location.movedBy };
      }
    }
  }
  if (own && elsewhere && !namedByCommand(mount)) return { kind: 'unused', cache: own, ...elsewhere };
  return UNKNOWN;
}

/**
 * Whether a command of the RUN names a path in the mount as an argument (`du -sh /usr/local/cargo/registry`,
 * `cp /cache/app .`): it reads or writes the mount itself, whatever tool the mount was meant for.
 */
export function namedByCommand(mount: Mount): boolean {
  const target = mount.effective.target;
  if (!target?.complete) return false;
  const { run } = mount;
  for (const command of runCommands(run))
    for (const word of command.words.slice(1)) {
      const text = word.value.text;
      const value = text.startsWith('-') && text.includes('=') ? text.slice(text.indexOf('=') + 1) : text;
      if (!value.startsWith('/') || value.includes('$')) continue;
      const path = cleanPath(value.replace(/\/\*.*$/, ''));
      if (isWithin(path, target.absolute)) return true;
    }
  return false;
}

/** The cache the target holds by the tools' defaults (root's home or the RUN user's), ignoring variables. */
function byDefault(mount: Mount): ToolCache | undefined {
  const { run } = mount;
  const target = mount.effective.target;
  if (!target) return undefined;
  const homes = ['/root', ...homesFor(run.user.value, knownValue(run, 'HOME'))];
  // Another user's home (`/home/app/.cache/pip` while USER is `worker`): still that tool's cache.
  const other = /^\/home\/[^/]+/.exec(target.absolute)?.[0];
  if (other && !homes.includes(other)) homes.push(other);
  return identifyCache(target.absolute, { homes, variable: NO_VARIABLES, command: run.command.text })?.cache;
}
