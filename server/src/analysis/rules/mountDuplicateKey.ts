import type { MountOption } from '../model/types';
import type { Fix } from '../types';
import { short } from './text';
import type { Report } from './rule';
import { defineRule } from './rule';

/**
 * A mount option given twice. BuildKit reads the options left to right and keeps the last value of each key
 * (instructions/commands_runmount.go, parseMount), without a word: a different value silently drops the first
 * (a warning; a later `type=` turns the mount into another type), the same value is only noise (a hint).
 * Bare words (`ro`, `rw`) and mounts BuildKit cannot split are left to mount-syntax.
 */
export const mountDuplicateKey = defineRule({
  id: 'mount-duplicate-key',
  severity: 'warning',
  summary: 'A mount option is given twice: BuildKit keeps the last value and drops the first silently.',
  scope: 'stage',
  check: (context) =>
    context.eachMount((mount) => {
      if (mount.csvError) return;
      const first = new Map<string, MountOption>();
      for (const option of mount.options) {
        const key = option.canonical;
        if (!key || option.value === undefined) continue;
        const earlier = first.get(key);
        if (!earlier) {
          first.set(key, option);
          continue;
        }
        const report = duplicate(key, earlier, option);
        if (report) context.report({ ...report, mount });
        first.set(key, option);
      }
    }),
});

function duplicate(key: string, earlier: MountOption, later: MountOption): Report | undefined {
  const before = earlier.value?.text ?? '';
  const after = later.value?.text ?? '';
  // BuildKit compares type case-insensitively; every other value as written.
  const same = key === 'type' ? before.toLowerCase() === after.toLowerCase() : before === after;
  const line = earlier.keyRange.start.line + 1;
  if (same) {
    // Removing the later copy keeps the mount as BuildKit reads it: the earlier one already set the value,
    // and for type= the keys after it were checked against the same type.
    const fixes: Fix[] = later.removalRange
      ? [
          {
            title: `Remove the repeated ${later.field.text}`,
            edits: [{ range: later.removalRange, newText: '' }],
            safety: 'safe',
            preferred: true,
          },
        ]
      : [];
    return {
      message: `${short(later.field.text, 40)} is given twice (also line ${line}): remove this copy.`,
      range: later.fieldRange,
      fixes,
      lower: { to: 'hint', because: 'the same value twice changes nothing' },
    };
  }
  if (key === 'type')
    return {
      message: `This later type=${short(after, 20)} makes it a ${short(after, 20)} mount, dropping type=${short(before, 20)}: keep one type=.`,
      range: later.fieldRange,
    };
  return {
    message: `${key}= is given twice: BuildKit keeps ${short(after, 30)} and drops ${short(before, 30)} (line ${line}): keep one.`,
    range: later.fieldRange,
  };
}
