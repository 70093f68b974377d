import type { LineIndex } from '../syntax/lineIndex';
import type { Range } from '../types';
import type { MappedText } from '../syntax/mappedText';
import type { InstructionFlag } from '../syntax/flags';
import { cleanPath, resolvePath } from '../syntax/paths';
import type { Lookup } from '../model/expand';
import { expandWord } from '../model/expand';
import type { EffectiveMount, Inherited, Mount, MountOption, RunInstruction } from '../model/types';
import { KEY_ALIASES, MOUNT_TYPES } from './keys';
import { splitCsv } from './csv';

export interface MountContext {
  lines: LineIndex;
  escapeChar: string;
  lookup: Lookup;
  workdir: Inherited;
}

function rangeOf(lines: LineIndex, text: MappedText, from = 0, to = text.length): Range {
  return lines.range(text.spanStart(from, to), text.spanEnd(from, to));
}

/** Turns one `--mount=...` flag into options with exact ranges, expanded values and BuildKit's effective meaning. */
export function parseMount(flag: InstructionFlag, run: RunInstruction, ctx: MountContext): Mount {
  const { lines } = ctx;
  const word = flag.word;
  const value = flag.value ?? word.slice(word.length);
  const options: MountOption[] = [];
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
        option.removalRange = rangeOf(lines, value, from, to);
        if (field.length === 0) {
          // An empty field has no characters to point at: point at its stray comma instead.
          const start = starts[i] ?? 0;
          const comma = start > 0 ? start - 1 : start;
          option.fieldRange = rangeOf(lines, value, comma, comma + 1);
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

  const mount: Mount = {
    run,
    flag,
    range: rangeOf(lines, word),
    nameRange: rangeOf(lines, word, 0, 2 + flag.name.length),
    valueRange: rangeOf(lines, value),
    options,
    effective: effectiveMount(options, ctx.workdir),
  };
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

function parseOption(field: MappedText, ctx: MountContext): MountOption {
  const { lines } = ctx;
  const eq = field.indexOf('=');
  const keyText = eq === -1 ? field : field.slice(0, eq);
  const key = keyText.text.toLowerCase();
  const option: MountOption = {
    key,
    keyText,
    keyRange: rangeOf(lines, keyText),
    field,
    fieldRange: rangeOf(lines, field),
  };
  const canonical = KEY_ALIASES[key];
  if (canonical) option.canonical = canonical;
  if (eq !== -1) {
    const value = field.slice(eq + 1);
    option.value = value;
    option.valueRange = rangeOf(lines, value);
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
