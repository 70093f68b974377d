import type { Instruction, From, Arg, Env, Property, Run, Copy, JSONInstruction } from 'dockerfile-ast';
import { MappedText } from '../syntax/mappedText';
import { ParseReuse, parseDockerfile } from './parseDockerfile';
import { LineIndex } from '../syntax/lineIndex';
import { readLogicalLine } from '../syntax/logicalLine';
import { splitInstruction } from '../syntax/flags';
import { resolvePath } from '../syntax/paths';
import { parseMount } from '../mount/parseMount';
import type { Range } from '../types';
import { expandWord } from './expand';
import type { Lookup, VariableLookup } from './expand';
import { PLATFORM_ARGS } from './platformArgs';
import { imageEnvironment } from '../knowledge/images';
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
import { moveCommands } from '../shell/commands';

/**
 * What a model build leaves for the build of the document's next version (one per open document): the parse
 * by stage, and each stage's model objects, which the next build takes over for the stages an edit did not
 * change instead of building them again (`ModelBuilder.takeOverStage` says when).
 */
export class ModelReuse {
  readonly parse = new ParseReuse();
  /** The last build. */
  previous?: Checkpoints;
  /** Numbers the builds: a stage's objects remember the build that made them. */
  generation = 0;
  /** What the last build did, for tests and the benchmark. */
  last = { stagesReused: 0 };
  /** How much old text (in characters) kept objects may hold alive: see `generationLimit`. */
  constructor(readonly retainedTextChars = RETAINED_TEXT_CHARS) {}

  /** Builds whose objects a model of `textLength` characters may take over. */
  generationLimit(textLength: number): number {
    return Math.max(MIN_GENERATIONS, Math.floor(this.retainedTextChars / Math.max(1, textLength)));
  }
}

/**
 * A stage's objects hold strings cut from the text of the build that made them, which keeps that whole text
 * alive. Taking over stages (and their findings) from a bounded number of builds bounds the memory a long
 * editing session keeps: as many builds as fit this many characters of old text, and at least
 * `MIN_GENERATIONS`. A lower bound would make typing in one place after another evict stages that did not
 * change, and check them again (the keystroke benchmark's slowest edits, before).
 */
export const RETAINED_TEXT_CHARS = 8_000_000;
export const MIN_GENERATIONS = 4;

interface Checkpoints {
  text: string;
  model: DockerfileModel;
  /** The instructions before the first FROM: where they end, and what they left. */
  preamble: {
    end: number;
    globals: Map<string, VariableBinding>;
    multiPlatform: boolean;
    generation: number;
  };
  stages: StageCheckpoint[];
}

/** A stage as the builder closed it: where it was, and the model's state right after it. */
interface StageCheckpoint {
  /** Offset of its FROM, and where it ended (the next FROM, or the end of the text). */
  start: number;
  end: number;
  /** Lengths of the model's lists after the stage. */
  runs: number;
  copies: number;
  entrypoints: number;
  multiPlatform: boolean;
  /** The stage's entry in `finishedByName`, when it was the first of its name. */
  named?: [string, StageState];
  /** The stage's state when it closed, and whether the stage itself marks the file multi-platform. */
  state: StageState;
  setsMultiPlatform: boolean;
  generation: number;
}

/**
 * Parses a Dockerfile into the semantic model. Never throws: unparseable input yields an empty model.
 * `reuse` (one per open document) makes the build of an edited text parse only the stages that changed,
 * and take over the model of the others.
 */
export function buildModel(input: string, reuse?: ModelReuse): DockerfileModel {
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
  let parsed;
  try {
    parsed = parseDockerfile(text, reuse?.parse);
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
    keyword: instruction.getKeyword(),
    range: instruction.getRange(),
  }));

  new ModelBuilder(model, text, lines, reuse).run(parsed.instructions);
  return model;
}

interface StageState {
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
}

class ModelBuilder {
  private globals = new Map<string, VariableBinding>();
  /** The first finished stage of each name: what a later `FROM name` builds on. */
  private readonly finishedByName = new Map<string, StageState>();
  private current: StageState | undefined;
  private readonly generation: number;
  private preamble: Checkpoints['preamble'] | undefined;
  private readonly checkpoints: StageCheckpoint[] = [];

  constructor(
    private readonly model: DockerfileModel,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly reuse?: ModelReuse,
  ) {
    model.globalArgs = this.globals;
    this.generation = reuse ? ++reuse.generation : 0;
    this.generationLimit = reuse ? reuse.generationLimit(text.length) : 0;
  }

  private readonly generationLimit: number;

