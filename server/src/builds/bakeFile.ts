// Bake files: which Dockerfile each target builds, for which platforms, with which arguments. Semantics from
// buildx's Bake documentation and `bake/bake.go`: a target's `context` defaults to "." and `dockerfile` to
// "Dockerfile", resolved from the context; `inherits` copies the named targets' attributes in order, the
// target's own winning, `args` merged key by key (a null value leaves the argument unset); a `variable`'s
// `default` is its value unless the environment overrides it at bake time. Paths are taken from the folder
// of the Bake file, where `docker buildx bake` finds it by default.
import { LineIndex } from '../analysis/syntax/lineIndex';
import type { HclBlock, HclValue } from './hcl';
import { literal, parseHcl } from './hcl';
import type { BuildDefinition, BuildFileResult } from './types';
import { folderOf, isRemoteContext, joinPath } from './types';

/** A target's attributes Bake reads for a build, as this reader knows them. */
interface TargetFacts {
  context?: Known<string>;
  dockerfile?: Known<string>;
  inline?: boolean;
  platforms?: Known<string[]>;
  args?: Map<string, string | null | undefined>;
  argsUnknown?: boolean;
  target?: Known<string>;
  inherits: string[];
  matrix: boolean;
}

/** A value, or `unknown` where the text does not give it. */
type Known<T> = { value: T } | 'unknown';

interface Target {
  name: string;
  start: number;
  end: number;
  facts: TargetFacts;
}

export function readBakeFile(file: string, text: string): BuildFileResult {
  const lines = new LineIndex(text);
  const range = (start: number, end: number) => ({
    start: lines.positionAt(start),
    end: lines.positionAt(end),
  });
  const result: BuildFileResult = { builds: [], problems: [] };
  let targets: Target[];
  let groupMembers: Set<string>;
  try {
    ({ targets, groupMembers } = /\.json$/i.test(file)
      ? fromJson(text, result, file, range)
      : fromHcl(text, result, file, range));
  } catch (error) {
    // Never thrown to the caller: a file that breaks the reader costs its facts.
    const message = error instanceof Error ? error.message : String(error);
    result.problems.push({ file, range: range(0, 0), message });
    return result;
  }
  const byName = new Map(targets.map((t) => [t.name, t] as const));
  const inherited = new Set(targets.flatMap((t) => t.facts.inherits));
  for (const target of targets) {
    // A target others inherit from and no group names is a template (`_common`), not a build of its own.
    if (inherited.has(target.name) && !groupMembers.has(target.name)) continue;
    const facts = resolve(target, byName, new Set());
    result.builds.push({
      kind: 'bake',
      file,
      name: `target "${target.name}"`,
      range: range(target.start, target.end),
      ...definition(file, facts),
    });
  }
  return result;
}

function definition(
  file: string,
  facts: TargetFacts,
): Pick<BuildDefinition, 'dockerfile' | 'platforms' | 'args' | 'target'> {
  if (facts.matrix) return { dockerfile: undefined, platforms: undefined, args: undefined };
  const context = facts.context ?? { value: '.' };
  const dockerfile = facts.dockerfile ?? { value: 'Dockerfile' };
  let path: string | undefined;
  if (!facts.inline && context !== 'unknown' && dockerfile !== 'unknown' && !isRemote(context.value))
    path = dockerfile.value.startsWith('/')
      ? undefined
      : joinPath(folderOf(file), context.value, dockerfile.value);
  const platforms =
    facts.platforms === undefined ? [] : facts.platforms === 'unknown' ? undefined : facts.platforms.value;
  let args: Map<string, string | undefined> | undefined;
  if (!facts.argsUnknown) {
    args = new Map();
    for (const [name, value] of facts.args ?? []) if (value !== null) args.set(name, value);
  }
  const out: Pick<BuildDefinition, 'dockerfile' | 'platforms' | 'args' | 'target'> = {
    dockerfile: path,
    platforms,
    args,
  };
  if (facts.target !== undefined) out.target = facts.target === 'unknown' ? undefined : facts.target.value;
  return out;
}

/** A target's facts with what it inherits, parents first; a loop of `inherits` is read once. */
function resolve(target: Target, byName: Map<string, Target>, visiting: Set<string>): TargetFacts {
  if (visiting.has(target.name)) return { inherits: [], matrix: false };
  visiting.add(target.name);
  const merged: TargetFacts = { inherits: [], matrix: false };
  for (const parentName of target.facts.inherits) {
    const parent = byName.get(parentName);
    // An unknown parent (from another file, or a typo) may set anything.
    if (!parent) {
      merged.matrix = true;
      continue;
    }
    mergeInto(merged, resolve(parent, byName, visiting));
  }
  mergeInto(merged, target.facts);
  visiting.delete(target.name);
  return merged;
}

