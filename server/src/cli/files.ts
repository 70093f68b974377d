import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** Names Docker tooling treats as Dockerfiles: Dockerfile, Containerfile, Dockerfile.*, *.dockerfile. */
export function isDockerfileName(name: string): boolean {
  return /^(dockerfile|containerfile)(\..+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface InputFile {
  /** As shown to the user: relative to the working directory when below it. */
  display: string;
  path: string;
}

export class InputError extends Error {}

/** Expands the CLI's paths: files as given, folders searched recursively for Dockerfile-like names. */
export async function collectFiles(
  paths: readonly string[],
  cwd: string,
): Promise<{ files: InputFile[]; errors: string[] }> {
  const files: InputFile[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (absolute: string): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const relative = path.relative(cwd, absolute);
    files.push({ path: absolute, display: relative && !relative.startsWith('..') ? relative : absolute });
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      errors.push(`${given}: ${describeFsError(error)}`);
      continue;
    }
    if (info.isDirectory()) {
      const found = await walk(absolute);
      if (found.length === 0)
        errors.push(
          `${given}: no Dockerfiles found (looked for Dockerfile, Containerfile, Dockerfile.*, *.dockerfile)`,
        );
      found.forEach(add);
    } else {
      add(absolute);
    }
  }
  return { files, errors };
}

async function walk(folder: string): Promise<string[]> {
  const found: string[] = [];
  const queue = [folder];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) queue.push(full);
      } else if (entry.isFile() && isDockerfileName(entry.name)) {
        found.push(full);
      }
    }
  }
  return found.sort();
}

/** Reads a Dockerfile as text; refuses binary files with a clear reason. */
export async function readDockerfile(file: string): Promise<string> {
  let buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    throw new InputError(describeFsError(error));
  }
  if (buffer.includes(0)) throw new InputError('looks like a binary file, not a Dockerfile');
  return buffer.toString('utf8');
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
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
