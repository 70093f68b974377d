// GitHub Actions workflows: the builds a job runs with docker/build-push-action or `docker build` /
// `docker buildx build` in a `run:` script, and where the job runs. Inputs follow build-push-action's
// action.yml and README: `context` (default: the Git context, this repository at the workflow's commit),
// `file` (default `{context}/Dockerfile`, a path from the workspace root as `docker buildx build --file`
// reads it), `platforms` and `build-args` as lists (newline or comma separated for platforms, one
// `KEY=VALUE` per line for arguments), `target`. Anything with a `${{ }}` expression is unknown.
import type { Node } from 'yaml';
import { isMap, isSeq } from 'yaml';
import type { BuildDefinition, BuildFileResult, CiFacts, CiStep } from './types';
import { isRemoteContext, joinPath } from './types';
import { get, keyOf, pairs, text, texts, YamlFile } from './yamlNodes';

/** Labels GitHub gives its hosted runners (docs: "GitHub-hosted runners", "Larger runners" excepted). */
const HOSTED = /^(?:ubuntu|windows|macos)-(?:latest|\d+(?:\.\d+)?)(?:-arm|-arm64|-large|-xlarge)?$/;

export function readWorkflowFile(file: string, source: string): BuildFileResult {
  const result: BuildFileResult = { builds: [], problems: [] };
  let yaml: YamlFile;
  try {
    yaml = new YamlFile(source);
  } catch (error) {
    const at = { line: 0, character: 0 };
    const message = error instanceof Error ? error.message : String(error);
    return { builds: [], problems: [{ file, range: { start: at, end: at }, message }] };
  }
  for (const error of yaml.errors) result.problems.push({ file, ...error });
  // Paths in a workflow are from the repository root, the folder that holds .github/.
  const at = file.lastIndexOf('.github/workflows/');
  const root = at === -1 ? '' : file.slice(0, at);
  for (const job of pairs(get(yaml.root, 'jobs'))) {
    const steps = get(job.value, 'steps');
    if (!isSeq(steps)) continue;
    const id = keyOf(job);
    const ci: CiFacts = { job: id, runner: runnerOf(get(job.value, 'runs-on')), cacheMountsKept: false };
    const jobBuilds: BuildDefinition[] = [];
    const ids = steps.items.map((step) => text(get(step, 'id'))).filter((i): i is string => i !== undefined);
    let buildx: CiStep['buildx'];
    steps.items.forEach((step, index) => {
      const uses = text(get(step, 'uses')) ?? '';
      const action = uses.split('@')[0]?.toLowerCase() ?? '';
      const name = `job ${id}, step ${text(get(step, 'name')) ?? index + 1}`;
      if (action === 'reproducible-containers/buildkit-cache-dance') ci.cacheMountsKept = true;
      if (action === 'docker/setup-buildx-action') {
        if (persistentBuilder(get(step, 'with'))) ci.cacheMountsKept = true;
        buildx = buildxStep(yaml, source, step as Node);
      }
      const located = stepAt(yaml, source, step as Node, index, ids, buildx);
      const where = located ? { ciStep: located } : {};
      if (action === 'docker/build-push-action') {
        jobBuilds.push({
          kind: 'workflow',
          file,
          name,
          range: yaml.rangeOf(step as Node),
          ...fromAction(root, get(step, 'with')),
          ci,
          ...where,
        });
        return;
      }
      const script = text(get(step, 'run'));
      if (script === undefined) return;
      const directory = text(get(step, 'working-directory')) ?? '';
      for (const command of dockerBuilds(script))
        jobBuilds.push({
          kind: 'workflow',
          file,
          name,
          range: yaml.rangeOf(step as Node),
          ...fromCommand(command, joinPath(root, directory)),
          ci,
          ...where,
        });
    });
    result.builds.push(...jobBuilds);
  }
  return result;
}

/**
 * Where a step's `-` and keys are, from the text: a step written `- uses: ...` with its first key on the
 * dash's line. Undefined for other shapes (a flow mapping, a key on the next line), which get no fix.
 */
