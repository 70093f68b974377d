import { isWithin } from '../syntax/paths';

/**
 * What the analysis knows about the caches tools keep, as data: one entry per cache directory, each with
 * the sources its facts come from. Where a fact is not documented, the entry says `unclear` and the rules
 * are conservative: `sharing-locked-required` treats it as unsafe, `sharing-locked-unneeded` stays silent.
 *
 * Paths: `~` is the home directory of the user the RUN executes as (`/root` for root, `/home/<name>` or
 * `$HOME` otherwise). `movedBy` lists environment variables that relocate the cache to `$VAR` + `suffix`.
 */
export type Concurrency = 'safe' | 'unsafe' | 'unclear';

/** An environment variable that relocates a cache: to its value plus `suffix`, or to what `extract` captures. */
export interface MovedBy {
  variable: string;
  suffix?: string;
  /** For variables holding options (MAVEN_OPTS): the first group is the directory. */
  extract?: RegExp;
}

export interface ToolCache {
  /** Stable identifier, e.g. `apt-archives`. */
  id: string;
  tool: string;
  /** What the directory holds, for messages. */
  description: string;
  paths: readonly string[];
  movedBy: readonly MovedBy[];
  /** Whether two builds may write the cache at the same time. */
  concurrency: Concurrency;
  /** Why, in the tool's own words where possible: shown in messages and hovers. */
  concurrencyNote: string;
  /** Whether the contents depend on the target platform (native code, per-architecture artifacts). */
  platformSpecific: boolean | 'partly';
  /** Project-specific build output rather than a shared download cache. */
  buildOutput: boolean;
  /** Commands and flags that empty or bypass the cache. */
  emptiedBy: readonly string[];
  /**
   * For entries recognised by a generic folder name (`target`, `.next/cache`), a pattern the RUN's command
   * must match before the folder is taken for this tool.
   */
  commandHint?: RegExp;
  sources: readonly string[];
}

const REFERENCE = 'cachemount shared/reference/mount-semantics.md, "Tools and their caches"';

