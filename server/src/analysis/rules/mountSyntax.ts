import { short } from './text';
import type { DockerfileModel, Mount, MountOption, RunInstruction } from '../model/types';
import { BARE_KEYS, MOUNT_TYPES, RUN_FLAGS, SHARING_MODES, SUGGESTABLE_KEYS } from '../mount/keys';
import { parseGoBool, parseRamSize, parseUint32 } from '../mount/values';
import { stageNamed } from '../model/stages';
import { runCommands } from '../model/commands';
import { imageReferenceError } from '../mount/reference';
import { certainlyNonEmpty } from '../syntax/expand';
import { suggest } from '../syntax/suggest';
import type { CanonicalKey } from '../mount/keys';
import { KEY_ALIASES } from '../mount/keys';
import type { Fix, Range } from '../types';
import { safeReplace } from '../edits/fixes';
import type { Report } from './rule';
import { defineRule } from './rule';

/**
 * Everything BuildKit rejects in a RUN's flags and `--mount` values, reported where it is written.
 * Mirrors frontend/dockerfile/instructions/commands_runmount.go (parseMount), bflag.go (BFlags.Parse) and
 * dockerfile2llb/convert_runmount.go (dispatchRunMounts). BuildKit stops at the first error of a RUN; this
 * rule reports each independent error, and skips checks that would only repeat an earlier one.
 */
export const mountSyntax = defineRule({
  id: 'mount-syntax',
  severity: 'error',
  summary: 'BuildKit rejects this mount: the build fails when it reaches the RUN.',
  scope: 'stage',
  verdict: 'invalid',
  check({ model, runs, report }) {
    for (const run of runs) {
      const flags: Report[] = [];
      checkFlags(run, model, flags);
      checkFlagsInCommand(run, model, flags);
      for (const found of flags) report(found);
      for (const mount of run.mounts) {
        const found: Report[] = [];
        checkMount(mount, model, found);
        for (const one of found) report({ ...one, mount });
      }
    }
  },
});

/**
 * Every fix of this rule corrects what BuildKit rejects into what the author evidently meant (a misspelt key,
 * type, value or flag, a missing `=`, a stray comma): the build does what it was written to do. Safe.
 */
function error(range: Range, message: string, fixes: Fix[] = []): Report {
  return { message, range, fixes };
}

/**
 * The values BuildKit accepts for RUN's single-valued flags (instructions/commands_runnetwork.go,
 * commands_runsecurity.go); `--mount` and `--device` may be given several times (bflag.go's string lists).
 */
const FLAG_VALUES: Readonly<Record<string, readonly string[]>> = {
  network: ['default', 'none', 'host'],
  security: ['sandbox', 'insecure'],
};

function checkFlags(run: RunInstruction, model: DockerfileModel, findings: Report[]): void {
  const seen = new Set<string>();
  for (const flag of run.flags) {
    const name = flag.name.text;
    if (RUN_FLAGS.includes(name)) {
      checkFlagValue(flag, name, seen, model, findings);
      continue;
    }
    const [a, b] = flag.word.span(0, 2 + flag.name.length);
    const range = model.lines.range(a, b);
    const match = suggest(name, RUN_FLAGS, true);
    const fixes = match ? [safeReplace(`Change to --${match}`, range, `--${match}`, true)] : [];
    const hint = match ? ` (did you mean --${match}?)` : '';
    findings.push(
      error(range, `Unknown RUN flag --${name}${hint}. BuildKit rejects the instruction.`, fixes),
    );
  }
}

/**
 * A `--mount=` (or other RUN flag) where the shell runs it as a program: BuildKit reads flags only before the
 * command (`RUN chmod +x gradlew && --mount=type=cache,... ./gradlew build`), so the shell tries to run
 * "--mount=..." and the build fails.
 */
function checkFlagsInCommand(run: RunInstruction, model: DockerfileModel, findings: Report[]): void {
  for (const command of runCommands(run)) {
    const word = command.words[0];
    const text = word?.value.text ?? '';
    const flag = /^--(mount|network|security|device)(=|$)/.exec(text);
    if (!word || !flag) continue;
    findings.push(
      error(
        model.lines.range(word.start, word.end),
        `--${flag[1] ?? 'mount'} here is inside the command, so the shell runs it as a program: move it right after RUN.`,
      ),
    );
  }
}

/**
 * The last type= when an earlier one named another type (`type=cache,sharing=locked,type=bind`): the errors
 * it causes belong on it, since the key it invalidates was right for the type first written.
 */
