import { short } from './text';
import { mountCache } from '../model/mountCache';
import type { DockerfileModel, Mount, RunInstruction, Stage } from '../model/types';
import { runCommands } from '../model/commands';
import type { ShellWord, SimpleCommand } from '../shell/parse';
import { operandsOf, programOf } from '../shell/programs';
import { cleanPath, isWithin, resolvePath } from '../syntax/paths';
import type { Range } from '../types';
import type { Report, RuleContext } from './rule';
import { defineRule } from './rule';
import { firstEarlierRun, knownValue, stageNamed } from '../model/stages';

/** Words that are options, URLs or hold variables (or, in a RUN, assignments): not paths to judge. */
const NOT_A_PATH = /^-|:\/\/|\$/;
const NOT_A_PATH_IN_RUN = /^-|:\/\/|\$|=/;

/** Programs that create or delete paths rather than read them. */
const WRITERS = new Set(['mkdir', 'rm', 'touch', 'chown', 'chmod', 'ln']);
const NODE_RUNTIMES = new Set([
  'node',
  'npm',
  'npx',
  'yarn',
  'pnpm',
  'bun',
  'nodemon',
  'pm2',
  'pm2-runtime',
  'next',
]);

interface CacheDir {
  mount: Mount;
  path: string;
  /** Position in file order: where several directories match, the first mounted one is reported. */
  order: number;
}

/**
 * Something later needs what a RUN wrote into a cache mount. Cache contents are never part of the image:
 * a later RUN, a CMD, or a `COPY --from` of that stage finds the directory empty (or missing).
 */
export const cacheNotPersisted = defineRule({
  id: 'cache-not-persisted',
  severity: 'error',
  summary:
    'Something later needs files that were written into a cache mount, which is never part of the image.',
  check(context) {
    // Reads every stage (a COPY --from, a CMD): a `file` rule, whose RUNs are all of the model's.
    const laterRuns: Report[] = [];
    const dirs = collectCacheDirs(context.model, (run, before) =>
      checkLaterRun(context.model, run, before, laterRuns),
    );
    checkCopies(context, dirs);
    for (const finding of laterRuns) context.report(finding);
    checkEntrypoints(context, dirs);
  },
});

/**
 * The cache directories mounted in a stage and the stages it is built FROM, indexed by path so that
 * "which cache holds this path" costs one lookup per parent folder rather than a pass over every mount.
 * Paths are clean and absolute (`resolvePath` makes them so).
 */
class CacheDirs {
  /** The first directory mounted at each path. */
  private readonly first: Map<string, CacheDir>;
  /** The first directory at each path whose cache is a build's output. */
  private readonly firstBuildOutput: Map<string, CacheDir>;
  /** The first node_modules cache. */
  nodeModules: CacheDir | undefined;
  /** The first cache mount that `bundle install` installed the gems into (its `path`, or GEM_HOME). */
  gems: CacheDir | undefined;
  size = 0;
  /**
   * Paths under a cache directory that a RUN without that mount wrote (a `cp` destination, a `mkdir`): they are
   * in the image, so a later read or copy of them, or of a folder holding them, is not of the cache.
   */
  private readonly imageWrites: string[];

  constructor(parent?: CacheDirs) {
    this.first = new Map(parent?.first);
    this.firstBuildOutput = new Map(parent?.firstBuildOutput);
    this.nodeModules = parent?.nodeModules;
    this.gems = parent?.gems;
    this.size = parent?.size ?? 0;
    this.imageWrites = [...(parent?.imageWrites ?? [])];
  }

  wroteIntoImage(path: string): void {
    this.imageWrites.push(path);
  }

  /** Whether the image has something at or below `path`, or `path` lies in something the image has. */
  inImage(path: string): boolean {
    return this.imageWrites.some((w) => isWithin(w, path) || isWithin(path, w));
  }

  add(dir: CacheDir): void {
    this.size++;
    if (!this.first.has(dir.path)) this.first.set(dir.path, dir);
    const cache = mountCache(dir.mount)?.cache;
    if (cache?.buildOutput && !this.firstBuildOutput.has(dir.path)) this.firstBuildOutput.set(dir.path, dir);
    if (cache?.id === 'node-modules') this.nodeModules ??= dir;
  }

