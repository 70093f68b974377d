import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cacheChecksumsAvailable, CHECKSUM_FLAG } from '../../server/src/cli/compileCache';
import { tierUpFlag } from '../../server/src/cli/tierUp';
import { APT, CLI, run, workspace } from './helpers';

const MAIN = join(CLI, '..', 'cli-main.js');

const supported = cacheChecksumsAvailable();

/** A run of the CLI on a file with one warning, its compile cache in `cacheRoot`. */
function lint(cacheRoot: string, env: NodeJS.ProcessEnv = {}, args = ['lint', 'Dockerfile']) {
  const root = workspace({ Dockerfile: APT });
  return run(args, { cwd: root, env: { NODE_COMPILE_CACHE: cacheRoot, ...env } });
}

const folderOf = (cacheRoot: string): string => join(cacheRoot, 'cachemount');
const entries = (cacheRoot: string): string[] =>
  existsSync(folderOf(cacheRoot)) ? readdirSync(folderOf(cacheRoot)).sort() : [];
const cacheFile = (cacheRoot: string): string | undefined => {
  const name = entries(cacheRoot).find((e) => e.endsWith('.v8-cache'));
  return name === undefined ? undefined : join(folderOf(cacheRoot), name);
};

/** A check that V8 accepts the cache file `argv[2]` for the script `argv[1]`, wrapped as the launcher does. */
const CHECK = `const vm = require('node:vm'), fs = require('node:fs'), Module = require('node:module');
const [file, cache] = process.argv.slice(1);
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: fs.readFileSync(cache) });
process.stdout.write(String(script.cachedDataRejected));`;

/**
 * Whether a cache file holds code V8 takes as dist/cli-main.js's, as the launcher compiles it: in a process of
 * its own (V8 takes a script it compiled before from its own cache, and ignores the data then), under the
 * launcher's flags (a cache is accepted only under the flags it was made with).
 */
function acceptedByV8(file: string): boolean {
  const flags = [tierUpFlag(), CHECKSUM_FLAG].filter((flag) => flag !== undefined);
  const check = spawnSync(process.execPath, [...flags, '-e', CHECK, MAIN, file], { encoding: 'utf8' });
  assert.equal(check.stderr, '');
  return check.stdout === 'false';
}

describe('cachemount lint: V8 compile cache', { skip: !supported && 'needs V8 11 to 14' }, () => {
  it('leaves a marker on the first run, writes a cache V8 accepts on the second, and reads it after', () => {
    const cacheRoot = mkdtempSync(join(tmpdir(), 'cachemount-cc-'));
    const first = lint(cacheRoot);
    assert.equal(first.code, 1);
    assert.deepEqual(
      entries(cacheRoot).map((e) => e.replace(/^cli-[0-9a-f]{16}-/, '')),
      [`${process.version}-${process.platform}-${process.arch}.seen`],
    );
    const second = lint(cacheRoot);
    const file = cacheFile(cacheRoot);
    assert.ok(file, 'the second run keeps the compiled code');
    assert.ok(acceptedByV8(file));
    if (process.platform !== 'win32') {
      assert.equal(statSync(folderOf(cacheRoot)).mode & 0o777, 0o700);
      assert.equal(statSync(file).mode & 0o777, 0o600);
    }
    const written = statSync(file).mtimeMs;
    const third = lint(cacheRoot);
    assert.equal(statSync(file).mtimeMs, written, 'an accepted cache is read, not rewritten');
    assert.deepEqual([second, third], [first, first]);
  });

  it('keeps no cache from a run that only printed the version', () => {
    const cacheRoot = mkdtempSync(join(tmpdir(), 'cachemount-cc-'));
    lint(cacheRoot, {}, ['--version']);
    const version = lint(cacheRoot, {}, ['--version']);
    assert.equal(version.code, 0);
    assert.equal(cacheFile(cacheRoot), undefined);
  });

  it('runs as without a cache, and replaces it, when the cache is damaged', () => {
    const cacheRoot = mkdtempSync(join(tmpdir(), 'cachemount-cc-'));
    const expected = lint(cacheRoot);
    lint(cacheRoot);
    const file = cacheFile(cacheRoot);
    assert.ok(file);
    const good = readFileSync(file);
    // V8 itself checks only its header, and aborts the process on a damaged body (the third case).
    const flipped = Buffer.from(good);
    const middle = flipped.length >> 1;
    flipped.writeUInt8(flipped.readUInt8(middle) ^ 0xff, middle);
    for (const damaged of [good.subarray(0, good.length >> 1), Buffer.alloc(good.length, 0x5a), flipped]) {
      writeFileSync(file, damaged);
      assert.deepEqual(lint(cacheRoot), expected);
      assert.ok(acceptedByV8(file), 'rewritten with good code');
    }
  });

  it('runs without a cache when it is turned off or its folder cannot be used', () => {
    const off = mkdtempSync(join(tmpdir(), 'cachemount-cc-'));
    const expected = lint(off, { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(expected.code, 1);
    lint(off, { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.deepEqual(entries(off), []);

    // A file where the folder should be: nothing can be created (even by root).
    const blocked = join(mkdtempSync(join(tmpdir(), 'cachemount-cc-')), 'file');
    writeFileSync(blocked, '');
    assert.deepEqual(lint(blocked), expected);
    assert.deepEqual(lint(blocked), expected);

    // A folder where the cache file should be: it can be neither read nor replaced.
    const odd = mkdtempSync(join(tmpdir(), 'cachemount-cc-'));
    lint(odd);
    const seen = entries(odd)[0] ?? '';
    assert.ok(seen.endsWith('.seen'));
    mkdirSync(join(folderOf(odd), seen.replace(/\.seen$/, '.v8-cache')));
    assert.deepEqual(lint(odd), expected);
    assert.deepEqual(lint(odd), expected);
    assert.deepEqual(
      entries(odd).filter((e) => e.endsWith('.tmp')),
      [],
      'no temporary file left behind',
    );

    if (process.platform !== 'win32') {
      // A folder others can write to could hold code someone else put there: never read nor written.
      const shared = mkdtempSync(join(tmpdir(), 'cachemount-cc-'));
      lint(shared);
      chmodSync(folderOf(shared), 0o777);
      assert.deepEqual(lint(shared), expected);
      assert.equal(cacheFile(shared), undefined);
    }
  });

  it('removes caches of other builds that were not written for a month, and keeps recent ones', () => {
    const cacheRoot = mkdtempSync(join(tmpdir(), 'cachemount-cc-'));
    lint(cacheRoot);
    const suffix = `-${process.version}-${process.platform}-${process.arch}.v8-cache`;
    const old = join(folderOf(cacheRoot), `cli-0123456789abcdef${suffix}`);
    const recent = join(folderOf(cacheRoot), `cli-fedcba9876543210${suffix}`);
    const unrelated = join(folderOf(cacheRoot), 'notes.txt');
    for (const file of [old, recent, unrelated]) writeFileSync(file, 'x');
    const twoMonthsAgo = new Date(Date.now() - 60 * 24 * 60 * 60 * 1000);
    utimesSync(old, twoMonthsAgo, twoMonthsAgo);
    utimesSync(unrelated, twoMonthsAgo, twoMonthsAgo);
    lint(cacheRoot);
    const own = entries(cacheRoot).filter(
      (e) => e.endsWith('.v8-cache') && !join(folderOf(cacheRoot), e).match(/cli-(0123|fedc)/),
    );
    assert.equal(own.length, 1, "this build's cache is written");
    assert.equal(existsSync(old), false);
    assert.ok(existsSync(recent));
    assert.ok(existsSync(unrelated));
  });
});
