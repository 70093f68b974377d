// Compose files: which Dockerfile each service builds, for which platforms, with which arguments. The
// semantics follow the Compose Specification's build section (compose-spec, build.md): `build` is a context
// path or a mapping; a relative context is resolved from the Compose file's folder and defaults to it; a
// relative `dockerfile` is resolved from the context and defaults to `Dockerfile`; `args` is a mapping or a
// list of `KEY=VALUE`, where a key without a value is taken from the environment at build time.
import type { Node } from 'yaml';
import type { BuildDefinition, BuildFileResult } from './types';
import { folderOf, isRemoteContext, joinPath } from './types';
import { get, keyOf, pairs, text, texts, YamlFile } from './yamlNodes';

export function readComposeFile(file: string, source: string): BuildFileResult {
  const result: BuildFileResult = { builds: [], problems: [] };
  let yaml: YamlFile;
  try {
    yaml = new YamlFile(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = { line: 0, character: 0 };
    return { builds: [], problems: [{ file, range: { start: at, end: at }, message }] };
  }
  for (const error of yaml.errors) result.problems.push({ file, ...error });
  for (const service of pairs(get(yaml.root, 'services'))) {
    const build = service.value ? readBuild(file, service.value) : undefined;
    if (!build) continue;
    result.builds.push({
      kind: 'compose',
      file,
      name: `service ${keyOf(service)}`,
      range: yaml.rangeOf(service.key),
      ...build,
    });
  }
  return result;
}

type BuildFacts = Pick<BuildDefinition, 'dockerfile' | 'platforms' | 'args' | 'target'>;

function readBuild(file: string, service: Node): BuildFacts | undefined {
  const build = get(service, 'build');
  if (build === undefined || build === null) return undefined;
  const short = text(build);
  if (short !== undefined)
    return { dockerfile: dockerfileIn(file, short, 'Dockerfile'), platforms: [], args: new Map() };
  const context = get(build, 'context');
  const contextText = context === undefined ? '.' : text(context);
  const inline = get(build, 'dockerfile_inline') !== undefined;
  const dockerfileNode = get(build, 'dockerfile');
  const dockerfileText = dockerfileNode === undefined ? 'Dockerfile' : text(dockerfileNode);
  const facts: BuildFacts = {
    dockerfile:
      inline || contextText === undefined || dockerfileText === undefined
        ? undefined
        : dockerfileIn(file, contextText, dockerfileText),
    platforms: readPlatforms(get(build, 'platforms')),
    args: readArgs(get(build, 'args')),
  };
  const target = text(get(build, 'target'));
  if (target !== undefined) facts.target = interpolated(target) ? undefined : target;
  return facts;
}

/** The Dockerfile's path in the repository, or undefined where the text cannot say (a URL, a variable). */
function dockerfileIn(file: string, context: string, dockerfile: string): string | undefined {
  if (interpolated(context) || interpolated(dockerfile) || isRemoteContext(context)) return undefined;
  return joinPath(folderOf(file), context, dockerfile);
}

function readPlatforms(node: Node | null | undefined): readonly string[] | undefined {
  if (node === undefined || node === null) return [];
  const list = texts(node);
  if (!list || list.some(interpolated)) return undefined;
  return list;
}

function readArgs(node: Node | null | undefined): Map<string, string | undefined> | undefined {
  const args = new Map<string, string | undefined>();
  if (node === undefined || node === null) return args;
  const list = texts(node);
  if (list) {
    for (const item of list) {
      const eq = item.indexOf('=');
      if (eq === -1) args.set(item, undefined);
      else args.set(item.slice(0, eq), known(item.slice(eq + 1)));
    }
    return args;
  }
  const entries = pairs(node);
  if (entries.length === 0 && text(node) !== undefined) return undefined;
  for (const pair of entries) {
    const value = pair.value === null ? undefined : text(pair.value);
    args.set(keyOf(pair), value === undefined ? undefined : known(value));
  }
  return args;
}

/** A value Compose would interpolate is unknown: the environment decides it ("$$" is a literal "$"). */
function known(value: string): string | undefined {
  return interpolated(value) ? undefined : value.replace(/\$\$/g, '$');
}

function interpolated(value: string): boolean {
  return /\$(?!\$)/.test(value.replace(/\$\$/g, ''));
}
