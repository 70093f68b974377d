/**
 * The analysis speaks in the same shapes as LSP (0-based line and UTF-16 character) so the service
 * layer and the CLI's JSON output can pass positions through unchanged, but it imports nothing from
 * the protocol libraries.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * Whether a fix may be applied without a person looking at it (Ruff's and Biome's "applicability").
 * `safe`: the build does what it did, and every mount keeps the cache directory it had (adding
 * `sharing=locked`, correcting a misspelt key or value, declaring an ARG that changes no effective id).
 * `unsafe`: the build or the cache a mount uses changes (an effective id changes, a mount is added or removed,
 * a flag or a command is removed, a cache becomes a tmpfs, a RUN is inserted). Fix All, fix on save and
 * `--fix` apply safe fixes only unless `unsafeFixes` is set; the quick-fix menu offers both.
 */
export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  edits: TextEdit[];
  safety: FixSafety;
  /** Listed first in the editor's menu (VS Code's "preferred" quick fix). Never set on an unsafe fix. */
  preferred?: boolean;
}

export interface RelatedLocation {
  range: Range;
  message: string;
  /** Another file checked with this one (a workspace's, a CLI run's), by its caller's key; absent: this file. */
  file?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
  related?: RelatedLocation[];
  /**
   * The `--mount` value the finding is about, when it is about one mount. Fix All reads it: no fix is applied
   * to a mount that another finding calls unused, emptied or invalid (`RuleMeta.verdict`).
   */
  mount?: Range;
}

/**
 * What the build definitions of a repository (Bake, Compose, CI workflows) say about one Dockerfile, as far as
 * the analysis reads it; the caller reads those files.
 */
export interface BuildFacts {
  /** `multi`: some definition builds it for several platforms; `single`: every one names one platform. */
  platforms: 'multi' | 'single' | 'unknown';
  /** The build arguments the definitions give, by name (a plain object: options are compared as JSON). */
  args?: Readonly<Record<string, BuildArgFact>>;
}

/** What the build definitions of a file give one build argument. */
export interface BuildArgFact {
  /** The values given, each once. */
  values: readonly string[];
  /**
   * Whether every definition of the file gives a value the text says: then, with one value, the ARG has it
   * in every build, whatever its default. Otherwise some build keeps the default, or a value from elsewhere.
   */
  everyBuild: boolean;
  /** The definitions that give it, as messages name them (`compose.yaml, service web`). */
  from: readonly string[];
}