function laterType(mount: Mount): MountOption | undefined {
  const types = mount.options.filter((o) => o.canonical === 'type' && o.value !== undefined);
  const first = types[0];
  const last = types[types.length - 1];
  if (!first || !last || first === last) return undefined;
  return first.value?.text.toLowerCase() === last.value?.text.toLowerCase() ? undefined : last;
}

/** bflag.go: a flag without `=`, a single-valued flag given twice; the value checks of the RUN flags. */
function checkFlagValue(
  flag: RunInstruction['flags'][number],
  name: string,
  seen: Set<string>,
  model: DockerfileModel,
  findings: Report[],
): void {
  const whole = model.lines.range(...flag.word.span(0, flag.word.length));
  if (flag.value === undefined) {
    // --mount without a value has its own message (it usually means a space instead of "=").
    if (name !== 'mount')
      findings.push(error(whole, `--${name} has no value, which BuildKit rejects: write --${name}=....`));
    return;
  }
  const allowed = FLAG_VALUES[name];
  if (!allowed) return;
  if (seen.has(name)) {
    findings.push(error(whole, `--${name} is given twice, which BuildKit rejects: keep one.`));
    return;
  }
  seen.add(name);
  const value = flag.value.text;
  if (value.includes('$') || allowed.includes(value)) return;
  const [a, b] =
    flag.value.length > 0 ? flag.value.span(0, flag.value.length) : flag.word.span(0, flag.word.length);
  findings.push(
    withSuggestion(
      model.lines.range(a, b),
      `Unknown --${name} value "${short(value, 20)}"`,
      value,
      allowed,
      `use ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1] ?? ''}`,
    ),
  );
}

/**
 * Where a finding about an option's value points; an empty value has no characters to point at: the whole
 * `key=` instead. Asked only for a finding: the option computes a range when it is read.
 */
function valueRangeOf(option: MountOption): Range {
  return option.value !== undefined && option.value.length > 0 && option.valueRange
    ? option.valueRange
    : option.fieldRange;
}

/** How BuildKit reads the value of one key (instructions/commands_runmount.go, `parseMount`). */
interface ValueCheck {
  /** The types the key belongs to, in the order BuildKit checks it: while parsing, by the type seen so far. */
  onlyFor?: readonly string[];
  /** A value BuildKit rejects, and the message for it; absent: any value is taken. */
  rejects?: (value: string) => boolean;
  invalid?: (key: string, value: string) => string;
  /** A closed set of values: an unknown one gets BuildKit's "did you mean" and the list. */
  oneOf?: { values: readonly string[]; unsupported: string; list: string };
}

const notBool = (value: string): boolean => parseGoBool(value) === undefined;
const boolMessage = (key: string, value: string): string =>
  `Invalid value for ${key}: "${value}" is not a boolean (use true or false).`;

/** Every key but `type` (which sets what later keys are checked against), and what its value must be. */
const VALUE_CHECKS: Readonly<Partial<Record<CanonicalKey, ValueCheck>>> = {
  readonly: { rejects: notBool, invalid: boolMessage },
  readwrite: { rejects: notBool, invalid: boolMessage },
  required: { onlyFor: ['secret', 'ssh'], rejects: notBool, invalid: boolMessage },
  size: {
    onlyFor: ['tmpfs'],
    rejects: (value) => parseRamSize(value) === undefined,
    invalid: (_key, value) => `Invalid value for size: "${value}" is not a size such as 64m or 1g.`,
  },
  sharing: {
    oneOf: {
      values: SHARING_MODES,
      unsupported: 'Unsupported sharing value',
      list: 'use shared, private or locked',
    },
  },
  mode: {
    rejects: (value) => parseUint32(value, 8) === undefined,
    invalid: (_key, value) => `Invalid value "${value}" for mode: it must be an octal number such as 0755.`,
  },
  uid: {
    rejects: (value) => parseUint32(value, 10) === undefined,
    invalid: (key, value) => `Invalid value "${value}" for ${key}: it must be a decimal number such as 1000.`,
  },
  gid: {
    rejects: (value) => parseUint32(value, 10) === undefined,
    invalid: (key, value) => `Invalid value "${value}" for ${key}: it must be a decimal number such as 1000.`,
  },
  // Checked elsewhere or not at all: ids and paths are free text, `from` and `env` are checked per type.
  id: {},
  from: {},
  source: {},
  target: {},
  env: {},
};

/** What is wrong with a complete value, as a report to place at the value's range; undefined when valid. */
function valueProblem(check: ValueCheck, key: string, value: string): ((range: Range) => Report) | undefined {
  const { oneOf } = check;
  if (oneOf && !oneOf.values.includes(value.toLowerCase()))
    return (range) =>
      withSuggestion(range, `${oneOf.unsupported} "${value}"`, value, oneOf.values, oneOf.list);
  if (check.rejects?.(value) && check.invalid) {
    const message = check.invalid(key, value);
    return (range) => error(range, message);
  }
  return undefined;
}

