import { short } from './text';
import type { CacheContents } from '../model/cacheContents';
import { cacheContents, contentsLabel, unrelatedContents } from '../model/cacheContents';
import type { Mount } from '../model/types';
import { defineRule } from './rule';
import type { Report } from './rule';
import { firstDiffering, firstMountsById, notBuiltTogether } from './acrossFiles';

/**
 * One cache id used for different tools or unrelated folders: both mounts see one directory, so each tool
 * finds the other's files in its cache. Within a Dockerfile, and across the files checked together (cache
 * ids belong to the builder, not to a file).
 */
export const idConflict = defineRule({
  id: 'id-conflict',
  severity: 'warning',
  summary: 'One cache id is used for different tools or unrelated folders.',
  check(context) {
    const first = new Map<string, { mount: Mount; what: CacheContents }>();
    context.eachCacheMount((mount) => {
      const { id } = mount.effective;
      if (!id.complete) return;
      const what = cacheContents(mount);
      if (!what) return;
      const earlier = first.get(id.value);
      if (!earlier) {
        first.set(id.value, { mount, what });
        return;
      }
      if (!unrelatedContents(earlier.what, what)) return;
      const line = earlier.mount.range.start.line + 1;
      context.report({
        message: `Cache id "${short(id.value, 30)}" also holds ${contentsLabel(earlier.mount)} (line ${line}): give this mount its own id.`,
        ...at(mount),
        related: [
          {
            range: earlier.mount.range,
            message: `cache "${id.value}" used here for ${contentsLabel(earlier.mount)}`,
          },
        ],
      });
    });
  },
  acrossFiles(context) {
    // Each file's first mount of an id against the first mount of that id in another file that holds
    // something unrelated: one finding per file and id, pointing at the other file.
    for (const [id, uses] of firstMountsById(context.files, cacheContents)) {
      const unrelated = firstDiffering(
        uses,
        (c) => `${c.tool ?? ''}\u0000${c.folder}`,
        (other, use) => unrelatedContents(other.value, use.value),
      );
      for (const use of uses) {
        if (!context.wanted(use.file)) continue;
        const other = unrelated(use);
        if (!other) continue;
        const line = other.mount.range.start.line + 1;
        const what = short(contentsLabel(other.mount), 30);
        context.report(use.file, {
          message: `Cache id "${short(id, 24)}" is also ${what} in ${short(other.file.name, 26)}:${line}: give this mount its own id.`,
          ...at(use.mount),
          related: [
            {
              range: other.mount.range,
              message: `cache "${id}" used here for ${contentsLabel(other.mount)}`,
              file: other.file.key,
            },
          ],
          ...notBuiltTogether(context, use.file, other.file),
        });
      }
    }
  },
});

function at(mount: Mount): Pick<Report, 'range' | 'mount'> {
  const { id } = mount.effective;
  return { range: (id.option ?? mount.effective.target?.option)?.fieldRange ?? mount.nameRange, mount };
}
