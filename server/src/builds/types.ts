import type { Range } from '../analysis/types';

/**
 * What a build definition (a Bake target, a Compose service, a workflow step) says about one build of one
 * Dockerfile. Every field is what the definition says for sure, or `undefined` where it cannot be known from
 * the text (a function, a matrix, a value from the environment): unknown is never guessed.
 */
export interface BuildDefinition {
  kind: 'bake' | 'compose' | 'workflow';
  /** The definition file, as the caller named it. */
  file: string;
  /** The target, service or step, for messages: `target "api"`, `service web`, `job build, step 3`. */
  name: string;
  /** Where in the definition file the build is declared (the block, the service, the step). */
  range: Range;
  /**
   * The Dockerfile built: a path relative to the repository root (folders joined with "/", no "./"), or
   * undefined when the text does not say (a remote context, an interpolation it cannot expand).
   */
  dockerfile: string | undefined;
  /** The target platforms; `[]` when none is given (the builder's own); undefined when unknown. */
  platforms: readonly string[] | undefined;
  /**
   * The build arguments given, by name: a value, or undefined for one whose value the text does not give
   * (`args: [TOKEN]` takes it from the environment). The whole map is undefined when it cannot be read.
   */
  args: ReadonlyMap<string, string | undefined> | undefined;
  /** The stage built (`--target`), when given. */
  target?: string | undefined;
  /** For a build in a CI workflow: where it runs, and whether anything keeps cache mounts between runs. */
  ci?: CiFacts;
}

export interface CiFacts {
  /** The workflow's job id. */
  job: string;
  /**
   * `github-hosted`: a fresh virtual machine per job, so a builder started in the job starts with empty
   * cache mounts; `self-hosted`: a machine that may keep them; undefined: the labels do not say.
   */
  runner: 'github-hosted' | 'self-hosted' | undefined;
  /**
   * Whether the job restores cache mounts (a buildkit-cache-dance step) or builds on a builder that outlives
   * the job (setup-buildx-action's `remote` or `kubernetes` driver, or an `endpoint`).
   */
  cacheMountsKept: boolean;
}

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
