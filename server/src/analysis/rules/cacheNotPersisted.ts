import { mountCache } from '../knowledge/mountCache';
import type { DockerfileModel, Mount, RunInstruction, Stage } from '../model/types';
import { runCommands } from '../shell/commands';
import { programOf } from '../shell/programs';
import { cleanPath, isWithin, resolvePath } from '../syntax/paths';
import type { Finding, Range } from '../types';
import type { Rule } from './rule';
import { runIndex, stageChain } from '../model/stages';

const RULE = 'cache-not-persisted';

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
}

/**
 * Something later needs what a RUN wrote into a cache mount. Cache contents are never part of the image:
 * a later RUN, a CMD, or a `COPY --from` of that stage finds the directory empty (or missing).
 */
export const cacheNotPersisted: Rule = {
  id: RULE,
  severity: 'error',
  summary:
    'Something later needs files that were written into a cache mount, which is never part of the image.',
  check(model) {
    const findings: Finding[] = [];
    checkCopies(model, findings);
    checkLaterRuns(model, findings);
    checkEntrypoints(model, findings);
    return findings;
  },
};

interface StageDir extends CacheDir {
  run: RunInstruction;
}

const dirsOfStages = new WeakMap<DockerfileModel, Map<Stage, StageDir[]>>();

/**
 * Each stage's cache directories in file order, only the first mount of each path: a later mount of the
 * same path cannot be found first, and keeping one makes a file of thousands of RUNs stay linear.
 */
function stageDirs(model: DockerfileModel, stage: Stage): StageDir[] {
  let byStage = dirsOfStages.get(model);
  if (!byStage) {
    byStage = new Map();
    const seen = new Map<Stage, Set<string>>();
    for (const run of model.runs) {
      const list = byStage.get(run.stage) ?? [];
      const paths = seen.get(run.stage) ?? new Set<string>();
      for (const mount of run.mounts) {
        const target = mount.effective.target;
        if (mount.effective.type !== 'cache' || !target?.complete || paths.has(target.absolute)) continue;
        paths.add(target.absolute);
        list.push({ mount, path: target.absolute, run });
      }
      byStage.set(run.stage, list);
      seen.set(run.stage, paths);
    }
    dirsOfStages.set(model, byStage);
  }
  return byStage.get(stage) ?? [];
}

/** Cache directories mounted by the RUNs of a stage and its parents, before `until` when given. */
function cacheDirs(model: DockerfileModel, stage: Stage, until?: RunInstruction): CacheDir[] {
  const dirs: CacheDir[] = [];
  const before = until ? runIndex(model, until) : Infinity;
  // Parents first: their RUNs come earlier in the file.
  for (const s of stageChain(stage).reverse()) {
    for (const dir of stageDirs(model, s)) {
      if (runIndex(model, dir.run) >= before) break;
      dirs.push(dir);
    }
  }
  return dirs;
}

function line(mount: Mount): number {
  return mount.range.start.line + 1;
}

function error(range: Range, message: string): Finding {
  return { rule: RULE, severity: 'error', message, range, fixes: [] };
}

const HOW =
  'Cache contents are never part of the image: copy what you need out of the cache in the same RUN (for example `cp target/release/app /usr/local/bin/`).';

/** Strips glob suffixes so `/app/target/release/*` is judged as `/app/target/release`. */
function literalPart(path: string): string {
  const glob = path.search(/[*?[]/);
  const literal = glob === -1 ? path : path.slice(0, path.lastIndexOf('/', glob) + 1);
  return cleanPath(literal || '/');
}

function checkCopies(model: DockerfileModel, findings: Finding[]): void {
  for (const copy of model.copies) {
    const from = copy.from.toLowerCase();
    const source = /^\d+$/.test(from)
      ? model.stages[Number(from)]
      : model.stages.find((s) => s.name === from);
    if (!source || source.index >= copy.stage.index) continue;
    const dirs = cacheDirs(model, source);
    for (const word of copy.sources) {
      if (word.text.includes('$')) continue;
      const path = resolvePath('/', literalPart(word.text));
      const inside = dirs.find((d) => isWithin(path, d.path));
      if (inside) {
        findings.push(
          error(
            word.range,
            `${word.text} is inside the cache mounted at ${inside.path} (line ${line(inside.mount)}), so stage "${copy.from}" has nothing there to copy. ${HOW}`,
          ),
        );
        continue;
      }
      const lost = dirs.find(
        (d) => path !== d.path && isWithin(d.path, path) && mountCache(d.mount)?.cache.buildOutput,
      );
      if (lost) {
        findings.push(
          error(
            word.range,
            `This copies ${word.text} without ${lost.path}: that folder was a cache mount (line ${line(lost.mount)}), so it is empty in stage "${copy.from}". Install into the image instead of a cache, or copy the contents out of the cache in the same RUN.`,
          ),
        );
      }
    }
  }
}

function checkLaterRuns(model: DockerfileModel, findings: Finding[]): void {
  for (const run of model.runs) {
    const dirs = cacheDirs(model, run.stage, run);
    if (dirs.length === 0) continue;
    const own = run.mounts.flatMap((m) =>
      m.effective.type === 'cache' && m.effective.target ? [m.effective.target.absolute] : [],
    );
    for (const command of runCommands(run)) {
      if (WRITERS.has(programOf(command))) continue;
      for (const word of command.words) {
        const text = word.value.text;
        if (!text.includes('/') || /^-|:\/\/|\$|=/.test(text)) continue;
        const path = resolvePath(run.workdir.value, literalPart(text));
        if (!run.workdir.known && !text.startsWith('/')) continue;
        if (own.some((o) => isWithin(path, o))) continue;
        const inside = dirs.find((d) => isWithin(path, d.path));
        if (!inside) continue;
        findings.push(
          error(
            model.lines.range(word.start, word.end),
            `${text} is inside the cache mounted at ${inside.path} on line ${line(inside.mount)}, which this RUN does not mount: the files written there are not in the image. ${HOW}`,
          ),
        );
      }
    }
  }
}

function checkEntrypoints(model: DockerfileModel, findings: Finding[]): void {
  for (const entry of model.entrypoints) {
    const dirs = cacheDirs(model, entry.stage);
    if (dirs.length === 0) continue;
    const workdir = entry.stage.finalWorkdir ?? { value: '/', known: false };
    for (const word of entry.words) {
      if (!word.text.includes('/') || /^-|:\/\/|\$/.test(word.text)) continue;
      if (!workdir.known && !word.text.startsWith('/')) continue;
      const path = resolvePath(workdir.value, literalPart(word.text));
      const inside = dirs.find((d) => isWithin(path, d.path));
      if (inside) {
        findings.push(
          error(
            word.range,
            `${entry.keyword} runs ${word.text}, inside the cache mounted at ${inside.path} (line ${line(inside.mount)}): the image does not contain it. ${HOW}`,
          ),
        );
      }
    }
    const program = entry.words[0]?.text.split('/').pop() ?? '';
    const modules = dirs.find((d) => mountCache(d.mount)?.cache.id === 'node-modules');
    if (modules && NODE_RUNTIMES.has(program)) {
      findings.push(
        error(
          entry.words[0]?.range ?? entry.range,
          `${entry.keyword} runs ${program}, but node_modules was a cache mount (${modules.path}, line ${line(modules.mount)}): the image has no installed packages. Install into the image (no cache on node_modules); cache the package manager's download cache (~/.npm) instead.`,
        ),
      );
    }
  }
}