function mergeInto(into: TargetFacts, from: TargetFacts): void {
  if (from.context !== undefined) into.context = from.context;
  if (from.dockerfile !== undefined) into.dockerfile = from.dockerfile;
  if (from.inline) into.inline = true;
  if (from.platforms !== undefined) into.platforms = from.platforms;
  if (from.target !== undefined) into.target = from.target;
  if (from.matrix) into.matrix = true;
  if (from.argsUnknown) into.argsUnknown = true;
  if (from.args) {
    into.args ??= new Map();
    // A null argument is "not set": it leaves an inherited value in place (buildx's Target.Merge skips it).
    for (const [name, value] of from.args)
      if (value !== null || !into.args.has(name)) into.args.set(name, value);
  }
}

type RangeOf = (start: number, end: number) => BuildDefinition['range'];

function fromHcl(
  text: string,
  result: BuildFileResult,
  file: string,
  range: RangeOf,
): { targets: Target[]; groupMembers: Set<string> } {
  const body = parseHcl(text);
  for (const problem of body.problems.slice(0, 5))
    result.problems.push({ file, range: range(problem.offset, problem.offset), message: problem.message });
  const variables = new Map<string, string | undefined>();
  for (const block of body.blocks)
    if (block.type === 'variable' && block.labels[0] !== undefined) {
      const value = block.attributes.get('default');
      variables.set(block.labels[0], value ? scalar(value, new Map()) : undefined);
    }
  // Top-level attributes are variables too (`TAG = "v1"`).
  for (const [name, value] of body.attributes) variables.set(name, scalar(value, new Map()));
  const targets: Target[] = [];
  const groupMembers = new Set<string>();
  for (const block of body.blocks) {
    if (block.type === 'group') {
      const list = block.attributes.get('targets');
      if (list?.kind === 'list')
        for (const item of list.items) {
          const name = scalar(item, variables);
          if (name !== undefined) groupMembers.add(name);
        }
    }
    if (block.type !== 'target' || block.labels[0] === undefined) continue;
    targets.push({
      name: block.labels[0],
      start: block.start,
      end: block.headerEnd,
      facts: hclFacts(block, variables),
    });
  }
  return { targets, groupMembers };
}

function hclFacts(block: HclBlock, variables: Map<string, string | undefined>): TargetFacts {
  const facts: TargetFacts = { inherits: [], matrix: block.attributes.has('matrix') };
  const get = (key: string) => block.attributes.get(key);
  const str = (key: string): Known<string> | undefined => {
    const value = get(key);
    if (value === undefined) return undefined;
    const s = scalar(value, variables);
    return s === undefined ? 'unknown' : { value: s };
  };
  const context = str('context');
  if (context !== undefined) facts.context = context;
  const dockerfile = str('dockerfile');
  if (dockerfile !== undefined) facts.dockerfile = dockerfile;
  if (get('dockerfile-inline') !== undefined) facts.inline = true;
  const target = str('target');
  if (target !== undefined) facts.target = target;
  const platforms = get('platforms');
  if (platforms !== undefined) facts.platforms = strings(platforms, variables);
  const inherits = get('inherits');
  if (inherits !== undefined) {
    const list = strings(inherits, variables);
    if (list === 'unknown') facts.matrix = true;
    else facts.inherits = list.value;
  }
  const args = get('args');
  if (args !== undefined) {
    if (args.kind !== 'object') facts.argsUnknown = true;
    else {
      facts.args = new Map();
      for (const [name, value] of args.entries)
        facts.args.set(name, value.kind === 'null' ? null : scalar(value, variables));
    }
  }
  return facts;
}

function strings(value: HclValue, variables: Map<string, string | undefined>): Known<string[]> {
  if (value.kind !== 'list') return 'unknown';
  const out: string[] = [];
  for (const item of value.items) {
    const s = scalar(item, variables);
    if (s === undefined) return 'unknown';
    out.push(s);
  }
  return { value: out };
}