  run(instructions: readonly Instruction[]): void {
    const previous = this.reuse?.previous;
    let i = previous ? this.takeOverPreamble(instructions, previous) : 0;
    while (i < instructions.length) {
      const instruction = instructions[i] as Instruction;
      const next =
        previous && instruction.getKeyword() === 'FROM'
          ? this.takeOverStage(instructions, i, previous)
          : undefined;
      if (next !== undefined) {
        i = next;
        continue;
      }
      try {
        this.visit(instruction);
      } catch {
        // One malformed instruction must not hide the findings of all others.
      }
      i++;
    }
    this.closeStage(this.text.length);
    if (!this.reuse) return;
    this.reuse.last = { stagesReused: this.reusedStages };
    this.reuse.previous = {
      text: this.text,
      model: this.model,
      preamble: this.preamble ?? this.preambleCheckpoint(this.text.length),
      stages: this.checkpoints,
    };
  }

  private reusedStages = 0;
  /** Whether the stage being built marks the file multi-platform (for taking it over later). */
  private stageSetsMultiPlatform = false;

  private marksMultiPlatform(): void {
    this.model.multiPlatform = true;
    this.stageSetsMultiPlatform = true;
  }

  /**
   * Takes over the previous build's preamble (the global ARGs and the file's platform mark before the first
   * FROM) when its text is unchanged; returns the index of the first instruction left to visit.
   */
  private takeOverPreamble(instructions: readonly Instruction[], previous: Checkpoints): number {
    const first = this.nextFrom(instructions, 0);
    const end = this.startOf(instructions, first);
    if (first >= instructions.length || end !== previous.preamble.end) return 0;
    if (this.text.slice(0, end) !== previous.text.slice(0, end)) return 0;
    this.generations.add(previous.preamble.generation);
    this.globals = previous.preamble.globals;
    this.model.globalArgs = this.globals;
    this.model.multiPlatform = previous.preamble.multiPlatform;
    this.preamble = previous.preamble;
    return first;
  }

  /** The index of the first FROM at or after `i` (the length of the list when there is none). */
  private nextFrom(instructions: readonly Instruction[], i: number): number {
    let j = i;
    while (j < instructions.length && (instructions[j] as Instruction).getKeyword() !== 'FROM') j++;
    return j;
  }

  /** The document offset where instruction `i` starts (the end of the text past the last one). */
  private startOf(instructions: readonly Instruction[], i: number): number {
    const instruction = instructions[i];
    return instruction ? this.lines.offsetAt(instruction.getRange().start) : this.text.length;
  }

  /** Builds whose objects this model holds: at most `generationLimit`. */
  private readonly generations = new Set<number>();

  /** Whether objects of build `generation` may join this model (and records them when they may). */
  private mayHold(generation: number): boolean {
    if (!this.generations.has(generation) && this.generations.size >= this.generationLimit) return false;
    this.generations.add(generation);
    return true;
  }

  /**
   * Takes over the previous build's stage at the FROM `i` when its text and lines are unchanged and it
   * builds on the same state: the same preamble, the same stage index, the same parent stage object. The
   * builder reads forward only, so such a stage's objects are the ones a new build would make, but for
   * their document offsets when an edit above changed the length of a line: those are moved in place.
   * Returns the index of the instruction after the stage, or undefined to build it.
   */
  private takeOverStage(
    instructions: readonly Instruction[],
    i: number,
    previous: Checkpoints,
  ): number | undefined {
    const k = this.model.stages.length;
    const checkpoint = previous.stages[k];
    const old = previous.model.stages[k];
    if (!checkpoint || !old || this.globals !== previous.preamble.globals) return undefined;
    if ((instructions[i] as Instruction).getRange().start.line !== old.fromRange.start.line) return undefined;
    const j = this.nextFrom(instructions, i + 1);
    const start = this.startOf(instructions, i);
    const end = this.startOf(instructions, j);
    if (end - start !== checkpoint.end - checkpoint.start) return undefined;
    if (this.text.slice(start, end) !== previous.text.slice(checkpoint.start, checkpoint.end))
      return undefined;
    // The stage open above closes here either way (as visitFrom would close it): it may be the parent.
    this.closeStage(start);
    const parent = this.finishedByName.get(old.image.expanded.toLowerCase());
    if (parent?.stage !== old.parent || !this.mayHold(checkpoint.generation)) return undefined;

    const before = previous.stages[k - 1];
    const delta = start - checkpoint.start;
    if (delta !== 0) {
      const moved = new Set<object>();
      for (const run of previous.model.runs.slice(before?.runs ?? 0, checkpoint.runs))
        moveRun(run, delta, moved);
    }
    const model = previous.model;
    this.model.stages.push(old);
    this.model.runs.push(...model.runs.slice(before?.runs ?? 0, checkpoint.runs));
    this.model.copies.push(...model.copies.slice(before?.copies ?? 0, checkpoint.copies));
    this.model.entrypoints.push(...model.entrypoints.slice(before?.entrypoints ?? 0, checkpoint.entrypoints));
    if (checkpoint.setsMultiPlatform) this.model.multiPlatform = true;
    const name = old.name;
    const first = name !== undefined && !this.finishedByName.has(name);
    if (first) this.finishedByName.set(name, checkpoint.state);
    this.checkpoints.push({
      ...checkpoint,
      start,
      end,
      runs: this.model.runs.length,
      copies: this.model.copies.length,
      entrypoints: this.model.entrypoints.length,
      multiPlatform: this.model.multiPlatform,
      ...(first ? { named: [name, checkpoint.state] as [string, StageState] } : { named: undefined }),
    });
    this.reusedStages++;
    return j;
  }

