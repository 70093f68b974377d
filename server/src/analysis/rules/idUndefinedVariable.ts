import { short } from './text';
import type { DockerfileModel, Mount, MountOption } from '../model/types';
import type { VariableReference } from '../syntax/expand';
import { PLATFORM_ARGS } from '../model/platformArgs';
import { suggest } from '../syntax/suggest';
import type { Fix, FixSafety } from '../types';
import { declareArgEdit, insertFix, replaceFix } from '../edits/fixes';
import type { Report } from './rule';
import { defineRule } from './rule';

/**
 * Did-you-mean answers by scope (the RUN's bindings; RUNs with no ARG or ENV between them share one) and
 * name, for one check: a variable missing from a stage is usually missing from all its mounts.
 */
type Nearest = Map<ReadonlyMap<string, unknown>, Map<string, string | undefined>>;

function nearestInScope(
  model: DockerfileModel,
  mount: Mount,
  name: string,
  nearest: Nearest,
): string | undefined {
  const bindings = mount.run.scope.bindings;
  let byName = nearest.get(bindings);
  if (!byName) {
    byName = new Map();
    nearest.set(bindings, byName);
  }
  if (byName.has(name)) return byName.get(name);
  const known = [...bindings.keys(), ...PLATFORM_ARGS, ...model.globalArgs.keys()];
  const candidate = suggest(name, known, true);
  byName.set(name, candidate);
  return candidate;
}

/** Options whose variables decide which cache is used and where (`from` cannot have variables at all). */
const CHECKED = new Set(['id', 'target', 'source']);

/**
 * A variable in a mount's id, target or source that is not in scope where the RUN runs, so BuildKit
 * silently expands it to an empty string: a platform ARG or global ARG not declared in the stage, or a typo.
 */
export const idUndefinedVariable = defineRule({
  id: 'id-undefined-variable',
  severity: 'warning',
  summary: 'A variable in the mount is not declared in this stage and expands to an empty string.',
  scope: 'stage',
  check: (context) => {
    const nearest: Nearest = new Map();
    context.eachMount((mount) => {
      for (const option of mount.options) {
        if (!option.canonical || !CHECKED.has(option.canonical) || !option.expanded || option.expanded.error)
          continue;
        const references = option.expanded.references;
        // Most mounts have no variable at all: no set for them.
        if (references.length === 0) continue;
        const seen = new Set<string>();
        for (const reference of references) {
          const report = checkReference(context.model, mount, option, reference, seen, nearest);
          if (report) context.report(report);
        }
      }
    });
  },
});

/**
 * How safe it is to make `option` expand differently (declaring the variable, or correcting its name): unsafe
 * when the option is in force, since the mount then changes: another id or source, or a target elsewhere (the
 * tool may no longer find its cache there). Safe only for an option a later one of the same key overrides,
 * which BuildKit reads and drops.
 */
function expansionSafety(mount: Mount, option: MountOption): FixSafety {
  const key = option.canonical;
  return key && mount.effective.last[key] !== option ? 'safe' : 'unsafe';
}

function checkReference(
  model: DockerfileModel,
  mount: Mount,
  option: MountOption,
  reference: VariableReference,
  seen: Set<string>,
  nearest: Nearest,
): Report | undefined {
  const { name } = reference;
  if (seen.has(name) || /^[0-9@*#?$!-]/.test(name)) return undefined;
  // A variable in scope (with or without a value) is never reported, typo or not: skip the suggestion search.
  if (reference.status === 'known' || reference.status === 'unknown') return undefined;
  const stage = mount.run.stage;
  // Short names are too often near another by chance: only call them typos when they are surely empty.
  const candidate = nearestInScope(model, mount, name, nearest);
  const typo = candidate && (reference.status === 'undefined' || name.length > 3) ? candidate : undefined;
  if (reference.status !== 'undefined' && !typo) return undefined;
  seen.add(name);

  const value = option.value;
  if (!value) return undefined;
  const [start, end] = value.span(reference.start, reference.end);
  const range = model.lines.range(start, end);
  const key = option.canonical ?? option.key;
  const result = option.expanded?.complete ? `, so ${key} is "${short(option.expanded.value, 30)}"` : '';
  const fixes: Fix[] = [];
  const safety = expansionSafety(mount, option);
  let message: string;
  if (PLATFORM_ARGS.has(name) || model.globalArgs.has(name)) {
    message = `$${name} is empty in this stage${result}: declare ARG ${name} in it to use the ${PLATFORM_ARGS.has(name) ? "builder's" : 'global'} value.`;
    const { range: at, newText } = declareArgEdit(model, stage, name);
    fixes.push(insertFix(`Declare ARG ${name} in this stage`, at.start, newText, safety, safety === 'safe'));
  } else if (typo) {
    const definitely = reference.status === 'undefined';
    message = `$${name} is ${definitely ? `not defined here${result}` : 'not defined here (unless the base image sets it)'}: did you mean $${typo}?`;
    const source = model.text.slice(start, end);
    // Where the base image may set $name, the build may already expand it as meant: a guess, so unsafe.
    const rename = definitely ? safety : 'unsafe';
    fixes.push(replaceFix(`Change to ${typo}`, range, source.replace(name, typo), rename, rename === 'safe'));
  } else {
    message = `$${name} is not an ARG or ENV of this stage, so it expands to nothing${result}.`;
  }
  return { message, range, fixes, mount };
}