export const TOOL_CACHES: readonly ToolCache[] = [
  {
    id: 'apt-archives',
    tool: 'apt',
    description: 'downloaded .deb packages',
    paths: ['/var/cache/apt'],
    movedBy: [],
    concurrency: 'unsafe',
    concurrencyNote:
      'apt takes an exclusive lock on /var/cache/apt/archives/lock, so a second build using the cache at the same time fails with "Could not get lock /var/cache/apt/archives/lock"',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['apt-get clean', '/etc/apt/apt.conf.d/docker-clean'],
    sources: [
      'Dockerfile reference, RUN --mount=type=cache example (sharing=locked on both apt caches)',
      'apt-get(8): the archives directory is locked while packages are downloaded',
    ],
  },
  {
    id: 'apt-lists',
    tool: 'apt',
    description: 'package lists from apt-get update',
    paths: ['/var/lib/apt'],
    movedBy: [],
    concurrency: 'unsafe',
    concurrencyNote:
      'apt-get update takes an exclusive lock on /var/lib/apt/lists/lock, so a second build using the cache at the same time fails with "Could not get lock /var/lib/apt/lists/lock"',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['rm -rf /var/lib/apt/lists/*'],
    sources: ['Dockerfile reference, RUN --mount=type=cache example (sharing=locked on both apt caches)'],
  },
  {
    id: 'apk',
    tool: 'apk',
    description: 'downloaded Alpine packages',
    paths: ['/var/cache/apk', '/etc/apk/cache'],
    movedBy: [],
    concurrency: 'unclear',
    concurrencyNote: 'apk does not document concurrent use of its package cache',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['apk --no-cache', 'apk cache clean'],
    sources: ['Alpine wiki, "Local APK cache"', REFERENCE],
  },
  {
    id: 'dnf',
    tool: 'dnf',
    description: 'dnf metadata and packages',
    paths: ['/var/cache/dnf', '/var/cache/libdnf5'],
    movedBy: [],
    concurrency: 'unsafe',
    concurrencyNote: 'dnf locks its metadata cache, so a second build waits for or fails on the lock',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['dnf clean all', 'keepcache=0 (the default deletes packages after install)'],
    sources: ['dnf.conf(5): cachedir, keepcache', REFERENCE],
  },
  {
    id: 'yum',
    tool: 'yum',
    description: 'yum metadata and packages',
    paths: ['/var/cache/yum'],
    movedBy: [],
    concurrency: 'unsafe',
    concurrencyNote:
      'yum holds a lock while it uses its cache ("Another app is currently holding the yum lock")',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['yum clean all'],
    sources: ['yum.conf(5): cachedir, keepcache', REFERENCE],
  },
  {
    id: 'zypper',
    tool: 'zypper',
    description: 'zypper metadata and packages',
    paths: ['/var/cache/zypp'],
    movedBy: [],
    concurrency: 'unclear',
    concurrencyNote: 'zypper does not document concurrent use of its cache from two systems',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['zypper clean'],
    sources: ['zypper(8): clean', REFERENCE],
  },
  {
    id: 'pacman',
    tool: 'pacman',
    description: 'downloaded Arch packages',
    paths: ['/var/cache/pacman/pkg'],
    movedBy: [],
    concurrency: 'unclear',
    concurrencyNote: 'pacman does not document concurrent use of its package cache from two systems',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['pacman -Scc'],
    sources: ['pacman.conf(5): CacheDir', REFERENCE],
  },
  {
    id: 'pip',
    tool: 'pip',
    description: 'downloaded and built wheels',
    paths: ['~/.cache/pip'],
    movedBy: [{ variable: 'PIP_CACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/pip' }],
    concurrency: 'safe',
    concurrencyNote: 'pip writes its cache entries atomically, so concurrent builds can share it',
    platformSpecific: 'partly',
    buildOutput: false,
    emptiedBy: ['--no-cache-dir', 'PIP_NO_CACHE_DIR', 'pip cache purge'],
    sources: ['pip docs, "Caching"', REFERENCE],
  },
  {
    id: 'uv',
    tool: 'uv',
    description: 'uv packages and built wheels',
    paths: ['~/.cache/uv'],
    movedBy: [{ variable: 'UV_CACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/uv' }],
    concurrency: 'safe',
    concurrencyNote: 'uv locks its cache and documents it as safe for concurrent use',
    platformSpecific: 'partly',
    buildOutput: false,
    emptiedBy: ['--no-cache', 'UV_NO_CACHE', 'uv cache clean'],
    sources: ['uv docs, "Caching" (cache safety)', 'uv docs, "Using uv in Docker" (cache mounts)', REFERENCE],
  },
  {
    id: 'poetry',
    tool: 'poetry',
    description: 'Poetry package cache',
    paths: ['~/.cache/pypoetry'],
    movedBy: [{ variable: 'POETRY_CACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/pypoetry' }],
    concurrency: 'unclear',
    concurrencyNote: 'Poetry does not document concurrent use of its cache',
    platformSpecific: 'partly',
    buildOutput: false,
    emptiedBy: ['--no-cache', 'poetry cache clear'],
    sources: ['Poetry docs, "Configuration: cache-dir"', REFERENCE],
  },
  {
    id: 'pipenv',
    tool: 'pipenv',
    description: 'Pipenv package cache',
    paths: ['~/.cache/pipenv'],
    movedBy: [{ variable: 'PIPENV_CACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/pipenv' }],
    concurrency: 'unclear',
    concurrencyNote: 'Pipenv does not document concurrent use of its cache',
    platformSpecific: 'partly',
    buildOutput: false,
    emptiedBy: ['pipenv --clear'],
    sources: ['Pipenv docs, "Configuration: PIPENV_CACHE_DIR"'],
  },
  {
    id: 'conda',
    tool: 'conda',
    description: 'conda package cache',
    paths: ['/opt/conda/pkgs', '~/.conda/pkgs'],
    movedBy: [{ variable: 'CONDA_PKGS_DIRS' }],
    concurrency: 'unclear',
    concurrencyNote: 'conda does not document concurrent use of its package cache',
    platformSpecific: true,
    buildOutput: false,
    emptiedBy: ['conda clean'],
    sources: ['conda docs, "pkgs_dirs"', REFERENCE],
  },
  {
    id: 'npm',
    tool: 'npm',
    description: 'npm package cache',
    paths: ['~/.npm'],
    movedBy: [{ variable: 'npm_config_cache' }, { variable: 'NPM_CONFIG_CACHE' }],
    concurrency: 'safe',
    concurrencyNote: "npm's cache is content-addressed and safe for concurrent use",
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['npm cache clean --force'],
    sources: ['npm docs, "npm-cache" (cacache, content-addressable)', REFERENCE],
  },
  {
    id: 'yarn-classic',
    tool: 'yarn (classic)',
    description: 'Yarn 1 package cache',
    paths: ['/usr/local/share/.cache/yarn', '~/.cache/yarn'],
    movedBy: [{ variable: 'YARN_CACHE_FOLDER' }],
    concurrency: 'unsafe',
    concurrencyNote: 'Yarn 1 is not safe when two installs write its cache at once unless run with --mutex',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['yarn cache clean'],
    sources: ['Yarn 1 docs, "yarn cache" and "--mutex"', REFERENCE],
  },
  {
    id: 'yarn-berry',
    tool: 'yarn (berry)',
    description: 'Yarn 2+ global package cache',
    paths: ['~/.yarn/berry/cache'],
    movedBy: [{ variable: 'YARN_GLOBAL_FOLDER', suffix: '/cache' }],
    concurrency: 'unclear',
    concurrencyNote: 'Yarn 2+ does not document concurrent use of its global cache',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['yarn cache clean'],
    sources: ['Yarn docs, "enableGlobalCache", "globalFolder"', REFERENCE],
  },
  {
    id: 'pnpm',
    tool: 'pnpm',
    description: 'pnpm content-addressable store',
    paths: ['~/.local/share/pnpm/store', '~/.pnpm-store'],
    movedBy: [
      { variable: 'npm_config_store_dir' },
      { variable: 'PNPM_STORE_DIR' },
      { variable: 'XDG_DATA_HOME', suffix: '/pnpm/store' },
    ],
    concurrency: 'safe',
    concurrencyNote: "pnpm's store is content-addressed and safe for concurrent installs",
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['pnpm store prune'],
    sources: [
      'pnpm docs, "store-dir"',
      'pnpm docs, "Working with Docker" (cache mount of the store)',
      REFERENCE,
    ],
  },
  {
    id: 'bun',
    tool: 'bun',
    description: 'Bun install cache',
    paths: ['~/.bun/install/cache'],
    movedBy: [{ variable: 'BUN_INSTALL_CACHE_DIR' }],
    concurrency: 'unclear',
    concurrencyNote: 'Bun does not document concurrent use of its install cache',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['bun pm cache rm'],
    sources: ['Bun docs, "Global cache"', REFERENCE],
  },
  {
    id: 'go-build',
    tool: 'go',
    description: 'Go build cache',
    paths: ['~/.cache/go-build'],
    movedBy: [{ variable: 'GOCACHE' }, { variable: 'XDG_CACHE_HOME', suffix: '/go-build' }],
    concurrency: 'safe',
    concurrencyNote: "Go's build cache is safe for concurrent use, and its entries are keyed by GOOS/GOARCH",
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['go clean -cache'],
    sources: ['go help cache; cmd/go docs, "Build and test caching"', REFERENCE],
  },
  {
    id: 'go-mod',
    tool: 'go',
    description: 'Go module cache',
    paths: ['~/go/pkg/mod'],
    movedBy: [{ variable: 'GOMODCACHE' }, { variable: 'GOPATH', suffix: '/pkg/mod' }],
    concurrency: 'safe',
    concurrencyNote: 'the go command locks module downloads, so concurrent builds can share the module cache',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['go clean -modcache'],
    sources: ['cmd/go docs, "Module cache" (GOMODCACHE)', REFERENCE],
  },
  {
    id: 'cargo-registry',
    tool: 'cargo',
    description: 'Cargo registry index and downloaded crates',
    paths: ['~/.cargo/registry'],
    movedBy: [{ variable: 'CARGO_HOME', suffix: '/registry' }],
    concurrency: 'safe',
    concurrencyNote: 'cargo waits on its package cache lock, so concurrent builds can share it',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: [],
    sources: ['The Cargo Book, "Cargo Home"', REFERENCE],
  },
  {
    id: 'cargo-git',
    tool: 'cargo',
    description: 'Cargo git dependencies',
    paths: ['~/.cargo/git'],
    movedBy: [{ variable: 'CARGO_HOME', suffix: '/git' }],
    concurrency: 'safe',
    concurrencyNote: 'cargo waits on its package cache lock, so concurrent builds can share it',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: [],
    sources: ['The Cargo Book, "Cargo Home"', REFERENCE],
  },
  {
    id: 'cargo-target',
    tool: 'cargo',
    description: 'Cargo build output (target/)',
    paths: ['**/target'],
    movedBy: [{ variable: 'CARGO_TARGET_DIR' }],
    concurrency: 'safe',
    concurrencyNote: 'cargo locks its build directory, so concurrent builds wait for each other',
    platformSpecific: true,
    buildOutput: true,
    emptiedBy: ['cargo clean'],
    commandHint: /\bcargo\b/,
    sources: ['The Cargo Book, "Build cache" (CARGO_TARGET_DIR)', REFERENCE],
  },
  {
    id: 'rustup',
    tool: 'rustup',
    description: 'Rust toolchains',
    paths: ['~/.rustup'],
    movedBy: [{ variable: 'RUSTUP_HOME' }],
    concurrency: 'unsafe',
    concurrencyNote: 'two rustup processes installing toolchains at once can break the installation',
    platformSpecific: true,
    buildOutput: false,
    emptiedBy: [],
    sources: ['rustup book, "Environment variables" (RUSTUP_HOME)', REFERENCE],
  },
  {
    id: 'maven',
    tool: 'maven',
    description: 'Maven local repository',
    paths: ['~/.m2/repository'],
    movedBy: [
      { variable: 'MAVEN_CONFIG', suffix: '/repository' },
      { variable: 'MAVEN_OPTS', extract: /-Dmaven\.repo\.local=(\S+)/ },
    ],
    concurrency: 'unsafe',
    concurrencyNote: "Maven's local repository is not safe for concurrent writers by default",
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['mvn dependency:purge-local-repository'],
    sources: ['Maven docs, "Introduction to Repositories" (local repository)', REFERENCE],
  },
  {
    id: 'gradle',
    tool: 'gradle',
    description: 'Gradle user home (dependency and build caches)',
    paths: ['~/.gradle'],
    movedBy: [{ variable: 'GRADLE_USER_HOME' }],
    concurrency: 'safe',
    concurrencyNote: 'Gradle coordinates concurrent builds through cross-process cache locks',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['--no-build-cache'],
    sources: ['Gradle docs, "The Gradle User Home"', REFERENCE],
  },
  {
    id: 'ivy',
    tool: 'sbt/ivy',
    description: 'Ivy cache',
    paths: ['~/.ivy2'],
    movedBy: [],
    concurrency: 'unsafe',
    concurrencyNote: "Ivy's cache is not safe for concurrent writers",
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: [],
    sources: [REFERENCE],
  },
  {
    id: 'sbt',
    tool: 'sbt',
    description: 'sbt boot and component cache',
    paths: ['~/.sbt'],
    movedBy: [],
    concurrency: 'unclear',
    concurrencyNote: 'sbt does not document concurrent use of ~/.sbt from two builds',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: [],
    sources: [REFERENCE],
  },
  {
    id: 'coursier',
    tool: 'coursier',
    description: 'Coursier download cache',
    paths: ['~/.cache/coursier'],
    movedBy: [{ variable: 'COURSIER_CACHE' }],
    concurrency: 'safe',
    concurrencyNote: 'Coursier locks files while downloading, so concurrent builds can share its cache',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: [],
    sources: ['Coursier docs, "Cache"', REFERENCE],
  },
  {
    id: 'ccache',
    tool: 'ccache',
    description: 'ccache compiler cache',
    paths: ['~/.ccache', '~/.cache/ccache'],
    movedBy: [{ variable: 'CCACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/ccache' }],
    concurrency: 'safe',
    concurrencyNote: 'ccache is designed for concurrent compilers sharing one cache',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['ccache -C'],
    sources: ['ccache manual, "Sharing a cache"', REFERENCE],
  },
  {
    id: 'sccache',
    tool: 'sccache',
    description: 'sccache compiler cache',
    paths: ['~/.cache/sccache'],
    movedBy: [{ variable: 'SCCACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/sccache' }],
    concurrency: 'safe',
    concurrencyNote: 'sccache serves concurrent compilations from one cache',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: [],
    sources: ['sccache README, "Local"', REFERENCE],
  },
  {
    id: 'bundler',
    tool: 'bundler',
    description: 'Bundler gem cache',
    paths: ['~/.bundle/cache'],
    movedBy: [{ variable: 'BUNDLE_USER_CACHE' }],
    concurrency: 'unclear',
    concurrencyNote: 'Bundler does not document concurrent use of its cache',
    platformSpecific: 'partly',
    buildOutput: false,
    emptiedBy: ['bundle clean'],
    sources: ['bundle-config(1): BUNDLE_USER_CACHE', REFERENCE],
  },
  {
    id: 'composer',
    tool: 'composer',
    description: 'Composer download cache',
    paths: ['~/.composer/cache', '~/.cache/composer'],
    movedBy: [{ variable: 'COMPOSER_CACHE_DIR' }, { variable: 'COMPOSER_HOME', suffix: '/cache' }],
    concurrency: 'unclear',
    concurrencyNote: 'Composer does not document concurrent use of its cache',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['--no-cache', 'composer clear-cache'],
    sources: ['Composer docs, "COMPOSER_CACHE_DIR"', REFERENCE],
  },
  {
    id: 'nuget',
    tool: 'nuget',
    description: 'NuGet global packages folder',
    paths: ['~/.nuget/packages'],
    movedBy: [{ variable: 'NUGET_PACKAGES' }],
    concurrency: 'safe',
    concurrencyNote: 'NuGet takes extraction locks, so concurrent restores can share the packages folder',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: ['dotnet nuget locals all --clear'],
    sources: ['NuGet docs, "Managing the global packages, cache, and temp folders"', REFERENCE],
  },
  {
    id: 'mix',
    tool: 'mix',
    description: 'Mix archives and Hex packages',
    paths: ['~/.mix', '~/.hex'],
    movedBy: [{ variable: 'MIX_HOME' }, { variable: 'HEX_HOME' }],
    concurrency: 'unclear',
    concurrencyNote: 'Mix and Hex do not document concurrent use of their caches',
    platformSpecific: false,
    buildOutput: false,
    emptiedBy: [],
    sources: ['Mix docs, "Environment variables" (MIX_HOME)', REFERENCE],
  },
  {
    id: 'bazel',
    tool: 'bazel',
    description: 'Bazel output base',
    paths: ['~/.cache/bazel'],
    movedBy: [],
    concurrency: 'unsafe',
    concurrencyNote:
      'one Bazel server owns an output base at a time; a second build waits or fails on its lock',
    platformSpecific: true,
    buildOutput: true,
    emptiedBy: ['bazel clean'],
    sources: ['Bazel docs, "Output directory layout"', REFERENCE],
  },
  {
    id: 'cabal',
    tool: 'cabal',
    description: 'Cabal package downloads and store',
    paths: ['~/.cabal/packages', '~/.cabal/store', '~/.local/state/cabal/store', '~/.cache/cabal/packages'],
    movedBy: [{ variable: 'CABAL_DIR' }],
    concurrency: 'unclear',
    concurrencyNote: 'cabal does not document concurrent use of its store from two builds',
    platformSpecific: true,
    buildOutput: false,
    emptiedBy: [],
    sources: ['cabal docs, "Directories" (CABAL_DIR)', REFERENCE],
  },
  {
    id: 'stack',
    tool: 'stack',
    description: 'Stack root (snapshots, indices, GHC installs)',
    paths: ['~/.stack'],
    movedBy: [{ variable: 'STACK_ROOT' }],
    concurrency: 'unclear',
    concurrencyNote: 'Stack does not document concurrent use of its root from two builds',
    platformSpecific: true,
    buildOutput: false,
    emptiedBy: [],
    sources: ['Stack docs, "STACK_ROOT"', REFERENCE],
  },
  {
    id: 'node-modules',
    tool: 'npm/yarn/pnpm',
    description: 'installed packages (node_modules)',
    paths: ['**/node_modules'],
    movedBy: [],
    concurrency: 'unsafe',
    concurrencyNote: 'two installs writing one node_modules at once leave it inconsistent',
    platformSpecific: true,
    buildOutput: true,
    emptiedBy: [],
    sources: [REFERENCE, 'npm docs, "folders" (node_modules holds compiled native addons)'],
  },
  {
    id: 'nextjs',
    tool: 'Next.js',
    description: 'Next.js build cache',
    paths: ['**/.next/cache'],
    movedBy: [],
    concurrency: 'safe',
    concurrencyNote: "Next.js's build cache is meant to be restored and shared between builds",
    platformSpecific: 'partly',
    buildOutput: false,
    emptiedBy: [],
    sources: ['Next.js docs, "Build caching"', REFERENCE],
  },
];