  private preambleCheckpoint(end: number): Checkpoints['preamble'] {
    return {
      end,
      globals: this.globals,
      multiPlatform: this.model.multiPlatform,
      generation: this.generation,
    };
  }

  private visit(instruction: Instruction): void {
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

  /** Lookups hold the globals, never the builder: a stage's objects outlive its build (`ModelReuse`). */
  private get globalLookup(): Lookup {
    return globalLookup(this.globals);
  }

  private stageLookup(state: StageState, bindings: ReadonlyMap<string, VariableBinding>): Lookup {
    const globals = this.globals;
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
    if (!this.preamble && this.reuse) this.preamble = this.preambleCheckpoint(start);
    this.stageSetsMultiPlatform = false;
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
    if (platform) {
      stage.platform = platform;
      if (/\$\{?(BUILD|TARGET)PLATFORM\b/.test(platform)) this.marksMultiPlatform();
    }
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
      workdir: parentState ? parentState.workdir : { value: '/', known: scratch },
      user: parentState ? parentState.user : { value: 'root', known: scratch },
      imageEnv: parentState ? parentState.imageEnv : !scratch,
    };
    const rootImage = parentState ? parentState.stage.rootImage : scratch ? undefined : expanded;
    if (rootImage !== undefined) stage.rootImage = rootImage;
    if (rootImage) {
      const env = imageEnvironment(rootImage);
      if (env) this.current.rootImageEnv = env;
    }
  }

  private closeStage(end: number): void {
    const state = this.current;
    if (!state) return;
    const stage = state.stage;
    stage.finalWorkdir = state.workdir;
    stage.range = { start: stage.fromRange.start, end: this.lines.positionAt(trimEnd(this.text, end)) };
    const name = stage.name;
    const first = name !== undefined && !this.finishedByName.has(name);
    if (first) this.finishedByName.set(name, state);
    // Checkpoints are for the next version's build: a build without reuse (the CLI) keeps none.
    if (this.reuse)
      this.checkpoints.push({
        start: state.start,
        end,
        runs: this.model.runs.length,
        copies: this.model.copies.length,
        entrypoints: this.model.entrypoints.length,
        multiPlatform: this.model.multiPlatform,
        ...(first ? { named: [name, state] as [string, StageState] } : {}),
        state,
        setsMultiPlatform: this.stageSetsMultiPlatform,
        generation: this.generation,
      });
    this.current = undefined;
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
      if (!state) {
        const binding: VariableBinding = { name, kind: 'arg', range };
        if (raw !== undefined) {
          const expansion = expandWord(raw, this.globalLookup, this.model.escapeChar);
          if (expansion.complete) binding.value = expansion.value;
        }
        this.globals.set(name, binding);
        continue;
      }
      const bindings = this.mutableBindings(state);
      const binding: VariableBinding = { name, kind: PLATFORM_ARGS.has(name) ? 'platform' : 'arg', range };
      if (raw !== undefined) {
        const expansion = expandWord(raw, this.stageLookup(state, bindings), this.model.escapeChar);
        if (expansion.complete) binding.value = expansion.value;
        binding.kind = 'arg';
      } else {
        const global = this.globals.get(name);
        if (global?.value !== undefined) binding.value = global.value;
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
      flags: split.flags,
      command: split.rest,
      heredocs: this.heredocBodies(instruction),
      mounts: [],
      scope,
      workdir: state.workdir,
      user: state.user,
      commands: undefined,
    };
    const context = {
      lines: this.lines,
      escapeChar: this.model.escapeChar,
      lookup: run.scope.lookup,
      workdir: state.workdir,
    };
    for (const flag of split.flags) {
      if (flag.name.text === 'mount') run.mounts.push(parseMount(flag, run, context));
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
    if (!this.mayHaveHeredocs(instruction)) return [];
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

/**
 * Moves a RUN's document offsets by `delta`: every mapped text it holds (the command, heredocs, flags and
 * mount options; arrays shared between texts are moved once), and the shell reader's commands read from it. Ranges are lines and characters, which the caller checked did not move.
 */
function moveRun(run: RunInstruction, delta: number, moved: Set<object>): void {
  const texts = [run.command, ...run.heredocs];
  for (const flag of run.flags) texts.push(flag.word, flag.name, ...(flag.value ? [flag.value] : []));
  for (const mount of run.mounts)
    for (const option of mount.options)
      texts.push(option.keyText, option.field, ...(option.value ? [option.value] : []));
  for (const text of texts) text.moveBy(delta, moved);
  moveCommands(run, delta, moved);
}

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
