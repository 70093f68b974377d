/**
 * How each tool cache is used from the command line: the programs that use it, and the commands, flags
 * and variables that empty or bypass it. Keyed by the ids of toolCaches.ts. Sources are the same as there
 * (each tool's CLI reference).
 */
export type CacheDefeat =
  /** A subcommand that empties the cache: `apt-get clean`, `go clean -cache`. */
  | {
      kind: 'command';
      programs: readonly string[];
      args: readonly string[];
      flag?: string;
      hadolint?: string;
    }
  /**
   * A flag that makes the tool skip the cache: `pip install --no-cache-dir`. `hadolint`: the hadolint rule
   * that asks for it (its README's rule table), which a file that follows hadolint must ignore once the flag
   * goes.
   */
  | { kind: 'flag'; programs: readonly string[]; flag: string; hadolint?: string }
  /** A variable that makes the tool skip the cache: `PIP_NO_CACHE_DIR=1`. */
  | { kind: 'env'; variable: string };

export interface ToolUsage {
  /** Program names (basenames) that read or write the cache. */
  programs: readonly string[];
  /**
   * Programs that use the cache only when the build is set up to (a build system calling a compiler through
   * ccache): enough to not call a mount unused, never to claim it is written.
   */
  alsoVia?: readonly string[];
  defeats: readonly CacheDefeat[];
}

const APT = ['apt-get', 'apt', 'aptitude'];
const PIP = ['pip', 'pip3'];
const YARN = ['yarn'];
const NODE_INSTALLERS = ['npm', 'npx', 'yarn', 'pnpm', 'bun', 'corepack'];

