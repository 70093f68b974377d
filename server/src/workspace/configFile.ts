import { statSync } from 'node:fs';
import { readRegularFile } from './safeRead';
import * as path from 'node:path';
import type { ConfigProblem, Settings } from '../analysis/config';
import { CONFIG_FILE_NAME, parseConfigText } from '../analysis/config';
import { RULE_IDS } from '../analysis/rules/registry';

/** A project's `.cachemount.json`, read and checked. */
export interface ConfigFile {
  path: string;
  text: string;
  settings: Partial<Settings>;
  problems: ConfigProblem[];
}

const KNOWN_RULES = new Set(RULE_IDS);

/**
 * The nearest `.cachemount.json` in the Dockerfile's folder or above it, as ESLint and Prettier look for
 * theirs. Stops at the filesystem root; a file that cannot be read is a problem, not a crash.
 */
export function findConfigFile(dockerfile: string): string | undefined {
  let folder = path.dirname(path.resolve(dockerfile));
  for (;;) {
    const candidate = path.join(folder, CONFIG_FILE_NAME);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here: look in the parent folder.
    }
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readRegularFile(file).toString('utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      path: file,
      text: '',
      settings: {},
      problems: [{ path: '', message: `cannot read: ${reason}` }],
    };
  }
  const { settings, problems } = parseConfigText(text, KNOWN_RULES);
  return { path: file, text, settings, problems };
}

/** Where a problem's key sits in the file, as a 0-based line and character (the file's start when unknown). */
export function problemPosition(text: string, problem: ConfigProblem): { line: number; character: number } {
  const key = problem.path.split('.').slice(-1)[0];
  const offset = key ? text.indexOf(`"${key}"`) : -1;
  if (offset < 0) return { line: 0, character: 0 };
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function describeProblem(file: string, text: string, problem: ConfigProblem): string {
  const { line, character } = problemPosition(text, problem);
  const where = problem.path ? `${problem.path}: ` : '';
  return `${file}:${line + 1}:${character + 1}: ${where}${problem.message}`;
}
