import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WriteError, writeFileAtomically } from '../../server/src/cli/fixFile';
import { APT, CLEAN, FIXTURES, run, workspace } from './helpers';

/**
 * Each fixture `<case>.Dockerfile` has the text `--fix` must produce in `<case>.expected`: multi's with
 * unsafe fixes too (it has one of most kinds of fix), typos' with safe fixes only.
 */
const CASES: Record<string, string[]> = { multi: ['--unsafe-fixes'], typos: [] };
const input = (name: string) => readFileSync(join(FIXTURES, 'fix', `${name}.Dockerfile`), 'utf8');
const expectedText = (name: string) => readFileSync(join(FIXTURES, 'fix', `${name}.expected`), 'utf8');

/** The same Dockerfile as saved by other editors: the fixed file must be saved the same way. */
const VARIANTS: Record<string, (text: string) => string> = {
  lf: (text) => text,
  'crlf-bom': (text) => '\uFEFF' + text.replace(/\n/g, '\r\n'),
  'no-final-newline': (text) => text.replace(/\n$/, ''),
};

const temporaryFiles = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

describe('cachemount lint --fix', () => {
  for (const [name, args] of Object.entries(CASES))
    for (const [variant, saved] of Object.entries(VARIANTS))
      it(`fixes ${name} (${variant}) to the expected text, and a second run changes nothing`, () => {
        const root = workspace({ Dockerfile: saved(input(name)) });
        chmodSync(join(root, 'Dockerfile'), 0o640);
        const first = run(['lint', '--no-config', '--fix', ...args, 'Dockerfile'], { cwd: root });
        assert.match(first.stdout, /^Fixed \d+ problems? in Dockerfile \(/);
        const fixed = readFileSync(join(root, 'Dockerfile'), 'utf8');
        assert.equal(fixed, saved(expectedText(name)));
        assert.equal(statSync(join(root, 'Dockerfile')).mode & 0o777, 0o640, 'mode kept');
        assert.deepEqual(temporaryFiles(root), []);

        const before = statSync(join(root, 'Dockerfile')).mtimeMs;
        const second = run(['lint', '--no-config', '--fix', ...args, 'Dockerfile'], { cwd: root });
        assert.doesNotMatch(second.stdout, /Fixed/);
        assert.equal(readFileSync(join(root, 'Dockerfile'), 'utf8'), fixed);
        assert.equal(statSync(join(root, 'Dockerfile')).mtimeMs, before, 'not rewritten');
        assert.equal(second.code, first.code);
      });

  it('applies only the safe fixes of multi without --unsafe-fixes, and lists the others', () => {
    const root = workspace({ Dockerfile: input('multi') });
    const { stdout } = run(['lint', '--no-config', '--fix', 'Dockerfile'], { cwd: root });
    assert.equal(readFileSync(join(root, 'Dockerfile'), 'utf8'), expectedText('multi.safe'));
    assert.match(stdout, /^Fixed 1 problem in Dockerfile \(mount-syntax: Change to locked\)$/m);
    assert.match(stdout, /^2 unsafe fixes not applied: /m);
    assert.match(
      stdout,
      /^ {2}Dockerfile:3:\d+ {2}apt-docker-clean: Insert a RUN that removes docker-clean before this one$/m,
    );
  });

  it('reports each change and exits by what is left: 1 while a warning without fix remains, 0 when none', () => {
    const root = workspace({ 'multi.Dockerfile': input('multi'), 'typos.Dockerfile': input('typos') });
    const { code, stdout } = run(['lint', '--no-config', '--fix', '--unsafe-fixes', '.'], { cwd: root });
    assert.equal(code, 1);
    const lines = stdout.split('\n');
    assert.equal(
      lines[0],
      // sharing=locked comes last: until docker-clean is removed, apt-docker-clean calls that cache emptied.
      'Fixed 4 problems in multi.Dockerfile (apt-docker-clean: Insert a RUN that removes docker-clean before this one; ' +
        'mount-syntax: Change to locked; id-undefined-variable: Declare ARG TARGETARCH in this stage; ' +
        'sharing-locked-required: Add sharing=locked)',
    );
    assert.equal(
      lines[1],
      'Fixed 3 problems in typos.Dockerfile (mount-syntax: Change to private; mount-syntax: Change to cache; ' +
        'prefer-tmpfs: Change to type=tmpfs)',
    );
    assert.equal(lines[2], 'Fixed 7 problems in 2 files.');
    // What is left is reported against the fixed text.
    assert.match(stdout, /multi\.Dockerfile:10:42 {2}warning {2}cache-target-unused/);
    assert.match(stdout, /1 problem \(1 warning\) in 1 file of 2 checked\./);
    const clean = workspace({ 'typos.Dockerfile': input('typos') });
    assert.equal(run(['lint', '--no-config', '--fix', '.'], { cwd: clean }).code, 0);
  });

  it('keeps stdout machine-readable: with --format json the changes are reported on stderr', () => {
    const root = workspace({ Dockerfile: APT });
    const { code, stdout, stderr } = run(['lint', '--no-config', '--fix', '--format', 'json'], { cwd: root });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), []);
    assert.match(stderr, /^Fixed 1 problem in Dockerfile \(sharing-locked-required: Add sharing=locked\)\n/);
    assert.equal(readFileSync(join(root, 'Dockerfile'), 'utf8'), CLEAN);
  });

  it('does not touch a file with nothing to fix', () => {
    const root = workspace({ Dockerfile: CLEAN });
    utimesSync(join(root, 'Dockerfile'), 1_000_000, 1_000_000);
    const { code, stdout } = run(['lint', '--no-config', '--fix'], { cwd: root });
    assert.equal(code, 0);
    assert.equal(stdout, 'No problems found in 1 file.\n');
    assert.equal(statSync(join(root, 'Dockerfile')).mtimeMs, 1_000_000_000);
  });

  it('writes through a symlink to its target and keeps the link', () => {
    const root = workspace({ 'real/Dockerfile': APT });
    mkdirSync(join(root, 'linked'));
    symlinkSync(join(root, 'real', 'Dockerfile'), join(root, 'linked', 'Dockerfile'));
    const { code } = run(['lint', '--no-config', '--fix', 'linked/Dockerfile'], { cwd: root });
    assert.equal(code, 0);
    assert.ok(lstatSync(join(root, 'linked', 'Dockerfile')).isSymbolicLink());
    assert.equal(readFileSync(join(root, 'real', 'Dockerfile'), 'utf8'), CLEAN);
  });

  it('--dry-run prints a unified diff that git apply turns into the expected files, and writes nothing', () => {
    const root = workspace({
      'multi.Dockerfile': input('multi'),
      'sub/typos.Dockerfile': VARIANTS['crlf-bom']?.(input('typos')) ?? '',
      'clean.Dockerfile': CLEAN,
    });
    const { code, stdout, stderr } = run(['lint', '--no-config', '--fix', '--dry-run', '.'], { cwd: root });
    assert.equal(code, 1, 'the files on disk still have problems');
    assert.match(
      stderr,
      /^Would fix 3 problems in 2 files; nothing was written\.\n3 unsafe fixes not applied /,
    );
    assert.equal(readFileSync(join(root, 'multi.Dockerfile'), 'utf8'), input('multi'));
    assert.match(stdout, /^--- a\/multi\.Dockerfile\n\+\+\+ b\/multi\.Dockerfile\n@@ -1,7 \+1,7 @@\n/);
    assert.doesNotMatch(stdout, /^\+ARG TARGETARCH$/m, 'an unsafe fix');
    assert.doesNotMatch(stdout, /clean\.Dockerfile/);
    writeFileSync(join(root, 'fixes.diff'), stdout);
    const applied = spawnSync('git', ['apply', 'fixes.diff'], { cwd: root, encoding: 'utf8' });
    assert.equal(applied.status, 0, applied.stderr);
    assert.equal(readFileSync(join(root, 'multi.Dockerfile'), 'utf8'), expectedText('multi.safe'));
    assert.equal(
      readFileSync(join(root, 'sub/typos.Dockerfile'), 'utf8'),
      VARIANTS['crlf-bom']?.(expectedText('typos')),
    );
  });

  it('--dry-run on standard input diffs it under its name; --fix alone refuses standard input', () => {
    const diff = run(['lint', '--no-config', '--fix', '--dry-run', '--stdin-filename', 'Dockerfile', '-'], {
      input: APT,
    });
    assert.match(diff.stdout, /^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n/);
    const refused = run(['lint', '--fix', '-'], { input: APT });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^cachemount: --fix cannot write to standard input/);
    for (const args of [['--dry-run'], ['--fix', '--dry-run', '--format', 'json']]) {
      const usage = run(['lint', ...args]);
      assert.equal(usage.code, 2, args.join(' '));
    }
  });
});

