import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { AppliedFix, FixAllOptions, LeftFix } from '../analysis/fixAll';
import { applyEdits, fixAll } from '../analysis/fixAll';
import { LineIndex } from '../analysis/syntax/lineIndex';
import type { Position, TextEdit } from '../analysis/types';
import { describeFsError } from './files';

export interface FixedText {
  /** The whole new file, BOM included when the original had one. */
  text: string;
  /** The edits that made it, in the original text's positions (without the BOM), line endings as written. */
  edits: TextEdit[];
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
  if (result.applied.length === 0) return { text: raw, edits: [], applied: [], unsafeLeft };
  const eol = lineEnding(body);
  const edits = result.edits.map((edit) => ({ ...edit, newText: edit.newText.replace(/\r?\n/g, eol) }));
  assertDisjoint(body, edits);
  let fixed = applyEdits(body, edits);
  const hadFinalNewline = /\n$/.test(body);
  if (hadFinalNewline && !/\n$/.test(fixed)) fixed += eol;
  if (!hadFinalNewline && body.length > 0) fixed = fixed.replace(/\r?\n$/, '');
  return { text: bom + fixed, edits, applied: result.applied, unsafeLeft };
}

/**
 * The fixed file's bytes. A file that is valid UTF-8 is the fixed text encoded. One that is not (a Latin-1
 * comment) was read with each invalid byte as U+FFFD, so encoding the text would rewrite those bytes on lines
 * no fix touches: instead each edit is applied to the original bytes, on lines that are valid UTF-8 where
 * it lands, and the result is checked to read back as the fixed text. Where that cannot be done, the file is
 * refused, never re-encoded.
 */
export function fixedBytes(original: Buffer, raw: string, fixed: FixedText): Buffer {
  if (isUtf8(original)) return Buffer.from(fixed.text, 'utf8');
  const refuse = (why: string) =>
    new WriteError(`cannot write fixes: the file is not valid UTF-8 (${why}); it was not changed`);
  const bomChars = raw.charCodeAt(0) === 0xfeff ? 1 : 0;
  const textLines = raw.split('\n');
  const byteLines: number[] = [0];
  for (let i = original.indexOf(0x0a); i !== -1; i = original.indexOf(0x0a, i + 1)) byteLines.push(i + 1);
  // U+FFFD never swallows a newline byte, so the lines of the text are the lines of the bytes.
  if (byteLines.length !== textLines.length) throw refuse('its lines could not be matched');
  const byteOffset = (position: Position): number => {
    const start = byteLines[position.line];
    if (start === undefined) throw refuse('a fix lies past its end');
    const end =
      position.line + 1 < byteLines.length ? (byteLines[position.line + 1] as number) : original.length;
    const line = original.subarray(start, end);
    if (!isUtf8(line))
      throw refuse(`line ${position.line + 1}, which a fix changes, has bytes that are not UTF-8`);
    const column = position.character + (position.line === 0 ? bomChars : 0);
    return start + Buffer.byteLength((textLines[position.line] ?? '').slice(0, column), 'utf8');
  };
  const spans = fixed.edits
    .map((edit) => ({
      start: byteOffset(edit.range.start),
      end: byteOffset(edit.range.end),
      text: edit.newText,
    }))
    .sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let at = 0;
  for (const span of spans) {
    parts.push(original.subarray(at, span.start), Buffer.from(span.text, 'utf8'));
    at = span.end;
  }
  parts.push(original.subarray(at));
  const bytes = Buffer.concat(parts);
  // What fixText also did to the text (a final newline kept or left out) must show here too.
  if (bytes.toString('utf8') !== fixed.text)
    throw refuse('the fixes could not be applied to its bytes exactly');
  return bytes;
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
  data: Buffer,
  operations: WriteOperations = NODE_WRITE,
): Promise<void> {
  let target: string;
  let mode: number;
  let owner: { uid: number; gid: number };
  try {
    // Checked first: a pipe (`<(...)`) has no path to resolve, let alone to write.
    const info = await fs.stat(file);
    if (!info.isFile()) throw new WriteError('cannot write fixes: not a regular file; it was not changed');
    // A new file renamed over one of several hard links would leave the others with the old text.
    if (info.nlink > 1)
      throw new WriteError(
        `cannot write fixes: the file has ${info.nlink} hard links, which a new file would split; it was not changed`,
      );
    target = await fs.realpath(file);
    mode = info.mode & 0o7777;
    owner = { uid: info.uid, gid: info.gid };
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
    await operations.writeNew(temporary, data, mode);
    await keepOwner(temporary, owner);
    await fs.chmod(temporary, mode); // the umask may have narrowed the mode `open` was given (chown clears setuid)
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

/**
 * The new file gets the old one's owner and group. Root may set any; others only a group they belong to, and
 * never another owner: rather than hand someone else's file to the user running the fix, it is refused.
 */
async function keepOwner(temporary: string, owner: { uid: number; gid: number }): Promise<void> {
  const mine = await fs.stat(temporary);
  if (mine.uid === owner.uid && mine.gid === owner.gid) return;
  try {
    await fs.chown(temporary, owner.uid, owner.gid);
  } catch {
    throw new WriteError(
      `cannot write fixes: the file belongs to uid ${owner.uid} gid ${owner.gid}, which this user cannot give the new file; it was not changed`,
    );
  }
}

async function assertUnchanged(file: string, expected: Buffer): Promise<void> {
  const current = await fs.readFile(file);
  if (!current.equals(expected))
    throw new WriteError('changed on disk while cachemount was fixing it; not overwritten (run again)');
}
