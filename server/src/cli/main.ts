import * as path from 'node:path';
import type { AnalyzeOptions } from '../analysis/analyze';
import { analyze } from '../analysis/analyze';
import { mergeSettings } from '../analysis/config';
import type { ConfigFile } from '../workspace/configFile';
import { describeProblem, findConfigFile, readConfigFile } from '../workspace/configFile';
import { VERSION } from '../version';
import { collectFiles, InputError, readDockerfile } from './files';
import type { FileResult } from './format';
import { formatJson, formatText } from './format';
import { parseArgs, UsageError, USAGE } from './args';

/** Exit codes: 0 clean (at most information and hints), 1 warnings or errors found, 2 usage or input errors. */
async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`cachemount: ${error.message}\nRun 'cachemount --help' for usage.\n`);
      return 2;
    }
    throw error;
  }
  if (options.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.command === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }

  const results: FileResult[] = [];
  const errors: string[] = [];
  const cwd = process.cwd();
  const configs = new ConfigFiles(
    options.config ? path.resolve(cwd, options.config) : undefined,
    options.noConfig,
  );
  const settingsFor = (file: string): AnalyzeOptions | undefined => {
    const config = configs.for(file);
    if (!config) return {};
    if (config.problems.length === 0) return mergeSettings(config.settings);
    return undefined;
  };
  const fromStdin = options.paths.includes('-');
  const { files, errors: pathErrors } = await collectFiles(
    options.paths.filter((p) => p !== '-'),
    cwd,
  );
  errors.push(...pathErrors);
  if (fromStdin) {
    const text = await readStdin();
    const settings = settingsFor(path.join(cwd, options.stdinName));
    if (settings) results.push(lint(options.stdinName, text, path.basename(cwd), settings));
  }
  for (const file of files) {
    const settings = settingsFor(file.path);
    if (!settings) continue;
    try {
      results.push(
        lint(file.display, await readDockerfile(file.path), path.basename(path.dirname(file.path)), settings),
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(`${file.display}: ${error.message}`);
    }
  }

  // A broken settings file stops the files it governs: linting them with other rules would mislead CI.
  for (const config of configs.broken())
    for (const problem of config.problems)
      errors.push(describeProblem(displayPath(cwd, config.path), config.text, problem));

  if (options.format === 'json') process.stdout.write(formatJson(results));
  else if (results.length > 0 || errors.length === 0)
    process.stdout.write(formatText(results, options.color));
  for (const message of errors) process.stderr.write(`cachemount: ${message}\n`);
  if (errors.length > 0) return 2;
  const failing = results.some((r) =>
    r.findings.some((f) => f.severity === 'error' || f.severity === 'warning'),
  );
  return failing ? 1 : 0;
}

/** `projectName`: the folder holding the file, which fixes use to name a project's caches. */
function lint(file: string, raw: string, projectName: string, settings: AnalyzeOptions): FileResult {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return { file, text, findings: analyze(text, { ...settings, projectName }).findings };
}

function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** Settings files, each read once: the one given with --config, or the nearest above each Dockerfile. */
class ConfigFiles {
  private readonly files = new Map<string, ConfigFile>();

  constructor(
    private readonly explicit: string | undefined,
    private readonly disabled: boolean,
  ) {}

  for(dockerfile: string): ConfigFile | undefined {
    if (this.disabled) return undefined;
    const found = this.explicit ?? findConfigFile(dockerfile);
    if (!found) return undefined;
    let file = this.files.get(found);
    if (!file) {
      file = readConfigFile(found);
      this.files.set(found, file);
    }
    return file;
  }

  broken(): ConfigFile[] {
    return [...this.files.values()].filter((file) => file.problems.length > 0);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug in cachemount, not in the input: one line, and the stack only on request.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`cachemount: internal error: ${message}\n`);
    if (process.env.CACHEMOUNT_DEBUG && error instanceof Error)
      process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = 2;
  },
);