  /** The first directory that `path` is, or lies below, unless the image has it there (`inImage`). */
  containing(path: string): CacheDir | undefined {
    if (!path.startsWith('/') || this.inImage(path)) return undefined;
    let found: CacheDir | undefined;
    for (let end = path.length; end > 0; end = path.lastIndexOf('/', end - 1)) {
      const dir = this.first.get(path.slice(0, end));
      if (dir && (!found || dir.order < found.order)) found = dir;
    }
    const root = this.first.get('/');
    if (root && (!found || root.order < found.order)) found = root;
    return found;
  }

  /** The first build-output directory strictly below `path`. */
  buildOutputBelow(path: string): CacheDir | undefined {
    let found: CacheDir | undefined;
    for (const dir of this.firstBuildOutput.values())
      if (path !== dir.path && isWithin(dir.path, path) && (!found || dir.order < found.order)) found = dir;
    return found;
  }
}

/**
 * One pass over the RUNs in file order: `visit` sees each RUN with the cache directories mounted before it
 * in its stage chain; the result holds each stage's directories once all its RUNs are read. A stage is
 * built FROM an earlier stage only, so a parent's directories are complete when a child starts.
 */
function collectCacheDirs(
  model: DockerfileModel,
  visit: (run: RunInstruction, before: CacheDirs) => void,
): (stage: Stage) => CacheDirs {
  const byStage = new Map<Stage, CacheDirs>();
  const dirsOf = (stage: Stage): CacheDirs => {
    const missing: Stage[] = [];
    let s: Stage | undefined = stage;
    for (; s && !byStage.has(s); s = s.parent) missing.push(s);
    let dirs = s ? byStage.get(s) : undefined;
    for (let i = missing.length - 1; i >= 0; i--) {
      dirs = new CacheDirs(dirs);
      byStage.set(missing[i] as Stage, dirs);
    }
    return byStage.get(stage) as CacheDirs;
  };
  // Numbered mount by mount (not RUN by RUN): of two mounts of one RUN, the one written first is reported.
  let order = 0;
  for (const run of model.runs) {
    const dirs = dirsOf(run.stage);
    visit(run, dirs);
    recordImageWrites(run, dirs);
    const gemPath = bundleInstallPath(model, run);
    for (const mount of run.mounts) {
      const target = mount.effective.target;
      if (mount.effective.type !== 'cache' || !target?.complete) continue;
      const dir = { mount, path: target.absolute, order: order++ };
      dirs.add(dir);
      if (gemPath !== undefined && isWithin(gemPath, target.absolute)) dirs.gems ??= dir;
    }
  }
  return dirsOf;
}

function line(mount: Mount): number {
  return mount.range.start.line + 1;
}

function error(range: Range, message: string): Report {
  return { message, range };
}

const HOW = 'copy it out in the RUN that mounts the cache.';