function stepAt(
  yaml: YamlFile,
  source: string,
  step: Node,
  index: number,
  ids: readonly string[],
  buildx: CiStep['buildx'],
): CiStep | undefined {
  const start = step.range?.[0];
  if (start === undefined || !isMap(step) || step.flow) return undefined;
  let dash = start - 1;
  while (dash >= 0 && source[dash] === ' ') dash--;
  if (source[dash] !== '-') return undefined;
  const lineStart = source.lastIndexOf('\n', dash) + 1;
  if (source.slice(lineStart, dash).trim() !== '') return undefined;
  const at = yaml.range(dash, start);
  const head = pairs(step).find((pair) => keyOf(pair) === 'uses' || keyOf(pair) === 'run');
  const key = head?.key;
  // A script can span many lines: its key alone is the step's head then.
  const headEnd = head && keyOf(head) === 'uses' ? head.value?.range?.[1] : key?.range?.[1];
  const headRange = key?.range && headEnd !== undefined ? yaml.range(key.range[0], headEnd) : at;
  const located: CiStep = { index, head: headRange, dash: at.start, keyColumn: at.end.character, ids };
  if (buildx !== undefined) located.buildx = buildx;
  return located;
}

/** A setup-buildx-action step as a fix names its builder: by its id, or where an id would go. */
function buildxStep(yaml: YamlFile, source: string, step: Node): NonNullable<CiStep['buildx']> | null {
  const id = text(get(step, 'id'));
  if (id !== undefined) return isExpression(id) ? null : { id };
  const located = stepAt(yaml, source, step, 0, [], undefined);
  return located
    ? { idAt: { line: located.dash.line, character: located.keyColumn }, keyColumn: located.keyColumn }
    : null;
}

function runnerOf(node: Node | null | undefined): CiFacts['runner'] {
  const labels = texts(node) ?? (text(node) !== undefined ? [text(node) as string] : undefined);
  if (!labels || labels.length === 0 || labels.some(isExpression)) return undefined;
  if (labels.includes('self-hosted')) return 'self-hosted';
  return labels.length === 1 && HOSTED.test(labels[0] ?? '') ? 'github-hosted' : undefined;
}

/** setup-buildx-action with a builder that outlives the job: a remote endpoint or a cluster's pods. */
function persistentBuilder(inputs: Node | null | undefined): boolean {
  const driver = text(get(inputs, 'driver')) ?? 'docker-container';
  return driver === 'remote' || driver === 'kubernetes' || text(get(inputs, 'endpoint')) !== undefined;
}

type Facts = Pick<BuildDefinition, 'dockerfile' | 'platforms' | 'args' | 'target'>;

function fromAction(root: string, inputs: Node | null | undefined): Facts {
  const context = text(get(inputs, 'context'));
  const file = text(get(inputs, 'file'));
  let dockerfile: string | undefined;
  if (file !== undefined) dockerfile = isExpression(file) ? undefined : joinPath(root, file);
  // No context input is the Git context: this repository, whose root then holds the Dockerfile.
  else if (context === undefined) dockerfile = joinPath(root, 'Dockerfile');
  else
    dockerfile =
      isExpression(context) || isRemoteContext(context) ? undefined : joinPath(root, context, 'Dockerfile');
  const facts: Facts = {
    dockerfile,
    platforms: listInput(get(inputs, 'platforms')),
    args: argsInput(get(inputs, 'build-args')),
  };
  const target = text(get(inputs, 'target'));
  if (target !== undefined) facts.target = isExpression(target) ? undefined : target;
  return facts;
}