function checkMount(mount: Mount, model: DockerfileModel, findings: Report[]): void {
  if (mount.flag.value === undefined) {
    findings.push(missingValue(mount, model));
    return;
  }
  if (mount.flag.value.length === 0) {
    findings.push(error(mount.range, 'The mount has no options: write at least type=...,target=....'));
    return;
  }
  if (mount.csvError) {
    findings.push(
      error(
        mount.csvError.range,
        `BuildKit cannot split these options (${mount.csvError.message}): quote whole fields only.`,
      ),
    );
    return;
  }

  let type = 'bind';
  let typeKnown = true;
  for (const option of mount.options) {
    if (option.value === undefined) {
      if (option.field.length === 0 && option === mount.options[mount.options.length - 1]) {
        findings.push(trailingComma(mount, option));
        continue;
      }
      checkBareKey(option, type, typeKnown, findings);
      continue;
    }
    if (option.key === 'from' && /\$./.test(option.value.text)) {
      findings.push(
        error(
          option.valueRange ?? option.fieldRange,
          'from= takes no variables: name an alias stage (FROM ${IMAGE} AS deps) and use from=deps.',
        ),
      );
      continue;
    }
    const expansion = option.expanded;
    if (expansion?.error) {
      findings.push(
        error(
          option.valueRange ?? option.fieldRange,
          `Variable expansion fails: ${expansion.error.message}.`,
        ),
      );
      continue;
    }
    const value = expansion?.value ?? option.value.text;
    const checkable = expansion?.complete !== false;

    if (option.canonical === 'type') {
      if (!checkable) {
        typeKnown = false;
        continue;
      }
      const lower = value.toLowerCase();
      typeKnown = (MOUNT_TYPES as readonly string[]).includes(lower);
      if (typeKnown) type = lower;
      else
        findings.push(
          withSuggestion(
            valueRangeOf(option),
            `Unknown mount type "${short(value, 20)}"`,
            value,
            MOUNT_TYPES,
            'use bind, cache, tmpfs, secret or ssh',
          ),
        );
      continue;
    }
    const check = option.canonical ? VALUE_CHECKS[option.canonical] : undefined;
    if (!check) {
      findings.push(unknownKey(option));
      continue;
    }
    if (check.onlyFor) {
      // Whether the key is allowed depends on the type seen so far, which must be known.
      if (!typeKnown) continue;
      if (!check.onlyFor.includes(type)) {
        findings.push(keyNotForType(option, type));
        continue;
      }
    }
    if (checkable) {
      const problem = valueProblem(check, option.key, value);
      if (problem) findings.push(problem(valueRangeOf(option)));
    }
  }
  if (typeKnown) checkTypeCombinations(mount, type, model, findings);
}

function missingValue(mount: Mount, model: DockerfileModel): Report {
  const command = mount.run.command;
  const firstWord = /^\S+/.exec(command.text)?.[0] ?? '';
  const firstKey = firstWord.split(/[=,]/)[0]?.toLowerCase() ?? '';
  if (firstWord.includes('=') && KEY_ALIASES[firstKey]) {
    // `--mount type=cache,...`: BuildKit takes the options as the command and the flag as empty.
    const [nameEnd] = mount.flag.word.span(mount.flag.word.length, mount.flag.word.length);
    const [wordStart] = command.span(0, 0);
    const gap = model.lines.range(nameEnd, wordStart);
    return error(
      gap,
      '--mount needs an equals sign (--mount=...): with a space, BuildKit reads the options as the command.',
      [safeReplace('Join with "="', gap, '=', true)],
    );
  }
  return error(
    mount.range,
    '--mount has no value, which BuildKit rejects: write --mount=type=...,target=....',
  );
}