/** Strips glob suffixes so `/app/target/release/*` is judged as `/app/target/release`. */
function literalPart(path: string): string {
  const glob = path.search(/[*?[]/);
  const literal = glob === -1 ? path : path.slice(0, path.lastIndexOf('/', glob) + 1);
  return cleanPath(literal || '/');
}

function checkCopies(context: RuleContext, dirsOf: (stage: Stage) => CacheDirs): void {
  const { model } = context;
  for (const copy of model.copies) {
    const from = copy.from.toLowerCase();
    const source = /^\d+$/.test(from) ? model.stages[Number(from)] : stageNamed(model, from);
    if (!source || source.index >= copy.stage.index) continue;
    const dirs = dirsOf(source);
    for (const word of copy.sources) {
      if (word.text.includes('$')) continue;
      const path = resolvePath('/', literalPart(word.text));
      const inside = dirs.containing(path);
      if (inside) {
        context.report(
          error(
            word.range,
            `${short(word.text, 30)} is in the cache at ${short(inside.path, 30)} (line ${line(inside.mount)}), so stage "${short(copy.from, 20)}" lacks it: ${HOW}`,
          ),
        );
        continue;
      }
      const lost = dirs.buildOutputBelow(path);
      if (lost) {
        context.report(
          error(
            word.range,
            `${short(lost.path)} was a cache mount (line ${line(lost.mount)}), so this copy from "${copy.from}" lacks it: install into the image.`,
          ),
        );
      }
    }
  }
}

/** Programs that load a bundle's gems at run time. */
const RUBY_RUNTIMES = new Set(['bundle', 'rails', 'ruby', 'rake', 'puma', 'unicorn', 'sidekiq', 'rackup']);

/**
 * Where a RUN's `bundle install` installs the gems, when the text says: `--path P` on the command, a `bundle
 * config [set] [--local] path P` earlier in the RUN or in an earlier RUN of the stage chain, or BUNDLE_PATH
 * (bundle-config(1): `path`, BUNDLE_PATH), relative paths from the RUN's WORKDIR; else GEM_HOME where the
 * linter knows it (the official ruby image sets /usr/local/bundle). Undefined when the RUN installs no
 * bundle, or the place is not known.
 */
function bundleInstallPath(model: DockerfileModel, run: RunInstruction): string | undefined {
  const commands = runCommands(run);
  const install = commands.findIndex(
    (c) => programOf(c) === 'bundle' && operandsOf(c)[0]?.value.text === 'install',
  );
  if (install === -1 || !run.workdir.known) return undefined;
  const resolve = (path: string): string | undefined =>
    path.includes('$') ? undefined : resolvePath(run.workdir.value, cleanPath(path));
  const words = (commands[install] as SimpleCommand).words.map((w) => w.value.text);
  const flag = words.indexOf('--path');
  if (flag !== -1) return words[flag + 1] ? resolve(words[flag + 1] as string) : undefined;
  for (let i = install - 1; i >= 0; i--) {
    const configured = configuredBundlePath(commands[i] as SimpleCommand);
    if (configured !== undefined) return resolve(configured);
  }
  const earlier = firstEarlierRun(model, run, 'bundle-path', (r) => {
    for (const command of runCommands(r)) {
      const configured = configuredBundlePath(command);
      if (configured !== undefined && r.workdir.known)
        return resolvePath(r.workdir.value, cleanPath(configured));
    }
    return undefined;
  });
  if (earlier !== undefined) return earlier;
  const bundlePath = knownValue(run, 'BUNDLE_PATH');
  if (bundlePath !== undefined) return resolve(bundlePath);
  const gemHome = knownValue(run, 'GEM_HOME');
  return gemHome !== undefined ? resolve(gemHome) : undefined;
}

/** `bundle config [set] [--local|--global] path P` → P. */
function configuredBundlePath(command: SimpleCommand): string | undefined {
  if (programOf(command) !== 'bundle') return undefined;
  const operands = operandsOf(command).map((w) => w.value.text);
  if (operands[0] !== 'config') return undefined;
  const rest = operands[1] === 'set' ? operands.slice(2) : operands.slice(1);
  return rest[0] === 'path' && rest[1] !== undefined && !rest[1].includes('$') ? rest[1] : undefined;
}

/** Programs that copy their operands to the last one (or to `-t DIR`). */
const COPIERS = new Set(['cp', 'mv', 'install', 'rsync']);

/** The word a copy writes to: the last operand, or `-t DIR` / `--target-directory=DIR`. */
function destinationOf(command: SimpleCommand): ShellWord | undefined {
  if (!COPIERS.has(programOf(command))) return undefined;
  const operands: ShellWord[] = [];
  const words = command.words;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as ShellWord;
    const text = word.value.text;
    if (text === '-t' || text === '--target-directory') return words[i + 1];
    if (text.startsWith('--target-directory=')) return word;
    if (!text.startsWith('-')) operands.push(word);
  }
  return operands.length >= 2 ? operands.at(-1) : undefined;
}

/**
 * The part of a word that is certainly a path: the word, or where it holds a variable or a command
 * substitution, the folder written before it (`/src/target/$(uname -m)/app` is under `/src/target`).
 * Undefined for options, URLs, assignments and words with nothing certain.
 */
