import type * as fs from 'node:fs';
import * as path from 'node:path';
import { GitIgnores } from './gitignore';

/** Names Docker tooling treats as Dockerfiles: Dockerfile, Containerfile, Dockerfile.*, *.dockerfile. */
export function isDockerfileName(name: string): boolean {
  return /^(dockerfile|containerfile)(\..+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
}

/** Folders never searched: dependencies and version-control data. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface WalkOptions {
  /** Lists a folder; each call's result is awaited, whichever kind it is. */
  readdir(this: void, folder: string): fs.Dirent[] | Promise<fs.Dirent[]>;
  /** Which files to keep (by absolute path). */
  wanted(this: void, file: string): boolean;
  isExcluded?(this: void, absolute: string): boolean;
  /** A folder that cannot be read: reported, not silently skipped. */
  onFolderError(this: void, folder: string, error: unknown): void;
  /** Where to say that an ignore file was skipped. */
  warn(this: void, message: string): void;
  /** Stop after this many files found (a workspace's index has a bound); `truncated` then says so. */
  limit?: number;
}

/**
 * The files below `folder` that `wanted` keeps, breadth-first and sorted, skipping what git ignores and the
 * folders in SKIPPED_FOLDERS. Only regular directory entries are followed: a symbolic link is neither a file
 * nor a folder here, so a link leading out of the folder is never read. The CLI's walk and the editor's
 * workspace index are this one.
 */
export async function walkFolder(
  folder: string,
  options: WalkOptions,
): Promise<{ files: string[]; truncated: boolean }> {
  const found: string[] = [];
  const ignores = new GitIgnores(folder, options.warn);
  const queue = [folder];
  const limit = options.limit ?? Infinity;
  while (queue.length > 0) {
    const current = queue.shift() as string;
    let entries;
    try {
      entries = await options.readdir(current);
    } catch (error) {
      options.onFolderError(current, error);
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !ignores.ignores(full, true) && !options.isExcluded?.(full))
          queue.push(full);
      } else if (entry.isFile() && options.wanted(full) && !ignores.ignores(full, false)) {
        found.push(full);
        if (found.length >= limit) return { files: found.sort(), truncated: true };
      }
    }
  }
  return { files: found.sort(), truncated: false };
}

/**
 * Whether `walkFolder(folder)` would reach `file`: no folder on the way is skipped or ignored, and the file
 * is not ignored. For a file a watcher names, which the walk did not find (a Dockerfile created inside
 * node_modules or an ignored folder is not the workspace's).
 */
export function walkReaches(folder: string, file: string, warn: (message: string) => void): boolean {
  const relative = path.relative(folder, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const parts = relative.split(path.sep);
  const ignores = new GitIgnores(folder, warn);
  let current = folder;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    current = path.join(current, part);
    if (SKIPPED_FOLDERS.has(part) || ignores.ignores(current, true)) return false;
  }
  return !ignores.ignores(file, false);
}
