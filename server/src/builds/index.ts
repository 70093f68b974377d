import type { BuildArgFact } from '../analysis/types';
import type { BuildDefinition, BuildFileResult } from './types';

export type { BuildDefinition, BuildFileResult } from './types';

export type BuildFileKind = 'bake' | 'compose' | 'workflow';

/** Which kind of build definition a file is, by its path from the repository root; undefined for others. */
export function buildFileKind(path: string): BuildFileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  // Bake's default names (docker-bake.hcl, docker-bake.override.hcl, docker-bake.json, ...).
  if (/^docker-bake(?:\.[\w-]+)*\.(?:hcl|json)$/.test(name)) return 'bake';
  // Compose's default names and their override files (compose.yaml, docker-compose.override.yml, ...).
  if (/^(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml$/.test(name)) return 'compose';
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'workflow';
  return undefined;
}

/** What the build definitions of a repository say about one Dockerfile. */
export interface DockerfileBuilds {
  definitions: readonly BuildDefinition[];
  /**
   * `multi`: a definition builds it for two or more platforms; `single`: every definition names its
   * platforms and none names more than one; `unknown`: otherwise (a definition that gives none builds for the
   * builder's own platform, which the text does not name).
   */
  platforms: 'multi' | 'single' | 'unknown';
  /** Every build argument a definition gives, with the values given; `unknown` when one gives no value. */
  args: ReadonlyMap<string, { values: readonly string[]; unknown: boolean }>;
  /** The same as the analysis takes it (`BuildFacts.args`). */
  argFacts: Record<string, BuildArgFact>;
}

/** The builds of a repository by the Dockerfile they build, from every definition file read. */
export class BuildIndex {
  private readonly byDockerfile = new Map<string, BuildDefinition[]>();
  private readonly summaries = new Map<string, DockerfileBuilds>();

  constructor(results: readonly BuildFileResult[]) {
    for (const result of results)
      for (const build of result.builds) {
        if (build.dockerfile === undefined) continue;
        const list = this.byDockerfile.get(build.dockerfile);
        if (list) list.push(build);
        else this.byDockerfile.set(build.dockerfile, [build]);
      }
  }

  get size(): number {
    return this.byDockerfile.size;
  }

  /** `dockerfile`: its path from the repository root, "/" between folders. */
  forDockerfile(dockerfile: string): DockerfileBuilds | undefined {
    const cached = this.summaries.get(dockerfile);
    if (cached) return cached;
    const definitions = this.byDockerfile.get(dockerfile);
    if (!definitions) return undefined;
    const summary = summarize(definitions);
    this.summaries.set(dockerfile, summary);
    return summary;
  }

  /**
   * Whether one definition builds both Dockerfiles on one builder for sure: one Bake or Compose file (its
   * targets or services go to one builder), or one workflow job.
   */
  builtTogether(a: string, b: string): boolean {
    const groups = new Set((this.byDockerfile.get(a) ?? []).map(groupOf));
    return (this.byDockerfile.get(b) ?? []).some((build) => groups.has(groupOf(build)));
  }
}

function groupOf(build: BuildDefinition): string {
  return build.ci ? `${build.file}\u0000${build.ci.job}` : build.file;
}

function summarize(definitions: readonly BuildDefinition[]): DockerfileBuilds {
  let multi = false;
  let allKnown = true;
  const args = new Map<string, { values: string[]; unknown: boolean }>();
  for (const build of definitions) {
    if (build.platforms === undefined || build.platforms.length === 0) allKnown = false;
    else if (new Set(build.platforms).size > 1) multi = true;
    if (!build.args) continue;
    for (const [name, value] of build.args) {
      let entry = args.get(name);
      if (!entry) args.set(name, (entry = { values: [], unknown: false }));
      if (value === undefined) entry.unknown = true;
      else if (!entry.values.includes(value)) entry.values.push(value);
    }
  }
  const argFacts: Record<string, BuildArgFact> = {};
  for (const [name, entry] of args) {
    const giving = definitions.filter((build) => build.args?.get(name) !== undefined);
    argFacts[name] = {
      values: entry.values,
      // Every build is given a value the text says: none keeps the default or takes one from elsewhere.
      everyBuild: !entry.unknown && giving.length === definitions.length,
      from: giving.map((build) => `${build.file}, ${build.name}`),
    };
  }
  return { definitions, platforms: multi ? 'multi' : allKnown ? 'single' : 'unknown', args, argFacts };
}