function certainFolder(text: string): string | undefined {
  if (!text.includes('/') || /^-|:\/\/|=/.test(text)) return undefined;
  const cut = text.search(/[$`]/);
  if (cut === -1) return text;
  const slash = text.lastIndexOf('/', cut);
  return slash > 0 ? text.slice(0, slash) : undefined;
}

/** What a RUN without a cache's mount writes under that cache's directory: into the image, not the cache. */
function recordImageWrites(run: RunInstruction, dirs: CacheDirs): void {
  if (dirs.size === 0) return;
  for (const command of runCommands(run)) {
    const program = programOf(command);
    const written = COPIERS.has(program)
      ? [destinationOf(command)]
      : program === 'mkdir' || program === 'touch'
        ? command.words.slice(1)
        : [];
    for (const word of written) {
      const text = word?.value.text;
      if (!text || text.startsWith('-') || NOT_A_PATH_IN_RUN.test(text)) continue;
      if (!run.workdir.known && !text.startsWith('/')) continue;
      const path = resolvePath(run.workdir.value, cleanPath(text));
      if (
        run.mounts.some(
          (m) =>
            m.effective.type === 'cache' && m.effective.target && isWithin(path, m.effective.target.absolute),
        )
      )
        continue;
      if (dirs.containing(path)) dirs.wroteIntoImage(path);
    }
  }
}

function checkLaterRun(
  model: DockerfileModel,
  run: RunInstruction,
  dirs: CacheDirs,
  findings: Report[],
): void {
  if (dirs.size === 0) return;
  // The RUN's own cache targets, listed when a word looks like a path: most RUNs have none.
  let own: string[] | undefined;
  for (const command of runCommands(run)) {
    if (WRITERS.has(programOf(command))) continue;
    const destination = destinationOf(command);
    for (const word of command.words) {
      if (word === destination) continue;
      const text = word.value.text;
      const known = certainFolder(text);
      if (known === undefined) continue;
      const path = resolvePath(run.workdir.value, literalPart(known));
      if (!run.workdir.known && !text.startsWith('/')) continue;
      own ??= run.mounts.flatMap((m) =>
        m.effective.type === 'cache' && m.effective.target ? [m.effective.target.absolute] : [],
      );
      if (own.some((o) => isWithin(path, o))) continue;
      const inside = dirs.containing(path);
      if (!inside) continue;
      findings.push(
        error(
          model.lines.range(word.start, word.end),
          `${short(text, 30)} is in the cache at ${short(inside.path, 30)} (line ${line(inside.mount)}), which this RUN lacks: ${HOW}`,
        ),
      );
    }
  }
}

function checkEntrypoints(context: RuleContext, dirsOf: (stage: Stage) => CacheDirs): void {
  const { model } = context;
  for (const entry of model.entrypoints) {
    const dirs = dirsOf(entry.stage);
    if (dirs.size === 0) continue;
    const workdir = entry.stage.finalWorkdir ?? { value: '/', known: false };
    for (const word of entry.words) {
      if (!word.text.includes('/') || NOT_A_PATH.test(word.text)) continue;
      if (!workdir.known && !word.text.startsWith('/')) continue;
      const path = resolvePath(workdir.value, literalPart(word.text));
      const inside = dirs.containing(path);
      if (inside) {
        context.report(
          error(
            word.range,
            `${entry.keyword} runs ${short(word.text, 30)}, which is in the cache at ${short(inside.path, 30)} (line ${line(inside.mount)}): ${HOW}`,
          ),
        );
      }
    }
    const program = entry.words[0]?.text.split('/').pop() ?? '';
    const gems = dirs.gems;
    if (gems && RUBY_RUNTIMES.has(program)) {
      context.report(
        error(
          entry.words[0]?.range ?? entry.range,
          `${entry.keyword} runs ${program}, but bundle install put the gems in a cache mount (line ${line(gems.mount)}): install into the image.`,
        ),
      );
    }
    const modules = dirs.nodeModules;
    if (modules && NODE_RUNTIMES.has(program)) {
      context.report(
        error(
          entry.words[0]?.range ?? entry.range,
          `${entry.keyword} runs ${program}, but node_modules was a cache mount (line ${line(modules.mount)}): install into the image.`,
        ),
      );
    }
  }
}
