import type { Instruction } from 'dockerfile-ast';
import type { IncrementalBuild, ModelBuilder, StageState } from '../model/build';
import type { ParsedDockerfile } from '../model/parseDockerfile';
import type { ParseReuse } from './parseReuse';
import { parseByStage } from './parseReuse';
import type { DockerfileModel, RunInstruction, VariableBinding } from '../model/types';
import { moveCommands } from '../model/commands';

/**
 * A stage's objects hold strings cut from the text of the build that made them, which keeps that whole text
 * alive. Taking over stages (and their findings) from a bounded number of builds bounds the memory a long
 * editing session keeps: as many builds as fit this many characters of old text, and at least
 * `MIN_GENERATIONS`. A lower bound would make typing in one place after another evict stages that did not
 * change, and check them again (the keystroke benchmark's slowest edits, before).
 */
export const RETAINED_TEXT_CHARS = 8_000_000;
export const MIN_GENERATIONS = 4;

/**
 * What a model build leaves for the build of the document's next version (one per open document): the
 * parse by stage, and each stage's model objects, which the next build takes over for the stages an edit
 * did not change instead of building them again (`TakeOver.stage` says when).
 */
export class ModelReuse implements IncrementalBuild {
  /** The last build. */
  previous?: Checkpoints;
  /** Numbers the builds: a stage's objects remember the build that made them. */
  generation = 0;
  /** What the last build did, for tests and the benchmark. */
  last = { stagesReused: 0 };

  /** `retainedTextChars`: how much old text (in characters) kept objects may keep alive. */
  constructor(
    private readonly parses: ParseReuse,
    readonly retainedTextChars = RETAINED_TEXT_CHARS,
  ) {}

  /** Builds whose objects a model of `textLength` characters may take over. */
  generationLimit(textLength: number): number {
    return Math.max(MIN_GENERATIONS, Math.floor(this.retainedTextChars / Math.max(1, textLength)));
  }

  parse(text: string): ParsedDockerfile {
    return parseByStage(text, this.parses);
  }

  build(builder: ModelBuilder, instructions: readonly Instruction[]): void {
    const takeOver = new TakeOver(
      builder,
      ++this.generation,
      this.generationLimit(builder.model.text.length),
    );
    this.previous = takeOver.run(instructions, this.previous);
    this.last = { stagesReused: takeOver.stagesReused };
  }
}

/** A build's state at its stage boundaries: what the next build may take over. */
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
  /** The stage's state when it closed. */
  state: StageState;
  /** The build that made the stage's objects. */
  generation: number;
}

/** One build with the previous build's checkpoints: visits the instructions, or takes stages over. */
class TakeOver {
  private readonly model: DockerfileModel;
  private preamble: Checkpoints['preamble'] | undefined;
  private readonly checkpoints: StageCheckpoint[] = [];
  /** Builds whose objects this model holds: at most `generationLimit`. */
  private readonly generations = new Set<number>();
  stagesReused = 0;

  constructor(
    private readonly builder: ModelBuilder,
    private readonly generation: number,
    private readonly generationLimit: number,
  ) {
    this.model = builder.model;
  }

  /** Builds the model, taking over what it can of the `previous` build; returns this build's checkpoints. */
  run(instructions: readonly Instruction[], previous: Checkpoints | undefined): Checkpoints {
    let i = previous ? this.takeOverPreamble(instructions, previous) : 0;
    while (i < instructions.length) {
      const instruction = instructions[i] as Instruction;
      if (instruction.getKeyword() === 'FROM') {
        const start = this.startOf(instructions, i);
        // The stage open above closes here either way (as the FROM's visit would close it): it may be the
        // parent of the stage taken over.
        this.closeStage(start);
        this.preamble ??= this.preambleCheckpoint(start);
        const next = previous ? this.takeOverStage(instructions, i, start, previous) : undefined;
        if (next !== undefined) {
          i = next;
          continue;
        }
      }
      this.builder.visit(instruction);
      i++;
    }
    const end = this.model.text.length;
    this.closeStage(end);
    return {
      text: this.model.text,
      model: this.model,
      preamble: this.preamble ?? this.preambleCheckpoint(end),
      stages: this.checkpoints,
    };
  }

  private closeStage(end: number): void {
    const state = this.builder.closeStage(end);
    if (!state) return;
    this.checkpoints.push({
      start: state.start,
      end,
      runs: this.model.runs.length,
      copies: this.model.copies.length,
      entrypoints: this.model.entrypoints.length,
      state,
      generation: this.generation,
    });
  }

