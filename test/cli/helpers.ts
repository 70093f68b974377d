import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bundle the tests run as a process, as users and CI do. */
export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
export const FIXTURES = join(__dirname, 'fixtures');

export const APT = 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n';
export const CLEAN =
  'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update\n';
export const BROKEN = 'FROM debian\nRUN --mount=type=cache,target=/x,sharing=lockd true\n';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {},
): RunResult {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary folder with the given files (parent folders created). */
export function workspace(files: Record<string, string | Buffer> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'cachemount-cli-'));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}

/** A temporary copy of a folder under fixtures/, for tests that write. */
export function copyFixtures(folder: string): string {
  const root = mkdtempSync(join(tmpdir(), 'cachemount-cli-'));
  cpSync(join(FIXTURES, folder), root, { recursive: true });
  return root;
}

export const noStack = (text: string): void =>
  assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/, 'no stack trace');
