import type { MappedText } from '../syntax/mappedText';
import type { InstructionFlag } from '../syntax/flags';
import type { LineIndex } from '../syntax/lineIndex';
import type { CanonicalKey } from '../mount/keys';
import type { BuildFacts, Range } from '../types';
import type { Expansion, Lookup } from '../syntax/expand';
import type { MountUse } from './mountUse';
import type { SimpleCommand } from '../shell/parse';
import type { CacheMatch, MisplacedCache } from '../knowledge/tools';

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  escapeChar: string;
  /** The `# syntax=` parser directive, when present. */
  syntax?: { value: string; range: Range };
  /** ARGs before the first FROM, with their default values. */
  globalArgs: ReadonlyMap<string, VariableBinding>;
  stages: Stage[];
  runs: RunInstruction[];
  /** The line ending the file uses, for inserted lines. */
  eol: '\n' | '\r\n';
  /**
   * Signs that the file is built for several platforms: `FROM --platform=$BUILDPLATFORM` or
   * `$TARGETPLATFORM`, or a platform ARG declared anywhere.
   */
  multiPlatform: boolean;
  /**
   * Build arguments every build of the file is given one value for (by its build definitions): an ARG of that
   * name takes it, over its default, as `--build-arg` does. Set before the model is built.
   */
  buildArgs?: Readonly<Record<string, string>>;
  /** What the build definitions say about the file (the values of its build arguments), for hovers. */
  builds?: BuildFacts;
  /**
   * Known to be built for one platform only: the `multiPlatform` setting says `never`, or every build
   * definition of the file names one platform and the file shows no sign of more. Set by `analyze`.
   */
  singlePlatform?: boolean;
  /** `COPY --from=...` instructions, for rules about what a stage really contains. */
  copies: CopyFrom[];
  /** CMD and ENTRYPOINT instructions. */
  entrypoints: StageCommand[];
  /** Every instruction's keyword (upper case) and range, in order: where suppression comments apply. */
  instructions: InstructionSpan[];
  /** Comment lines (`# ...`), parser directives excluded; `text` is what follows the `#`. */
  comments: CommentLine[];
  /** The line after the parser directives (`# syntax=`, `# escape=`, `# check=`): where a file-level comment can go. */
  afterDirectives: number;
  /** The project the file belongs to (its folder's name), when the caller knows it; used to name caches. */
  projectName?: string;
  /**
   * Indexes for questions asked per mount or RUN, built by `model/stages.ts` the first time one is asked and
   * kept with the model: the first stage of each name (`stageNamed`), and per question the answers of
   * `firstEarlierRun`. A model describes one version of the text, so they never describe another.
   */
  stagesByName?: ReadonlyMap<string, Stage>;
  earlierRuns?: Map<string, EarlierRuns<unknown>>;
}

/**
 * The answers of one `firstEarlierRun` question over a model (model/stages.ts): each RUN's position, and the
 * first RUN of each stage with an answer. Kept with the model (`model.earlierRuns`, by question).
 */
export interface EarlierRuns<T> {
  order: Map<RunInstruction, number>;
  firstInStage: Map<Stage, { order: number; value: T }>;
  /** The first answer in a stage's whole FROM chain (memoized as chains are asked for). */
  firstInChain: Map<Stage, { value: T } | null>;
}

export interface InstructionSpan {
  keyword: string;
  range: Range;
}

export interface CommentLine {
  text: string;
  range: Range;
}

export type VariableKind = 'arg' | 'env' | 'platform';

export interface VariableBinding {
  name: string;
  kind: VariableKind;
  /** Undefined when the value is only known at build time (a build argument without default, a platform). */
  value?: string;
  /** Where the binding was made; absent for bindings the builder predefines. */
  range?: Range;
  /** The value is the one the build definitions give (`BuildFacts.args`), not the ARG's own default. */
  given?: boolean;
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name; BuildKit matches stage names case-insensitively. */
  name?: string;
  nameRange?: Range;
  /** The image as written, and as expanded with the global ARGs. */
  image: { written: string; expanded: string; range: Range };
  platform?: string;
  /** The earlier stage this one is built FROM, if any. */
  parent?: Stage;
  /** The image at the root of the stage's FROM chain, as expanded; absent when the chain starts FROM scratch. */
  rootImage?: string;
  /** Whether the base is `scratch`, an earlier stage, or an image whose config the linter cannot see. */
  base: 'scratch' | 'stage' | 'image';
  fromRange: Range;
  range: Range;
  /** WORKDIR at the end of the stage: where CMD and ENTRYPOINT run, and what child stages start from. */
  finalWorkdir?: Inherited;
  /** The FROM and the ARGs that directly follow it: where a new `ARG` for the stage belongs. */
  header: { end: Range['end']; indent: string };
}

