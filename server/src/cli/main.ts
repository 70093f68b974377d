import * as path from 'node:path';
import type { AnalyzeOptions } from '../analysis/analyze';
import { analyzeAcrossFiles } from '../analysis/acrossFiles';
import { analyze } from '../analysis/analyze';
import type { Settings } from '../analysis/config';
import { mergeSettings } from '../analysis/config';
import type { LeftFix } from '../analysis/fixAll';
import type { DockerfileModel } from '../analysis/model/types';
import type { Finding } from '../analysis/types';
import type { ConfigFile } from '../workspace/configFile';
import { describeProblem, findConfigFile, readConfigFile } from '../workspace/configFile';
import { VERSION } from '../version';
import { readRegularFile, setReadLimit } from '../workspace/safeRead';
import type { DockerfileBuilds } from '../builds/index';
import { BuildIndex, buildFileKind } from '../builds/index';
import { readBuildFile } from '../builds/read';
import type { BuildFileKind, BuildFileResult } from '../builds/index';
import { applyEdits } from '../analysis/fixAll';
import { fixToApply } from '../analysis/fixSafety';
import type { Range, TextEdit } from '../analysis/types';
import { isUtf8 } from 'node:buffer';
import { analyzeBuildFile } from '../analysis/buildFiles';
import type { LintOptions } from './args';
import { parseArgs, UsageError, USAGE } from './args';
import { exitWhenFlushed } from './exit';
import { collectFiles, displayPath, InputError, readDockerfile } from './files';
import type { InputFile } from './files';
import type { FileResult } from './format';
import { formatJson, formatText, plural } from './format';
import type { Interruption } from './interrupt';
import type { Output } from './output';
import { stderr, stdout } from './output';

/**
 * Exit codes: 0 clean (at most information and hints, or warnings within --max-warnings), 1 errors or too many
 * warnings, 2 usage, input or write errors, 128 + n when signal n stopped `--fix`.
 */
async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`cachemount: ${error.message}\nRun 'cachemount --help' for usage.\n`);
      return 2;
    }
    throw error;
  }
  if (options.command === 'help') {
    stdout.write(options.topic === 'cache-map' ? (await import('./cacheMap.js')).CACHE_MAP_USAGE : USAGE);
    return 0;
  }
  if (options.command === 'cache-map') return (await import('./cacheMap.js')).cacheMapCommand(options);
  if (options.command === 'version') {
    stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (options.maxFileSize !== undefined) setReadLimit(options.maxFileSize);
  return lintCommand(options);
}

/**
 * Whether this run linted. The launcher (launch.ts) keeps V8's compiled code only from such a run: one that
 * printed the version compiled too little of the bundle for later runs.
 */
export let linted = false;

async function lintCommand(options: LintOptions): Promise<number> {
  linted = true;
  const cwd = process.cwd();
  const run = new Run(options, cwd);
  // Loaded only for --fix, like the other code the common path does not run: start-up is most of a run
  // (docs/performance.md).
  let interruption: Interruption | undefined;
  if (options.fix && !options.dryRun) {
    const { Interruption } = await import('./interrupt.js');
    interruption = new Interruption();
    interruption.install();
  }

  const {
    files,
    buildFiles,
    errors: pathErrors,
  } = await collectFiles(
    options.paths.filter((p) => p !== '-'),
    { cwd, exclude: options.exclude, interruptible: interruption !== undefined },
  );
  run.errors.push(...pathErrors);
  if (buildFiles.length > 0) run.readBuildFiles(buildFiles);
  if (options.paths.includes('-')) {
    const text = await readStdin();
    await run.file(options.stdinName, path.join(cwd, options.stdinName), text, undefined);
  }
  let reached = 0;
  for (const file of files) {
    if (interruption?.signal) break;
    reached++;
    let content;
    try {
      content = await readDockerfile(file.path, interruption !== undefined);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      run.errors.push(`${file.display}: ${error.message}`);
      continue;
    }
    await run.file(file.display, file.path, content.text, content.bytes);
  }
  run.reportBrokenConfigs();
  return run.finish(interruption, files.length - reached);
}

