// What build definitions (Bake, Compose, GitHub workflows) say about the builds of a Dockerfile: the facts the
// readers in server/src/builds produce and the rules read. Here, in the analysis, so that rules can take them
// without the analysis depending on the readers.
import type { Position, Range } from './types';

/**
 * What a build definition (a Bake target, a Compose service, a workflow step) says about one build of one
 * Dockerfile. Every field is what the definition says for sure, or `undefined` where it cannot be known from
 * the text (a function, a matrix, a value from the environment): unknown is never guessed.
 */
export interface BuildDefinition {
  kind: 'bake' | 'compose' | 'workflow';
  /** The definition file, as the caller named it. */
  file: string;
  /** The target, service or step, for messages: `target "api"`, `service web`, `job build, step 3`. */
  name: string;
  /** Where in the definition file the build is declared (the block, the service, the step). */
  range: Range;
  /**
   * The Dockerfile built: a path relative to the repository root (folders joined with "/", no "./"), or
   * undefined when the text does not say (a remote context, an interpolation it cannot expand).
   */
  dockerfile: string | undefined;
  /** The target platforms; `[]` when none is given (the builder's own); undefined when unknown. */
  platforms: readonly string[] | undefined;
  /**
   * The build arguments given, by name: a value, or undefined for one whose value the text does not give
   * (`args: [TOKEN]` takes it from the environment). The whole map is undefined when it cannot be read.
   */
  args: ReadonlyMap<string, string | undefined> | undefined;
  /** The stage built (`--target`), when given. */
  target?: string | undefined;
  /** For a build in a CI workflow: where it runs, and whether anything keeps cache mounts between runs. */
  ci?: CiFacts;
  /** For a build in a CI workflow: its step, for a fix that inserts steps before it; absent when unusual. */
  ciStep?: CiStep;
}

export interface CiFacts {
  /** The workflow's job id. */
  job: string;
  /**
   * `github-hosted`: a fresh virtual machine per job, so a builder started in the job starts with empty
   * cache mounts; `self-hosted`: a machine that may keep them; undefined: the labels do not say.
   */
  runner: 'github-hosted' | 'self-hosted' | undefined;
  /**
   * Whether the job restores cache mounts (a buildkit-cache-dance step) or builds on a builder that outlives
   * the job (setup-buildx-action's `remote` or `kubernetes` driver, or an `endpoint`).
   */
  cacheMountsKept: boolean;
}

/** A workflow step that builds, as a fix that adds steps before it needs it. */
export interface CiStep {
  /** The step's 0-based index in the job. */
  index: number;
  /** Its `uses: ...` (an action) or `run:` key (a script): where a finding about the step is shown. */
  head: Range;
  /** Where its `-` is: new steps go before it, at this column. */
  dash: Position;
  /** The column of the step's keys (`uses:`, `with:`). */
  keyColumn: number;
  /** The step ids the job already uses: new steps must not take one. */
  ids: readonly string[];
  /**
   * The docker/setup-buildx-action step before it, which made the builder the build uses: its `id`, or where
   * an id would go (its first key) when it has none; null when the step cannot be named so (an id from an
   * expression, an unusual shape). Absent: no such step, and the build uses the default builder.
   */
  buildx?: { id: string } | { idAt: Position; keyColumn: number } | null;
}