export interface CacheLookup {
  /** Home directories the RUN may use: `/root` for root, `$HOME` when known. */
  homes: readonly string[];
  /** The value of an environment variable in the RUN's scope, when known. */
  variable: (name: string) => string | undefined;
  /** The RUN's command, for entries recognised by a generic folder name. */
  command: string;
}

export interface CacheMatch {
  cache: ToolCache;
  /** The directory the target was matched against. */
  directory: string;
  /** Whether the directory came from an environment variable rather than the default. */
  movedBy?: string;
}

/** A tool cache mounted under root's home for a RUN whose user's tool looks under its own (mountCache.ts). */
export interface MisplacedCache {
  cache: ToolCache;
  /** Where the tool looks for the RUN's user, when known: the same cache under that user's home. */
  expected?: string;
}

/**
 * The knowledge base in the order identifyCache must consider it (each tool: the variables that move its
 * cache, then its paths), numbered: where several directories match, the longest wins, and of equally long
 * ones the first in this order. Fixed and `~/` paths are also indexed by their text, so a target finds them
 * by looking up its own parent folders instead of testing every path of every tool.
 */
interface Entry {
  cache: ToolCache;
  order: number;
}

const MOVED: Array<Entry & MovedBy> = [];
/**
 * MOVED grouped by variable, in order of first appearance: a variable several tools read (XDG_CACHE_HOME) is
 * looked up once per call. Which directory wins does not depend on the order candidates are considered in
 * (the longest, then the first in MOVED's order).
 */
