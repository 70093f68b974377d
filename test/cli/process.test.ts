import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { APT, CLI, run, workspace } from './helpers';

/** The CLI's stdout read through a pipe that is left unread for `delay` ms first, as a slow consumer does. */
async function runIntoSlowPipe(
  args: string[],
  cwd: string,
  delay: number,
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdout.pause();
  await sleep(delay);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stdout.resume();
  const code = await exited;
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

describe('cachemount lint as a process', () => {
  it('ends only after a report far larger than a pipe holds has been read to its end', async () => {
    // Hundreds of kilobytes of report: writes to a pipe nobody reads yet are queued, not done, when the run
    // ends, and the process must wait for them instead of exiting at once.
    const root = workspace({ Dockerfile: APT + APT.replace('FROM debian\n', '').repeat(1000) });
    for (const format of ['text', 'json', 'sarif']) {
      const expected = spawnSync(process.execPath, [CLI, 'lint', '--format', format, 'Dockerfile'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
      assert.ok(expected.stdout.length > 128 * 1024, `${format}: the report outgrows a pipe's buffer`);
      const piped = await runIntoSlowPipe(['lint', '--format', format, 'Dockerfile'], root, 300);
      assert.equal(piped.code, 1, format);
      assert.equal(piped.stdout.length, expected.stdout.length, `${format}: whole report`);
      assert.equal(piped.stdout, expected.stdout, format);
    }
  });

  it('exits with the code of the run whether it prints a report, usage or the version', () => {
    const root = workspace({ Dockerfile: APT, 'clean/Dockerfile': 'FROM debian\n' });
    assert.equal(run(['lint', 'Dockerfile'], { cwd: root }).code, 1);
    assert.equal(run(['lint', join('clean', 'Dockerfile')], { cwd: root }).code, 0);
    assert.equal(run(['lint', '--format', 'nope'], { cwd: root }).code, 2);
    assert.equal(run(['--version'], { cwd: root }).code, 0);
  });
});
