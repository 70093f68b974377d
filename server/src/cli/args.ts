import type { RuleSetting } from '../analysis/config';
import { RULE_SETTINGS } from '../analysis/config';
import { RULE_IDS } from '../analysis/rules/registry';
import { suggest } from '../analysis/syntax/suggest';
import { stdoutIsTerminal } from './output';
import type { CacheMapOptions } from './cacheMap';
import { CacheMapUsageError, parseCacheMapArgs } from './cacheMap';

export class UsageError extends Error {}

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface LintOptions {
  command: 'lint';
  paths: string[];
  format: Format;
  color: boolean;
  /** The name stdin's findings are reported under. */
  stdinName: string;
  /** A `.cachemount.json` to use for every file instead of each file's nearest one. */
  config?: string;
  /** Ignore `.cachemount.json` files altogether. */
  noConfig: boolean;
  /** `--rule name=severity`, applied over the settings file. */
  rules: Record<string, RuleSetting>;
  /** Warnings allowed before the run fails; undefined: any warning fails it. */
  maxWarnings?: number;
  /** The lowest severity that fails the run (exit 1); `none`: only usage and input errors do. */
  failLevel: FailLevel;
  /** Print each finding's why (its rule's docs) under the text report's one-line message. */
  explain: boolean;
  /** The most bytes a file may hold to be read (Dockerfiles, .gitignore, .cachemount.json). */
  maxFileSize?: number;
  /** Report errors only. */
  quiet: boolean;
  /** Globs of files and folders to leave out. */
  exclude: string[];
  fix: boolean;
  /** With `fix`: print a unified diff instead of writing. */
  dryRun: boolean;
  /** With `fix`: apply unsafe fixes too (they change the build or which cache a mount uses). */
  unsafeFixes: boolean;
}

export const FAIL_LEVELS = ['error', 'warning', 'information', 'hint', 'none'] as const;
export type FailLevel = (typeof FAIL_LEVELS)[number];

export type CliOptions =
  LintOptions | CacheMapOptions | { command: 'help'; topic?: 'cache-map' } | { command: 'version' };

