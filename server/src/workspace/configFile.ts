import { LineIndex } from '../analysis/syntax/lineIndex';
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
  const offset = key ? locatorFor(text).firstString(`"${key}"`) : undefined;
  if (offset === undefined) return { line: 0, character: 0 };
  return locatorFor(text).lines.positionAt(offset);
}

/**
 * Where each JSON string of a settings file first appears, read once per text: a file with 64,000 unknown
 * rule names has as many problems, and searching the text from its start for each took minutes.
 */
class StringLocator {
  readonly lines: LineIndex;
  private readonly first = new Map<string, number>();

  constructor(text: string) {
    this.lines = new LineIndex(text);
    for (const match of text.matchAll(/"(?:[^"\\\n]|\\.)*"/g))
      if (!this.first.has(match[0])) this.first.set(match[0], match.index);
  }

  firstString(literal: string): number | undefined {
    return this.first.get(literal);
  }
}

// The problems of one file are described one after the other: the last text's locator is kept.
let lastLocator: { text: string; locator: StringLocator } | undefined;

function locatorFor(text: string): StringLocator {
  if (lastLocator?.text !== text) lastLocator = { text, locator: new StringLocator(text) };
  return lastLocator.locator;
}

export function describeProblem(file: string, text: string, problem: ConfigProblem): string {
  const { line, character } = problemPosition(text, problem);
  const where = problem.path ? `${problem.path}: ` : '';
  return `${file}:${line + 1}:${character + 1}: ${where}${problem.message}`;
}
