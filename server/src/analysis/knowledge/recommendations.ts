/**
 * Which caches a command fills, for `cache-mount-missing` and the completion snippets: one entry per tool
 * whose download cache pays off across builds, naming the caches of toolCaches.ts to mount. Build output
 * (`target/`, `node_modules`) is left out on purpose: it is project state, and caching it needs a decision
 * about copying results out (see `cache-not-persisted`).
 */
export interface Recommendation {
  /** Shown in titles: "Add cache mount for <tool>". */
  tool: string;
  /** Ids of toolCaches.ts entries to mount, in order. */
  caches: readonly string[];
  /** Programs (basenames) and the subcommands that use the cache; an empty list: any invocation. */
  commands: ReadonlyArray<{ programs: readonly string[]; subcommands: readonly string[] }>;
}

export const RECOMMENDATIONS: readonly Recommendation[] = [
  {
    tool: 'apt',
    caches: ['apt-archives', 'apt-lists'],
    commands: [
      {
        programs: ['apt-get', 'apt'],
        subcommands: ['install', 'update', 'upgrade', 'dist-upgrade', 'build-dep'],
      },
    ],
  },
  { tool: 'apk', caches: ['apk'], commands: [{ programs: ['apk'], subcommands: ['add', 'upgrade'] }] },
  {
    tool: 'dnf',
    caches: ['dnf'],
    commands: [{ programs: ['dnf', 'microdnf'], subcommands: ['install', 'upgrade', 'update', 'builddep'] }],
  },
  {
    tool: 'pip',
    caches: ['pip'],
    commands: [{ programs: ['pip', 'pip3'], subcommands: ['install', 'download', 'wheel'] }],
  },
  {
    tool: 'uv',
    caches: ['uv'],
    commands: [{ programs: ['uv'], subcommands: ['sync', 'pip', 'add', 'run', 'tool'] }],
  },
  {
    tool: 'poetry',
    caches: ['poetry'],
    commands: [{ programs: ['poetry'], subcommands: ['install', 'add', 'update', 'lock'] }],
  },
  {
    tool: 'conda',
    caches: ['conda'],
    commands: [
      { programs: ['conda', 'mamba', 'micromamba'], subcommands: ['install', 'create', 'update', 'env'] },
    ],
  },
  {
    tool: 'npm',
    caches: ['npm'],
    commands: [{ programs: ['npm'], subcommands: ['ci', 'install', 'i', 'add', 'update'] }],
  },
  {
    tool: 'yarn',
    caches: ['yarn-classic'],
    commands: [{ programs: ['yarn'], subcommands: ['', 'install', 'add'] }],
  },
  {
    tool: 'pnpm',
    caches: ['pnpm'],
    commands: [{ programs: ['pnpm'], subcommands: ['install', 'i', 'add', 'fetch'] }],
  },
  { tool: 'bun', caches: ['bun'], commands: [{ programs: ['bun'], subcommands: ['install', 'i', 'add'] }] },
  {
    tool: 'go',
    caches: ['go-mod', 'go-build'],
    commands: [
      { programs: ['go'], subcommands: ['build', 'install', 'test', 'mod', 'get', 'generate', 'vet'] },
    ],
  },
  {
    tool: 'cargo',
    caches: ['cargo-registry', 'cargo-git'],
    commands: [
      { programs: ['cargo'], subcommands: ['build', 'fetch', 'install', 'test', 'check', 'run', 'doc'] },
    ],
  },
  { tool: 'maven', caches: ['maven'], commands: [{ programs: ['mvn', 'mvnw'], subcommands: [] }] },
  { tool: 'gradle', caches: ['gradle'], commands: [{ programs: ['gradle', 'gradlew'], subcommands: [] }] },
  {
    tool: 'composer',
    caches: ['composer'],
    commands: [{ programs: ['composer'], subcommands: ['install', 'update', 'require'] }],
  },
  { tool: 'bundler', caches: ['bundler'], commands: [{ programs: ['bundle'], subcommands: ['install'] }] },
  {
    tool: 'dotnet',
    caches: ['nuget'],
    commands: [{ programs: ['dotnet'], subcommands: ['restore', 'build', 'publish', 'test'] }],
  },
];

/** A recommendation (by index in RECOMMENDATIONS) that a program's command uses, and the subcommands that do. */
export interface RecommendationUse {
  index: number;
  subcommands: readonly string[];
}

let byProgram: ReadonlyMap<string, readonly RecommendationUse[]> | undefined;

/** The recommendations a program's commands use: an index of the table built on first use, not at import. */
export function recommendationsFor(program: string): readonly RecommendationUse[] | undefined {
  byProgram ??= indexByProgram();
  return byProgram.get(program);
}

function indexByProgram(): Map<string, RecommendationUse[]> {
  const index = new Map<string, RecommendationUse[]>();
  RECOMMENDATIONS.forEach((recommendation, at) => {
    for (const { programs, subcommands } of recommendation.commands)
      for (const program of programs) {
        const list = index.get(program);
        if (list) list.push({ index: at, subcommands });
        else index.set(program, [{ index: at, subcommands }]);
      }
  });
  return index;
}
