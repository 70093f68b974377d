import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';

/**
 * Where V8's compiled code for the CLI bundle is kept between runs, so that a run after the first skips most
 * of compiling the bundle (docs/performance.md has the numbers). Nothing here may break a run: every
 * failure (no home folder, a read-only disk, a folder someone else owns) means running without the cache.
 *
 * The folder is the user's own cache folder, never a shared temporary one: cached code is code, and only the
 * user may be able to put it there. Node's variables are honoured: NODE_DISABLE_COMPILE_CACHE turns it off,
 * NODE_COMPILE_CACHE chooses the folder.
 */
export interface CompileCache {
  /** The user's folder for cachemount's compile cache (Node's own cache goes there too on Node 22). */
  folder: string;
  /** This bundle's cache for this Node, platform and architecture. */
  file: string;
  /** Whether an earlier run got this far: only then is a cache worth writing. */
  seenBefore: boolean;
}

const SUFFIX = '.v8-cache';

/**
 * By default V8 checks only a code cache's header: a damaged body makes it abort the process (found by
 * flipping a byte), so a run would crash until the file was deleted. With this flag, V8 writes a checksum
 * into the caches it makes and rejects one whose body does not match it, which the launcher then replaces.
 */
export const CHECKSUM_FLAG = '--verify-snapshot-checksum';

/**
 * The V8 versions (by major) the flag is used on: 11 to 14, checked on Node 20, 22, 24 and 26 (the flag is
 * older than all of them, so the odd releases between have it too). V8 prints a flag it does not know on
 * standard output, into the report, so on another version the CLI runs without the cache.
 */
const CHECKSUMMED_V8 = new Set(['11', '12', '13', '14']);

/** Whether V8 checksums code caches in this process (see CHECKSUM_FLAG). */
export function cacheChecksumsAvailable(v8Version = process.versions.v8): boolean {
  return CHECKSUMMED_V8.has(v8Version.split('.')[0] ?? '');
}

/**
 * The cache for the bundle whose build hash is `bundleHash`, or undefined when it is turned off or the folder
 * cannot be trusted. A first run on a machine only leaves a marker: a machine that runs the CLI once (a fresh
 * CI runner) should not pay for writing code no later run reads.
 */
export function openCompileCache(bundleHash: string): CompileCache | undefined {
  const env = process.env;
  if (env.NODE_DISABLE_COMPILE_CACHE || !cacheChecksumsAvailable()) return undefined;
  // Before anything is compiled: the flag is part of what V8 checks a cache against.
  setFlagsFromString(CHECKSUM_FLAG);
  try {
    const folder = env.NODE_COMPILE_CACHE
      ? path.resolve(env.NODE_COMPILE_CACHE, 'cachemount')
      : path.join(userCacheFolder(), 'cachemount');
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (!isPrivateFolder(folder)) return undefined;
    const name = `cli-${bundleHash}-${process.version}-${process.platform}-${process.arch}`;
    const marker = path.join(folder, `${name}.seen`);
    const file = path.join(folder, name + SUFFIX);
    const seenBefore = fs.existsSync(marker) || fs.existsSync(file);
    if (!seenBefore) fs.writeFileSync(marker, '', { mode: 0o600 });
    return { folder, file, seenBefore };
  } catch {
    return undefined;
  }
}

/**
 * V8's data from the cache, or undefined when there is none or it cannot be read. V8 checks the rest: its
 * version, its flags, the source's length and the checksum (CHECKSUM_FLAG).
 */
export function readCompileCache(cache: CompileCache): Buffer | undefined {
  try {
    return fs.readFileSync(cache.file);
  } catch {
    return undefined;
  }
}

/**
 * Replaces the cache with the code `compiled()` serializes, whole or not at all (a temporary file renamed over
 * it, so a run that reads it meanwhile sees the old bytes or the new), and removes stale caches of other
 * builds. The temporary file is created first: where it cannot be, nothing is serialized, which takes
 * milliseconds.
 */
export function writeCompileCache(cache: CompileCache, compiled: () => Buffer): void {
  const temporary = `${cache.file}.${process.pid}.tmp`;
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(temporary, 'wx', 0o600);
    fs.writeFileSync(descriptor, compiled());
    fs.closeSync(descriptor);
    descriptor = undefined;
    fs.renameSync(temporary, cache.file);
  } catch {
    try {
      if (descriptor !== undefined) fs.closeSync(descriptor);
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written where nothing can be removed.
    }
    return;
  }
  // Another build's cache goes once it has not been written for a month: an upgrade leaves the old one
  // behind, while two installed versions used in turns keep theirs.
  const own = path.basename(cache.file);
  const build = own.slice(0, own.indexOf('-', 'cli-'.length) + 1);
  const monthAgo = Date.now() - 30 * 24 * 60 * 60 * 1000;
  try {
    for (const entry of fs.readdirSync(cache.folder)) {
      if (!entry.startsWith('cli-') || entry.startsWith(build) || !/\.(v8-cache|seen)$/.test(entry)) continue;
      const stale = path.join(cache.folder, entry);
      if (fs.statSync(stale).mtimeMs < monthAgo) fs.rmSync(stale, { force: true });
    }
  } catch {
    // Stale caches only cost disk space.
  }
}

/** The platform's per-user cache folder: ~/.cache (or $XDG_CACHE_HOME), ~/Library/Caches, %LOCALAPPDATA%. */
function userCacheFolder(): string {
  const env = process.env;
  if (process.platform === 'win32') return env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches');
  const xdg = env.XDG_CACHE_HOME;
  return xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
}

/** On POSIX: a real folder (not a link) that this user owns and nobody else can write to. */
function isPrivateFolder(folder: string): boolean {
  const info = fs.lstatSync(folder);
  if (!info.isDirectory()) return false;
  if (process.platform === 'win32' || !process.getuid) return true;
  return info.uid === process.getuid() && (info.mode & 0o022) === 0;
}
