/**
 * The CLI as a user installs it before it is in the npm registry: `npm pack` makes a tarball, and
 * `npm install -g ./cachemount-<version>.tgz` installs it on a machine that has nothing of ours. The bundles
 * contain every runtime dependency, so the package declares none and the install needs no network.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** What `npm pack` puts in the tarball: the bundles the bin runs, the docs they link to, nothing else. */
const PACKED = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'dist/cli-main.js',
  'dist/cli.js',
  'dist/server.js',
  'docs/rules.md',
  'package.json',
  'schemas/cachemount.schema.json',
];

describe('the CLI tarball', { timeout: 180_000 }, () => {
  let temp: string;
  let tarball: string;
  let files: string[];

  before(() => {
    temp = mkdtempSync(join(tmpdir(), 'cachemount-pack-'));
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', temp], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(packed.status, 0, `npm pack failed:\n${packed.stderr}`);
    // npm prints the prepare script's output before the JSON.
    const json = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const [info] = json;
    assert.ok(info);
    tarball = join(temp, info.filename);
    files = info.files.map((f) => f.path).sort();
  });

  after(() => rmSync(temp, { recursive: true, force: true }));

  it('holds the bundles and the docs, and declares no runtime dependency', () => {
    assert.deepEqual(files, PACKED);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.dependencies, undefined, 'the bundles contain everything the CLI runs');
  });

  it('installs with npm install -g from the tarball on a fresh machine, offline, and lints', () => {
    const home = join(temp, 'home');
    const prefix = join(temp, 'prefix');
    const work = join(temp, 'work');
    for (const dir of [home, prefix, work]) mkdirSync(dir, { recursive: true });
    // An empty HOME, npm cache and global prefix: nothing from this machine's npm setup is used.
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      npm_config_cache: join(temp, 'npm-cache'),
      npm_config_userconfig: join(home, '.npmrc'),
      npm_config_globalconfig: join(home, 'npmrc-global'),
      npm_config_prefix: prefix,
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    };
    const install = spawnSync('npm', ['install', '-g', tarball, '--offline'], { env, encoding: 'utf8' });
    assert.equal(install.status, 0, `npm install -g failed:\n${install.stdout}\n${install.stderr}`);
    const bin = join(prefix, 'bin', 'cachemount');

    const versionRun = spawnSync(bin, ['--version'], { env, cwd: work, encoding: 'utf8' });
    assert.equal(versionRun.status, 0, versionRun.stderr);
    assert.equal(versionRun.stdout.trim(), version);

    // A folder without Dockerfiles is a usage problem, said in one line (exit 2), as README's exit codes say.
    const empty = spawnSync(bin, ['lint', '.'], { env, cwd: work, encoding: 'utf8' });
    assert.equal(empty.status, 2, empty.stderr);
    assert.match(empty.stderr, /^cachemount: \.: no Dockerfiles found/);

    writeFileSync(
      join(work, 'Dockerfile'),
      'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n',
    );
    const lint = spawnSync(bin, ['lint', '.'], { env, cwd: work, encoding: 'utf8' });
    assert.equal(lint.status, 1, lint.stderr);
    assert.match(lint.stdout, /Dockerfile:2:\d+ +warning +sharing-locked-required/);
  });
});
