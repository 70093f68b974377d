import { existsSync } from 'node:fs';
import { readRegularFile, UnreadableFile } from './safeRead';
import * as path from 'node:path';
import type { Ignore } from 'ignore';
import ignore from 'ignore';

const EXCLUDE = '#info/exclude';

/** One ignore file's patterns, which are relative to the folder holding it. */
interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

/**
 * What git would ignore below a repository: `.git/info/exclude` and every `.gitignore` from the repository's
 * root down to the folder walked, so `cachemount lint .` in a subfolder skips what `git status` skips.
 * Pattern matching is the `ignore` package's (the one ESLint uses); this class only stacks the files as git
 * does, a deeper file's patterns overriding a shallower one's.
 */
export class GitIgnores {
  private readonly layers = new Map<string, IgnoreLayer | null>();
  private readonly root: string;

  /**
   * Outside a repository, the `.gitignore` files from `start` down still apply: a copied tree keeps its intent.
   * `warn`: where to say that an ignore file was skipped (the CLI's stderr, the server's log).
   */
  constructor(
    start: string,
    private readonly warn: (message: string) => void,
  ) {
    this.root = findRepositoryRoot(start) ?? path.resolve(start);
    this.layers.set(EXCLUDE, readLayer(this.root, path.join(this.root, '.git', 'info', 'exclude'), warn));
  }

  /** Whether `target` (a file, or a folder when `isFolder`) is ignored. Its ancestors are assumed not to be. */
  ignores(target: string, isFolder: boolean): boolean {
    const relativeToRoot = path.relative(this.root, target);
    if (relativeToRoot === '' || relativeToRoot.startsWith('..') || path.isAbsolute(relativeToRoot))
      return false;
    let ignored = false;
    const exclude = this.layers.get(EXCLUDE);
    if (exclude) ignored = decide(exclude, target, isFolder, ignored);
    for (const folder of ancestors(this.root, path.dirname(target))) {
      const layer = this.layer(folder);
      if (layer) ignored = decide(layer, target, isFolder, ignored);
    }
    return ignored;
  }

  private layer(folder: string): IgnoreLayer | null {
    let layer = this.layers.get(folder);
    if (layer === undefined) {
      layer = readLayer(folder, path.join(folder, '.gitignore'), this.warn);
      this.layers.set(folder, layer);
    }
    return layer;
  }
}

function decide(layer: IgnoreLayer, target: string, isFolder: boolean, before: boolean): boolean {
  const relative = path.relative(layer.base, target).split(path.sep).join('/');
  const result = layer.rules.test(isFolder ? `${relative}/` : relative);
  if (result.ignored) return true;
  if (result.unignored) return false;
  return before;
}

function readLayer(base: string, file: string, warn: (message: string) => void): IgnoreLayer | null {
  let text: string;
  try {
    text = readRegularFile(file).toString('utf8');
  } catch (error) {
    // A named pipe, a device or a huge file a repository commits as .gitignore is skipped, and said so: a pull
    // request must not stall or exhaust a CI job. No such file, or unreadable: git ignores nothing either.
    if (error instanceof UnreadableFile) warn(`${file}: skipped: ${error.message}`);
    return null;
  }
  return { base, rules: ignore().add(text) };
}

/** From `root` down to `folder`, both included. */
function ancestors(root: string, folder: string): string[] {
  const chain: string[] = [];
  let current = folder;
  for (;;) {
    chain.push(current);
    if (current === root) break;
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return chain.reverse();
}

/** The nearest folder at or above `start` holding `.git` (a folder, or a file in worktrees and submodules). */
export function findRepositoryRoot(start: string): string | undefined {
  let folder = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(folder, '.git'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}