const MOVED_BY_VARIABLE: Array<{ variable: string; entries: Array<Entry & MovedBy> }> = [];
const ANYWHERE: Array<Entry & { tail: string; tailSlash: string }> = [];
const FIXED = new Map<string, Entry[]>();
/** `~/` paths by the part after `~` (`/.cache/pip`). */
const UNDER_HOME = new Map<string, Entry[]>();

{
  let order = 0;
  const add = (index: Map<string, Entry[]>, key: string, entry: Entry): void => {
    const list = index.get(key);
    if (list) list.push(entry);
    else index.set(key, [entry]);
  };
  for (const cache of TOOL_CACHES) {
    for (const moved of cache.movedBy) MOVED.push({ ...moved, cache, order: order++ });
    for (const path of cache.paths) {
      const entry = { cache, order: order++ };
      if (path.startsWith('**/'))
        ANYWHERE.push({ ...entry, tail: path.slice(2), tailSlash: path.slice(2) + '/' });
      else if (path.startsWith('~/')) add(UNDER_HOME, path.slice(1), entry);
      else add(FIXED, path, entry);
    }
  }
  for (const moved of MOVED) {
    const group = MOVED_BY_VARIABLE.find((g) => g.variable === moved.variable);
    if (group) group.entries.push(moved);
    else MOVED_BY_VARIABLE.push({ variable: moved.variable, entries: [moved] });
  }
}

