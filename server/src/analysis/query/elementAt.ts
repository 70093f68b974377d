import type { DockerfileModel, Mount, MountOption } from '../model/types';
import type { Position, Range } from '../types';

export type MountElement =
  | { kind: 'flag'; mount: Mount; range: Range }
  | { kind: 'key'; mount: Mount; option: MountOption; range: Range }
  | { kind: 'value'; mount: Mount; option: MountOption; range: Range };

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Inclusive at both ends, so a cursor just after a word still finds it. */
export function contains(range: Range, position: Position): boolean {
  return !before(position, range.start) && !before(range.end, position);
}

/** The part of a `--mount` flag at a position: its name, an option's key, or an option's value. */
export function mountElementAt(model: DockerfileModel, position: Position): MountElement | undefined {
  for (const run of model.runs) {
    if (before(position, run.range.start) || before(run.range.end, position)) continue;
    for (const mount of run.mounts) {
      if (!contains(mount.range, position)) continue;
      if (contains(mount.nameRange, position)) return { kind: 'flag', mount, range: mount.nameRange };
      for (const option of mount.options) {
        if (contains(option.keyRange, position))
          return { kind: 'key', mount, option, range: option.keyRange };
        if (option.valueRange && contains(option.valueRange, position)) {
          return { kind: 'value', mount, option, range: option.valueRange };
        }
      }
      return { kind: 'flag', mount, range: mount.nameRange };
    }
  }
  return undefined;
}