describe('writeFileAtomically', () => {
  const setup = () => {
    const root = workspace({ Dockerfile: APT });
    const file = join(root, 'Dockerfile');
    return { root, file, bytes: readFileSync(file) };
  };

  it('refuses a file whose bytes changed since they were read', async () => {
    const { root, file } = setup();
    await assert.rejects(
      writeFileAtomically(file, Buffer.from('FROM something else\n'), Buffer.from(CLEAN)),
      (error: unknown) => error instanceof WriteError && /changed on disk/.test(error.message),
    );
    assert.equal(readFileSync(file, 'utf8'), APT);
    assert.deepEqual(temporaryFiles(root), []);
  });

  it('refuses when the file changes while the new content is written, and removes its temporary file', async () => {
    const { root, file, bytes } = setup();
    const editorSave = {
      writeNew(temporary: string, data: Buffer) {
        writeFileSync(temporary, data);
        writeFileSync(file, 'FROM saved-by-an-editor\n');
        return Promise.resolve();
      },
    };
    await assert.rejects(writeFileAtomically(file, bytes, Buffer.from(CLEAN), editorSave), /changed on disk/);
    assert.equal(readFileSync(file, 'utf8'), 'FROM saved-by-an-editor\n');
    assert.deepEqual(temporaryFiles(root), []);
  });

  it('leaves the original whole when the write fails halfway (disk full)', async () => {
    const { root, file, bytes } = setup();
    const fullDisk = {
      writeNew(temporary: string, data: Buffer) {
        writeFileSync(temporary, data.subarray(0, data.length >> 1));
        return Promise.reject(
          Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
        );
      },
    };
    await assert.rejects(
      writeFileAtomically(file, bytes, Buffer.from(CLEAN), fullDisk),
      (error: unknown) =>
        error instanceof WriteError &&
        error.message === 'cannot write fixes: no space left on device; the file was not changed',
    );
    assert.equal(readFileSync(file, 'utf8'), APT);
    assert.deepEqual(temporaryFiles(root), []);
  });

  it('writes and leaves no temporary file behind', async () => {
    const { root, file, bytes } = setup();
    await writeFileAtomically(file, bytes, Buffer.from(CLEAN));
    assert.equal(readFileSync(file, 'utf8'), CLEAN);
    assert.deepEqual(temporaryFiles(root), []);
    assert.equal(existsSync(file), true);
  });
});