/**
 * The variable lookup for a match by default paths only: no variable moves a cache. identifyCache skips
 * the variables altogether for it.
 */
export const NO_VARIABLES = (): undefined => undefined;

/**
 * The tool cache a mount target belongs to: the target is one of the tool's cache directories (moved by
 * the environment, or the defaults) or lies below it. The most specific directory wins; of equally
 * specific ones, the first in the knowledge base.
 */
export function identifyCache(target: string, lookup: CacheLookup): CacheMatch | undefined {
  // Asked for every mount by several rules: one candidate record per call, no closures or folder lists, and
  // loops by index (no iterator objects while the function is not optimized yet, or again after a deopt).
  const best: Candidate = { target, match: undefined, order: 0, home: 0 };
  if (lookup.variable !== NO_VARIABLES) {
    for (let g = 0; g < MOVED_BY_VARIABLE.length; g++) {
      const { variable, entries } = MOVED_BY_VARIABLE[g] as (typeof MOVED_BY_VARIABLE)[number];
      const value = lookup.variable(variable);
      if (!value) continue;
      for (let e = 0; e < entries.length; e++) {
        const moved = entries[e] as Entry & MovedBy;
        const directory = moved.extract ? moved.extract.exec(value)?.[1] : value;
        if (directory) consider(best, moved, normalize(directory + (moved.suffix ?? '')), variable, 0);
      }
    }
  }
  for (let p = 0; p < ANYWHERE.length; p++) {
    const path = ANYWHERE[p] as (typeof ANYWHERE)[number];
    const { tail, cache } = path;
    if (
      (target.endsWith(tail) || target.includes(path.tailSlash)) &&
      (!cache.commandHint || cache.commandHint.test(lookup.command))
    )
      consider(best, path, target.slice(0, target.indexOf(tail) + tail.length), undefined, 0);
  }
  // `target` and each folder above it, as written (`/a/b` → `/a/b`, `/a`): the directories `isWithin` accepts.
  for (let folder = target, i = target.lastIndexOf('/'); ; i = target.lastIndexOf('/', i - 1)) {
    const entries = FIXED.get(folder);
    if (entries)
      for (let e = 0; e < entries.length; e++) consider(best, entries[e] as Entry, folder, undefined, 0);
    if (i <= 0) break;
    folder = target.slice(0, i);
  }
  // A `~` path for a home (`/root/` → `/root`), as the directory to report.
  for (let index = 0; index < lookup.homes.length; index++) {
    const written = lookup.homes[index] as string;
    const home = written.endsWith('/') ? written.slice(0, -1) : written;
    if (!target.startsWith(home)) continue;
    const rest = target.slice(home.length);
    for (let tail = rest, i = rest.lastIndexOf('/'); ; i = rest.lastIndexOf('/', i - 1)) {
      const entries = UNDER_HOME.get(tail);
      if (entries)
        for (let e = 0; e < entries.length; e++)
          consider(best, entries[e] as Entry, home + tail, undefined, index);
      if (i <= 0) break;
      tail = rest.slice(0, i);
    }
  }
  return best.match;
}