/** An action's list input: newline or comma separated (as docker/actions-toolkit's getInputList reads it). */
function listInput(node: Node | null | undefined): readonly string[] | undefined {
  if (node === undefined || node === null) return [];
  const value = text(node);
  if (value === undefined || isExpression(value)) return undefined;
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function argsInput(node: Node | null | undefined): Map<string, string | undefined> | undefined {
  const args = new Map<string, string | undefined>();
  if (node === undefined || node === null) return args;
  const value = text(node);
  if (value === undefined) return undefined;
  for (const line of value.split('\n')) {
    const item = line.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq === -1) continue;
    const name = item.slice(0, eq);
    if (isExpression(name)) return undefined;
    const raw = item.slice(eq + 1);
    args.set(name, isExpression(raw) ? undefined : raw);
  }
  return args;
}

/** The words of each `docker build` or `docker buildx build` command in a script, continuations joined. */
function dockerBuilds(script: string): string[][] {
  const commands: string[][] = [];
  const joined = script.replace(/\\\r?\n/g, ' ');
  for (const line of joined.split(/\r?\n|&&|\|\||;/)) {
    const words = shellWords(line);
    if (words === undefined) continue;
    let i = words.indexOf('docker');
    if (i === -1) continue;
    if (words[i + 1] === 'buildx') i++;
    if (words[i + 1] !== 'build') continue;
    commands.push(words.slice(i + 2));
  }
  return commands;
}

/** Splits a line into words as a shell would for plain words and quotes; undefined when it cannot. */
function shellWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '"' || c === "'") {
      const end = line.indexOf(c, i + 1);
      if (end === -1) return undefined;
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '#' && word === undefined) break;
    else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Options of `docker buildx build` that take a value (docs: "docker buildx build"); others are switches. */
const VALUED = new Set([
  '-f',
  '--file',
  '--platform',
  '--build-arg',
  '--target',
  '-t',
  '--tag',
  '--cache-from',
  '--cache-to',
  '--output',
  '-o',
  '--secret',
  '--ssh',
  '--label',
  '--network',
  '--progress',
  '--builder',
  '--build-context',
  '--iidfile',
  '--metadata-file',
  '--shm-size',
  '--ulimit',
  '--add-host',
  '--attest',
  '--annotation',
  '--allow',
  '--call',
  '--sbom',
  '--provenance',
  '--cgroup-parent',
]);

/** `directory`: the step's working directory from the repository root; undefined when outside it. */
function fromCommand(words: readonly string[], directory: string | undefined): Facts {
  let file: string | undefined;
  let context: string | undefined;
  let unknownFile = false;
  let unknownPlatforms = false;
  const platforms: string[] = [];
  const args = new Map<string, string | undefined>();
  let target: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const [flag, inline] = word.startsWith('--') && word.includes('=') ? splitOnce(word) : [word, undefined];
    let value = inline;
    if (flag.startsWith('-') && VALUED.has(flag) && value === undefined) value = words[++i];
    if (value !== undefined && (value.includes('$') || isExpression(value))) {
      if (flag === '-f' || flag === '--file') unknownFile = true;
      if (flag === '--platform') unknownPlatforms = true;
      if (flag === '--build-arg') args.set(splitOnce(value)[0], undefined);
      continue;
    }
    if (flag === '-f' || flag === '--file') file = value;
    else if (flag === '--platform') platforms.push(...(value ?? '').split(',').filter(Boolean));
    else if (flag === '--build-arg' && value !== undefined) {
      const [name, given] = splitOnce(value);
      // `--build-arg NAME` alone takes the value from the environment.
      args.set(name, given);
    } else if (flag === '--target') target = value;
    else if (!flag.startsWith('-')) {
      if (flag.includes('$')) unknownFile = true;
      context = flag;
    }
  }
  const base = directory;
  const dockerfile =
    unknownFile || base === undefined || context === undefined || isRemoteContext(context) || context === '-'
      ? undefined
      : file !== undefined
        ? joinPath(base, file)
        : joinPath(base, context, 'Dockerfile');
  const facts: Facts = { dockerfile, platforms: unknownPlatforms ? undefined : platforms, args };
  if (target !== undefined) facts.target = target;
  return facts;
}

function splitOnce(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq === -1 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}

function isExpression(value: string): boolean {
  return value.includes('${{');
}
