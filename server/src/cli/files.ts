import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type Picomatch from 'picomatch';
import { buildFileKind } from '../builds/index';
import { readRegularFile, UnreadableFile } from '../workspace/safeRead';
import { isDockerfileName, walkFolder } from '../workspace/walk';
import { stderr } from './output';

export { isDockerfileName } from '../workspace/walk';

/** How files and folders are read: each call's result is awaited, whichever kind it is. */
interface FileAccess {
  stat(file: string): fs.Stats | Promise<fs.Stats>;
  readdir(folder: string): fs.Dirent[] | Promise<fs.Dirent[]>;
  readFile(file: string): Buffer | Promise<Buffer>;
}

/**
 * The synchronous calls: a lint run does nothing else meanwhile, and the first asynchronous call starts
 * libuv's thread pool and waits on it, a millisecond or two of a run that is mostly start-up. A signal still
 * ends a run blocked in one (a named pipe nobody writes to, a hung network disk): without handlers of the
 * program's own, the signal's default action does.
 */
const BLOCKING: FileAccess = {
  stat: (file) => fs.statSync(file),
  readdir: (folder) => fs.readdirSync(folder, { withFileTypes: true }),
  readFile: (file) => readRegularFile(file),
};

// node:fs/promises would load the readline and stream modules, a millisecond or two of a run that is mostly
// start-up; the callback functions are loaded with Node already.
const statAsync = promisify(fs.stat);
const readdirAsync = promisify(fs.readdir);

/**
 * The asynchronous calls, which wait in the thread pool: for `--fix`, whose signal handlers (interrupt.ts)
 * must run while a read is blocked, to stop the run at once.
 */
const INTERRUPTIBLE: FileAccess = {
  stat: (file) => statAsync(file),
  readdir: (folder) => readdirAsync(folder, { withFileTypes: true }),
  // The safe reader never blocks (a named pipe or device is refused before any read), so it serves here too.
  readFile: (file) => readRegularFile(file),
};

const fileAccess = (interruptible: boolean | undefined): FileAccess =>
  interruptible ? INTERRUPTIBLE : BLOCKING;

/**
 * The glob matcher, loaded on first use like the .gitignore reader: the common run names a file and excludes
 * nothing, and a CLI run is mostly start-up (docs/performance.md).
 */
async function loadPicomatch(): Promise<typeof Picomatch> {
  return (await import('picomatch')).default;
}

export interface InputFile {
  /** As shown to the user: relative to the working directory when below it. */
  display: string;
  path: string;
}

export class InputError extends Error {}

export interface CollectOptions {
  cwd: string;
  /** Globs (relative to `cwd`) of files and folders to leave out; a glob without `/` matches a name anywhere. */
  exclude: readonly string[];
  /** Whether signal handlers must be able to run while a read blocks (`--fix`). */
  interruptible?: boolean;
}

/**
 * Expands the CLI's paths: files as given, folders searched recursively for Dockerfile-like names, globs to
 * the files they match. Folder and glob searches skip what git ignores and what `exclude` names.
 */