/** The best directory found so far for a target, with what breaks ties. */
interface Candidate {
  readonly target: string;
  match: CacheMatch | undefined;
  order: number;
  home: number;
}

function consider(
  best: Candidate,
  entry: Entry,
  directory: string,
  movedBy: string | undefined,
  home: number,
): void {
  if (!directory.startsWith('/') || !isWithin(best.target, directory)) return;
  if (best.match) {
    const longer = directory.length - best.match.directory.length;
    if (
      longer < 0 ||
      (longer === 0 && (entry.order > best.order || (entry.order === best.order && home > best.home)))
    )
      return;
  }
  best.match = movedBy ? { cache: entry.cache, directory, movedBy } : { cache: entry.cache, directory };
  best.order = entry.order;
  best.home = home;
}

function normalize(path: string): string {
  if (!path.includes('//') && (path.length <= 1 || !path.endsWith('/'))) return path;
  const cleaned = path.replace(/\/+/g, '/');
  return cleaned.length > 1 ? cleaned.replace(/\/$/, '') : cleaned;
}

/** Home directories for a USER: root's, `/home/<name>` for a named user, and `$HOME` when set. */
export function homesFor(user: string, home: string | undefined): string[] {
  const colon = user.indexOf(':');
  const name = colon === -1 ? user : user.slice(0, colon);
  const own = home ? normalize(home) : undefined;
  const named =
    name === '' || name === 'root' || name === '0'
      ? '/root'
      : /^\d+$/.test(name)
        ? undefined
        : `/home/${name}`;
  if (own === undefined) return named === undefined ? [] : [named];
  return named === undefined || named === own ? [own] : [own, named];
}
