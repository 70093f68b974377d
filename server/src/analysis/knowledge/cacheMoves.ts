/**
 * How a command line moves a tool's cache: the flags that name another directory for one invocation, and the
 * commands that write the directory into the tool's configuration for every later one. Keyed by the ids of
 * toolCaches.ts; the variables that move a cache are there (`movedBy`), since ENV sets them too.
 *
 * Each entry cites the tool's own reference. A flag's value is the next word or follows `=`; relative values
 * are resolved against the working directory.
 */
export interface CacheFlag {
  programs: readonly string[];
  /** Spellings of the flag: `--cache-dir`, or `-g` beside `--gradle-user-home`. */
  flags: readonly string[];
  /** Appended to the flag's value: the cache is a folder inside the directory it names. */
  suffix?: string;
}

/** `npm config set cache DIR`: the operands before the value (`cache=DIR` as one operand is accepted too). */
export interface CacheConfigCommand {
  programs: readonly string[];
  operands: readonly string[];
  suffix?: string;
}

export interface CacheMoves {
  flags: readonly CacheFlag[];
  config: readonly CacheConfigCommand[];
  sources: readonly string[];
}

const PIP = ['pip', 'pip3'];

export const CACHE_MOVES: Readonly<Record<string, CacheMoves>> = {
  pip: {
    flags: [{ programs: PIP, flags: ['--cache-dir'] }],
    config: [
      { programs: PIP, operands: ['config', 'set', 'global.cache-dir'] },
      { programs: PIP, operands: ['config', 'set', 'install.cache-dir'] },
    ],
    sources: [
      'pip docs, "pip install" general options: --cache-dir https://pip.pypa.io/en/stable/cli/pip/#cmdoption-cache-dir',
      'pip docs, "pip config" https://pip.pypa.io/en/stable/cli/pip_config/',
    ],
  },
  uv: {
    flags: [{ programs: ['uv', 'uvx'], flags: ['--cache-dir'] }],
    config: [],
    sources: ['uv docs, "Caching": --cache-dir https://docs.astral.sh/uv/concepts/cache/#cache-directory'],
  },
  poetry: {
    flags: [],
    config: [{ programs: ['poetry'], operands: ['config', 'cache-dir'] }],
    sources: [
      'Poetry docs, "Configuration": cache-dir https://python-poetry.org/docs/configuration/#cache-dir',
    ],
  },
  npm: {
    flags: [{ programs: ['npm', 'npx'], flags: ['--cache'] }],
    config: [
      { programs: ['npm'], operands: ['config', 'set', 'cache'] },
      { programs: ['npm'], operands: ['set', 'cache'] },
    ],
    sources: [
      'npm docs, "config": cache https://docs.npmjs.com/cli/v10/using-npm/config#cache',
      'npm docs, "npm config set" https://docs.npmjs.com/cli/v10/commands/npm-config',
    ],
  },
  'yarn-classic': {
    flags: [{ programs: ['yarn'], flags: ['--cache-folder'] }],
    config: [{ programs: ['yarn'], operands: ['config', 'set', 'cache-folder'] }],
    sources: [
      'Yarn 1 docs, "yarn cache": --cache-folder and cache-folder https://classic.yarnpkg.com/en/docs/cli/cache',
    ],
  },
  pnpm: {
    flags: [{ programs: ['pnpm'], flags: ['--store-dir'] }],
    config: [{ programs: ['pnpm'], operands: ['config', 'set', 'store-dir'] }],
    sources: ['pnpm docs, "Settings": store-dir https://pnpm.io/settings#storedir'],
  },
  bun: {
    flags: [{ programs: ['bun'], flags: ['--cache-dir'] }],
    config: [],
    sources: ['Bun docs, "bun install": --cache-dir https://bun.sh/docs/cli/install'],
  },
  'go-build': {
    flags: [],
    config: [{ programs: ['go'], operands: ['env', '-w', 'GOCACHE'] }],
    sources: [
      'go help environment; go help env (-w writes the go env file) https://pkg.go.dev/cmd/go#hdr-Print_Go_environment_information',
    ],
  },
  'go-mod': {
    flags: [],
    config: [
      { programs: ['go'], operands: ['env', '-w', 'GOMODCACHE'] },
      { programs: ['go'], operands: ['env', '-w', 'GOPATH'], suffix: '/pkg/mod' },
    ],
    sources: [
      'go help env (-w writes the go env file) https://pkg.go.dev/cmd/go#hdr-Print_Go_environment_information',
    ],
  },
  'cargo-target': {
    flags: [{ programs: ['cargo'], flags: ['--target-dir'] }],
    config: [],
    sources: [
      'The Cargo Book, "cargo build": --target-dir https://doc.rust-lang.org/cargo/commands/cargo-build.html',
    ],
  },
  maven: {
    flags: [{ programs: ['mvn', 'mvnw'], flags: ['-Dmaven.repo.local'] }],
    config: [],
    sources: [
      'Maven docs, "Configuring Maven": maven.repo.local https://maven.apache.org/guides/mini/guide-configuring-maven.html',
    ],
  },
  gradle: {
    flags: [{ programs: ['gradle', 'gradlew'], flags: ['--gradle-user-home', '-g'] }],
    config: [],
    sources: [
      'Gradle docs, "Command-Line Interface": -g, --gradle-user-home https://docs.gradle.org/current/userguide/command_line_interface.html',
    ],
  },
  composer: {
    flags: [],
    config: [{ programs: ['composer'], operands: ['config', 'cache-dir'] }],
    sources: ['Composer docs, "Config": cache-dir https://getcomposer.org/doc/06-config.md#cache-dir'],
  },
  nuget: {
    flags: [{ programs: ['dotnet'], flags: ['--packages'] }],
    config: [],
    sources: ['dotnet restore docs: --packages https://learn.microsoft.com/dotnet/core/tools/dotnet-restore'],
  },
};

