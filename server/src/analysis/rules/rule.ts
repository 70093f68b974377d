import { mountCache } from '../model/mountCache';
import type { CacheMatch } from '../knowledge/tools';
import type { BuildDefinition } from '../buildFacts';
import type { DockerfileModel, ResolvedPath, Mount, RunInstruction } from '../model/types';
import type { SuppressionUse } from '../suppressions/apply';
import type { Finding, Fix, Range, RelatedLocation, Severity } from '../types';
import { emptyList } from '../emptyList';

/**
 * What a finding of a rule says about the mount it names. Fix All applies no other rule's fix to such a mount:
 * locking a cache nothing uses, or scoping the id of a mount BuildKit rejects, only hides the real problem.
 */
export type MountVerdict = 'unused' | 'emptied' | 'invalid';

/** What lists of rules show (docs, SARIF, settings), and what configuring a rule needs. */
export interface RuleMeta {
  id: string;
  /** Severity when the user configured nothing. */
  severity: Severity;
  /** One line for lists: the docs' tables, SARIF's short description, the settings schema. */
  summary: string;
  verdict?: MountVerdict;
}

/** One finding as a rule reports it: the rule's id and the severity are stamped by the context. */
export interface Report {
  message: string;
  range: Range;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** The mount the finding is about (Fix All reads it with `RuleMeta.verdict`). */
  mount?: Mount;
  /**
   * A lower severity than the rule's for this one finding, and what the rule could not know that made it
   * lower (apt-docker-clean where the base image is not known to be Debian). A configured severity wins.
   */
  lower?: { to: Severity; because: string };
}

export interface RuleContext extends RuleFacts {
  readonly model: DockerfileModel;
  /** The RUNs to report on: one stage's when an editor checks a `stage`-scoped rule stage by stage. */
  readonly runs: readonly RunInstruction[];
  report(this: void, report: Report): void;
  /** Every `--mount` of `runs`. */
  eachMount(this: void, visit: (mount: Mount) => void): void;
  /** Every cache mount of `runs` whose target is written, with it. */
  eachCacheMount(this: void, visit: (mount: Mount, target: ResolvedPath) => void): void;
  /** Every mount of `runs` that holds a cache the knowledge base knows, with the match. */
  eachKnownCache(this: void, visit: (mount: Mount, match: CacheMatch) => void): void;
}

/** What the analysis knows only once the other rules have run, given to the rules that wait for it (`after`). */
export interface RuleFacts {
  /** For `after: 'suppressions'`: the cachemount-ignore comments, once they have hidden the other findings. */
  readonly suppressions?: SuppressionFacts;
}

export interface SuppressionFacts extends SuppressionUse {
  /** Every rule id cachemount has: what a name in a comment may be. */
  readonly ruleIds: readonly string[];
  /** Whether a rule is on: one set to `off` reported nothing, so whether a comment would hide it is unknown. */
  enabled(this: void, ruleId: string): boolean;
}

export interface Rule extends RuleMeta {
  /**
   * `stage`: the rule reports only on the RUNs it is given, and what it reports for a RUN depends on nothing
   * but the text of the RUN's stage and of the stages it is built FROM, the text before the first FROM, and
   * the file's stage names, platforms, project name and line ending (`stageKeys` in incremental/reuse.ts). An
   * editor then checks again only the stages an edit changed. `file` (the default): the rule reads the
   * whole file, and runs on every version.
   */
  scope?: 'stage' | 'file';
  /**
   * `suppressions`: the rule runs last, on the whole file, once the cachemount-ignore comments have hidden the
   * other rules' findings (its own are not passed through them), and its context has `suppressions`.
   */
  after?: 'suppressions';
  check(context: RuleContext): void;
  /**
   * For rules about caches that several Dockerfiles share (cache ids are the builder's, not the file's): reports
   * what only the files together show, through `context.report(file, ...)`, never what one file shows alone
   * (`check` does that).
   */
  acrossFiles?(context: WorkspaceContext): void;
  /**
   * For rules about how Dockerfiles are built (a CI job that loses cache mounts): reports on a build
   * definition file (a workflow), at its steps, with what the Dockerfiles it builds say.
   */
  buildFile?(context: BuildFileContext): void;
}

/** A build definition file (a workflow) checked with the Dockerfiles it builds. */
export interface BuildFileContext {
  /** The builds the file declares, each with the Dockerfile it builds when that file was checked too. */
  readonly builds: readonly { definition: BuildDefinition; dockerfile: WorkspaceFile | undefined }[];
  /** The file's line ending, for inserted lines. */
  readonly eol: '\n' | '\r\n';
  /** Reports on the build file; ranges are in its text. */
  report(this: void, report: Report): void;
}

/** One Dockerfile among those checked together: a workspace's, or a CLI run's. */
export interface WorkspaceFile {
  /** The caller's key for the file (the editor's URI, the CLI's path): related locations name it. */
  readonly key: string;
  /** How a message names the file: a path relative to the workspace or the working directory. */
  readonly name: string;
  readonly model: DockerfileModel;
}

