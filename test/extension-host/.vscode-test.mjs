// @vscode/test-cli's configuration for the same suite, on a machine that has or can download VS Code:
//   node test/extension-host/build.mjs && npx vscode-test --config test/extension-host/.vscode-test.mjs
// CACHEMOUNT_VSCODE_EXECUTABLE=/path/to/code uses an installed VS Code instead of a download.
// test/extension-host/run.mjs is the runner `npm test` uses: it also falls back to code-server offline.
import { defineConfig } from '@vscode/test-cli';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const executable = process.env.CACHEMOUNT_VSCODE_EXECUTABLE;

export default defineConfig({
  label: 'extension-host',
  files: join(root, '.cache', 'extension-host', 'cachemount.suite.js'),
  extensionDevelopmentPath: root,
  workspaceFolder: join(import.meta.dirname, 'fixtures', 'workspace'),
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'bdd', timeout: 120_000 },
  ...(executable ? { useInstallation: { fromPath: executable } } : {}),
});