  private preambleCheckpoint(end: number): Checkpoints['preamble'] {
    return {
      end,
      globals: this.builder.globals,
      multiPlatform: this.model.multiPlatform,
      generation: this.generation,
    };
  }

  /**
   * Takes over the previous build's preamble (the global ARGs and the file's platform mark before the first
   * FROM) when its text is unchanged; returns the index of the first instruction left to visit.
   */
  private takeOverPreamble(instructions: readonly Instruction[], previous: Checkpoints): number {
    const first = nextFrom(instructions, 0);
    const end = this.startOf(instructions, first);
    if (first >= instructions.length || end !== previous.preamble.end) return 0;
    if (this.model.text.slice(0, end) !== previous.text.slice(0, end)) return 0;
    this.generations.add(previous.preamble.generation);
    this.builder.takeOverGlobals(previous.preamble.globals);
    this.model.multiPlatform = previous.preamble.multiPlatform;
    this.preamble = previous.preamble;
    return first;
  }

  /**
   * Takes over the previous build's stage at the FROM `i` (at offset `start`) when its text and lines are
   * unchanged and it builds on the same state: the same preamble, the same stage index, the same parent
   * stage object. The builder reads forward only, so such a stage's objects are the ones a new build would
   * make, but for their document offsets when an edit above changed the length of a line: those are moved
   * in place. Returns the index of the instruction after the stage, or undefined to build it.
   */
  private takeOverStage(
    instructions: readonly Instruction[],
    i: number,
    start: number,
    previous: Checkpoints,
  ): number | undefined {
    const k = this.model.stages.length;
    const checkpoint = previous.stages[k];
    const old = previous.model.stages[k];
    if (!checkpoint || !old || this.builder.globals !== previous.preamble.globals) return undefined;
    if ((instructions[i] as Instruction).getRange().start.line !== old.fromRange.start.line) return undefined;
    const j = nextFrom(instructions, i + 1);
    const end = this.startOf(instructions, j);
    if (end - start !== checkpoint.end - checkpoint.start) return undefined;
    if (this.model.text.slice(start, end) !== previous.text.slice(checkpoint.start, checkpoint.end))
      return undefined;
    const parent = this.builder.finishedStage(old.image.expanded.toLowerCase());
    if (parent?.stage !== old.parent || !this.mayHold(checkpoint.generation)) return undefined;

    const before = previous.stages[k - 1];
    const model = previous.model;
    const runs = model.runs.slice(before?.runs ?? 0, checkpoint.runs);
    const delta = start - checkpoint.start;
    if (delta !== 0) {
      const moved = new Set<object>();
      for (const run of runs) moveRun(run, delta, moved);
    }
    this.model.stages.push(old);
    this.model.runs.push(...runs);
    this.model.copies.push(...model.copies.slice(before?.copies ?? 0, checkpoint.copies));
    this.model.entrypoints.push(...model.entrypoints.slice(before?.entrypoints ?? 0, checkpoint.entrypoints));
    if (checkpoint.state.marksMultiPlatform) this.model.multiPlatform = true;
    this.builder.finish(checkpoint.state);
    this.checkpoints.push({
      ...checkpoint,
      start,
      end,
      runs: this.model.runs.length,
      copies: this.model.copies.length,
      entrypoints: this.model.entrypoints.length,
    });
    this.stagesReused++;
    return j;
  }

  /** Whether objects of build `generation` may join this model (and records them when they may). */
  private mayHold(generation: number): boolean {
    if (!this.generations.has(generation) && this.generations.size >= this.generationLimit) return false;
    this.generations.add(generation);
    return true;
  }

  /** The document offset where instruction `i` starts (the end of the text past the last one). */
  private startOf(instructions: readonly Instruction[], i: number): number {
    const instruction = instructions[i];
    return instruction ? this.model.lines.offsetAt(instruction.getRange().start) : this.model.text.length;
  }
}

/** The index of the first FROM at or after `i` (the length of the list when there is none). */
function nextFrom(instructions: readonly Instruction[], i: number): number {
  let j = i;
  while (j < instructions.length && (instructions[j] as Instruction).getKeyword() !== 'FROM') j++;
  return j;
}

/**
 * Moves a RUN's document offsets by `delta`: every mapped text it holds (the command, heredocs, flags and
 * mount options; arrays shared between texts are moved once), and, through the shell reader's own
 * `moveCommands`, the commands it read from the RUN. Ranges are lines and characters, which the caller
 * checked did not move. Reading a moved RUN's commands again instead cost 12% of a keystroke's analysis at
 * 10,000 lines (docs/performance.md).
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
