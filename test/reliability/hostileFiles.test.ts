/**
 * Files a repository can commit to hurt a CI job that lints it (issue 19, cases 1 and 5): a `.gitignore`
 * that is a link to /dev/zero or a named pipe, a Dockerfile that is a named pipe, `--config` naming a device
 * or a pipe, a huge file. Every run is a separate process under a hard timeout and a heap limit, so a
 * regression fails the test instead of taking the machine down.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
/** Generous: a lint of one small file takes well under a second. */
const TIMEOUT_MS = 20_000;
const HEAP_MB = 256;
const DOCKERFILE = 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update\n';

function lint(cwd: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CLI, 'lint', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  assert.equal(result.signal, null, `the run was killed (${String(result.signal)}): it hung or ran away`);
  return result;
}

describe('hostile files in a repository', { timeout: 120_000 }, () => {
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cachemount-hostile-'));
    execFileSync('git', ['init', '-q'], { cwd: root });
    writeFileSync(join(root, 'Dockerfile'), DOCKERFILE);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('skips a .gitignore that links to /dev/zero, with a one-line warning, and lints the rest', () => {
    const dir = mkdtempSync(join(root, 'zero-'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    symlinkSync('/dev/zero', join(dir, '.gitignore'));
    const result = lint(dir, ['.']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^cachemount: .*\.gitignore: skipped: is a device, not a regular file$/m);
    assert.match(result.stdout, /No problems found in 1 file/);
  });

  it('skips a .gitignore that is a named pipe instead of waiting for a writer', () => {
    const dir = mkdtempSync(join(root, 'fifo-'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    execFileSync('mkfifo', [join(dir, '.gitignore')]);
    const result = lint(dir, ['.']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /\.gitignore: skipped: is a named pipe, not a regular file/);
  });

  it('refuses a Dockerfile named on the command line that is a named pipe: one line, exit 2', () => {
    const dir = mkdtempSync(join(root, 'pipe-'));
    execFileSync('mkfifo', [join(dir, 'pipe.Dockerfile')]);
    const result = lint(dir, ['pipe.Dockerfile']);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'cachemount: pipe.Dockerfile: is a named pipe, not a regular file\n');
  });

  it('refuses --config /dev/zero and --config <named pipe> without reading them', () => {
    const dir = mkdtempSync(join(root, 'config-'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    execFileSync('mkfifo', [join(dir, 'config.json')]);
    for (const config of ['/dev/zero', 'config.json']) {
      const result = lint(dir, ['--config', config, 'Dockerfile']);
      assert.equal(result.status, 2, config);
      assert.match(result.stderr, /cannot read: is a (device|named pipe)/, config);
    }
  });

  it('refuses a file over the size cap, which --max-file-size raises', () => {
    const dir = mkdtempSync(join(root, 'big-'));
    writeFileSync(join(dir, 'Dockerfile'), `${DOCKERFILE}${'# padding\n'.repeat(120_000)}`);
    const capped = lint(dir, ['--max-file-size', '1m', 'Dockerfile']);
    assert.equal(capped.status, 2);
    assert.match(capped.stderr, /^cachemount: Dockerfile: is \d+ bytes, over the 1048576-byte limit$/m);
    assert.equal(lint(dir, ['--max-file-size', '2m', 'Dockerfile']).status, 0);
    assert.equal(lint(dir, ['--max-file-size', 'big', 'Dockerfile']).status, 2);
  });
});
