import type { Instruction, From, Arg, Env, Property, Run, Copy, JSONInstruction } from 'dockerfile-ast';
import { MappedText } from '../syntax/mappedText';
import { parseDockerfile } from './parseDockerfile';
import type { ParsedDockerfile } from './parseDockerfile';
import { LineIndex } from '../syntax/lineIndex';
import { readLogicalLine } from '../syntax/logicalLine';
import { splitInstruction } from '../syntax/flags';
import type { InstructionFlag } from '../syntax/flags';
import { resolvePath } from '../syntax/paths';
import { parseMount } from './parseMount';
import { emptyList } from '../emptyList';
import type { Range } from '../types';
import { expandWord } from '../syntax/expand';
import type { Lookup, VariableLookup } from '../syntax/expand';
import { PLATFORM_ARGS } from './platformArgs';
import { imageEnvironment, keepsRootWorkdir } from '../knowledge/images';
import type {
  DockerfileModel,
  Inherited,
  RunInstruction,
  Scope,
  Stage,
  VariableBinding,
  Word,
} from './types';
import { indentOf } from '../syntax/indent';

/**
 * Parses a Dockerfile into the semantic model. Never throws: unparseable input yields an empty model.
 * `incremental` (the editor's, one per open document) parses only the stages an edit changed and takes over
 * the model of the others instead of visiting them; the model is the same without it.
 */
export function buildModel(
  input: string,
  incremental?: IncrementalBuild,
  buildArgs?: Readonly<Record<string, string>>,
): DockerfileModel {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = new LineIndex(text);
  const model: DockerfileModel = {
    text,
    lines,
    escapeChar: '\\',
    globalArgs: new Map(),
    stages: [],
    runs: [],
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    multiPlatform: false,
    copies: [],
    entrypoints: [],
    instructions: [],
    comments: [],
    afterDirectives: 0,
  };
  if (buildArgs && Object.keys(buildArgs).length > 0) model.buildArgs = buildArgs;
  let parsed;
  try {
    parsed = incremental ? incremental.parse(text) : parseDockerfile(text);
  } catch {
    return model;
  }
  model.escapeChar = parsed.escapeChar === '`' ? '`' : '\\';
  const syntax = parsed.directives.find((d) => d.getName().toLowerCase() === 'syntax');
  if (syntax) model.syntax = { value: syntax.getValue(), range: syntax.getRange() };
  const directives = parsed.directives;
  const lastDirective = directives[directives.length - 1];
  if (lastDirective) model.afterDirectives = lastDirective.getRange().end.line + 1;
  model.comments = parsed.comments.map((comment) => ({
    text: comment.getContent() ?? '',
    range: comment.getRange(),
  }));
  model.instructions = parsed.instructions.map((instruction) => ({
    keyword: sharedKeyword(instruction.getKeyword()),
    range: instruction.getRange(),
  }));

  const builder = new ModelBuilder(model);
  if (incremental) incremental.build(builder, parsed.instructions);
  else builder.visitAll(parsed.instructions);
  return model;
}

/**
 * A build that takes over what the build of the document's previous version made
 * (`analysis/incremental/`): it parses by stage, and drives the builder over the instructions, taking over
 * the stages an edit did not change instead of visiting them.
 */
export interface IncrementalBuild {
  parse(text: string): ParsedDockerfile;
  /** Visits `instructions` in order with `builder`, or takes stages over; closes the last stage. */
  build(builder: ModelBuilder, instructions: readonly Instruction[]): void;
}

/** The builder's state in a stage, and a finished stage's state: what a `FROM` of it starts from. */
export interface StageState {
  stage: Stage;
  bindings: Map<string, VariableBinding>;
  /** Set when a RUN took a snapshot of `bindings`; the next change must copy first. */
  shared: boolean;
  workdir: Inherited;
  user: Inherited;
  /** Whether variables the Dockerfile does not define may come from a base image's ENV. */
  imageEnv: boolean;
  /** The ENV the root image is known to set (read once per stage: every variable lookup asks it). */
  rootImageEnv?: Readonly<Record<string, string>>;
  /** True until the first instruction after FROM that is not an ARG. */
  inHeader: boolean;
  /** The scope of the last RUN: the next RUN shares it while `bindings` is the same map (no ARG or ENV between). */
  runScope?: Scope;
  /** Offset of the stage's FROM. */
  start: number;
  /** Whether the stage itself marks the file multi-platform (a stage taken over marks it again). */
  marksMultiPlatform: boolean;
}