/** One `lint` run: the files' results, what `--fix` changed, and the errors to report. */
class Run {
  readonly results: FileResult[] = [];
  readonly errors: string[] = [];
  /** The build definitions found (Bake, Compose, workflows), by the Dockerfile they build. */
  private builds: BuildIndex | undefined;
  /** The build definition files read, for the rules that report on them. */
  private readonly buildFiles: {
    file: InputFile;
    kind: BuildFileKind;
    name: string;
    text: string;
    bytes: Buffer;
    result: BuildFileResult;
  }[] = [];
  /** What each file's report came from, for the findings only the files together show (`relateFiles`). */
  private readonly linted: { result: FileResult; settings: AnalyzeOptions; model: DockerfileModel }[] = [];
  private readonly patches: Buffer[] = [];
  private fixedFiles = 0;
  private fixedProblems = 0;
  /** Unsafe fixes `--fix` left, as `file:line:col  rule: title` lines. */
  private readonly unsafeLeft: string[] = [];
  private readonly configs: ConfigFiles;
  /** Lines about what `--fix` did: beside the report in text, on stderr when stdout is for machines. */
  private readonly fixLog: Output;

  constructor(
    private readonly options: LintOptions,
    private readonly cwd: string,
  ) {
    this.configs = new ConfigFiles(
      options.config ? path.resolve(cwd, options.config) : undefined,
      options.noConfig,
    );
    this.fixLog = options.format === 'text' ? stdout : stderr;
  }

