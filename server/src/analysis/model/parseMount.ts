import type { LineIndex } from '../syntax/lineIndex';
import type { Range } from '../types';
import type { MappedText } from '../syntax/mappedText';
import type { InstructionFlag } from '../syntax/flags';
import { cleanPath, resolvePath } from '../syntax/paths';
import type { Expansion, Lookup } from '../syntax/expand';
import { expandWord } from '../syntax/expand';
import type { EffectiveMount, Inherited, Mount, MountOption, RunInstruction } from './types';
import type { CanonicalKey } from '../mount/keys';
import { KEY_ALIASES, MOUNT_TYPES } from '../mount/keys';
import { splitCsv } from '../mount/csv';

export interface MountContext {
  lines: LineIndex;
  escapeChar: string;
  lookup: Lookup;
  workdir: Inherited;
}

function rangeOf(lines: LineIndex, text: MappedText, from = 0, to = text.length): Range {
  return lines.range(text.spanStart(from, to), text.spanEnd(from, to));
}

/**
 * A mount and its options keep the document offsets of their ranges and compute a range (lines and characters)
 * when it is read. A RUN's mounts have a handful of ranges per option, and rules read them only for the few
 * they report on: built eagerly, they were most of what a mount kept alive. The offsets are those of the build
 * that parsed the mount, and so is `lines`: a RUN that a later build takes over after an edit above it keeps
 * its lines and characters (incremental/modelReuse.ts, `moveRun`), so the range read from them stays right.
 */
class ParsedMount implements Mount {
  declare csvError?: Mount['csvError'];
  cache?: Mount['cache'];
  misplacedCache?: Mount['misplacedCache'];
  readonly #lines: LineIndex;
  readonly #start: number;
  readonly #end: number;
  readonly #nameStart: number;
  readonly #nameEnd: number;
  readonly #valueStart: number;
  readonly #valueEnd: number;

  constructor(
    readonly run: RunInstruction,
    readonly flag: InstructionFlag,
    readonly options: MountOption[],
    readonly effective: EffectiveMount,
    lines: LineIndex,
    value: MappedText,
  ) {
    const word = flag.word;
    const nameLength = 2 + flag.name.length;
    this.#lines = lines;
    this.#start = word.spanStart(0, word.length);
    this.#end = word.spanEnd(0, word.length);
    this.#nameStart = word.spanStart(0, nameLength);
    this.#nameEnd = word.spanEnd(0, nameLength);
    this.#valueStart = value.spanStart(0, value.length);
    this.#valueEnd = value.spanEnd(0, value.length);
  }

  get range(): Range {
    return this.#lines.range(this.#start, this.#end);
  }

  get nameRange(): Range {
    return this.#lines.range(this.#nameStart, this.#nameEnd);
  }

  get valueRange(): Range {
    return this.#lines.range(this.#valueStart, this.#valueEnd);
  }
}

/** A `MountOption` that computes its ranges when they are read (see `ParsedMount`); -1: no such range. */
class ParsedOption implements MountOption {
  declare canonical?: CanonicalKey;
  declare value?: MappedText;
  declare expanded?: Expansion;
  declare strayCommas?: Range;
  readonly #lines: LineIndex;
  readonly #keyStart: number;
  readonly #keyEnd: number;
  #fieldStart: number;
  #fieldEnd: number;
  #valueStart = -1;
  #valueEnd = -1;
  #removalStart = -1;
  #removalEnd = -1;

  constructor(
    readonly key: string,
    readonly keyText: MappedText,
    readonly field: MappedText,
    lines: LineIndex,
  ) {
    this.#lines = lines;
    this.#keyStart = keyText.spanStart(0, keyText.length);
    this.#keyEnd = keyText.spanEnd(0, keyText.length);
    this.#fieldStart = field.spanStart(0, field.length);
    this.#fieldEnd = field.spanEnd(0, field.length);
  }

  get keyRange(): Range {
    return this.#lines.range(this.#keyStart, this.#keyEnd);
  }

  get fieldRange(): Range {
    return this.#lines.range(this.#fieldStart, this.#fieldEnd);
  }

  get valueRange(): Range | undefined {
    return this.#valueStart === -1 ? undefined : this.#lines.range(this.#valueStart, this.#valueEnd);
  }

  get removalRange(): Range | undefined {
    return this.#removalStart === -1 ? undefined : this.#lines.range(this.#removalStart, this.#removalEnd);
  }

  setValue(value: MappedText): void {
    this.value = value;
    this.#valueStart = value.spanStart(0, value.length);
    this.#valueEnd = value.spanEnd(0, value.length);
  }

  /** Characters [from, to) of the mount's value: what to delete to remove the option (`removalRange`). */
  setRemoval(value: MappedText, from: number, to: number): void {
    this.#removalStart = value.spanStart(from, to);
    this.#removalEnd = value.spanEnd(from, to);
  }

  /** For an empty field, which has no characters to point at: characters [from, to) of the mount's value. */
  setField(value: MappedText, from: number, to: number): void {
    this.#fieldStart = value.spanStart(from, to);
    this.#fieldEnd = value.spanEnd(from, to);
  }
}

