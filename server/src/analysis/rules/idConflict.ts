import { short } from './text';
import { mountCache } from '../model/mountCache';
import type { Mount } from '../model/types';
import { defineRule } from './rule';

interface Contents {
  /** The tool cache recognised, if any. */
  tool?: string;
  /** The last folder of the target. */
  folder: string;
}

/** What a cache mount holds: the tool cache recognised, and the folder it is mounted as. */
function contents(mount: Mount): Contents | undefined {
  const target = mount.effective.target;
  if (!target?.complete) return undefined;
  const folder = lastFolder(target.absolute);
  const match = mountCache(mount);
  return match ? { tool: match.cache.id, folder } : { folder };
}

/** What a mount holds, in words: for a finding only. */
function label(mount: Mount): string {
  const match = mountCache(mount);
  return match
    ? `${match.cache.tool}'s ${match.cache.description}`
    : (mount.effective.target?.absolute ?? '');
}

/** The last non-empty element of a path (`/a/b/` → `b`), `/` when there is none: without a list per mount. */
function lastFolder(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end--;
  if (end === 0) return '/';
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}

/** Two mounts of one id conflict when they hold different tools' caches and different folders. */
function unrelated(a: Contents, b: Contents): boolean {
  if (a.tool && a.tool === b.tool) return false;
  return a.folder !== b.folder;
}

/**
 * One cache id used for different tools or unrelated folders in one Dockerfile: both mounts see one
 * directory, so each tool finds the other's files in its cache.
 */
export const idConflict = defineRule({
  id: 'id-conflict',
  severity: 'warning',
  summary: 'One cache id is used for different tools or unrelated folders.',
  check(context) {
    const first = new Map<string, { mount: Mount; what: Contents }>();
    context.eachCacheMount((mount) => {
      const { id } = mount.effective;
      if (!id.complete) return;
      const what = contents(mount);
      if (!what) return;
      const earlier = first.get(id.value);
      if (!earlier) {
        first.set(id.value, { mount, what });
        return;
      }
      if (!unrelated(earlier.what, what)) return;
      const line = earlier.mount.range.start.line + 1;
      context.report({
        message: `Cache id "${short(id.value, 30)}" also holds ${label(earlier.mount)} (line ${line}): give this mount its own id.`,
        range: (id.option ?? mount.effective.target?.option)?.fieldRange ?? mount.nameRange,
        mount,
        related: [
          {
            range: earlier.mount.range,
            message: `cache "${id.value}" used here for ${label(earlier.mount)}`,
          },
        ],
      });
    });
  },
});