export interface WorkspaceContext {
  /** The files, in the caller's order (the first mount of a cache is the one in the first file). */
  readonly files: readonly WorkspaceFile[];
  /**
   * Whether one build definition (Bake, Compose, a workflow) is known to build both files, so one builder
   * holds both files' caches for sure. Otherwise they may meet on a builder, or never.
   */
  builtTogether(this: void, a: WorkspaceFile, b: WorkspaceFile): boolean;
  /**
   * Whether findings in `file` are wanted: an editor asks for one document's only. A rule skips the work for
   * a file that is not (`report` drops its findings anyway).
   */
  wanted(this: void, file: WorkspaceFile): boolean;
  report(this: void, file: WorkspaceFile, report: Report): void;
}

/** Declares a rule. `check` reports through its context; it never builds a `Finding` itself. */
export function defineRule(rule: Rule): Rule {
  return Object.freeze(rule);
}

export const DOCS_BASE = 'https://github.com/cachemount/cachemount/blob/main/docs/rules.md';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}#${ruleId}`;
}

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/**
 * Runs one rule's `acrossFiles` over the files: findings by file key. `configured`: the user's severity for
 * the rule in a file (its settings), or undefined; a file where the rule is off is not reported on.
 */
export function runRuleAcrossFiles(
  rule: Rule,
  files: readonly WorkspaceFile[],
  configured: (file: WorkspaceFile) => Severity | 'off' | undefined,
  builtTogether: WorkspaceContext['builtTogether'],
  wanted: WorkspaceContext['wanted'] = () => true,
): Map<string, Finding[]> {
  const findings = new Map<string, Finding[]>();
  if (!rule.acrossFiles) return findings;
  rule.acrossFiles({
    files,
    builtTogether,
    wanted,
    report(file, r) {
      if (!wanted(file)) return;
      const setting = configured(file);
      if (setting === 'off') return;
      const finding = stamp(rule, setting, r);
      const list = findings.get(file.key);
      if (list) list.push(finding);
      else findings.set(file.key, [finding]);
    },
  });
  return findings;
}

/** A report made a finding: the rule's id, and the configured severity, else the default or a lower one asked for. */
function stamp(rule: Rule, configured: Severity | undefined, r: Report): Finding {
  let severity = configured ?? rule.severity;
  if (!configured && r.lower && RANK[r.lower.to] < RANK[severity]) severity = r.lower.to;
  const finding: Finding = {
    rule: rule.id,
    severity,
    message: r.message,
    range: r.range,
    fixes: r.fixes ? withoutUnsafePreferences(r.fixes) : emptyList(),
  };
  if (r.related) finding.related = r.related;
  if (r.mount) finding.mount = r.mount.valueRange;
  return finding;
}

/**
 * Runs one rule over `runs` (all of the model's by default). `configured`: the user's severity for the rule,
 * which every finding takes; otherwise the rule's default, or the lower one a report asks for. `facts`: what
 * a rule that runs `after` the others reads.
 */
export function runRule(
  rule: Rule,
  model: DockerfileModel,
  runs: readonly RunInstruction[] = model.runs,
  configured?: Severity,
  facts: RuleFacts = {},
): Finding[] {
  const findings: Finding[] = [];
  const report = (r: Report): void => {
    findings.push(stamp(rule, configured, r));
  };
  const eachMount = (visit: (mount: Mount) => void): void => {
    for (const run of runs) for (const mount of run.mounts) visit(mount);
  };
  rule.check({
    ...facts,
    model,
    runs,
    report,
    eachMount,
    eachCacheMount: (visit) =>
      eachMount((mount) => {
        const target = mount.effective.target;
        if (mount.effective.type === 'cache' && target) visit(mount, target);
      }),
    eachKnownCache: (visit) =>
      eachMount((mount) => {
        const match = mountCache(mount);
        if (match) visit(mount, match);
      }),
  });
  return findings;
}

/** Runs one rule's `buildFile` over a build definition file: its findings, ranges in that file. */
export function runRuleOnBuildFile(
  rule: Rule,
  builds: BuildFileContext['builds'],
  eol: BuildFileContext['eol'],
  configured?: Severity,
): Finding[] {
  const findings: Finding[] = [];
  rule.buildFile?.({ builds, eol, report: (r) => findings.push(stamp(rule, configured, r)) });
  return findings;
}

/** The report's own array where no fix needs changing: most findings, and one allocation fewer each. */
function withoutUnsafePreferences(fixes: Fix[]): Fix[] {
  return fixes.some((fix) => fix.preferred && fix.safety !== 'safe')
    ? fixes.map(withoutUnsafePreference)
    : fixes;
}

/** `preferred` only orders the editor's menu, and an unsafe fix is never the one put first. */
function withoutUnsafePreference(fix: Fix): Fix {
  if (!fix.preferred || fix.safety === 'safe') return fix;
  return { title: fix.title, edits: fix.edits, safety: fix.safety };
}