/** Turns one `--mount=...` flag into options with exact ranges, expanded values and BuildKit's effective meaning. */
export function parseMount(flag: InstructionFlag, run: RunInstruction, ctx: MountContext): Mount {
  const { lines } = ctx;
  const word = flag.word;
  const value = flag.value ?? word.slice(word.length);
  const options: ParsedOption[] = [];
  let csvError: Mount['csvError'];

  if (flag.value !== undefined && value.length > 0) {
    const split = splitCsv(value);
    if (split.ok) {
      const { starts, fields } = split;
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i] as MappedText;
        const option = parseOption(field, ctx);
        // Removing an option takes one separator with it: the comma before it, or after it when it is first.
        const from = i > 0 ? (starts[i] ?? 0) - 1 : 0;
        const to =
          i > 0
            ? i + 1 < starts.length
              ? (starts[i + 1] ?? 0) - 1
              : value.length
            : starts.length > 1
              ? (starts[1] ?? 0)
              : value.length;
        option.setRemoval(value, from, to);
        if (field.length === 0) {
          // An empty field has no characters to point at: point at its stray comma instead.
          const start = starts[i] ?? 0;
          const comma = start > 0 ? start - 1 : start;
          option.setField(value, comma, comma + 1);
        }
        options.push(option);
      }
      markEmptyRuns(options, starts, lines, value);
    } else {
      csvError = {
        message: split.message,
        range: rangeOf(lines, value, split.at, split.at + Math.max(1, split.length)),
      };
    }
  }

  const mount = new ParsedMount(run, flag, options, effectiveMount(options, ctx.workdir), lines, value);
  if (csvError) mount.csvError = csvError;
  return mount;
}

/**
 * Gives each empty field the range of the stray commas of its run (`a,,,b`, `,,a`, `a,,`): removing them
 * leaves one separator where one is needed. Fixing one comma at a time would leave an identical finding in
 * its place, and "fix all" would need a round per comma.
 */
function markEmptyRuns(
  options: MountOption[],
  starts: readonly number[],
  lines: LineIndex,
  value: MappedText,
): void {
  const length = value.length;
  for (let i = 0; i < options.length; i++) {
    if ((options[i] as MountOption).field.length !== 0) continue;
    let j = i;
    while (j + 1 < options.length && (options[j + 1] as MountOption).field.length === 0) j++;
    const last = j === options.length - 1;
    const from = i > 0 ? (starts[i] ?? 0) - 1 : 0;
    const to = last ? length : i > 0 ? (starts[j] ?? 0) : (starts[j + 1] ?? 0);
    const commas = rangeOf(lines, value, from, to);
    for (let k = i; k <= j; k++) (options[k] as MountOption).strayCommas = commas;
    i = j;
  }
}

function parseOption(field: MappedText, ctx: MountContext): ParsedOption {
  const { lines } = ctx;
  const eq = field.indexOf('=');
  const keyText = eq === -1 ? field : field.slice(0, eq);
  const key = keyText.text.toLowerCase();
  const option = new ParsedOption(key, keyText, field, lines);
  const canonical = KEY_ALIASES[key];
  if (canonical) option.canonical = canonical;
  if (eq !== -1) {
    const value = field.slice(eq + 1);
    option.setValue(value);
    option.expanded = expandWord(value.text, ctx.lookup, ctx.escapeChar);
  }
  return option;
}

function effectiveMount(options: MountOption[], workdir: Inherited): EffectiveMount {
  const last: EffectiveMount['last'] = {};
  let type = 'bind';
  let typeOption: MountOption | undefined;
  for (const option of options) {
    if (!option.canonical) continue;
    last[option.canonical] = option;
    if (option.canonical === 'type' && option.expanded && !option.expanded.error) {
      const candidate = option.expanded.value.toLowerCase();
      if ((MOUNT_TYPES as readonly string[]).includes(candidate)) {
        type = candidate;
        typeOption = option;
      }
    }
  }

  const effective: EffectiveMount = {
    type,
    id: { value: '', complete: true, implied: true },
    sharing: { value: 'shared', implied: true },
    last,
  };
  if (typeOption) effective.typeOption = typeOption;

  const target = last.target;
  if (target?.expanded) {
    const written = target.expanded.value;
    const absolute = resolvePath(workdir.value, written);
    effective.target = {
      option: target,
      written,
      absolute,
      complete: target.expanded.complete && (written.startsWith('/') || workdir.known),
    };
  }

  // BuildKit (dockerfile2llb/convert_runmount.go): an empty id, after expansion, means "use the target".
  const id = last.id;
  if (id?.expanded && id.expanded.value !== '') {
    effective.id = { value: id.expanded.value, complete: id.expanded.complete, implied: false, option: id };
  } else {
    effective.id = {
      value: cleanPath(effective.target?.written ?? ''),
      complete: effective.target ? target?.expanded?.complete !== false : true,
      implied: true,
    };
    if (id) effective.id.option = id;
  }

  const sharing = last.sharing;
  if (sharing?.expanded) {
    effective.sharing = { value: sharing.expanded.value.toLowerCase(), implied: false, option: sharing };
  }
  return effective;
}
