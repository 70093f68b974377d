import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Output } from '../../server/src/cli/output';
import { CLI, workspace } from './helpers';

/** A named pipe, both ends open without blocking (as a pipe another process made non-blocking is). */
function nonBlockingPipe(): { read: number; write: number } {
  const fifo = join(mkdtempSync(join(tmpdir(), 'cachemount-output-')), 'pipe');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const read = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const write = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  return { read, write };
}

describe('CLI output', { skip: process.platform === 'win32' && 'Node streams on Windows' }, () => {
  it('hands what a non-blocking pipe refuses to Node stream, in order, and flushes it before exit', async () => {
    const { read, write } = nonBlockingPipe();
    const reader = new Socket({ fd: read, readable: true, writable: false });
    const chunks: Buffer[] = [];
    reader.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => reader.on('end', resolve));
    reader.pause(); // nothing is read until every write has been made: the pipe fills up
    let fallback: Socket | undefined;
    const output = new Output(
      write,
      () => (fallback = new Socket({ fd: write, readable: false, writable: true })),
    );
    // Several times a pipe's buffer, in pieces, with characters of several bytes.
    const pieces = Array.from({ length: 40 }, (_, i) => `${i} ${'é→x'.repeat(3000)}\n`);
    for (const piece of pieces) output.write(piece);
    assert.ok(fallback, 'the pipe refused a write');
    reader.resume();
    await new Promise<void>((resolve) => output.flush(resolve));
    fallback.end();
    await ended;
    assert.equal(Buffer.concat(chunks).toString('utf8'), pieces.join(''));
  });

  it('writes nothing more, and does not throw, once the reader has gone', () => {
    const { read, write } = nonBlockingPipe();
    closeSync(read);
    const output = new Output(write, () => assert.fail('no stream for a pipe without a reader'));
    output.write('first\n');
    output.write('second\n');
    let flushed = false;
    output.flush(() => (flushed = true));
    assert.ok(flushed);
    closeSync(write);
  });

  it('cachemount lint | head: the report stops where the reader left, with the exit code of the findings', async () => {
    // A report of a few hundred KB, more than a pipe holds, and a reader that closes its end at once.
    const stage = 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n';
    const root = workspace({ Dockerfile: stage.repeat(2000) });
    const child = spawn(process.execPath, [CLI, 'lint', 'Dockerfile'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.deepEqual([code, stderr], [1, '']);
  });
});