/**
 * One string per keyword: dockerfile-ast upper-cases the keyword anew each time it is asked, and the model's
 * list of instructions keeps it. Bounded: a file of misspelt keywords keeps its own strings past the bound.
 */
const KEYWORDS = new Map<string, string>();

function sharedKeyword(keyword: string): string {
  const shared = KEYWORDS.get(keyword);
  if (shared !== undefined) return shared;
  if (KEYWORDS.size < 64) KEYWORDS.set(keyword, keyword);
  return keyword;
}

function isMountFlag(flag: InstructionFlag): boolean {
  return flag.name.text === 'mount';
}

/**
 * Builds the model by visiting instructions in document order. It reads forward only: between two stages its
 * state is the model's lists, global ARGs and platform mark, and the finished stages by name, which is what
 * an `IncrementalBuild` takes over.
 */
export class ModelBuilder {
  private globalArgs = new Map<string, VariableBinding>();
  /** The first finished stage of each name: what a later `FROM name` builds on. */
  private readonly finishedByName = new Map<string, StageState>();
  private current: StageState | undefined;
  private readonly text: string;
  private readonly lines: LineIndex;

  constructor(readonly model: DockerfileModel) {
    this.text = model.text;
    this.lines = model.lines;
    model.globalArgs = this.globalArgs;
  }

  /** The ARGs before the first FROM (the model's `globalArgs`); only the preamble's instructions change them. */
  get globals(): Map<string, VariableBinding> {
    return this.globalArgs;
  }

  /** Visits every instruction, and closes the last stage at the end of the text. */
  visitAll(instructions: readonly Instruction[]): void {
    for (const instruction of instructions) this.visit(instruction);
    this.closeStage(this.text.length);
  }

  visit(instruction: Instruction): void {
    try {
      this.visitInstruction(instruction);
    } catch {
      // One malformed instruction must not hide the findings of all others.
    }
  }

  /**
   * Closes the stage open at `end` (the next FROM, or the end of the text), and returns its state; undefined
   * when no stage is open.
   */
  closeStage(end: number): StageState | undefined {
    const state = this.current;
    if (!state) return undefined;
    const stage = state.stage;
    stage.finalWorkdir = state.workdir;
    stage.range = { start: stage.fromRange.start, end: this.lines.positionAt(trimEnd(this.text, end)) };
    this.finish(state);
    this.current = undefined;
    return state;
  }

  /**
   * Starts from global ARGs an earlier build made, for text before the first FROM that is the same as that
   * build's (the caller sets the model's platform mark as that build left it).
   */
  takeOverGlobals(globals: Map<string, VariableBinding>): void {
    this.globalArgs = globals;
    this.model.globalArgs = globals;
  }

  /** The finished stage a `FROM name` (lower case) builds on, if any. */
  finishedStage(name: string): StageState | undefined {
    return this.finishedByName.get(name);
  }

  /**
   * Records a finished stage: one this builder closed, or one an earlier build made that the caller took
   * over (with its objects, already in the model's lists) after `closeStage`.
   */
  finish(state: StageState): void {
    const name = state.stage.name;
    if (name !== undefined && !this.finishedByName.has(name)) this.finishedByName.set(name, state);
  }

  private marksMultiPlatform(): void {
    this.model.multiPlatform = true;
    if (this.current) this.current.marksMultiPlatform = true;
  }

  private visitInstruction(instruction: Instruction): void {
    const keyword = instruction.getKeyword();
    const state = this.current;
    if (state?.inHeader && keyword !== 'FROM') {
      if (keyword === 'ARG') {
        state.stage.header.end = instruction.getRange().end;
      } else {
        state.inHeader = false;
      }
    }
    switch (keyword) {
      case 'FROM':
        return this.visitFrom(instruction as From);
      case 'ARG':
        return this.visitArg(instruction as Arg);
      case 'ENV':
        return this.visitEnv(instruction as Env);
      case 'WORKDIR':
        return this.visitWorkdir(instruction);
      case 'USER':
        return this.visitUser(instruction);
      case 'RUN':
        return this.visitRun(instruction);
      case 'COPY':
        return this.visitCopy(instruction as Copy);
      case 'CMD':
      case 'ENTRYPOINT':
        return this.visitEntrypoint(instruction as JSONInstruction, keyword);
      default:
        return;
    }
  }

  /** Lookups hold the globals, never the builder: a stage's objects outlive its build (`IncrementalBuild`). */
  private get globalLookup(): Lookup {
    return globalLookup(this.globalArgs);
  }

