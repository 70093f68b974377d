import type { DockerfileModel, Mount } from '../model/types';
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
  for (const file of files)
    for (const [id, { mount, value }] of firstMountsOf(file.model, read)) {
      const list = byId.get(id);
      if (list) list.push({ file, mount, value });
      else byId.set(id, [{ file, mount, value }]);
    }
  for (const [id, list] of byId) if (list.length < 2) byId.delete(id);
  return byId;
}

/**
 * A file's first cache mount of each id that `read` knows something of, kept with the model for each `read`:
 * an editor checks one document against the same models of the workspace's other files on every keystroke.
 */
const firstMountsCache = new WeakMap<
  DockerfileModel,
  Map<unknown, Map<string, { mount: Mount; value: unknown }>>
>();

function firstMountsOf<T>(
  model: DockerfileModel,
  read: (mount: Mount) => T | undefined,
): Map<string, { mount: Mount; value: T }> {
  let byRead = firstMountsCache.get(model);
  if (!byRead)
    firstMountsCache.set(model, (byRead = new Map<unknown, Map<string, { mount: Mount; value: unknown }>>()));
  const cached = byRead.get(read) as Map<string, { mount: Mount; value: T }> | undefined;
  if (cached) return cached;
  const first = new Map<string, { mount: Mount; value: T }>();
  for (const run of model.runs)
    for (const mount of run.mounts) {
      const { id, type } = mount.effective;
      if (type !== 'cache' || !id.complete || first.has(id.value)) continue;
      const value = read(mount);
      if (value !== undefined) first.set(id.value, { mount, value });
    }
  byRead.set(read, first);
  return first;
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

/**
 * The first other use of an id, in file order, that `differs` from `use`, where `differs` depends only on the
 * values' `keyOf`: each use is compared with the first use of every distinct key rather than with every use,
 * so a workspace of 500 files mounting one id the same way costs 500 comparisons, not 250,000.
 */
export function firstDiffering<T>(
  uses: readonly FirstMount<T>[],
  keyOf: (value: T) => string,
  differs: (other: FirstMount<T>, use: FirstMount<T>) => boolean,
): (use: FirstMount<T>) => FirstMount<T> | undefined {
  // The first use of each key, in the order the keys first appear (file order).
  const firsts = new Map<string, FirstMount<T>>();
  for (const use of uses) {
    const key = keyOf(use.value);
    if (!firsts.has(key)) firsts.set(key, use);
  }
  return (use) => {
    const own = keyOf(use.value);
    for (const [key, other] of firsts)
      if (key !== own && other.file !== use.file && differs(other, use)) return other;
    return undefined;
  };
}
