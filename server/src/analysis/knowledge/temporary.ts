import type { MovedBy } from './toolCaches';

/** Directories whose contents are scratch or cheaply regenerated: caching them only takes builder disk. */
export interface TemporaryDir {
  paths: readonly string[];
  movedBy: readonly MovedBy[];
  why: string;
  /**
   * A tool's cache that HOME or ENV put here is a cache, not scratch (`ARG HOME=/tmp` puts cargo's registry
   * under /tmp): only for directories that are scratch by convention, not by what a tool writes there.
   */
  exceptToolCaches?: true;
}

export const TEMPORARY_DIRS: readonly TemporaryDir[] = [
  {
    paths: ['~/.cargo/registry/src'],
    movedBy: [{ variable: 'CARGO_HOME', suffix: '/registry/src' }],
    why: 'cargo extracts crate sources there from the .crate files it keeps in registry/cache, so they are rebuilt cheaply (The Cargo Book, "Cargo Home": registry/src "can be removed")',
  },
  {
    paths: ['~/.cargo/git/checkouts'],
    movedBy: [{ variable: 'CARGO_HOME', suffix: '/git/checkouts' }],
    why: 'cargo checks out git dependencies there from the bare repositories it keeps in git/db (The Cargo Book, "Cargo Home")',
  },
  {
    paths: ['/tmp', '/var/tmp'],
    movedBy: [],
    why: 'it holds scratch files that nothing should rely on later',
    exceptToolCaches: true,
  },
];
