import type { CacheFlag } from '../knowledge/cacheMoves';
import { CACHE_MOVES, DELEGATIONS } from '../knowledge/cacheMoves';
import type { ToolCache } from '../knowledge/tools';
import { homesFor } from '../knowledge/tools';
import { knowsCacheEnvironment } from '../knowledge/images';
import { rootImageOf } from './stages';
import type { ShellWord, SimpleCommand } from '../shell/parse';
import { argumentsOf, operandsOf, programOf } from '../shell/programs';
import { cleanPath, resolvePath } from '../syntax/paths';
import { runCommands } from './commands';
import type { RunInstruction } from './types';

/**
 * Where one command of a RUN keeps a tool's cache, as the text says: a flag on the command, a variable set on
 * it (`GOCACHE=/tmp/go go build`) or earlier in the RUN (`export GOCACHE=...`), ENV, a configuration command
 * earlier in the RUN (`npm config set cache ...`), or the tool's default under the user's home (root's when
 * the base image's user is not known: `movedBy` is then undefined). `unknown`
 * when the text cannot say (a value from a variable, a relative path after `cd`, a base image that may set
 * the variable): rules then claim nothing.
 */
export type CacheLocation =
  { known: true; directories: readonly string[]; movedBy?: string } | { known: false; why: string };

const UNKNOWN_VALUE: CacheLocation = { known: false, why: 'a value only known at build time' };

/** Variables an earlier command of the RUN set (`export X=...`, `X=...;`), and cache configuration it wrote. */
interface RunState {
  variables: Map<string, string | undefined>;
  /** Cache id → the directory a configuration command named (undefined: not knowable). */
  configured: Map<string, { directory: string | undefined; how: string }>;
  changedDirectory: boolean;
}

/** The location of `cache` for the command at `index` of the RUN's commands. */
export function cacheLocation(run: RunInstruction, index: number, cache: ToolCache): CacheLocation {
  const commands = runCommands(run);
  const command = commands[index];
  if (!command) return { known: false, why: 'no such command' };
  const state = stateBefore(run, commands, index);
  const moves = CACHE_MOVES[cache.id];
  const program = programOf(command);
  for (const flag of moves?.flags ?? []) {
    if (!flag.programs.includes(program)) continue;
    const value = flagValue(command, flag);
    if (value === undefined) continue;
    return directoryFrom(run, state, value, flag.suffix, `${flag.flags[0]} ${value}`);
  }
  for (const moved of cache.movedBy) {
    const fromCommand = command.assignments.find((w) => w.value.text.startsWith(`${moved.variable}=`));
    let value: string | undefined;
    let how: string;
    if (fromCommand) {
      value = fromCommand.value.text.slice(moved.variable.length + 1);
      how = `${fromCommand.value.text} on the command`;
    } else if (state.variables.has(moved.variable)) {
      value = state.variables.get(moved.variable);
      if (value === undefined) return UNKNOWN_VALUE;
      how = `${moved.variable}=${value} earlier in the RUN`;
    } else {
      const found = run.scope.lookup(moved.variable);
      if (found.status === 'undefined' || (found.status === 'maybe-image' && imageKnown(run))) continue;
      if (found.status !== 'known' || found.value === undefined)
        return { known: false, why: `${moved.variable} may be set by the base image or a build argument` };
      value = found.value;
      how = `${moved.variable}=${value} ${run.scope.bindings.has(moved.variable) ? 'in this stage' : 'set by the image'}`;
    }
    if (value === '') continue;
    const directory = moved.extract ? moved.extract.exec(value)?.[1] : value;
    if (directory === undefined) continue;
    return directoryFrom(run, state, directory, moved.suffix, how);
  }
  const configured = state.configured.get(cache.id);
  if (configured) {
    if (configured.directory === undefined) return UNKNOWN_VALUE;
    return { known: true, directories: [configured.directory], movedBy: configured.how };
  }
  return defaultLocation(run, state, cache);
}

function defaultLocation(run: RunInstruction, state: RunState, cache: ToolCache): CacheLocation {
  const homeVariable = state.variables.has('HOME') ? state.variables.get('HOME') : knownHome(run);
  const homes = homesFor(run.user.value, homeVariable);
  if (cache.asRoot && homes.length === 1 && homes[0] === '/root')
    return { known: true, directories: cache.asRoot };
  const directories: string[] = [];
  for (const path of cache.paths) {
    if (path.startsWith('**/')) return { known: false, why: 'a folder of the project' };
    if (path.startsWith('~/')) for (const home of homes) directories.push(cleanPath(home + path.slice(1)));
    else directories.push(path);
  }
  return directories.length > 0 ? { known: true, directories } : { known: false, why: 'no home' };
}

/**
 * Whether the RUN's user is known: set by USER, or root because the file sets none and the base image is an
 * official one that runs as root (every image of knowledge/images.ts's NO_OTHER_CACHE_ENV does).
 */
export function userKnown(run: RunInstruction): boolean {
  return run.user.known || (run.user.value === 'root' && imageKnown(run));
}

/** Whether the base image is one whose cache variables are all known (knowledge/images.ts). */
function imageKnown(run: RunInstruction): boolean {
  const root = rootImageOf(run.stage);
  return root !== undefined && knowsCacheEnvironment(root);
}

