import { short } from './text';
import type { CacheMatch } from '../knowledge/tools';
import type { DockerfileModel, Mount } from '../model/types';
import type { Fix } from '../types';
import { appendOptionEdit, insertFix } from '../edits/fixes';
import type { Report } from './rule';
import { defineRule } from './rule';
import { firstMountsById, notBuiltTogether } from './acrossFiles';
import { mountCache } from '../model/mountCache';

/** Words that say what a cache is, not whose: an id made only of these is shared by every project. */
const GENERIC = new Set([
  'app',
  'bazel',
  'build',
  'builder',
  'cache',
  'cargo',
  'debug',
  'deps',
  'dist',
  'modules',
  'node',
  'node_modules',
  'npm',
  'out',
  'output',
  'release',
  'rust',
  'src',
  'target',
  'usr',
  'local',
  'root',
  'home',
  'workspace',
  'code',
  'project',
]);

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * The id with `${...}` (up to the first `}`) and `$NAME` removed. A scan rather than
 * `/\$\{[^}]*\}|\$NAME/g`, which rescans to the end from every `${` when no `}` follows (quadratic).
 */
export function withoutVariables(id: string): string {
  let out = '';
  let i = 0;
  let closes = true;
  while (i < id.length) {
    const dollar = id.indexOf('$', i);
    if (dollar === -1) return out + id.slice(i);
    out += id.slice(i, dollar);
    const close = closes && id[dollar + 1] === '{' ? id.indexOf('}', dollar + 2) : -1;
    if (close !== -1) {
      i = close + 1;
      continue;
    }
    // No `}` after this `${`: none after any later one either.
    if (id[dollar + 1] === '{') closes = false;
    NAME.lastIndex = dollar + 1;
    const name = NAME.exec(id);
    if (name) {
      i = NAME.lastIndex;
      continue;
    }
    out += '$';
    i = dollar + 1;
  }
  return out;
}

/** True when an id (without its variables) consists only of generic words. */
export function isGenericId(id: string): boolean {
  const literal = withoutVariables(id);
  const words = literal
    .toLowerCase()
    .split(/[^a-z0-9_]+/)
    .filter(Boolean);
  return words.every((w) => GENERIC.has(w));
}

/**
 * Project-specific build output (cargo target/, node_modules, a Bazel output base) cached under an id that
 * any other project on the builder may use too, so their builds read and overwrite each other's output.
 */
export const idProjectScope = defineRule({
  id: 'id-project-scope',
  severity: 'information',
  summary: "Project build output is cached under a generic id that other projects' builds share.",
  scope: 'stage',
  check: (context) =>
    context.eachKnownCache((mount, match) => {
      const report = checkMount(context.model, mount, match);
      if (report) context.report(report);
    }),
  acrossFiles(context) {
    // Two projects of the workspace that mount one generic id for their build output: not a possibility but
    // a fact of this workspace. Said in each, naming the other (in place of the file's own, less specific
    // finding: `analyze` keeps the one that names the other file).
    for (const [id, uses] of firstMountsById(context.files, (mount) => {
      const match = mountCache(mount);
      return match?.cache.buildOutput && isGenericId(mount.effective.id.value) ? match : undefined;
    })) {
      for (const use of uses) {
        if (!context.wanted(use.file)) continue;
        const other = uses.find((u) => u.file !== use.file && u.value.cache.id === use.value.cache.id);
        if (!other) continue;
        const { id: effectiveId, target } = use.mount.effective;
        if (!target) continue;
        const report = checkMount(use.file.model, use.mount, use.value);
        if (!report) continue;
        context.report(use.file, {
          ...report,
          message: `${short(other.file.name, 30)}:${other.mount.range.start.line + 1} also caches its ${use.value.cache.tool} output under id "${short(id, 24)}": add the project's name to it.`,
          range: (effectiveId.implied ? target.option : (effectiveId.option ?? target.option)).fieldRange,
          related: [
            {
              range: other.mount.range,
              message: `the same cache "${id}" for another project's ${use.value.cache.tool} output`,
              file: other.file.key,
            },
          ],
          ...notBuiltTogether(context, use.file, other.file),
        });
      }
    }
  },
});

function checkMount(model: DockerfileModel, mount: Mount, match: CacheMatch): Report | undefined {
  if (!match.cache.buildOutput) return undefined;
  const { id, target } = mount.effective;
  if (!target || !id.complete || !isGenericId(id.value)) return undefined;

  const project = projectName(model, mount);
  const fixes: Fix[] = [];
  // Both fixes give the mount a new id, so a new, empty cache: the output the old id held is not used again.
  if (project) {
    const written = id.option?.value?.text;
    if (!id.implied && id.option?.valueRange && written !== undefined) {
      // Prefix the id as written: its variables (`${TARGETPLATFORM}`) stay, even where they expand to nothing.
      fixes.push(
        insertFix(`Use id=${project}-${written}`, id.option.valueRange.start, `${project}-`, 'unsafe'),
      );
    } else {
      const scoped = `${project}-${id.implied ? baseName(id.value) : id.value}`;
      fixes.push({
        title: `Add id=${scoped}`,
        edits: [appendOptionEdit(mount, `id=${scoped}`)],
        safety: 'unsafe',
      });
    }
  }
  const what = id.implied ? `the default id "${short(id.value, 30)}"` : `the id "${short(id.value, 30)}"`;
  return {
    message: `Every project on the builder shares ${what} for its ${match.cache.tool} cache: add the project's name to it.`,
    range: (id.implied ? target.option : (id.option ?? target.option)).fieldRange,
    fixes,
    mount,
  };
}

function baseName(path: string): string {
  return path.split('/').filter(Boolean).pop() ?? 'cache';
}

/** A name for the project: the stage's name when it is not generic, else the project the caller named. */
function projectName(model: DockerfileModel, mount: Mount): string | undefined {
  const stage = mount.run.stage.name;
  if (stage && !isGenericId(stage)) return sanitize(stage);
  return model.projectName ? sanitize(model.projectName) : undefined;
}

function sanitize(name: string): string | undefined {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned || undefined;
}
