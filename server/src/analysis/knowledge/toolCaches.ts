/**
 * What the analysis knows about the caches tools keep, as data: one entry per cache directory, each with
 * the sources its facts come from. Where a fact is not documented, the entry says `unclear` and the rules
 * are conservative: `sharing-locked-required` treats it as unsafe, `sharing-locked-unneeded` stays silent.
 *
 * Paths: `~` is the home directory of the user the RUN executes as (`/root` for root, `/home/<name>` or
 * `$HOME` otherwise); a path that starts with `**` is a folder of that name anywhere (`node_modules`).
 * `movedBy` lists environment variables that relocate the cache to `$VAR` + `suffix`.
 *
 * The order matters: of two equally specific directories, the cache listed first wins (knowledge/tools.ts,
 * `identifyCache`), and docs/tools.md lists them in this order (`npm run docs`).
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
  /**
   * Where the lock that makes concurrent use safe lives, relative to the cache directory, when it is outside
   * it (cargo's `$CARGO_HOME/.package-cache` beside `registry/`): a mount that does not hold the lock does not
   * share it, so the safety is not known (`concurrencyAt` in tools.ts).
   */
  lock?: string;
  /**
   * Where the tool keeps the cache when it runs as root, instead of `paths` (which still identify a mount as
   * this cache): Yarn 1 prefers /usr/local/share/.cache/yarn for root.
   */
  asRoot?: readonly string[];
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
  /**
   * For entries recognised by a folder name anywhere: what below that folder is not this cache (matched
   * against the rest of the path): a build tool's own folder inside `node_modules` is not installed packages.
   */
  notBelow?: RegExp;
  sources: readonly string[];
}

/** The facts most caches share, which an entry states only where it differs (see `cache`). */
type Defaulted = 'tool' | 'movedBy' | 'platformSpecific' | 'buildOutput' | 'emptiedBy';

/**
 * An entry of the table, with the defaults most caches share: the tool is named as the cache (`pip`), no
 * variable moves the cache, nothing known empties it, its contents are the same on every platform, and it
 * is a download cache shared between projects rather than one project's build output.
 */
function cache(facts: Omit<ToolCache, Defaulted> & Partial<Pick<ToolCache, Defaulted>>): ToolCache {
  const entry: ToolCache = {
    id: facts.id,
    tool: facts.tool ?? facts.id,
    description: facts.description,
    paths: facts.paths,
    movedBy: facts.movedBy ?? [],
    concurrency: facts.concurrency,
    concurrencyNote: facts.concurrencyNote,
    platformSpecific: facts.platformSpecific ?? false,
    buildOutput: facts.buildOutput ?? false,
    emptiedBy: facts.emptiedBy ?? [],
    sources: facts.sources,
  };
  if (facts.commandHint) entry.commandHint = facts.commandHint;
  if (facts.notBelow) entry.notBelow = facts.notBelow;
  if (facts.lock) entry.lock = facts.lock;
  if (facts.asRoot) entry.asRoot = facts.asRoot;
  return entry;
}