function knownHome(run: RunInstruction): string | undefined {
  const found = run.scope.lookup('HOME');
  return found.status === 'known' ? found.value : undefined;
}

function directoryFrom(
  run: RunInstruction,
  state: RunState,
  value: string,
  suffix: string | undefined,
  how: string,
): CacheLocation {
  if (value.includes('$') || value.includes('`') || value.startsWith('~')) return UNKNOWN_VALUE;
  if (!value.startsWith('/') && (state.changedDirectory || !run.workdir.known))
    return { known: false, why: 'a relative path after the working directory changed' };
  return { known: true, directories: [resolvePath(run.workdir.value, value + (suffix ?? ''))], movedBy: how };
}

/** `--flag value`, `--flag=value`: the value, or undefined when the command does not give the flag. */
function flagValue(command: SimpleCommand, flag: CacheFlag): string | undefined {
  const args = argumentsOf(command);
  for (let i = 0; i < args.length; i++) {
    const text = (args[i] as ShellWord).value.text;
    for (const spelling of flag.flags) {
      if (text === spelling) return args[i + 1]?.value.text ?? '$';
      if (text.startsWith(`${spelling}=`)) return text.slice(spelling.length + 1);
    }
  }
  return undefined;
}

/**
 * What the commands before `index` left for it. Control flow is ignored: an assignment in a branch counts as
 * made, which can only make a location unknown or moved, never invent a use.
 */
function stateBefore(run: RunInstruction, commands: readonly SimpleCommand[], index: number): RunState {
  const state: RunState = { variables: new Map(), configured: new Map(), changedDirectory: false };
  for (let i = 0; i < index; i++) {
    const command = commands[i] as SimpleCommand;
    const program = programOf(command);
    if (command.words.length === 0) {
      for (const word of command.assignments) assign(state, word.value.text);
      continue;
    }
    if (program === 'export' || program === 'declare' || program === 'local' || program === 'readonly') {
      for (const word of argumentsOf(command))
        if (word.value.text.includes('=')) assign(state, word.value.text);
      continue;
    }
    if (program === 'unset') {
      for (const word of argumentsOf(command)) state.variables.set(word.value.text, '');
      continue;
    }
    if (program === 'cd' || program === 'pushd' || program === 'popd') state.changedDirectory = true;
    recordConfiguration(run, state, command, program);
  }
  return state;
}

function assign(state: RunState, text: string): void {
  const equals = text.indexOf('=');
  if (equals <= 0) return;
  const value = text.slice(equals + 1);
  state.variables.set(text.slice(0, equals), value.includes('$') || value.includes('`') ? undefined : value);
}

function recordConfiguration(
  run: RunInstruction,
  state: RunState,
  command: SimpleCommand,
  program: string,
): void {
  const operands = operandsOf(command).map((w) => w.value.text);
  const args = argumentsOf(command).map((w) => w.value.text);
  for (const [id, moves] of Object.entries(CACHE_MOVES)) {
    for (const config of moves.config) {
      if (!config.programs.includes(program)) continue;
      if (!config.operands.every((o) => !o.startsWith('-') || args.includes(o))) continue;
      const value = configValue(operands, config.operands);
      if (value === undefined) continue;
      const location = directoryFrom(
        run,
        state,
        value,
        config.suffix,
        `${program} ${config.operands.join(' ')} ${value}`,
      );
      state.configured.set(id, {
        directory: location.known ? location.directories[0] : undefined,
        how: location.known ? (location.movedBy ?? '') : '',
      });
    }
  }
}

/** `config set cache DIR` or `config set cache=DIR` (also `go env -w GOCACHE=DIR`, whose `-w` is an option). */
function configValue(operands: readonly string[], expected: readonly string[]): string | undefined {
  const words = expected.filter((w) => !w.startsWith('-'));
  const key = words[words.length - 1] as string;
  for (let i = 0; i < words.length - 1; i++) if (operands[i] !== words[i]) return undefined;
  const at = words.length - 1;
  const word = operands[at];
  if (word === key) return operands[at + 1] ?? '$';
  if (word?.startsWith(`${key}=`)) return word.slice(key.length + 1);
  return undefined;
}

/** The programs a command runs: its own, and those it is known to run itself (`npx playwright install-deps`). */
export function programsRun(command: SimpleCommand): string[] {
  const program = programOf(command);
  const programs = [program];
  for (const delegation of DELEGATIONS) {
    if (!delegation.programs.includes(program)) continue;
    const operands = operandsOf(command).map((w) => w.value.text);
    if (!delegation.operands.every((o, i) => operands[i] === o)) continue;
    const flags = delegation.flags;
    if (flags && !argumentsOf(command).some((w) => flags.includes(w.value.text))) continue;
    programs.push(...delegation.runs);
  }
  return programs;
}

/** A command that only writes a tool's configuration (`npm config set cache ...`): it uses no cache. */
export function isCacheConfiguration(command: SimpleCommand): boolean {
  const program = programOf(command);
  const first = operandsOf(command)[0]?.value.text;
  for (const moves of Object.values(CACHE_MOVES))
    for (const config of moves.config)
      if (config.programs.includes(program) && config.operands[0] === first) return true;
  return false;
}