  /**
   * Reads the Bake, Compose and workflow files found: how each Dockerfile is built (platforms, which files one
   * builder builds together). One that cannot be read costs only its facts: a warning, not a failed run.
   */
  readBuildFiles(files: readonly InputFile[]): void {
    const results = [];
    for (const file of files) {
      const name = posixPath(file.display);
      const kind = buildFileKind(name);
      if (!kind) continue;
      let bytes;
      try {
        bytes = readRegularFile(file.path);
      } catch (error) {
        stderr.write(
          `cachemount: warning: ${file.display}: not read: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        continue;
      }
      const text = bytes.toString('utf8');
      const result = readBuildFile(kind, name, text);
      this.buildFiles.push({ file, kind, name, text, bytes, result });
      for (const problem of result.problems.slice(0, 1))
        stderr.write(
          `cachemount: warning: ${file.display}:${problem.range.start.line + 1}: ${problem.message}; what the file says of builds may be incomplete\n`,
        );
      results.push(result);
    }
    this.builds = new BuildIndex(results);
  }

  /**
   * Reports on the workflow files read, with the Dockerfiles of this run they build: a job whose cache mounts
   * start empty (ci-cache-mounts-lost). A Dockerfile not linted in this run is not looked at. `--fix` applies
   * their fixes as it does a Dockerfile's (all of them unsafe today: only with --unsafe-fixes).
   */
  private async lintBuildFiles(): Promise<void> {
    const byPath = new Map(
      this.linted.map(({ result, model }) => [
        posixPath(result.file),
        { key: result.file, name: result.file, model },
      ]),
    );
    for (const entry of this.buildFiles) {
      if (entry.result.builds.every((build) => !build.ci)) continue;
      const settings = this.settingsFor(entry.file.path);
      if (!settings) continue;
      const check = (text: string, result: BuildFileResult): Finding[] => {
        const { findings, failures } = analyzeBuildFile(
          { text, definitions: result.builds },
          (path) => byPath.get(path),
          { rules: settings.rules },
        );
        for (const failure of failures)
          stderr.write(
            `cachemount: internal error in ${failure.rule} on ${entry.file.display}: ${failure.message}\n`,
          );
        return findings;
      };
      let { text } = entry;
      let findings = check(text, entry.result);
      if (this.options.fix && findings.length > 0) {
        const fixed = await this.fixBuildFile(
          entry,
          findings,
          this.options.unsafeFixes || settings.unsafeFixes,
        );
        if (fixed !== undefined && !this.options.dryRun) {
          text = fixed;
          findings = check(text, readBuildFile(entry.kind, entry.name, text));
        }
      }
      if (findings.length > 0)
        this.results.push({ file: entry.file.display, text, findings: this.kept(findings) });
    }
  }

  /** Applies a build file's fixes (the first allowed one of each finding, those that do not overlap). */
  private async fixBuildFile(
    entry: Run['buildFiles'][number],
    findings: readonly Finding[],
    unsafe: boolean,
  ): Promise<string | undefined> {
    const { display } = entry.file;
    const edits: TextEdit[] = [];
    const taken: Range[] = [];
    const applied: string[] = [];
    for (const finding of findings) {
      const fix = fixToApply(finding, unsafe);
      if (!fix) {
        const left = fixToApply(finding, true);
        if (left)
          this.noteUnsafeLeft(display, [{ rule: finding.rule, title: left.title, range: finding.range }]);
        continue;
      }
      // Two fixes that insert at one place (the id of one setup-buildx step) would both apply: the first wins.
      if (fix.edits.some((edit) => taken.some((range) => touches(range, edit.range)))) continue;
      edits.push(...fix.edits);
      taken.push(...fix.edits.map((edit) => edit.range));
      applied.push(`${finding.rule}: ${fix.title}`);
    }
    if (edits.length === 0) return undefined;
    const { WriteError, writeFileAtomically } = await import('./fixFile.js');
    if (!isUtf8(entry.bytes)) {
      this.errors.push(`${display}: cannot write fixes: the file is not valid UTF-8; it was not changed`);
      return undefined;
    }
    const fixed = applyEdits(entry.text, edits);
    this.fixedFiles++;
    this.fixedProblems += applied.length;
    if (this.options.dryRun) {
      const { unifiedDiff } = await import('./diff.js');
      this.patches.push(Buffer.from(unifiedDiff(display, entry.text, fixed), 'utf8'));
      return fixed;
    }
    try {
      await writeFileAtomically(entry.file.path, entry.bytes, Buffer.from(fixed, 'utf8'));
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      this.fixedFiles--;
      this.fixedProblems -= applied.length;
      this.errors.push(`${display}: ${error.message}`);
      return undefined;
    }
    this.fixLog.write(`Fixed ${plural(applied.length, 'problem')} in ${display} (${applied.join('; ')})\n`);
    return fixed;
  }

  /** What the build definitions say of a Dockerfile, by the path it is reported under. */
  private buildsOf(display: string): DockerfileBuilds | undefined {
    return this.builds?.forDockerfile(posixPath(display));
  }

  /** `bytes`: the file as read, or undefined for standard input, which is never written. */
  async file(display: string, absolute: string, text: string, bytes: Buffer | undefined): Promise<void> {
    const settings = this.settingsFor(absolute);
    if (!settings) return;
    const builds = this.buildsOf(display);
    const options: AnalyzeOptions = {
      ...settings,
      projectName: path.basename(path.dirname(absolute)),
      ...(builds ? { builds: { platforms: builds.platforms, args: builds.argFacts } } : {}),
    };
    const unsafeFixes = this.options.unsafeFixes || settings.unsafeFixes;
    if (!this.options.fix) {
      this.results.push(this.lint(display, text, options));
      return;
    }
    const { fixedBytes, fixText, WriteError, writeFileAtomically } = await import('./fixFile.js');
    let fixed;
    try {
      fixed = fixText(text, { ...options, unsafeFixes });
    } catch (error) {
      // A bug in fix-all must cost this file its fixes, not the run its other files.
      this.errors.push(`${display}: cannot fix: ${error instanceof Error ? error.message : String(error)}`);
      this.results.push(this.lint(display, text, options));
      return;
    }
    this.noteUnsafeLeft(display, fixed.unsafeLeft);
    const count = fixed.applied.length;
    if (count === 0 || fixed.text === text) {
      this.results.push(this.lint(display, text, options));
      return;
    }
    let data: Buffer | undefined;
    if (bytes) {
      try {
        data = fixedBytes(bytes, text, fixed);
      } catch (error) {
        if (!(error instanceof WriteError)) throw error;
        this.errors.push(`${display}: ${error.message}`);
        this.results.push(this.lint(display, text, options));
        return;
      }
    }
    if (this.options.dryRun) {
      const { unifiedDiff } = await import('./diff.js');
      // Byte for byte: as Latin-1 each byte is one character, so the patch holds the file's own bytes on every
      // line, UTF-8 or not, and `git apply` writes exactly what --fix would.
      this.patches.push(
        data && bytes
          ? Buffer.from(unifiedDiff(display, bytes.toString('latin1'), data.toString('latin1')), 'latin1')
          : Buffer.from(unifiedDiff(display, text, fixed.text), 'utf8'),
      );
      this.fixedFiles++;
      this.fixedProblems += count;
      // Nothing is written: the exit code tells about the files as they are.
      this.results.push(this.lint(display, text, options));
      return;
    }
    if (!bytes || !data) throw new Error('standard input cannot be fixed in place');
    try {
      await writeFileAtomically(absolute, bytes, data);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      this.errors.push(`${display}: ${error.message}`);
      this.results.push(this.lint(display, text, options));
      return;
    }
    this.fixedFiles++;
    this.fixedProblems += count;
    const what = fixed.applied.map((fix) => `${fix.rule}: ${fix.title}`).join('; ');
    this.fixLog.write(`Fixed ${plural(count, 'problem')} in ${display} (${what})\n`);
    this.results.push(this.lint(display, fixed.text, options));
  }

  private noteUnsafeLeft(display: string, left: readonly LeftFix[]): void {
    for (const fix of left) {
      const { line, character } = fix.range.start;
      this.unsafeLeft.push(`  ${display}:${line + 1}:${character + 1}  ${fix.rule}: ${fix.title}`);
    }
  }

  /** Unsafe fixes are never applied unasked: say which were left, so that nobody thinks all was fixed. */
  private reportUnsafeLeft(out: Output): void {
    if (this.unsafeLeft.length === 0) return;
    const where = this.options.dryRun ? ' (lines after the fixes above)' : '';
    out.write(
      `${this.unsafeLeft.length} unsafe ${this.unsafeLeft.length === 1 ? 'fix' : 'fixes'} not applied${where}: they change the build or the cache a mount uses. Review, then apply with --unsafe-fixes:\n${this.unsafeLeft.join('\n')}\n`,
    );
  }

  reportBrokenConfigs(): void {
    // A broken settings file stops the files it governs: linting them with other rules would mislead CI.
    for (const config of this.configs.broken())
      for (const problem of config.problems)
        this.errors.push(describeProblem(displayPath(this.cwd, config.path), config.text, problem));
  }

  async finish(interruption: Interruption | undefined, notReached: number): Promise<number> {
    this.relateFiles();
    await this.lintBuildFiles();
    const { options, results, errors } = this;
    if (options.dryRun) {
      stdout.writeBytes(Buffer.concat(this.patches));
      stderr.write(
        this.fixedFiles > 0
          ? `Would fix ${plural(this.fixedProblems, 'problem')} in ${plural(this.fixedFiles, 'file')}; nothing was written.\n`
          : `Nothing to fix in ${plural(results.length, 'file')}.\n`,
      );
      this.reportUnsafeLeft(stderr);
    } else {
      if (options.fix && this.fixedFiles > 0)
        this.fixLog.write(
          `Fixed ${plural(this.fixedProblems, 'problem')} in ${plural(this.fixedFiles, 'file')}.\n`,
        );
      this.reportUnsafeLeft(this.fixLog);
      await this.printReport();
    }
    for (const message of errors) stderr.write(`cachemount: ${message}\n`);
    if (interruption?.signal) {
      stderr.write(
        `cachemount: interrupted (${interruption.signal}): ${plural(notReached, 'file')} not reached, left unchanged\n`,
      );
      return interruption.exitCode();
    }
    if (errors.length > 0) return 2;
    const count = (severity: Finding['severity']) =>
      results.reduce((n, r) => n + r.findings.filter((f) => f.severity === severity).length, 0);
    const level = options.failLevel;
    if (level === 'none') return 0;
    if (count('error') > 0) return 1;
    if (level === 'error') return 0;
    // Below warnings, any finding at or above the level fails the run; --max-warnings counts warnings only.
    if (level === 'information' && count('information') > 0) return 1;
    if (level === 'hint' && (count('information') > 0 || count('hint') > 0)) return 1;
    const warnings = count('warning');
    if (options.maxWarnings === undefined) return warnings > 0 ? 1 : 0;
    if (warnings <= options.maxWarnings) return 0;
    stderr.write(
      `cachemount: ${plural(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings} allows\n`,
    );
    return 1;
  }

  private async printReport(): Promise<void> {
    const { options, results, errors } = this;
    switch (options.format) {
      case 'json':
        stdout.write(formatJson(results));
        break;
      case 'sarif': {
        const { formatSarif } = await import('./sarif.js');
        stdout.write(formatSarif(results, errors, this.cwd));
        break;
      }
      case 'github': {
        const { formatGithub } = await import('./github.js');
        stdout.write(formatGithub(results));
        break;
      }
      case 'text':
        if (results.length > 0 || errors.length === 0)
          stdout.write(formatText(results, options.color, options.explain));
    }
  }

  private lint(file: string, raw: string, settings: AnalyzeOptions): FileResult {
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const { model, findings } = analyze(text, settings);
    const result = { file, text, findings: this.kept(findings) };
    this.linted.push({ result, settings, model });
    return result;
  }

  private kept(findings: Finding[]): Finding[] {
    return this.options.quiet ? findings.filter((f) => f.severity === 'error') : findings;
  }

  /**
   * Cache ids belong to the builder, not to a file: what the files of this run show together (one id for two
   * tools, or with two settings) is added to each file's findings, through its comments like its own.
   */
  private relateFiles(): void {
    if (this.linted.length < 2) return;
    const files = this.linted.map(({ result, settings, model }) => ({
      key: result.file,
      name: result.file,
      model,
      rules: settings.rules,
    }));
    const { builds } = this;
    const { findings, failures } = analyzeAcrossFiles(files, {
      builtTogether: (a, b) => builds?.builtTogether(posixPath(a.name), posixPath(b.name)) ?? false,
    });
    // As a rule failing on one file: its findings are missing, the others' stand, and the run goes on.
    for (const failure of failures)
      stderr.write(`cachemount: internal error in ${failure.rule} across files: ${failure.message}\n`);
    for (const { result, settings } of this.linted) {
      const acrossFiles = findings.get(result.file);
      if (acrossFiles)
        result.findings = this.kept(analyze(result.text, { ...settings, acrossFiles }).findings);
    }
  }

  /** The file's settings, or undefined when its settings file is broken. */
  private settingsFor(file: string): Settings | undefined {
    const config = this.configs.for(file);
    if (config && config.problems.length > 0) return undefined;
    return mergeSettings(config?.settings ?? {}, { rules: this.options.rules });
  }
}

/** Settings files, each read once: the one given with --config, or the nearest above each Dockerfile. */
class ConfigFiles {
  private readonly files = new Map<string, ConfigFile>();

  constructor(
    private readonly explicit: string | undefined,
    private readonly disabled: boolean,
  ) {}

  for(dockerfile: string): ConfigFile | undefined {
    if (this.disabled) return undefined;
    const found = this.explicit ?? findConfigFile(dockerfile);
    if (!found) return undefined;
    let file = this.files.get(found);
    if (!file) {
      file = readConfigFile(found);
      this.files.set(found, file);
    }
    return file;
  }

  broken(): ConfigFile[] {
    return [...this.files.values()].filter((file) => file.problems.length > 0);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => {
  // A bug in cachemount, not in the input: one line, and the stack only on request.
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`cachemount: internal error: ${message}\n`);
  if (process.env.CACHEMOUNT_DEBUG && error instanceof Error) stderr.write(`${error.stack ?? ''}\n`);
  exitWhenFlushed(2);
});

/** A path as build definitions write them: "/" between folders on every system. */
function posixPath(display: string): string {
  return display.split(path.sep).join('/');
}

/** Whether two ranges overlap or meet at one point (two insertions at one place). */
function touches(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