function checkBareKey(option: MountOption, type: string, typeKnown: boolean, findings: Report[]): void {
  if (option.key === 'required') {
    if (typeKnown && type !== 'secret' && type !== 'ssh') findings.push(keyNotForType(option, type));
    return;
  }
  if (BARE_KEYS.has(option.key)) return;
  if (option.field.length === 0) {
    findings.push(
      error(option.fieldRange, 'A stray comma makes an empty option, which BuildKit rejects: remove it.', [
        strayCommaFix(option, true),
      ]),
    );
    return;
  }
  const buildah = Object.hasOwn(BUILDAH_FLAGS, option.field.text)
    ? BUILDAH_FLAGS[option.field.text]
    : undefined;
  if (buildah) {
    // The author builds with Podman or Buildah, which take these; BuildKit does not. Which builder runs the
    // file is not in it: said, not claimed as an error, and never "corrected" to a BuildKit option.
    findings.push({
      ...error(
        option.fieldRange,
        `"${option.field.text}" is Podman's and Buildah's ${buildah} option, which BuildKit rejects: fine if only they build this file.`,
      ),
      lower: { to: 'hint', because: 'the option shows the file is built with Podman or Buildah' },
    });
    return;
  }
  const match = suggest(option.key, [...BARE_KEYS], true);
  const hint = match
    ? ` Did you mean ${match}?`
    : option.canonical
      ? ` Write ${option.field.text}=<value>.`
      : '';
  findings.push(
    error(
      option.fieldRange,
      `"${short(option.field.text, 30)}" is not key=value, and only ro, rw and required may stand alone.${hint}`,
      match ? [safeReplace(`Change to ${match}`, option.keyRange, match, true)] : [],
    ),
  );
}

/** Bare mount options of Podman and Buildah (buildah-build(1), `--mount`): BuildKit rejects them. */
const BUILDAH_FLAGS: Readonly<Record<string, string>> = {
  z: 'SELinux relabel',
  Z: 'private SELinux relabel',
  U: 'ownership',
};

/**
 * A trailing comma usually means the options go on after a line continuation, on a line that starts with
 * spaces: BuildKit keeps a continuation line's leading whitespace (parser/parser.go), so the flag ends there.
 */
function trailingComma(mount: Mount, option: MountOption): Report {
  const continued = /^[A-Za-z]+=/.test(mount.run.command.text);
  const why = continued ? ' The indented next line became the command: start it in column 1.' : ' Remove it.';
  return error(option.fieldRange, `BuildKit rejects the empty option after this trailing comma.${why}`, [
    strayCommaFix(option, !continued),
  ]);
}

function strayCommaFix(option: MountOption, preferred: boolean): Fix {
  const range = option.strayCommas ?? option.fieldRange;
  const several = range.end.line !== range.start.line || range.end.character - range.start.character > 1;
  return safeReplace(several ? 'Remove the stray commas' : 'Remove the stray comma', range, '', preferred);
}

function keyNotForType(option: MountOption, type: string): Report {
  return error(
    option.keyRange,
    `${option.key}= is not allowed on a ${type} mount (${option.canonical === 'size' ? 'tmpfs only' : 'secret and ssh only'}); put type= first.`,
  );
}

function unknownKey(option: MountOption): Report {
  const match = suggest(option.key, SUGGESTABLE_KEYS, true);
  const hint = match ? ` (did you mean ${match}?)` : '';
  return error(
    // An empty key (`=value`) has no characters to point at: point at the field.
    option.key === '' ? option.fieldRange : option.keyRange,
    `BuildKit does not know the key '${short(option.key, 30)}'${hint}.`,
    match ? [safeReplace(`Change to ${match}`, option.keyRange, match, true)] : [],
  );
}

function withSuggestion(
  range: Range,
  problem: string,
  value: string,
  options: readonly string[],
  valid: string,
): Report {
  // BuildKit compares these values lower-cased, so suggest regardless of case (it would miss `CAHCE`).
  const match = suggest(value, options, false);
  const hint = match ? ` (did you mean ${match}?)` : '';
  return error(
    range,
    `${problem}${hint}: ${valid}.`,
    match ? [safeReplace(`Change to ${match}`, range, match, true)] : [],
  );
}