/** A string, number or boolean as Bake turns it into text, with `${NAME}` from variables; else undefined. */
function scalar(value: HclValue, variables: Map<string, string | undefined>): string | undefined {
  switch (value.kind) {
    case 'number':
      return value.text;
    case 'bool':
      return String(value.value);
    case 'reference':
      return variables.get(value.name);
    case 'string': {
      const plain = literal(value);
      if (plain !== undefined) return plain;
      let out = '';
      for (const part of value.parts) {
        if (typeof part === 'string') out += part;
        else if ('reference' in part) {
          const v = variables.get(part.reference);
          if (v === undefined) return undefined;
          out += v;
        } else return undefined;
      }
      return out;
    }
    default:
      return undefined;
  }
}

function fromJson(
  text: string,
  result: BuildFileResult,
  file: string,
  range: RangeOf,
): { targets: Target[]; groupMembers: Set<string> } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    result.problems.push({
      file,
      range: range(0, 0),
      message: error instanceof Error ? error.message : String(error),
    });
    return { targets: [], groupMembers: new Set() };
  }
  const section = (key: string): Record<string, unknown> => {
    const value = isRecord(data) ? data[key] : undefined;
    return isRecord(value) ? value : {};
  };
  const variables = new Map<string, string | undefined>();
  for (const [name, v] of Object.entries(section('variable')))
    variables.set(name, isRecord(v) ? jsonScalar(v.default, new Map()) : undefined);
  const groupMembers = new Set<string>();
  for (const group of Object.values(section('group')))
    if (isRecord(group) && Array.isArray(group.targets))
      for (const t of group.targets) if (typeof t === 'string') groupMembers.add(t);
  const targets: Target[] = [];
  // JSON keeps no offsets: each target's range is found as its key after the "target" key.
  const targetsAt = Math.max(0, text.indexOf('"target"'));
  for (const [name, raw] of Object.entries(section('target'))) {
    const key = JSON.stringify(name);
    const at = text.indexOf(key, targetsAt);
    const start = at === -1 ? 0 : at;
    targets.push({ name, start, end: at === -1 ? 0 : at + key.length, facts: jsonFacts(raw, variables) });
  }
  return { targets, groupMembers };
}

function jsonFacts(raw: unknown, variables: Map<string, string | undefined>): TargetFacts {
  const facts: TargetFacts = { inherits: [], matrix: false };
  if (!isRecord(raw)) return { ...facts, matrix: true };
  if ('matrix' in raw) facts.matrix = true;
  const str = (key: string): Known<string> | undefined => {
    if (!(key in raw)) return undefined;
    const s = jsonScalar(raw[key], variables);
    return s === undefined ? 'unknown' : { value: s };
  };
  const context = str('context');
  if (context !== undefined) facts.context = context;
  const dockerfile = str('dockerfile');
  if (dockerfile !== undefined) facts.dockerfile = dockerfile;
  if ('dockerfile-inline' in raw) facts.inline = true;
  const target = str('target');
  if (target !== undefined) facts.target = target;
  const list = (value: unknown): Known<string[]> => {
    if (!Array.isArray(value)) return 'unknown';
    const out: string[] = [];
    for (const item of value) {
      const s = jsonScalar(item, variables);
      if (s === undefined) return 'unknown';
      out.push(s);
    }
    return { value: out };
  };
  if ('platforms' in raw) facts.platforms = list(raw.platforms);
  if ('inherits' in raw) {
    const inherits = list(raw.inherits);
    if (inherits === 'unknown') facts.matrix = true;
    else facts.inherits = inherits.value;
  }
  if ('args' in raw) {
    if (!isRecord(raw.args)) facts.argsUnknown = true;
    else {
      facts.args = new Map();
      for (const [name, value] of Object.entries(raw.args))
        facts.args.set(name, value === null ? null : jsonScalar(value, variables));
    }
  }
  return facts;
}

function jsonScalar(value: unknown, variables: Map<string, string | undefined>): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  let out = '';
  let rest = value;
  for (;;) {
    const at = rest.indexOf('${');
    if (at === -1) return out + rest;
    if (rest[at - 1] === '$') {
      out += `${rest.slice(0, at - 1)}\${`;
      rest = rest.slice(at + 2);
      continue;
    }
    const end = rest.indexOf('}', at);
    if (end === -1) return undefined;
    const name = rest.slice(at + 2, end).trim();
    const v = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? variables.get(name) : undefined;
    if (v === undefined) return undefined;
    out += rest.slice(0, at) + v;
    rest = rest.slice(end + 1);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Bake also takes another target's output or an image as a context. */
function isRemote(context: string): boolean {
  return isRemoteContext(context) || /^(?:target:|docker-image:)/i.test(context);
}