export const TOOL_CACHES: readonly ToolCache[] = [
  // System package managers
  cache({
    id: 'apt-archives',
    tool: 'apt',
    description: 'downloaded .deb packages',
    paths: ['/var/cache/apt'],
    concurrency: 'unsafe',
    concurrencyNote:
      'apt takes an exclusive lock on /var/cache/apt/archives/lock, so a second build using the cache at the same time fails with "Could not get lock /var/cache/apt/archives/lock"',
    emptiedBy: ['apt-get clean', '/etc/apt/apt.conf.d/docker-clean'],
    sources: [
      'Dockerfile reference, RUN --mount=type=cache example (sharing=locked on both apt caches)',
      'apt-get(8): the archives directory is locked while packages are downloaded',
    ],
  }),
  cache({
    id: 'apt-lists',
    tool: 'apt',
    description: 'package lists from apt-get update',
    paths: ['/var/lib/apt'],
    concurrency: 'unsafe',
    concurrencyNote:
      'apt-get update takes an exclusive lock on /var/lib/apt/lists/lock, so a second build using the cache at the same time fails with "Could not get lock /var/lib/apt/lists/lock"',
    emptiedBy: ['rm -rf /var/lib/apt/lists/*'],
    sources: ['Dockerfile reference, RUN --mount=type=cache example (sharing=locked on both apt caches)'],
  }),
  cache({
    id: 'apk',
    description: 'downloaded Alpine packages',
    paths: ['/var/cache/apk', '/etc/apk/cache'],
    concurrency: 'unclear',
    concurrencyNote: 'apk does not document concurrent use of its package cache',
    emptiedBy: ['apk --no-cache', 'apk cache clean'],
    sources: ['Alpine wiki, "Local APK cache"'],
  }),
  cache({
    id: 'dnf',
    description: 'dnf metadata and packages',
    paths: ['/var/cache/dnf', '/var/cache/libdnf5'],
    // dnf 4's metadata lock is a PID file in the cache directory (dnf/lock.py), and a PID from another
    // build's container is not one this container can see; whether dnf 5 waits on a shared cache is not
    // documented. Not known to be safe, not known to break: unclear.
    concurrency: 'unclear',
    concurrencyNote:
      'dnf guards its metadata cache with a lock file, but whether a second build on another container waits for it is not documented',
    emptiedBy: ['dnf clean all', 'keepcache=0 (the default deletes packages after install)'],
    sources: ['dnf.conf(5): cachedir, keepcache'],
  }),
  cache({
    id: 'yum',
    description: 'yum metadata and packages',
    paths: ['/var/cache/yum'],
    concurrency: 'unsafe',
    concurrencyNote:
      'yum holds a lock while it uses its cache ("Another app is currently holding the yum lock")',
    emptiedBy: ['yum clean all'],
    sources: ['yum.conf(5): cachedir, keepcache'],
  }),
  cache({
    id: 'zypper',
    description: 'zypper metadata and packages',
    paths: ['/var/cache/zypp'],
    concurrency: 'unclear',
    concurrencyNote: 'zypper does not document concurrent use of its cache from two systems',
    emptiedBy: ['zypper clean'],
    sources: ['zypper(8): clean'],
  }),
  cache({
    id: 'pacman',
    description: 'downloaded Arch packages',
    paths: ['/var/cache/pacman/pkg'],
    concurrency: 'unclear',
    concurrencyNote: 'pacman does not document concurrent use of its package cache from two systems',
    emptiedBy: ['pacman -Scc'],
    sources: ['pacman.conf(5): CacheDir'],
  }),
  // Python
  cache({
    id: 'pip',
    description: 'downloaded and built wheels',
    paths: ['~/.cache/pip'],
    movedBy: [{ variable: 'PIP_CACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/pip' }],
    concurrency: 'safe',
    concurrencyNote: 'pip writes its cache entries atomically, so concurrent builds can share it',
    platformSpecific: 'partly',
    emptiedBy: ['--no-cache-dir', 'PIP_NO_CACHE_DIR', 'pip cache purge'],
    sources: ['pip docs, "Caching"'],
  }),
  cache({
    id: 'uv',
    description: 'uv packages and built wheels',
    paths: ['~/.cache/uv'],
    movedBy: [{ variable: 'UV_CACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/uv' }],
    concurrency: 'safe',
    concurrencyNote: 'uv locks its cache and documents it as safe for concurrent use',
    platformSpecific: 'partly',
    emptiedBy: ['--no-cache', 'UV_NO_CACHE', 'uv cache clean'],
    sources: ['uv docs, "Caching" (cache safety)', 'uv docs, "Using uv in Docker" (cache mounts)'],
  }),
  cache({
    id: 'poetry',
    description: 'Poetry package cache',
    paths: ['~/.cache/pypoetry'],
    movedBy: [{ variable: 'POETRY_CACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/pypoetry' }],
    concurrency: 'unclear',
    concurrencyNote: 'Poetry does not document concurrent use of its cache',
    platformSpecific: 'partly',
    emptiedBy: ['--no-cache', 'poetry cache clear'],
    sources: ['Poetry docs, "Configuration: cache-dir"'],
  }),
  cache({
    id: 'pipenv',
    description: 'Pipenv package cache',
    paths: ['~/.cache/pipenv'],
    movedBy: [{ variable: 'PIPENV_CACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/pipenv' }],
    concurrency: 'unclear',
    concurrencyNote: 'Pipenv does not document concurrent use of its cache',
    platformSpecific: 'partly',
    emptiedBy: ['pipenv --clear'],
    sources: ['Pipenv docs, "Configuration: PIPENV_CACHE_DIR"'],
  }),
  cache({
    id: 'conda',
    description: 'conda package cache',
    paths: ['/opt/conda/pkgs', '~/.conda/pkgs'],
    // micromamba keeps its packages in the root prefix it is given (the mambaorg/micromamba image sets
    // MAMBA_ROOT_PREFIX=/opt/conda, so /opt/conda/pkgs there).
    movedBy: [{ variable: 'CONDA_PKGS_DIRS' }, { variable: 'MAMBA_ROOT_PREFIX', suffix: '/pkgs' }],
    concurrency: 'unclear',
    concurrencyNote: 'conda does not document concurrent use of its package cache',
    platformSpecific: true,
    emptiedBy: ['conda clean'],
    sources: [
      'conda docs, "pkgs_dirs"',
      'micromamba docs, "Concepts: root prefix" (packages are cached in $MAMBA_ROOT_PREFIX/pkgs) https://mamba.readthedocs.io/en/latest/user_guide/concepts.html',
    ],
  }),
  // JavaScript: package managers
  cache({
    id: 'npm',
    description: 'npm package cache',
    paths: ['~/.npm'],
    movedBy: [{ variable: 'npm_config_cache' }, { variable: 'NPM_CONFIG_CACHE' }],
    concurrency: 'safe',
    concurrencyNote: "npm's cache is content-addressed and safe for concurrent use",
    emptiedBy: ['npm cache clean --force'],
    sources: ['npm docs, "npm-cache" (cacache, content-addressable)'],
  }),
  cache({
    id: 'yarn-classic',
    tool: 'yarn (classic)',
    description: 'Yarn 1 package cache',
    paths: ['/usr/local/share/.cache/yarn', '~/.cache/yarn'],
    movedBy: [{ variable: 'YARN_CACHE_FOLDER' }],
    // yarn 1's src/constants.js (getPreferredCacheDirectories) puts /usr/local/share/.cache/yarn first for
    // root, so `yarn cache dir` as root in the node image prints it, not /root/.cache/yarn.
    asRoot: ['/usr/local/share/.cache/yarn'],
    concurrency: 'unsafe',
    concurrencyNote: 'Yarn 1 is not safe when two installs write its cache at once unless run with --mutex',
    emptiedBy: ['yarn cache clean'],
    sources: ['Yarn 1 docs, "yarn cache" and "--mutex"'],
  }),
  cache({
    id: 'yarn-berry',
    tool: 'yarn (berry)',
    description: 'Yarn 2+ global package cache',
    paths: ['~/.yarn/berry/cache'],
    movedBy: [{ variable: 'YARN_GLOBAL_FOLDER', suffix: '/cache' }],
    concurrency: 'unclear',
    concurrencyNote: 'Yarn 2+ does not document concurrent use of its global cache',
    emptiedBy: ['yarn cache clean'],
    sources: ['Yarn docs, "enableGlobalCache", "globalFolder"'],
  }),
  cache({
    id: 'pnpm',
    description: 'pnpm content-addressable store',
    paths: ['~/.local/share/pnpm/store', '~/.pnpm-store'],
    movedBy: [
      { variable: 'npm_config_store_dir' },
      { variable: 'PNPM_STORE_DIR' },
      { variable: 'XDG_DATA_HOME', suffix: '/pnpm/store' },
    ],
    concurrency: 'safe',
    concurrencyNote: "pnpm's store is content-addressed and safe for concurrent installs",
    emptiedBy: ['pnpm store prune'],
    sources: ['pnpm docs, "store-dir"', 'pnpm docs, "Working with Docker" (cache mount of the store)'],
  }),
  cache({
    id: 'bun',
    description: 'Bun install cache',
    paths: ['~/.bun/install/cache'],
    movedBy: [{ variable: 'BUN_INSTALL_CACHE_DIR' }],
    concurrency: 'unclear',
    concurrencyNote: 'Bun does not document concurrent use of its install cache',
    emptiedBy: ['bun pm cache rm'],
    sources: ['Bun docs, "Global cache"'],
  }),
  // Go
  cache({
    id: 'go-build',
    tool: 'go',
    description: 'Go build cache',
    paths: ['~/.cache/go-build'],
    movedBy: [{ variable: 'GOCACHE' }, { variable: 'XDG_CACHE_HOME', suffix: '/go-build' }],
    concurrency: 'safe',
    concurrencyNote: "Go's build cache is safe for concurrent use, and its entries are keyed by GOOS/GOARCH",
    emptiedBy: ['go clean -cache'],
    sources: ['go help cache; cmd/go docs, "Build and test caching"'],
  }),
  cache({
    id: 'go-mod',
    tool: 'go',
    description: 'Go module cache',
    paths: ['~/go/pkg/mod'],
    movedBy: [{ variable: 'GOMODCACHE' }, { variable: 'GOPATH', suffix: '/pkg/mod' }],
    concurrency: 'safe',
    concurrencyNote: 'the go command locks module downloads, so concurrent builds can share the module cache',
    emptiedBy: ['go clean -modcache'],
    sources: ['cmd/go docs, "Module cache" (GOMODCACHE)'],
  }),
  // Rust
  cache({
    id: 'cargo-registry',
    tool: 'cargo',
    description: 'Cargo registry index and downloaded crates',
    paths: ['~/.cargo/registry'],
    movedBy: [{ variable: 'CARGO_HOME', suffix: '/registry' }],
    concurrency: 'safe',
    concurrencyNote: 'cargo waits on its package cache lock, so concurrent builds can share it',
    lock: '../.package-cache',
    sources: ['The Cargo Book, "Cargo Home"'],
  }),
  cache({
    id: 'cargo-git',
    tool: 'cargo',
    description: 'Cargo git dependencies',
    paths: ['~/.cargo/git'],
    movedBy: [{ variable: 'CARGO_HOME', suffix: '/git' }],
    concurrency: 'safe',
    concurrencyNote: 'cargo waits on its package cache lock, so concurrent builds can share it',
    lock: '../.package-cache',
    sources: ['The Cargo Book, "Cargo Home"'],
  }),
  cache({
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
    sources: ['The Cargo Book, "Build cache" (CARGO_TARGET_DIR)'],
  }),
  cache({
    id: 'rustup',
    description: 'Rust toolchains',
    paths: ['~/.rustup'],
    movedBy: [{ variable: 'RUSTUP_HOME' }],
    concurrency: 'unsafe',
    concurrencyNote: 'two rustup processes installing toolchains at once can break the installation',
    platformSpecific: true,
    sources: ['rustup book, "Environment variables" (RUSTUP_HOME)'],
  }),
  // JVM
  cache({
    id: 'maven',
    description: 'Maven local repository',
    paths: ['~/.m2/repository'],
    // The system property beats the settings directory: MAVEN_OPTS first (cacheLocation takes the first set).
    movedBy: [
      { variable: 'MAVEN_OPTS', extract: /-Dmaven\.repo\.local=(\S+)/ },
      { variable: 'MAVEN_CONFIG', suffix: '/repository' },
    ],
    concurrency: 'unsafe',
    concurrencyNote: "Maven's local repository is not safe for concurrent writers by default",
    emptiedBy: ['mvn dependency:purge-local-repository'],
    sources: ['Maven docs, "Introduction to Repositories" (local repository)'],
  }),
  cache({
    id: 'gradle',
    description: 'Gradle user home (dependency and build caches)',
    paths: ['~/.gradle'],
    movedBy: [{ variable: 'GRADLE_USER_HOME' }],
    concurrency: 'safe',
    concurrencyNote: 'Gradle coordinates concurrent builds through cross-process cache locks',
    emptiedBy: ['--no-build-cache'],
    sources: ['Gradle docs, "The Gradle User Home"'],
  }),
  cache({
    id: 'ivy',
    tool: 'sbt/ivy',
    description: 'Ivy cache',
    paths: ['~/.ivy2'],
    concurrency: 'unsafe',
    concurrencyNote: "Ivy's cache is not safe for concurrent writers",
    sources: [
      'Apache Ivy docs, "caches": the default cache is ${user.home}/.ivy2/cache https://ant.apache.org/ivy/history/latest-milestone/settings/caches.html',
      'sbt docs, "Directories" (~/.ivy2) https://www.scala-sbt.org/1.x/docs/Directories.html',
    ],
  }),
  cache({
    id: 'sbt',
    description: 'sbt boot and component cache',
    paths: ['~/.sbt'],
    concurrency: 'unclear',
    concurrencyNote: 'sbt does not document concurrent use of ~/.sbt from two builds',
    sources: [
      'sbt docs, "Directories" (~/.sbt, the global base) https://www.scala-sbt.org/1.x/docs/Directories.html',
    ],
  }),
  cache({
    id: 'coursier',
    description: 'Coursier download cache',
    paths: ['~/.cache/coursier'],
    movedBy: [{ variable: 'COURSIER_CACHE' }],
    concurrency: 'safe',
    concurrencyNote: 'Coursier locks files while downloading, so concurrent builds can share its cache',
    sources: ['Coursier docs, "Cache"'],
  }),
  // C and C++ compiler caches
  cache({
    id: 'ccache',
    description: 'ccache compiler cache',
    paths: ['~/.ccache', '~/.cache/ccache'],
    movedBy: [{ variable: 'CCACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/ccache' }],
    concurrency: 'safe',
    concurrencyNote: 'ccache is designed for concurrent compilers sharing one cache',
    emptiedBy: ['ccache -C'],
    sources: ['ccache manual, "Sharing a cache"'],
  }),
  cache({
    id: 'sccache',
    description: 'sccache compiler cache',
    paths: ['~/.cache/sccache'],
    movedBy: [{ variable: 'SCCACHE_DIR' }, { variable: 'XDG_CACHE_HOME', suffix: '/sccache' }],
    concurrency: 'safe',
    concurrencyNote: 'sccache serves concurrent compilations from one cache',
    sources: ['sccache README, "Local"'],
  }),
  // Ruby
  cache({
    id: 'bundler',
    description: 'Bundler gem cache',
    paths: ['~/.bundle/cache'],
    movedBy: [{ variable: 'BUNDLE_USER_CACHE' }],
    concurrency: 'unclear',
    concurrencyNote: 'Bundler does not document concurrent use of its cache',
    platformSpecific: 'partly',
    emptiedBy: ['bundle clean'],
    sources: ['bundle-config(1): BUNDLE_USER_CACHE'],
  }),
  // PHP
  cache({
    id: 'composer',
    description: 'Composer download cache',
    paths: ['~/.composer/cache', '~/.cache/composer'],
    movedBy: [{ variable: 'COMPOSER_CACHE_DIR' }, { variable: 'COMPOSER_HOME', suffix: '/cache' }],
    concurrency: 'unclear',
    concurrencyNote: 'Composer does not document concurrent use of its cache',
    emptiedBy: ['--no-cache', 'composer clear-cache'],
    sources: ['Composer docs, "COMPOSER_CACHE_DIR"'],
  }),
  // .NET
  cache({
    id: 'nuget',
    description: 'NuGet global packages folder',
    paths: ['~/.nuget/packages'],
    movedBy: [{ variable: 'NUGET_PACKAGES' }],
    concurrency: 'safe',
    concurrencyNote: 'NuGet takes extraction locks, so concurrent restores can share the packages folder',
    emptiedBy: ['dotnet nuget locals all --clear'],
    sources: ['NuGet docs, "Managing the global packages, cache, and temp folders"'],
  }),
  // Elixir
  cache({
    id: 'mix',
    description: 'Mix archives and Hex packages',
    paths: ['~/.mix', '~/.hex'],
    movedBy: [{ variable: 'MIX_HOME' }, { variable: 'HEX_HOME' }],
    concurrency: 'unclear',
    concurrencyNote: 'Mix and Hex do not document concurrent use of their caches',
    sources: ['Mix docs, "Environment variables" (MIX_HOME)'],
  }),
  // Bazel
  cache({
    id: 'bazel',
    description: 'Bazel output base',
    paths: ['~/.cache/bazel'],
    concurrency: 'unsafe',
    concurrencyNote:
      'one Bazel server owns an output base at a time; a second build waits or fails on its lock',
    platformSpecific: true,
    buildOutput: true,
    emptiedBy: ['bazel clean'],
    sources: ['Bazel docs, "Output directory layout"'],
  }),
  // Haskell
  cache({
    id: 'cabal',
    description: 'Cabal package downloads and store',
    paths: ['~/.cabal/packages', '~/.cabal/store', '~/.local/state/cabal/store', '~/.cache/cabal/packages'],
    movedBy: [{ variable: 'CABAL_DIR' }],
    concurrency: 'unclear',
    concurrencyNote: 'cabal does not document concurrent use of its store from two builds',
    platformSpecific: true,
    sources: ['cabal docs, "Directories" (CABAL_DIR)'],
  }),
  cache({
    id: 'stack',
    description: 'Stack root (snapshots, indices, GHC installs)',
    paths: ['~/.stack'],
    movedBy: [{ variable: 'STACK_ROOT' }],
    concurrency: 'unclear',
    concurrencyNote: 'Stack does not document concurrent use of its root from two builds',
    platformSpecific: true,
    sources: ['Stack docs, "STACK_ROOT"'],
  }),
  // JavaScript: folders of the project, recognised by name wherever they are
  cache({
    id: 'node-modules-cache',
    tool: 'JavaScript build tools',
    description: 'build tools\u2019 caches in node_modules/.cache (webpack, Babel, ESLint, ...)',
    paths: ['**/node_modules/.cache'],
    concurrency: 'unclear',
    concurrencyNote:
      'each build tool keeps its own cache format there, and none documents concurrent writers',
    buildOutput: true,
    sources: [
      'webpack docs, "cache.cacheDirectory" (default node_modules/.cache/webpack) https://webpack.js.org/configuration/cache/#cachecachedirectory',
    ],
  }),
  cache({
    id: 'vite',
    tool: 'Vite',
    description: 'Vite\u2019s dependency pre-bundling cache',
    paths: ['**/node_modules/.vite'],
    concurrency: 'unclear',
    concurrencyNote: 'Vite does not document two builds writing its cache directory at once',
    buildOutput: true,
    sources: [
      'Vite docs, "cacheDir" (default node_modules/.vite) https://vite.dev/config/shared-options#cachedir',
    ],
  }),
  cache({
    id: 'node-modules',
    tool: 'npm/yarn/pnpm',
    description: 'installed packages (node_modules)',
    paths: ['**/node_modules'],
    // Dot folders inside node_modules are tools' own (Vite's `.vite`, `.cache`), except pnpm's store of the
    // installed packages (`.pnpm`) and the installed binaries (`.bin`).
    notBelow: /^\.(?!pnpm(?:\/|$)|bin(?:\/|$))/,
    concurrency: 'unsafe',
    concurrencyNote: 'two installs writing one node_modules at once leave it inconsistent',
    platformSpecific: true,
    buildOutput: true,
    sources: ['npm docs, "folders" (node_modules holds compiled native addons)'],
  }),
  cache({
    id: 'nextjs',
    tool: 'Next.js',
    description: 'Next.js build cache',
    paths: ['**/.next/cache'],
    concurrency: 'safe',
    concurrencyNote: "Next.js's build cache is meant to be restored and shared between builds",
    platformSpecific: 'partly',
    sources: ['Next.js docs, "Build caching"'],
  }),
];
