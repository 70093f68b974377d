import type { Mount } from '../model/types';
import type { Report, WorkspaceContext, WorkspaceFile } from './rule';

/** A file's first cache mount of an id, with what a rule compares about it. */
export interface FirstMount<T> {
  file: WorkspaceFile;
  mount: Mount;
  value: T;
}

/**
 * The ids that cache mounts of more than one file use, each with every file's first mount of it (files in
 * their order) and what `read` says of that mount; mounts `read` knows nothing of, and ids only known at build
 * time, are left out. One pass over the files' mounts: linear in the workspace.
 */
export function firstMountsById<T>(
  files: readonly WorkspaceFile[],
  read: (mount: Mount) => T | undefined,
): Map<string, FirstMount<T>[]> {
  const byId = new Map<string, FirstMount<T>[]>();
  for (const file of files) {
    const seen = new Set<string>();
    for (const run of file.model.runs)
      for (const mount of run.mounts) {
        const { id, type } = mount.effective;
        if (type !== 'cache' || !id.complete || seen.has(id.value)) continue;
        const value = read(mount);
        if (value === undefined) continue;
        seen.add(id.value);
        const list = byId.get(id.value);
        if (list) list.push({ file, mount, value });
        else byId.set(id.value, [{ file, mount, value }]);
      }
  }
  for (const [id, list] of byId) if (list.length < 2) byId.delete(id);
  return byId;
}

/**
 * Two files share a builder for sure only when one build definition builds both; otherwise their caches may
 * never meet, and a finding about both is information, not a warning.
 */
export function notBuiltTogether(
  context: WorkspaceContext,
  a: WorkspaceFile,
  b: WorkspaceFile,
): Pick<Report, 'lower'> {
  return context.builtTogether(a, b)
    ? {}
    : { lower: { to: 'information', because: 'no build definition is known to build both files' } };
}