/** A path or user that may come from a base image the linter cannot read. */
export interface Inherited {
  value: string;
  /** False when the value is a guess: the base image's config may set something else. */
  known: boolean;
  range?: Range;
}

export interface Scope {
  lookup: Lookup;
  /** Bindings visible at this point (ENV overrides ARG of the same name). */
  bindings: ReadonlyMap<string, VariableBinding>;
}

export interface RunInstruction {
  stage: Stage;
  range: Range;
  keywordRange: Range;
  flags: InstructionFlag[];
  /** The shell command (or exec form) after the flags. */
  command: MappedText;
  /** Heredoc bodies that follow the instruction, in order. */
  heredocs: MappedText[];
  mounts: Mount[];
  scope: Scope;
  workdir: Inherited;
  user: Inherited;
  /**
   * The simple commands the RUN executes, read by `runCommands` (model/commands.ts) the first time asked and
   * kept with the RUN: ask through it. A RUN the next version's model takes over keeps them, and `moveRun`
   * moves their document offsets with the RUN's (`moveCommands`).
   */
  commands?: SimpleCommand[];
}

export interface MountOption {
  /** Lower-cased key, as BuildKit compares it. */
  key: string;
  canonical?: CanonicalKey;
  keyText: MappedText;
  keyRange: Range;
  /** Undefined for a bare word such as `ro`. */
  value?: MappedText;
  valueRange?: Range;
  field: MappedText;
  fieldRange: Range;
  /** What to delete to remove the option cleanly: the field and one adjacent comma. */
  removalRange?: Range;
  /** For an empty field: the stray commas of its run of empty fields, whose removal leaves a valid list. */
  strayCommas?: Range;
  expanded?: Expansion;
}

export interface Mount {
  run: RunInstruction;
  flag: InstructionFlag;
  /** The whole `--mount=...` word. */
  range: Range;
  /** The `--mount` part. */
  nameRange: Range;
  /** The part after `=`; empty range right after `=` when the value is empty. */
  valueRange: Range;
  options: MountOption[];
  /** The value could not be split into fields; BuildKit rejects the whole mount. */
  csvError?: { message: string; range: Range };
  effective: EffectiveMount;
  /**
   * The tool cache the mount holds, and the one it would hold under the RUN user's home when it is mounted
   * under root's: judged by model/mountCache.ts the first time asked and kept with the mount (null:
   * asked, none), so ask through `mountCache` and `misplacedUnderRootHome`. They hold no document offsets
   * and depend only on the mount and its RUN, so they stay true when the next version takes the RUN over.
   */
  cache?: CacheMatch | null;
  misplacedCache?: MisplacedCache | null;
  /** Whether a command keeps a tool's cache in the mount: judged by model/mountUse.ts (`mountUse`). */
  use?: MountUse;
}

/** What BuildKit would do with the mount, options applied left to right, the last of a key winning. */
export interface EffectiveMount {
  type: string;
  typeOption?: MountOption;
  target?: ResolvedPath;
  id: { value: string; complete: boolean; implied: boolean; option?: MountOption };
  sharing: { value: string; implied: boolean; option?: MountOption };
  last: Partial<Record<CanonicalKey, MountOption>>;
}

export interface ResolvedPath {
  option: MountOption;
  /** The value after variable expansion, as written (relative paths stay relative). */
  written: string;
  /** The absolute mount point: relative targets joined to WORKDIR. */
  absolute: string;
  /** False when a variable or the inherited WORKDIR is only known at build time. */
  complete: boolean;
}

/** A word of an instruction with its range: a COPY source, a CMD argument. */
export interface Word {
  text: string;
  range: Range;
}

export interface CopyFrom {
  /** The stage the COPY is in. */
  stage: Stage;
  /** The `--from` value as written: a stage name, a stage index, or an image. */
  from: string;
  sources: Word[];
  range: Range;
}

export interface StageCommand {
  stage: Stage;
  keyword: 'CMD' | 'ENTRYPOINT';
  words: Word[];
  range: Range;
}
