import type { Range } from '../analysis/types';

export type { BuildDefinition, CiFacts, CiStep } from '../analysis/buildFacts';
import type { BuildDefinition } from '../analysis/buildFacts';

/** A definition file that could not be read as a whole: said once, never thrown. */
export interface BuildFileProblem {
  file: string;
  range: Range;
  message: string;
}

export interface BuildFileResult {
  builds: BuildDefinition[];
  problems: BuildFileProblem[];
}

/** Joins repository-relative path parts as POSIX paths do, without leaving the root: `undefined` if it would. */
export function joinPath(...parts: string[]): string | undefined {
  const out: string[] = [];
  for (const part of parts) {
    if (part.startsWith('/')) return undefined; // an absolute path is outside what the repository says
    for (const segment of part.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        if (out.length === 0) return undefined;
        out.pop();
      } else out.push(segment);
    }
  }
  return out.join('/');
}

/** The folder of a repository-relative file path: `a/b/c.yml` → `a/b`, `c.yml` → ``. */
export function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

/** A build context that is not a folder of this repository: a URL, a Git remote. */
export function isRemoteContext(context: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i.test(context);
}
