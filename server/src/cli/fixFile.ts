import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { AppliedFix, FixAllOptions, LeftFix } from '../analysis/fixAll';
import { applyEdits, fixAll } from '../analysis/fixAll';
import { LineIndex } from '../analysis/syntax/lineIndex';
import type { TextEdit } from '../analysis/types';
import { describeFsError } from './files';

export interface FixedText {
  /** The whole new file, BOM included when the original had one. */
  text: string;
  applied: AppliedFix[];
  /** Unsafe fixes not applied, in the fixed text's positions (none with `unsafeFixes`). */
  unsafeLeft: LeftFix[];
}

/**
 * The text with every safe fix of `fixAll` applied, written the way the file is written: a BOM stays, text the
 * fixes insert uses the file's line ending, and a final newline is kept or left out as it was.
 */
export function fixText(raw: string, options: FixAllOptions): FixedText {
  const bom = raw.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const body = bom ? raw.slice(1) : raw;
  const result = fixAll(body, options);
  const { unsafeLeft } = result;
  if (result.applied.length === 0) return { text: raw, applied: [], unsafeLeft };
  const eol = lineEnding(body);
  const edits = result.edits.map((edit) => ({ ...edit, newText: edit.newText.replace(/\r?\n/g, eol) }));
  assertDisjoint(body, edits);
  let fixed = applyEdits(body, edits);
  const hadFinalNewline = /\n$/.test(body);
  if (hadFinalNewline && !/\n$/.test(fixed)) fixed += eol;
  if (!hadFinalNewline && body.length > 0) fixed = fixed.replace(/\r?\n$/, '');
  return { text: bom + fixed, applied: result.applied, unsafeLeft };
}

/** The file's line ending: CRLF when most of its lines end so. */
function lineEnding(text: string): '\n' | '\r\n' {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const all = text.match(/\n/g)?.length ?? 0;
  return crlf > all - crlf ? '\r\n' : '\n';
}

/** `fixAll` promises disjoint edits; writing a file on a broken promise would corrupt it, so check. */
function assertDisjoint(text: string, edits: readonly TextEdit[]): void {
  const lines = new LineIndex(text);
  const spans = edits
    .map((e) => [lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)] as const)
    .sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++)
    if ((spans[i] as readonly [number, number])[0] < (spans[i - 1] as readonly [number, number])[1])
      throw new Error('fix-all produced overlapping edits; the file was not changed');
}

export class WriteError extends Error {}

/** The file operations a write uses, so tests can make one of them fail as a full or broken disk would. */
export interface WriteOperations {
  /** Creates `file` (which must not exist) with `data`, flushed to the disk. */
  writeNew(file: string, data: Buffer, mode: number): Promise<void>;
}

export const NODE_WRITE: WriteOperations = {
  async writeNew(file, data, mode) {
    const handle = await fs.open(file, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

/** Temporary files being written, removed by the interrupt handler if the process must stop mid-write. */
export const TEMPORARY_FILES = new Set<string>();

/**
 * Replaces `file` with `text` atomically: the new content goes to a temporary file beside it, which is then
 * renamed over the original, so a reader, a crash or a full disk sees the old file or the new one, never a
 * mix. The file is not touched if its bytes differ from `expected` (it changed since it was read). A symlink
 * is followed and its target written; the mode is kept.
 */
export async function writeFileAtomically(
  file: string,
  expected: Buffer,
  text: string,
  operations: WriteOperations = NODE_WRITE,
): Promise<void> {
  let target: string;
  let mode: number;
  try {
    // Checked first: a pipe (`<(...)`) has no path to resolve, let alone to write.
    const info = await fs.stat(file);
    if (!info.isFile()) throw new WriteError('cannot write fixes: not a regular file; it was not changed');
    target = await fs.realpath(file);
    mode = info.mode & 0o7777;
    // A rename replaces a file whatever its mode (and root may write anything): honour read-only ourselves.
    if ((mode & 0o222) === 0)
      throw new WriteError('cannot write fixes: the file is read-only; it was not changed');
    await fs.access(target, fs.constants.W_OK);
  } catch (error) {
    if (error instanceof WriteError) throw error;
    throw new WriteError(`cannot write fixes: ${describeFsError(error)}; the file was not changed`);
  }
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.cachemount-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  TEMPORARY_FILES.add(temporary);
  try {
    await assertUnchanged(target, expected);
    await operations.writeNew(temporary, Buffer.from(text, 'utf8'), mode);
    await fs.chmod(temporary, mode); // the umask may have narrowed the mode `open` was given
    // Checked again just before the rename: an editor may have saved the file while the copy was written.
    await assertUnchanged(target, expected);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    if (error instanceof WriteError) throw error;
    throw new WriteError(`cannot write fixes: ${describeFsError(error)}; the file was not changed`);
  } finally {
    TEMPORARY_FILES.delete(temporary);
  }
}

async function assertUnchanged(file: string, expected: Buffer): Promise<void> {
  const current = await fs.readFile(file);
  if (!current.equals(expected))
    throw new WriteError('changed on disk while cachemount was fixing it; not overwritten (run again)');
}
