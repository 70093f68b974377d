import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, FIXTURES, noStack, run, workspace } from './helpers';

const input = readFileSync(join(FIXTURES, 'fix', 'typos.Dockerfile'), 'utf8');
const expected = readFileSync(join(FIXTURES, 'fix', 'typos.expected'), 'utf8');
const isRoot = process.getuid?.() === 0;

/**
 * A small tmpfs of its own, so a test can fill it or make it read-only without touching anything else. Needs
 * root and a kernel that allows the mount (CI runs as root); undefined otherwise, and the test says so.
 */
function mountTmpfs(kilobytes: number): string | undefined {
  if (!isRoot) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cachemount-tmpfs-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k`, 'cachemount-test', dir]);
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return dir;
}

function unmount(dir: string): void {
  spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
}

const temporaryFiles = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.tmp'));

describe('CLI faults', () => {
  it('a full disk: the fix is not written, the file stays whole, the message says why, other files are fixed', (t) => {
    const disk = mountTmpfs(64);
    if (!disk) return t.skip('needs root and permission to mount a tmpfs');
    try {
      writeFileSync(join(disk, 'Dockerfile'), input);
      try {
        writeFileSync(join(disk, 'filler'), Buffer.alloc(1 << 20));
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'ENOSPC');
      }
      assert.equal(statfsSync(disk).bavail, 0, 'the tmpfs is full');
      const elsewhere = workspace({ Dockerfile: input });

      const { code, stdout, stderr } = run(
        ['lint', '--no-config', '--fix', 'Dockerfile', join(elsewhere, 'Dockerfile')],
        {
          cwd: disk,
        },
      );
      assert.equal(code, 2);
      assert.equal(
        stderr,
        'cachemount: Dockerfile: cannot write fixes: no space left on device; the file was not changed\n',
      );
      noStack(stderr);
      assert.equal(readFileSync(join(disk, 'Dockerfile'), 'utf8'), input);
      assert.deepEqual(temporaryFiles(disk), []);
      assert.equal(readFileSync(join(elsewhere, 'Dockerfile'), 'utf8'), expected, 'the other file is fixed');
      // Its problems are still reported, against the text left on disk.
      assert.match(stdout, /^Dockerfile:3:50 {2}error {2}mount-syntax/m);

      rmSync(join(disk, 'filler'));
      assert.equal(run(['lint', '--no-config', '--fix', 'Dockerfile'], { cwd: disk }).code, 0);
      assert.equal(
        readFileSync(join(disk, 'Dockerfile'), 'utf8'),
        expected,
        'with space, the same run fixes it',
      );
    } finally {
      unmount(disk);
    }
  });

  it('a read-only target: a read-only file system (or folder), and a read-only file', (t) => {
    const readOnlyFile = workspace({ Dockerfile: input });
    chmodSync(join(readOnlyFile, 'Dockerfile'), 0o444);
    const file = run(['lint', '--no-config', '--fix'], { cwd: readOnlyFile });
    assert.equal(file.code, 2);
    assert.equal(
      file.stderr,
      'cachemount: Dockerfile: cannot write fixes: the file is read-only; it was not changed\n',
    );
    assert.equal(readFileSync(join(readOnlyFile, 'Dockerfile'), 'utf8'), input);

    if (!isRoot) {
      // Without root, a folder without write permission is a read-only target.
      const folder = workspace({ 'ro/Dockerfile': input });
      chmodSync(join(folder, 'ro'), 0o555);
      const result = run(['lint', '--no-config', '--fix', 'ro/Dockerfile'], { cwd: folder });
      chmodSync(join(folder, 'ro'), 0o755);
      assert.equal(result.code, 2);
      assert.match(
        result.stderr,
        /^cachemount: ro\/Dockerfile: cannot write fixes: permission denied; the file was not changed\n$/,
      );
      assert.equal(readFileSync(join(folder, 'ro', 'Dockerfile'), 'utf8'), input);
      return;
    }
    // Root writes into any folder whatever its mode: a file system mounted read-only stops it.
    const disk = mountTmpfs(256);
    if (!disk) return t.skip('needs permission to mount a tmpfs');
    try {
      writeFileSync(join(disk, 'Dockerfile'), input);
      const remount = spawnSync('mount', ['-o', 'remount,ro', disk]);
      assert.equal(remount.status, 0, String(remount.stderr));
      const result = run(['lint', '--no-config', '--fix', 'Dockerfile'], { cwd: disk });
      assert.equal(result.code, 2);
      assert.equal(
        result.stderr,
        'cachemount: Dockerfile: cannot write fixes: read-only file system; the file was not changed\n',
      );
      assert.equal(readFileSync(join(disk, 'Dockerfile'), 'utf8'), input);
    } finally {
      unmount(disk);
    }
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    it(`--fix stopped by ${signal}: each file is either untouched or fully fixed`, async () => {
      const count = 300;
      const files: Record<string, string> = {};
      for (let i = 0; i < count; i++) files[`svc${String(i).padStart(3, '0')}/Dockerfile`] = input;
      const root = workspace(files);
      const child = spawn(process.execPath, [CLI, 'lint', '--no-config', '--fix', '.'], {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stdout = '';
      let stderr = '';
      let signalled = false;
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        // Interrupt as soon as the first file has been written, while the others wait.
        if (!signalled && stdout.includes('Fixed ')) {
          signalled = true;
          child.kill(signal);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code, endedBy] = await new Promise<[number | null, string | null]>((resolve) =>
        child.on('close', (...end) => resolve(end)),
      );

      // Either after a write (exit code 128 + n) or by the signal itself, as shells report both.
      assert.ok(
        code === (signal === 'SIGINT' ? 130 : 143) || endedBy === signal,
        `${code} ${endedBy} ${stderr}`,
      );
      const states = Object.keys(files).map((name) => readFileSync(join(root, name), 'utf8'));
      const fixed = states.filter((text) => text === expected).length;
      const untouched = states.filter((text) => text === input).length;
      assert.equal(fixed + untouched, count, 'no file is half-written or otherwise changed');
      assert.ok(fixed >= 1 && untouched >= 1, `fixed ${fixed}, untouched ${untouched}`);
      assert.equal(
        stdout.match(/^Fixed 2 problems in svc\d+\/Dockerfile/gm)?.length,
        fixed,
        'every change reported',
      );
      assert.deepEqual(temporaryFiles(root), []);
      // A signal during a write lets it finish and stops before the next file; between writes it stops at once.
      assert.ok(
        stderr === `cachemount: interrupted (${signal}): ${untouched} files not reached, left unchanged\n` ||
          stderr === `cachemount: interrupted (${signal}): stopped; files not yet written are unchanged\n`,
        stderr,
      );
    });

  it('a named pipe is refused at once, never read: --fix writes the other files and exits 2', () => {
    // Reading a named pipe would block until someone writes to it (issue 19): the safe reader opens it
    // non-blocking and refuses it before any read, so no run can be stuck on one.
    const root = workspace({ 'a/Dockerfile': input });
    assert.equal(spawnSync('mkfifo', [join(root, 'stuck')]).status, 0);
    const { code, stderr } = run(['lint', '--no-config', '--fix', 'a/Dockerfile', 'stuck'], { cwd: root });
    assert.equal(code, 2);
    assert.equal(stderr, 'cachemount: stuck: is a named pipe, not a regular file\n');
    assert.equal(readFileSync(join(root, 'a', 'Dockerfile'), 'utf8'), expected);
    assert.deepEqual(temporaryFiles(root), []);
  });

  it('a device is refused, and so is a pipe: one line each, exit 2', () => {
    const device = run(['lint', '/dev/zero']);
    assert.equal(device.code, 2);
    assert.equal(device.stderr, 'cachemount: /dev/zero: not a file or folder (a device or socket)\n');
    const root = workspace();
    assert.equal(spawnSync('mkfifo', [join(root, 'pipe')]).status, 0);
    const pipe = run(['lint', '--no-config', '--fix', 'pipe'], { cwd: root });
    assert.equal(pipe.code, 2);
    assert.equal(pipe.stderr, 'cachemount: pipe: is a named pipe, not a regular file\n');
  });

  it('a folder of other files, and one whose only Dockerfile git ignores: exit 2 and say what was looked for', () => {
    const root = workspace({
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d]),
      'assets/notes.md': '# notes',
      'assets/build.sh': 'docker build .',
      'generated/.gitignore': 'Dockerfile\n',
      'generated/Dockerfile': input,
    });
    for (const folder of ['assets', 'generated']) {
      const { code, stdout, stderr } = run(['lint', folder], { cwd: root });
      assert.equal(code, 2, folder);
      assert.equal(
        stderr,
        `cachemount: ${folder}: no Dockerfiles found (looked for Dockerfile, Containerfile, Dockerfile.*, ` +
          `*.dockerfile; skipped what .gitignore and --exclude leave out)\n`,
      );
      assert.equal(stdout, '');
    }
  });

  it('an unreadable folder inside the tree is reported, and the rest is linted', (t) => {
    if (isRoot) return t.skip('root reads every folder whatever its mode');
    const root = workspace({ 'a/Dockerfile': input, 'b/Dockerfile': input });
    mkdirSync(join(root, 'locked'));
    chmodSync(join(root, 'locked'), 0o000);
    const { code, stdout, stderr } = run(['lint', '--no-config', '.'], { cwd: root });
    chmodSync(join(root, 'locked'), 0o755);
    assert.equal(code, 2);
    assert.equal(stderr, 'cachemount: locked: cannot read folder: permission denied\n');
    assert.match(stdout, /a\/Dockerfile:3:50/);
  });
});