export async function collectFiles(
  paths: readonly string[],
  options: CollectOptions,
): Promise<{ files: InputFile[]; buildFiles: InputFile[]; errors: string[] }> {
  const { cwd } = options;
  const access = fileAccess(options.interruptible);
  const files: InputFile[] = [];
  // Bake, Compose and workflow files found in the folders searched: how the Dockerfiles are built.
  const buildFiles: InputFile[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const isExcluded = await excludeMatcher(options.exclude, cwd);
  const add = (absolute: string): void => {
    if (seen.has(absolute) || isExcluded(absolute)) return;
    seen.add(absolute);
    files.push({ path: absolute, display: displayPath(cwd, absolute) });
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let info;
    try {
      info = await access.stat(absolute);
    } catch (error) {
      const glob = (await loadPicomatch()).scan(given);
      if (glob.isGlob) {
        const matches = await expandGlob(given, glob.base, options, isExcluded, errors);
        if (matches.length === 0) errors.push(`${given}: no files match`);
        matches.forEach(add);
        continue;
      }
      errors.push(`${given}: ${describeFsError(error)}`);
      continue;
    }
    if (info.isDirectory()) {
      const isBuildFile = (file: string): boolean => buildFileKind(toGlobPath(cwd, file)) !== undefined;
      const all = await walk(
        access,
        absolute,
        (file) => isDockerfileName(path.basename(file)) || isBuildFile(file),
        isExcluded,
        errors,
        cwd,
      );
      const found = all.filter((file) => isDockerfileName(path.basename(file)));
      for (const file of all)
        if (!isDockerfileName(path.basename(file)) && !seen.has(file)) {
          seen.add(file);
          buildFiles.push({ path: file, display: displayPath(cwd, file) });
        }
      if (found.length === 0)
        errors.push(
          `${given}: no Dockerfiles found (looked for Dockerfile, Containerfile, Dockerfile.*, *.dockerfile; ` +
            `skipped what .gitignore and --exclude leave out)`,
        );
      found.forEach(add);
    } else if (info.isFile() || info.isFIFO()) {
      // A pipe is fine: `cachemount lint <(generate-dockerfile)` names one.
      add(absolute);
    } else {
      errors.push(`${given}: not a file or folder (a device or socket)`);
    }
  }
  return { files, buildFiles, errors };
}

async function expandGlob(
  glob: string,
  base: string,
  options: CollectOptions,
  isExcluded: (absolute: string) => boolean,
  errors: string[],
): Promise<string[]> {
  const pattern = glob.replace(/^\.\//, '');
  const absolutePattern = path.isAbsolute(pattern);
  const picomatch = await loadPicomatch();
  const matches = picomatch(absolutePattern ? pattern.split(path.sep).join('/') : pattern, { dot: false });
  const root = path.resolve(options.cwd, base || '.');
  const access = fileAccess(options.interruptible);
  try {
    if (!(await access.stat(root)).isDirectory()) return [];
  } catch {
    return [];
  }
  return walk(
    access,
    root,
    (file) => matches(absolutePattern ? file.split(path.sep).join('/') : toGlobPath(options.cwd, file)),
    isExcluded,
    errors,
    options.cwd,
  );
}

/** Breadth-first, sorted; folders that cannot be read are reported, not silently skipped. */
async function walk(
  access: FileAccess,
  folder: string,
  wanted: (file: string) => boolean,
  isExcluded: (absolute: string) => boolean,
  errors: string[],
  cwd: string,
): Promise<string[]> {
  const { files } = await walkFolder(folder, {
    readdir: (current) => access.readdir(current),
    wanted,
    isExcluded,
    onFolderError: (current, error) =>
      errors.push(`${displayPath(cwd, current)}: cannot read folder: ${describeFsError(error)}`),
    warn: (message) => stderr.write(`cachemount: ${message}\n`),
  });
  return files;
}

/** Like .gitignore: a pattern without `/` matches a file or folder name at any depth, others the whole path. */
async function excludeMatcher(
  patterns: readonly string[],
  cwd: string,
): Promise<(absolute: string) => boolean> {
  if (patterns.length === 0) return () => false;
  const picomatch = await loadPicomatch();
  const trimmed = patterns.map((p) => p.replace(/\/$/, '').replace(/^\.\//, ''));
  const byName = trimmed.filter((p) => !p.includes('/'));
  const byPath = trimmed.filter((p) => p.includes('/'));
  const name = byName.length > 0 ? picomatch(byName, { dot: true }) : undefined;
  const whole = byPath.length > 0 ? picomatch(byPath, { dot: true }) : undefined;
  return (absolute) =>
    (name?.(path.basename(absolute)) ?? false) || (whole?.(toGlobPath(cwd, absolute)) ?? false);
}

/** The path a glob is matched against: relative to `cwd` with `/`, or absolute when outside it. */
function toGlobPath(cwd: string, absolute: string): string {
  return displayPath(cwd, absolute).split(path.sep).join('/');
}

export function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

export interface DockerfileText {
  /** The bytes as read, to compare against before writing fixes. */
  bytes: Buffer;
  text: string;
}

/** Reads a Dockerfile as text; refuses binary files with a clear reason. */
export async function readDockerfile(file: string, interruptible = false): Promise<DockerfileText> {
  let bytes;
  try {
    bytes = await fileAccess(interruptible).readFile(file);
  } catch (error) {
    throw new InputError(error instanceof UnreadableFile ? error.message : describeFsError(error));
  }
  if (bytes.includes(0)) throw new InputError('looks like a binary file, not a Dockerfile');
  return { bytes, text: bytes.toString('utf8') };
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
