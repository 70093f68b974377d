import * as fs from 'node:fs';

/**
 * The most a file read from a repository may hold: 10 MB, far above any Dockerfile, `.gitignore` or
 * `.cachemount.json` people write, far below what would hurt a CI runner.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

let configuredLimit = MAX_FILE_BYTES;

/** Raises (or lowers) the cap for this process: `cachemount lint --max-file-size`. */
export function setReadLimit(bytes: number): void {
  configuredLimit = bytes;
}

/** A file the project will not read: not a regular file, or over the size cap. Its message is one line. */
export class UnreadableFile extends Error {}

/**
 * Reads a file from a repository safely: links are followed, but what is read must be a regular file (a named
 * pipe, a device such as /dev/zero, a socket or a folder is refused without blocking: the file is opened
 * non-blocking and checked with fstat before any read), and it may not hold more than `limit` bytes (checked
 * while reading too, for a file that grows). Other errors (ENOENT, EACCES) are thrown as they are.
 */
export function readRegularFile(file: string, limit = configuredLimit): Buffer {
  const descriptor = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stats = fs.fstatSync(descriptor);
    if (!stats.isFile()) throw new UnreadableFile(kindOf(stats));
    if (stats.size > limit) throw new UnreadableFile(`is ${stats.size} bytes, over the ${limit}-byte limit`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1 - total));
      const read = fs.readSync(descriptor, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > limit) throw new UnreadableFile(`grew over the ${limit}-byte limit while being read`);
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(descriptor);
  }
}

function kindOf(stats: fs.Stats): string {
  if (stats.isDirectory()) return 'is a folder';
  if (stats.isFIFO()) return 'is a named pipe, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device, not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}
