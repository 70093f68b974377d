/**
 * The `.vsix` people install: `npm run package` (production bundles, vsce offline). It holds exactly the
 * allowlisted files, minified bundles and no node_modules, stays under 1 MB, and declares what VS Code needs
 * to know before it runs the extension in untrusted or virtual workspaces.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'cachemount.vsix');

const EXPECTED_FILES = [
  'CHANGELOG.md',
  'LICENSE',
  // vsce ls names the README; the package holds the Marketplace page written from it (see below).
  'README.md',
  'dist/extension.js',
  'dist/server.js',
  'docs/images/icon.png',
  'docs/rules.md',
  'package.json',
  'schemas/cachemount.schema.json',
  'syntaxes/dockerfile-mount.injection.tmLanguage.json',
];

describe('the packaged extension', { timeout: 120_000 }, () => {
  before(() => {
    const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, `npm run package failed:\n${result.stdout}\n${result.stderr}`);
  });

  it('holds exactly the allowlisted files', () => {
    const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    const files = result.stdout.split('\n').filter(Boolean).sort();
    assert.deepEqual(files, EXPECTED_FILES);
  });

  it('ships a user README (its Marketplace page): README.md without the "From source" section', () => {
    const listed = spawnSync('unzip', ['-p', VSIX, 'extension/readme.md'], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const page = listed.stdout;
    assert.match(page, /^# cachemount\n/);
    assert.match(page, /## Install/);
    assert.doesNotMatch(page, /## From source|npm ci && npm start/);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const field of ['icon', 'galleryBanner', 'homepage', 'bugs', 'repository'])
      assert.ok(manifest[field], `package.json sets ${field} for the Marketplace`);
  });

  it('is under 1 MB with minified bundles', () => {
    const size = statSync(VSIX).size;
    assert.ok(size < 1024 * 1024, `${VSIX} is ${size} bytes`);
    for (const bundle of ['extension.js', 'server.js']) {
      const text = readFileSync(join(ROOT, 'dist', bundle), 'utf8');
      const lines = text.split('\n').length;
      assert.ok(text.length / lines > 1000, `dist/${bundle} does not look minified: ${lines} lines`);
    }
  });

  it('declares untrusted and virtual workspace support, its commands and the fix-all on save kind', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: boolean }; virtualWorkspaces: boolean };
      contributes: { commands: Array<{ command: string }> };
      main: string;
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
    assert.equal(manifest.main, './dist/extension.js');
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), [
      'cachemount.fixAll',
      'cachemount.restartServer',
      'cachemount.showOutput',
    ]);
  });
});