export const USAGE = `Usage: cachemount lint [options] [PATH...]
       cachemount cache-map [DOCKERFILE] [--platform LIST]   (see cachemount cache-map --help)

Checks BuildKit cache mounts (RUN --mount=...) in Dockerfiles.
PATH is a Dockerfile, a folder (searched for Dockerfile, Containerfile, Dockerfile.*, *.dockerfile,
skipping what .gitignore ignores), a quoted glob ('services/**/Dockerfile*') or - for standard input.
Without PATH, the current folder is searched.

Options:
  --format FORMAT        text (default), json, sarif (SARIF 2.1.0) or github (Actions annotations)
  --fix                  apply every safe fix in place and report what changed
  --dry-run              with --fix: print a unified diff instead of writing
  --unsafe-fixes         with --fix: also apply fixes that change the build (a cache id, a mount, a command)
  --rule NAME=SEVERITY   set a rule's severity (off, hint, information, warning, error); repeatable
  --config FILE          settings file to use (default: the nearest .cachemount.json above each file)
  --no-config            ignore .cachemount.json files
  --max-warnings N       fail only when there are more than N warnings (default: any warning fails)
  --fail-level LEVEL     lowest severity that fails the run: error, warning (default), information, hint
                         or none
  --explain              text format: print why under each finding (from docs/rules.md)
  --max-file-size SIZE   largest file read, in bytes or with k or m (default 10m); named pipes and devices
                         are never read
  --quiet                report errors only
  --exclude GLOB         leave out matching files and folders; repeatable
  --stdin-filename NAME  name to report standard input under (default: <stdin>)
  --color, --no-color    force colors on or off (default: on when stdout is a terminal and NO_COLOR is unset)
  -h, --help             show this help
  -v, --version          show the version

Exit codes: 0 nothing at or above the fail level, 1 findings at or above it (warnings: more than
--max-warnings), 2 usage, input or write error.

Examples:
  cachemount lint                                  # every Dockerfile below this folder
  cachemount lint Dockerfile --fix                 # fix in place
  cachemount lint . --fix --dry-run                # the fixes as a diff, nothing written
  cachemount lint --format sarif > cachemount.sarif
  cachemount lint 'services/**/Dockerfile*' --exclude 'services/legacy/**'
  cachemount lint --rule prefer-tmpfs=off --max-warnings 5
  cat Dockerfile | cachemount lint -
`;

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const args = [...argv];
  if (args.length === 0 || args.includes('-h') || args.includes('--help')) {
    if (args.length === 0) throw new UsageError('missing command');
    return args[0] === 'cache-map' ? { command: 'help', topic: 'cache-map' } : { command: 'help' };
  }
  if (args.includes('-v') || args.includes('--version')) return { command: 'version' };
  const command = args.shift();
  if (command === 'cache-map') {
    try {
      return parseCacheMapArgs(args);
    } catch (error) {
      if (error instanceof CacheMapUsageError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (command !== 'lint') throw new UsageError(`unknown command '${command ?? ''}'`);

  const options: LintOptions = {
    command: 'lint',
    paths: [],
    format: 'text',
    color: !env.NO_COLOR && stdoutIsTerminal(),
    stdinName: '<stdin>',
    noConfig: false,
    rules: {},
    quiet: false,
    failLevel: 'warning',
    explain: false,
    exclude: [],
    fix: false,
    dryRun: false,
    unsafeFixes: false,
  };
  let onlyPaths = false;
  while (args.length > 0) {
    const arg = args.shift() as string;
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--format': {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format))
          throw new UsageError(`unknown format '${format}' (use ${FORMATS.join(', ')})`);
        options.format = format as Format;
        break;
      }
      case '--rule':
        readRule(value(), options.rules);
        break;
      case '--max-warnings': {
        const text = value();
        if (!/^\d+$/.test(text))
          throw new UsageError(`--max-warnings needs a number of 0 or more, not '${text}'`);
        options.maxWarnings = Number(text);
        break;
      }
      case '--fail-level': {
        const level = value();
        if (!(FAIL_LEVELS as readonly string[]).includes(level))
          throw new UsageError(`unknown fail level '${level}' (use ${FAIL_LEVELS.join(', ')})`);
        options.failLevel = level as FailLevel;
        break;
      }
      case '--explain':
        options.explain = true;
        break;
      case '--max-file-size': {
        const text = value();
        const match = /^(\d+)([km]?)$/i.exec(text);
        if (!match) throw new UsageError(`--max-file-size needs a size such as 20m, not '${text}'`);
        const unit = { '': 1, k: 1024, m: 1024 * 1024 }[(match[2] ?? '').toLowerCase()] ?? 1;
        options.maxFileSize = Number(match[1]) * unit;
        break;
      }
      case '--quiet':
        options.quiet = true;
        break;
      case '--exclude':
        options.exclude.push(value());
        break;
      case '--fix':
        options.fix = true;
        break;
      case '--dry-run':
        options.dryRun = true;
        break;
      case '--unsafe-fixes':
        options.unsafeFixes = true;
        break;
      case '--stdin-filename':
        options.stdinName = value();
        break;
      case '--config':
        options.config = value();
        break;
      case '--no-config':
        options.noConfig = true;
        break;
      case '--color':
        options.color = true;
        break;
      case '--no-color':
        options.color = false;
        break;
      default:
        throw new UsageError(`unknown option '${name}'`);
    }
  }
  if (options.dryRun && !options.fix) throw new UsageError('--dry-run only goes with --fix');
  if (options.unsafeFixes && !options.fix) throw new UsageError('--unsafe-fixes only goes with --fix');
  if (options.dryRun && options.format !== 'text')
    throw new UsageError('--fix --dry-run prints a diff; leave out --format');
  if (options.fix && !options.dryRun && options.paths.includes('-'))
    throw new UsageError('--fix cannot write to standard input (use --fix --dry-run for a diff)');
  if (options.config && options.noConfig)
    throw new UsageError('--config and --no-config contradict each other');
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

/** `name=severity`; names and severities are checked here so a typo fails before anything is linted. */
function readRule(text: string, rules: Record<string, RuleSetting>): void {
  const at = text.indexOf('=');
  if (at < 0) throw new UsageError(`--rule needs NAME=SEVERITY, not '${text}'`);
  const name = text.slice(0, at).trim();
  const severity = text.slice(at + 1).trim();
  if (!RULE_IDS.includes(name)) {
    const guess = suggest(name, RULE_IDS, true);
    throw new UsageError(`--rule: unknown rule '${name}'${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  if (!(RULE_SETTINGS as readonly string[]).includes(severity))
    throw new UsageError(
      `--rule ${name}: severity must be one of ${RULE_SETTINGS.join(', ')}, not '${severity}'`,
    );
  rules[name] = severity as RuleSetting;
}