/**
 * Programs whose commands run another tool themselves, so that tool's cache is used by the RUN: `npx playwright
 * install-deps` runs apt-get. `operands`: the words after the program that must follow (after `npx`, `pnpm
 * exec`, `yarn`, `bunx`, the package name comes first).
 */
export interface Delegation {
  programs: readonly string[];
  /** The leading operands that select the behaviour; an empty list: any invocation. */
  operands: readonly string[];
  /** And one of these flags anywhere among the arguments (`playwright install --with-deps`). */
  flags?: readonly string[];
  runs: readonly string[];
  source: string;
}

const RUNNERS = ['npx', 'bunx', 'pnpx'];

export const DELEGATIONS: readonly Delegation[] = [
  ...[['playwright'], ...RUNNERS.map((r) => [r, 'playwright'])].flatMap(([program, ...lead]) => [
    {
      programs: [program as string],
      operands: [...lead, 'install-deps'],
      runs: ['apt-get'],
      source:
        'Playwright docs, "Browsers": install-deps installs system dependencies with apt https://playwright.dev/docs/browsers#install-system-dependencies',
    },
    {
      programs: [program as string],
      operands: [...lead, 'install'],
      flags: ['--with-deps'],
      runs: ['apt-get'],
      source:
        'Playwright docs, "Browsers": install --with-deps https://playwright.dev/docs/browsers#install-system-dependencies',
    },
  ]),
  {
    programs: ['add-apt-repository', 'apt-add-repository'],
    operands: [],
    runs: ['apt-get'],
    source: 'add-apt-repository(1): updates the package lists after adding a source unless -n is given',
  },
  {
    programs: ['install_packages'],
    operands: [],
    runs: ['apt-get'],
    source: 'bitnami/minideb README: install_packages runs apt-get update and apt-get install',
  },
  {
    programs: ['rosdep'],
    operands: ['install'],
    runs: ['apt-get'],
    source: 'rosdep docs, "rosdep install": installs system dependencies with the platform package manager',
  },
  // tonistiigi/xx's cross-compilation wrappers, common in Docker's own Dockerfiles: each runs the tool it names
  // with the target platform's settings.
  ...(
    [
      ['xx-go', 'go'],
      ['xx-cargo', 'cargo'],
      ['xx-apk', 'apk'],
      ['xx-apt-get', 'apt-get'],
      ['xx-apt', 'apt'],
    ] as const
  ).map(([wrapper, tool]) => ({
    programs: [wrapper],
    operands: [],
    runs: [tool],
    source: `tonistiigi/xx README: ${wrapper} wraps ${tool} for the target platform https://github.com/tonistiigi/xx`,
  })),
  // An environment file's `pip:` section is installed with pip.
  ...['micromamba', 'mamba', 'conda'].flatMap((program) =>
    ['install', 'create', 'update'].map((operand) => ({
      programs: [program],
      operands: [operand],
      flags: ['-f', '--file'],
      runs: ['pip'],
      source:
        'mamba docs, "Specification files": pip dependencies of an environment file are installed with pip https://mamba.readthedocs.io/en/latest/user_guide/micromamba.html',
    })),
  ),
  ...['conda', 'mamba'].map((program) => ({
    programs: [program],
    operands: ['env'],
    runs: ['pip'],
    source:
      'conda docs, "Managing environments": an environment.yml pip section is installed with pip https://docs.conda.io/projects/conda/en/latest/user-guide/tasks/manage-environments.html',
  })),
  {
    programs: ['pipx'],
    operands: [],
    runs: ['pip'],
    source: 'pipx docs: installs each application with pip in its own virtual environment',
  },
];
