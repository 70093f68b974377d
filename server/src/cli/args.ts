export class UsageError extends Error {}

export interface LintOptions {
  command: 'lint';
  paths: string[];
  format: 'text' | 'json';
  color: boolean;
  /** The name stdin's findings are reported under. */
  stdinName: string;
  /** A `.cachemount.json` to use for every file instead of each file's nearest one. */
  config?: string;
  /** Ignore `.cachemount.json` files altogether. */
  noConfig: boolean;
}

export type CliOptions = LintOptions | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage: cachemount lint [options] [PATH...]

Checks BuildKit cache mounts (RUN --mount=...) in Dockerfiles.
PATH is a Dockerfile, a folder (searched for Dockerfile, Containerfile, Dockerfile.*, *.dockerfile)
or - for standard input. Without PATH, the current folder is searched.

Options:
  --format text|json   output format (default: text)
  --stdin-filename N   name to report standard input under (default: <stdin>)
  --config FILE        settings file to use (default: the nearest .cachemount.json above each file)
  --no-config          ignore .cachemount.json files
  --color, --no-color  force colors on or off (default: on when stdout is a terminal)
  -h, --help           show this help
  -v, --version        show the version

Exit codes: 0 no warnings or errors, 1 warnings or errors found, 2 usage or read error.

Examples:
  cachemount lint Dockerfile
  cachemount lint . --format json
  cat Dockerfile | cachemount lint -
`;

export function parseArgs(argv: readonly string[]): CliOptions {
  const args = [...argv];
  if (args.length === 0 || args.includes('-h') || args.includes('--help')) {
    if (args.length === 0) throw new UsageError('missing command');
    return { command: 'help' };
  }
  if (args.includes('-v') || args.includes('--version')) return { command: 'version' };
  const command = args.shift();
  if (command !== 'lint') throw new UsageError(`unknown command '${command ?? ''}'`);

  const options: LintOptions = {
    command: 'lint',
    paths: [],
    format: 'text',
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    stdinName: '<stdin>',
    noConfig: false,
  };
  while (args.length > 0) {
    const arg = args.shift() as string;
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
        if (format !== 'text' && format !== 'json')
          throw new UsageError(`unknown format '${format}' (use text or json)`);
        options.format = format;
        break;
      }
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
        if (name.startsWith('-') && name !== '-') throw new UsageError(`unknown option '${name}'`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}
