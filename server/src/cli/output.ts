import { escapeControl } from './terminalText';
import * as fs from 'node:fs';
import type * as Tty from 'node:tty';

/**
 * The CLI's standard output or error. Node creates `process.stdout` and `process.stderr` on first use, and
 * for a pipe or a file that loads stream modules (a pipe's, the net module): about 1.5 ms of a run that is
 * mostly start-up (docs/performance.md). On POSIX the text is written to the descriptor itself with
 * `fs.writeSync`, all of it before the call returns, so the process may exit right after the last write.
 *
 * A descriptor that refuses to wait (EAGAIN: a pipe made non-blocking by another process that shares it)
 * gets the rest through Node's stream, which waits for the reader; `flush` then waits for the stream. A
 * reader that has gone (EPIPE: `cachemount lint | head`) gets nothing more, as with Node's stream. On
 * Windows, Node's stream is always used: it writes to the console in UTF-16, where a plain write would be
 * read in the console's code page.
 */
export class Output {
  private stream: NodeJS.WritableStream | undefined;
  private readerGone = false;

  constructor(
    private readonly fd: number,
    private readonly nodeStream: () => NodeJS.WritableStream,
    /** What every text written goes through first: stderr escapes control characters (terminalText.ts). */
    private readonly filter: (text: string) => string = (text) => text,
  ) {
    if (process.platform === 'win32') this.stream = nodeStream();
  }

  write(raw: string): void {
    const text = this.filter(raw);
    if (this.readerGone || text === '') return;
    // A string to Node's stream: on Windows it writes to the console in UTF-16.
    if (this.stream) this.stream.write(text);
    else this.writeBytes(Buffer.from(text, 'utf8'));
  }

  /** Bytes as they are, not through the filter: a patch that must hold a file's own bytes. */
  writeBytes(bytes: Buffer): void {
    if (this.readerGone || bytes.length === 0) return;
    if (this.stream) {
      this.stream.write(bytes);
      return;
    }
    let written = 0;
    try {
      while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        this.readerGone = true;
        return;
      }
      if (code !== 'EAGAIN') throw error;
      this.stream = this.nodeStream();
      this.stream.write(bytes.subarray(written));
    }
  }

  /** Calls `done` once everything written has been handed over to the descriptor (or failed to be). */
  flush(done: () => void): void {
    if (this.stream) this.stream.write('', done);
    else done();
  }
}

export const stdout = new Output(1, () => process.stdout);
export const stderr = new Output(2, () => process.stderr, escapeControl);

/**
 * Whether standard output is a terminal (colors by default). A pipe or a file is not: only a character device
 * is asked for, since `tty.isatty` loads Node's tty and net modules.
 */
export function stdoutIsTerminal(): boolean {
  if (process.platform === 'win32') return Boolean(process.stdout.isTTY);
  try {
    if (!fs.fstatSync(1).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:tty') as typeof Tty).isatty(1);
}