export const TOOL_USAGE: Readonly<Record<string, ToolUsage>> = {
  'apt-archives': { programs: APT, defeats: [{ kind: 'command', programs: APT, args: ['clean'] }] },
  'apt-lists': { programs: APT, defeats: [] },
  apk: {
    programs: ['apk'],
    defeats: [
      { kind: 'flag', programs: ['apk'], flag: '--no-cache', hadolint: 'DL3019' },
      { kind: 'command', programs: ['apk'], args: ['cache', 'clean'] },
    ],
  },
  dnf: {
    programs: ['dnf', 'dnf5', 'microdnf'],
    defeats: [{ kind: 'command', programs: ['dnf', 'microdnf'], args: ['clean'], hadolint: 'DL3040' }],
  },
  // microdnf on RHEL 8 / UBI 8 keeps its cache in /var/cache/yum (libdnf's cachedir there).
  yum: {
    programs: ['yum', 'microdnf'],
    defeats: [{ kind: 'command', programs: ['yum'], args: ['clean'], hadolint: 'DL3032' }],
  },
  zypper: {
    programs: ['zypper'],
    defeats: [{ kind: 'command', programs: ['zypper'], args: ['clean'], hadolint: 'DL3036' }],
  },
  pacman: {
    programs: ['pacman'],
    defeats: [
      { kind: 'flag', programs: ['pacman'], flag: '-Scc' },
      { kind: 'flag', programs: ['pacman'], flag: '-Sc' },
    ],
  },
  pip: {
    programs: PIP,
    // Commands that may run pip without naming it: an environment's runner (`conda run -n env pip install`,
    // `micromamba run`), and Poetry, PDM, Pipenv and Hatch, which install build requirements into isolated
    // environments with pip (PEP 517 builds). A pip cache on such a RUN may be used.
    alsoVia: ['conda', 'mamba', 'micromamba', 'poetry', 'pdm', 'pipenv', 'hatch'],
    defeats: [
      { kind: 'flag', programs: PIP, flag: '--no-cache-dir', hadolint: 'DL3042' },
      { kind: 'env', variable: 'PIP_NO_CACHE_DIR' },
      { kind: 'command', programs: PIP, args: ['cache', 'purge'] },
    ],
  },
  uv: {
    programs: ['uv', 'uvx'],
    defeats: [
      { kind: 'flag', programs: ['uv', 'uvx'], flag: '--no-cache' },
      { kind: 'env', variable: 'UV_NO_CACHE' },
      { kind: 'command', programs: ['uv'], args: ['cache', 'clean'] },
    ],
  },
  poetry: {
    programs: ['poetry'],
    defeats: [
      { kind: 'flag', programs: ['poetry'], flag: '--no-cache' },
      { kind: 'command', programs: ['poetry'], args: ['cache', 'clear'] },
    ],
  },
  pipenv: { programs: ['pipenv'], defeats: [{ kind: 'flag', programs: ['pipenv'], flag: '--clear' }] },
  conda: {
    programs: ['conda', 'mamba', 'micromamba'],
    defeats: [{ kind: 'command', programs: ['conda', 'mamba', 'micromamba'], args: ['clean'] }],
  },
  npm: {
    programs: ['npm', 'npx'],
    defeats: [{ kind: 'command', programs: ['npm'], args: ['cache', 'clean'] }],
  },
  'yarn-classic': {
    programs: YARN,
    defeats: [{ kind: 'command', programs: YARN, args: ['cache', 'clean'], hadolint: 'DL3060' }],
  },
  'yarn-berry': { programs: YARN, defeats: [{ kind: 'command', programs: YARN, args: ['cache', 'clean'] }] },
  pnpm: { programs: ['pnpm'], defeats: [{ kind: 'command', programs: ['pnpm'], args: ['store', 'prune'] }] },
  bun: {
    programs: ['bun', 'bunx'],
    defeats: [{ kind: 'command', programs: ['bun'], args: ['pm', 'cache', 'rm'] }],
  },
  'go-build': {
    programs: ['go'],
    defeats: [{ kind: 'command', programs: ['go'], args: ['clean'], flag: '-cache' }],
  },
  'go-mod': {
    programs: ['go'],
    defeats: [{ kind: 'command', programs: ['go'], args: ['clean'], flag: '-modcache' }],
  },
  'cargo-registry': { programs: ['cargo'], defeats: [] },
  'cargo-git': { programs: ['cargo'], defeats: [] },
  'cargo-target': {
    programs: ['cargo'],
    defeats: [{ kind: 'command', programs: ['cargo'], args: ['clean'] }],
  },
  rustup: { programs: ['rustup', 'cargo', 'rustc'], defeats: [] },
  maven: {
    programs: ['mvn', 'mvnw'],
    defeats: [{ kind: 'command', programs: ['mvn', 'mvnw'], args: ['dependency:purge-local-repository'] }],
  },
  gradle: {
    programs: ['gradle', 'gradlew'],
    defeats: [{ kind: 'flag', programs: ['gradle', 'gradlew'], flag: '--no-build-cache' }],
  },
  ivy: { programs: ['sbt', 'ant'], defeats: [] },
  sbt: { programs: ['sbt'], defeats: [] },
  coursier: { programs: ['cs', 'coursier', 'sbt', 'mill'], defeats: [] },
  ccache: {
    programs: ['ccache'],
    alsoVia: ['make', 'cmake', 'ninja', 'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'meson'],
    defeats: [
      { kind: 'flag', programs: ['ccache'], flag: '-C' },
      { kind: 'flag', programs: ['ccache'], flag: '--clear' },
    ],
  },
  sccache: { programs: ['sccache'], alsoVia: ['cargo', 'make', 'cmake', 'ninja'], defeats: [] },
  bundler: { programs: ['bundle', 'bundler', 'gem'], defeats: [] },
  composer: {
    programs: ['composer'],
    defeats: [
      { kind: 'flag', programs: ['composer'], flag: '--no-cache' },
      { kind: 'command', programs: ['composer'], args: ['clear-cache'] },
      { kind: 'command', programs: ['composer'], args: ['clearcache'] },
    ],
  },
  nuget: {
    programs: ['dotnet', 'nuget', 'msbuild'],
    defeats: [{ kind: 'command', programs: ['dotnet'], args: ['nuget', 'locals'], flag: '--clear' }],
  },
  mix: { programs: ['mix'], defeats: [] },
  bazel: {
    programs: ['bazel', 'bazelisk'],
    defeats: [{ kind: 'command', programs: ['bazel', 'bazelisk'], args: ['clean'] }],
  },
  cabal: { programs: ['cabal'], defeats: [] },
  stack: { programs: ['stack'], defeats: [] },
  'node-modules': { programs: NODE_INSTALLERS, defeats: [] },
  'node-modules-cache': { programs: [], alsoVia: NODE_INSTALLERS, defeats: [] },
  nextjs: { programs: ['next'], alsoVia: NODE_INSTALLERS, defeats: [] },
};

/** Programs that run other programs or scripts the linter cannot see into. */
const OPAQUE_HINTS =
  /(^\.|\/|\.sh$|^make$|^xargs$|^env$|^exec$|^eval$|^source$|^\.$|^sudo$|^su$|^run-parts$|^nohup$|^timeout$|^python3?$|^node$|^perl$|^ruby$|^npm$)/;

/** Programs that certainly use none of the caches (shell builtins and file utilities). */
export const PLAIN_PROGRAMS: ReadonlySet<string> = new Set([
  'cd',
  'echo',
  'printf',
  'cp',
  'mv',
  'rm',
  'mkdir',
  'rmdir',
  'ln',
  'chmod',
  'chown',
  'chgrp',
  'ls',
  'cat',
  'true',
  'false',
  'set',
  'export',
  'unset',
  'test',
  '[',
  'touch',
  'tar',
  'gzip',
  'gunzip',
  'unzip',
  'zip',
  'curl',
  'wget',
  'sed',
  'awk',
  'grep',
  'find',
  'head',
  'tail',
  'sort',
  'uniq',
  'wc',
  'tee',
  'install',
  'useradd',
  'groupadd',
  'adduser',
  'addgroup',
  'usermod',
  'id',
  'whoami',
  'date',
  'sleep',
  'git',
  'ssh-keyscan',
  'update-ca-certificates',
  'ldconfig',
  'strip',
  'file',
  'which',
  'command',
  'type',
  'dirname',
  'basename',
  'readlink',
  'realpath',
  'du',
  'df',
  'sha256sum',
  'md5sum',
  'base64',
  'tr',
  'cut',
  'xz',
  'bzip2',
  'patch',
  'diff',
  'locale-gen',
  'dpkg',
  'rpm',
]);

/** Whether a program could run anything (a script, a build system, another interpreter). */
export function isOpaqueProgram(program: string): boolean {
  return OPAQUE_HINTS.test(program);
}

let cacheUsers: ReadonlySet<string> | undefined;

/** Whether TOOL_USAGE names the program as using a cache: a set built on first use, not at import. */
export function usesACache(program: string): boolean {
  cacheUsers ??= new Set(
    Object.values(TOOL_USAGE).flatMap((usage) => [...usage.programs, ...(usage.alsoVia ?? [])]),
  );
  return cacheUsers.has(program);
}