  private stageLookup(state: StageState, bindings: ReadonlyMap<string, VariableBinding>): Lookup {
    const globals = this.globalArgs;
    return (name) => {
      const binding = bindings.get(name);
      if (binding) return toLookup(binding);
      if (PLATFORM_ARGS.has(name) || globals.has(name)) return UNDEFINED;
      if (!state.imageEnv) return UNDEFINED;
      const fromImage = state.rootImageEnv?.[name];
      return fromImage !== undefined ? { status: 'known', value: fromImage } : MAYBE_IMAGE;
    };
  }

  private visitFrom(from: From): void {
    const start = this.lines.offsetAt(from.getRange().start);
    this.closeStage(start);
    // dockerfile-ast's getImage, getImageRange and getBuildStage(Range) each re-read the arguments: read once.
    const args = from.getArguments();
    const image = args[0];
    const written = image ? image.getValue() : '';
    const expanded = expandWord(written, this.globalLookup, this.model.escapeChar).value;
    const lower = expanded.toLowerCase();
    const parentState = this.finishedByName.get(lower);
    const stage: Stage = {
      index: this.model.stages.length,
      image: { written, expanded, range: image ? image.getRange() : from.getRange() },
      base: parentState ? 'stage' : lower === 'scratch' ? 'scratch' : 'image',
      fromRange: from.getRange(),
      range: from.getRange(),
      header: {
        end: from.getRange().end,
        indent: indentOf(this.lines.lineText(from.getRange().start.line)),
      },
    };
    const nameRange =
      args.length > 2 && args[1]?.getValue().toUpperCase() === 'AS' ? args[2]?.getRange() : undefined;
    const name = nameRange ? this.rangeContent(from, nameRange) : undefined;
    if (name && nameRange) {
      stage.name = name.toLowerCase();
      stage.nameRange = nameRange;
    }
    const platform = from.getPlatformFlag()?.getValue();
    if (platform) stage.platform = platform;
    if (parentState) stage.parent = parentState.stage;
    this.model.stages.push(stage);

    // A stage built FROM another starts from its state: ENV and ARG values alike (dockerfile2llb/convert.go,
    // dispatchState.init: `ds.state = ds.base.state`, `ds.buildArgs = append(ds.buildArgs, ds.base.buildArgs...)`).
    const inherited = new Map<string, VariableBinding>(parentState?.bindings ?? []);
    const scratch = stage.base === 'scratch';
    this.current = {
      stage,
      bindings: inherited,
      shared: false,
      inHeader: true,
      start,
      // An official image that sets no WORKDIR starts at "/" (knowledge/images.ts); any other image may set one.
      workdir: parentState
        ? parentState.workdir
        : { value: '/', known: scratch || keepsRootWorkdir(expanded) },
      user: parentState ? parentState.user : { value: 'root', known: scratch },
      imageEnv: parentState ? parentState.imageEnv : !scratch,
      marksMultiPlatform: false,
    };
    if (platform && /\$\{?(BUILD|TARGET)PLATFORM\b/.test(platform)) this.marksMultiPlatform();
    const rootImage = parentState ? parentState.stage.rootImage : scratch ? undefined : expanded;
    if (rootImage !== undefined) stage.rootImage = rootImage;
    if (rootImage) {
      const env = imageEnvironment(rootImage);
      if (env) this.current.rootImageEnv = env;
    }
  }

  private mutableBindings(state: StageState): Map<string, VariableBinding> {
    if (state.shared) {
      state.bindings = new Map(state.bindings);
      state.shared = false;
    }
    return state.bindings;
  }

  private visitArg(arg: Arg): void {
    const state = this.current;
    for (const property of arg.getProperties()) {
      const name = property.getName();
      if (PLATFORM_ARGS.has(name)) this.marksMultiPlatform();
      const raw = this.rawValue(property);
      const range = property.getRange();
      // A value the build definitions give every build wins over the default (BuildKit's --build-arg);
      // the platform ARGs are the builder's to set.
      const given = PLATFORM_ARGS.has(name) ? undefined : this.model.buildArgs?.[name];
      if (!state) {
        const binding: VariableBinding = { name, kind: 'arg', range };
        if (given !== undefined) {
          binding.value = given;
          binding.given = true;
        } else if (raw !== undefined) {
          const expansion = expandWord(raw, this.globalLookup, this.model.escapeChar);
          if (expansion.complete) binding.value = expansion.value;
        }
        this.globalArgs.set(name, binding);
        continue;
      }
      const bindings = this.mutableBindings(state);
      const binding: VariableBinding = { name, kind: PLATFORM_ARGS.has(name) ? 'platform' : 'arg', range };
      if (given !== undefined) {
        binding.value = given;
        binding.given = true;
      } else if (raw !== undefined) {
        const expansion = expandWord(raw, this.stageLookup(state, bindings), this.model.escapeChar);
        if (expansion.complete) binding.value = expansion.value;
        binding.kind = 'arg';
      } else {
        const global = this.globalArgs.get(name);
        if (global?.value !== undefined) {
          binding.value = global.value;
          if (global.given) binding.given = true;
        }
        // An ARG without a value leaves an earlier ENV of the same name alone; one with a value replaces it
        // (dockerfile2llb/convert.go dispatchArg: `d.state.AddEnv(arg.Key, *arg.Value)` only when it has one).
        else if (!PLATFORM_ARGS.has(name) && bindings.get(name)?.kind === 'env') continue;
      }
      bindings.set(name, binding);
    }
  }

  private visitEnv(env: Env): void {
    const state = this.current;
    if (!state) return;
    for (const property of env.getProperties()) {
      const raw = this.rawValue(property) ?? '';
      const bindings = this.mutableBindings(state);
      const expansion = expandWord(raw, this.stageLookup(state, bindings), this.model.escapeChar);
      const binding: VariableBinding = { name: property.getName(), kind: 'env', range: property.getRange() };
      if (expansion.complete) binding.value = expansion.value;
      bindings.set(binding.name, binding);
    }
  }

  private visitWorkdir(instruction: Instruction): void {
    const state = this.current;
    if (!state) return;
    const raw = this.argumentsText(instruction);
    const expansion = expandWord(raw, this.stageLookup(state, state.bindings), this.model.escapeChar);
    const absolute = expansion.value.startsWith('/');
    state.workdir = {
      value: resolvePath(state.workdir.value, expansion.value),
      known: expansion.complete && (absolute || state.workdir.known),
      range: instruction.getRange(),
    };
  }

  private visitUser(instruction: Instruction): void {
    const state = this.current;
    if (!state) return;
    const raw = this.argumentsText(instruction);
    const expansion = expandWord(raw, this.stageLookup(state, state.bindings), this.model.escapeChar);
    state.user = { value: expansion.value, known: expansion.complete, range: instruction.getRange() };
  }

  private visitRun(instruction: Instruction): void {
    const state = this.current;
    if (!state) return;
    const start = this.lines.offsetAt(instruction.getInstructionRange().start);
    const logical = readLogicalLine(this.text, start, this.model.escapeChar);
    const split = splitInstruction(logical.text, this.model.escapeChar);
    state.shared = true;
    const bindings = state.bindings;
    // RUNs with no ARG or ENV between them see the same variables: one scope (and lookup) for all of them.
    if (state.runScope?.bindings !== bindings)
      state.runScope = { lookup: this.stageLookup(state, bindings), bindings };
    const scope = state.runScope;
    const run: RunInstruction = {
      stage: state.stage,
      range: instruction.getRange(),
      keywordRange: instruction.getInstructionRange(),
      flags: split.flags.length > 0 ? split.flags : emptyList(),
      command: split.rest,
      heredocs: this.heredocBodies(instruction),
      mounts: emptyList(),
      scope,
      workdir: state.workdir,
      user: state.user,
      commands: undefined,
    };
    if (split.flags.some(isMountFlag)) {
      const context = {
        lines: this.lines,
        escapeChar: this.model.escapeChar,
        lookup: run.scope.lookup,
        workdir: state.workdir,
      };
      // map, not push: an array exactly as long as the mounts (the model keeps it while the document is open).
      run.mounts = split.flags.filter(isMountFlag).map((flag) => parseMount(flag, run, context));
    }
    this.model.runs.push(run);
  }

  private visitCopy(copy: Copy): void {
    const state = this.current;
    const from = copy.getFromFlag()?.getValue();
    if (!state || !from || this.hasHeredocs(copy)) return;
    const words = this.words(copy);
    if (words.length < 2) return;
    this.model.copies.push({ stage: state.stage, from, sources: words.slice(0, -1), range: copy.getRange() });
  }

  private visitEntrypoint(instruction: JSONInstruction, keyword: 'CMD' | 'ENTRYPOINT'): void {
    const state = this.current;
    if (!state) return;
    this.model.entrypoints.push({
      stage: state.stage,
      keyword,
      words: this.words(instruction),
      range: instruction.getRange(),
    });
  }

  /** The arguments of an instruction in exec form (JSON strings) or shell form (words), without flags. */
  private words(instruction: JSONInstruction): Word[] {
    const json = instruction.getJSONStrings();
    if (json.length > 0) {
      // dockerfile-ast keeps the quotes of JSON strings; JSON.parse undoes them and their escapes.
      return json.map((a) => ({ text: parseJsonString(a.getValue()), range: a.getRange() }));
    }
    return instruction.getArguments().map((a) => ({ text: a.getValue(), range: a.getRange() }));
  }

  /** Whether the instruction has a `<` at all: a heredoc starts with `<<`; dockerfile-ast re-reads to find one. */
  private mayHaveHeredocs(instruction: Instruction): boolean {
    const { start, end } = instruction.getRange();
    const bracket = this.nextLessThan(this.lines.offsetAt(start));
    return bracket !== -1 && bracket < this.lines.offsetAt(end);
  }

  /** Where the last `nextLessThan` searched from, and what it found (-1: no `<` after it). */
  private lessThanFrom = -1;
  private lessThanAt = -1;

  /**
   * The first `<` at or after `from`, or -1. Instructions ask in document order, so the answer is kept until
   * they pass it: one `indexOf` per instruction from its start would read to the end of a file without `<`
   * for every instruction, quadratic in the file's size.
   */
  private nextLessThan(from: number): number {
    const known = from >= this.lessThanFrom && this.lessThanFrom !== -1;
    if (!known || (this.lessThanAt !== -1 && this.lessThanAt < from)) {
      this.lessThanAt = this.text.indexOf('<', from);
      this.lessThanFrom = from;
    }
    return this.lessThanAt;
  }

  private hasHeredocs(copy: Copy): boolean {
    return this.mayHaveHeredocs(copy) && copy.getHeredocs().length > 0;
  }

  /**
   * The document text of a range, as dockerfile-ast's getRangeContent gives it. It reads the text it parsed,
   * whose lone carriage returns are spaces (parseDockerfile.ts): for a range holding one, ask it instead.
   */
  private rangeContent(from: From, range: Range): string | null {
    const raw = this.text.slice(this.lines.offsetAt(range.start), this.lines.offsetAt(range.end));
    return raw.includes('\r') ? from.getBuildStage() : raw;
  }

  private heredocBodies(instruction: Instruction): MappedText[] {
    // Without a `<`, skip asking dockerfile-ast, which re-reads the arguments.
    if (!this.mayHaveHeredocs(instruction)) return emptyList();
    const heredocs = (instruction as Run).getHeredocs?.() ?? [];
    return heredocs.flatMap((heredoc) => {
      const range = heredoc.getContentRange();
      if (!range) return [];
      const start = this.lines.offsetAt(range.start);
      return [MappedText.fromDocument(this.text.slice(start, this.lines.offsetAt(range.end)), start)];
    });
  }

  /** The value of `NAME=value` as written, continuations removed; undefined for a bare `ARG NAME`. */
  private rawValue(property: Property): string | undefined {
    const range = property.getValueRange();
    if (!range) return property.getValue() ?? undefined;
    return this.joinContinuations(range);
  }

  private argumentsText(instruction: Instruction): string {
    const range = instruction.getArgumentsRange();
    return range ? this.joinContinuations(range).trim() : '';
  }

  private joinContinuations(range: Range): string {
    const raw = this.text.slice(this.lines.offsetAt(range.start), this.lines.offsetAt(range.end));
    if (!raw.includes('\n')) return raw;
    const escape = this.model.escapeChar === '`' ? '`' : '\\\\';
    return raw.replace(new RegExp(`${escape}[ \\t]*\\r?\\n`, 'g'), '');
  }
}

function parseJsonString(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : raw;
  } catch {
    return raw.replace(/^"|"$/g, '');
  }
}

// Answers without a value, shared: lookups run for every variable every rule asks about.
const UNDEFINED: VariableLookup = Object.freeze({ status: 'undefined' });
const UNKNOWN: VariableLookup = Object.freeze({ status: 'unknown' });
const MAYBE_IMAGE: VariableLookup = Object.freeze({ status: 'maybe-image' });

function globalLookup(globals: ReadonlyMap<string, VariableBinding>): Lookup {
  return (name) => {
    const binding = globals.get(name);
    if (binding) return toLookup(binding);
    if (PLATFORM_ARGS.has(name)) return UNKNOWN;
    return UNDEFINED;
  };
}

function toLookup(binding: VariableBinding): VariableLookup {
  return binding.value !== undefined ? { status: 'known', value: binding.value } : UNKNOWN;
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text.charAt(e - 1))) e--;
  return e;
}