function checkTypeCombinations(mount: Mount, type: string, model: DockerfileModel, findings: Report[]): void {
  const last = mount.effective.last;
  const present = (key: keyof typeof last): MountOption | undefined =>
    mount.options.find((o) => o.canonical === key);
  if (type === 'bind' || type === 'tmpfs') {
    for (const key of ['mode', 'uid', 'gid'] as const) {
      const option = present(key);
      if (option) {
        const changed = laterType(mount);
        findings.push(
          error(
            changed ? changed.fieldRange : option.keyRange,
            changed
              ? `This later type=${type} drops the earlier type, and ${key}= is not allowed on a ${type} mount.`
              : `${key}= is only for cache, secret and ssh mounts; BuildKit rejects it on this ${type} mount.`,
          ),
        );
      }
    }
  }
  if (type === 'secret') {
    // An empty from= is accepted (BuildKit only rejects a secret mount that names something to mount from).
    const from = present('from');
    if (from?.value?.text)
      findings.push(
        error(from.keyRange, 'A secret mount cannot have from: secrets come from the build client.'),
      );
    const sharing = present('sharing');
    if (sharing)
      findings.push(
        error(sharing.keyRange, 'A secret mount cannot define sharing: it applies to cache mounts only.'),
      );
    const source = last.source;
    const id = last.id;
    // A value from a build argument without default may be empty: then the claim cannot be made.
    const known = (o: MountOption | undefined) => o?.expanded?.complete === true && o.expanded.value !== '';
    if (source && known(source) && known(id)) {
      findings.push(
        error(source.keyRange, 'A secret mount cannot set both source and id: they name the same secret.'),
      );
    }
    const named = [source, last.target, id].filter((o) => o?.expanded && certainlyNonEmpty(o.expanded));
    const maybe = [source, last.target, id].filter((o) => o?.expanded && !o.expanded.complete);
    if (named.length === 0 && maybe.length === 0) {
      findings.push(error(mount.range, 'Invalid secret mount: give one of id, source or target.'));
    } else if (named.length === 0) {
      // Only a build argument names the secret: without --build-arg, BuildKit rejects the mount.
      findings.push({
        ...error(
          mount.range,
          'This secret mount is named only by a build argument: without it, BuildKit rejects it.',
        ),
        lower: { to: 'hint', because: 'the build argument may be given with --build-arg' },
      });
    }
  } else if (type !== 'cache') {
    const source = last.source;
    if (type === 'ssh' && source?.expanded?.value) {
      // dockerfile2llb/convert_ssh.go (dispatchSSH): "ssh does not support source".
      findings.push(
        error(source.keyRange, 'An ssh mount cannot have source ("ssh does not support source"): use id.'),
      );
    }
    const sharing = present('sharing');
    if (sharing) {
      const changed = laterType(mount);
      findings.push(
        error(
          changed ? changed.fieldRange : sharing.keyRange,
          changed
            ? `This later type=${type} drops the earlier type, and sharing= is not allowed on a ${type} mount.`
            : `sharing= is only for cache mounts; BuildKit rejects it on this ${type} mount.`,
        ),
      );
    }
  }
  if (type === 'bind' || type === 'cache' || type === 'tmpfs') checkTarget(mount, model, findings);
  checkFromStage(mount, type, model, findings);
}

/** dispatchRunMounts: the resolved target must not be `/`. A missing target resolves to WORKDIR. */
function checkTarget(mount: Mount, model: DockerfileModel, findings: Report[]): void {
  const target = mount.effective.target;
  if (target) {
    // BuildKit compares an absolute target as written (`/tmp/..` passes), a relative one joined to WORKDIR.
    const resolved = target.written.startsWith('/') ? target.written : target.absolute;
    if (target.complete && resolved === '/') {
      findings.push(
        error(
          valueRangeOf(target.option),
          'Invalid mount target "/": a mount cannot replace the root filesystem.',
        ),
      );
    }
    return;
  }
  const workdir = mount.run.workdir;
  // A misspelt key or a stray comma may be the target meant: that error is reported, and this one would echo it.
  if (mount.options.some((o) => !o.canonical || o.field.length === 0 || o.value === undefined)) return;
  if (workdir.known && workdir.value === '/') {
    findings.push(
      error(
        mount.range,
        'Without a target the mount goes on the working directory "/", which BuildKit rejects: add target=<path>.',
      ),
    );
  }
  void model;
}

/**
 * A mount `from` a stage needs that stage to be defined before the RUN (dispatchRunMounts checks it for every
 * type before it looks at the type; secret mounts are rejected earlier for having `from` at all).
 */
function checkFromStage(mount: Mount, type: string, model: DockerfileModel, findings: Report[]): void {
  if (type === 'secret') return;
  const from = mount.effective.last.from;
  const name = from?.value?.text.toLowerCase();
  if (!from || !name) return;
  const stage = stageNamed(model, name);
  if (!stage) {
    // Not a stage: BuildKit resolves it as an image before the build starts, and fails on a bad reference.
    const written = from.value?.text ?? '';
    const problem = /\$./.test(written) ? undefined : imageReferenceError(written);
    if (problem)
      findings.push(
        error(
          from.valueRange ?? from.fieldRange,
          `from=${short(written, 30)} is no stage and no valid image (${problem}).`,
        ),
      );
    return;
  }
  if (stage.index >= mount.run.stage.index) {
    findings.push(
      error(
        from.valueRange ?? from.fieldRange,
        stage.index === mount.run.stage.index
          ? `A stage cannot mount from itself ("${name}"): BuildKit needs the stage to be complete first.`
          : `Stage "${name}" is defined after this RUN: BuildKit can mount only from earlier stages.`,
      ),
    );
  }
}
