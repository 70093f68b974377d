// Bundles the extension-host suite for VS Code to load: .cache/extension-host/index.js (the
// extensionTestsPath module) and .cache/extension-host/cachemount.suite.js (the mocha tests). `vscode` is
// provided by the extension host and `mocha` is loaded from node_modules, so that the tests and whichever
// runner loads them (suite/index.ts or @vscode/test-cli) share one mocha. Run directly to only build.
import * as esbuild from 'esbuild';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const outdir = join(root, '.cache', 'extension-host');

export async function buildSuite() {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      index: 'test/extension-host/suite/index.ts',
      'cachemount.suite': 'test/extension-host/suite/cachemount.suite.ts',
    },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return { index: join(outdir, 'index.js'), suite: join(outdir, 'cachemount.suite.js') };
}

if (process.argv[1] === import.meta.filename) {
  const built = await buildSuite();
  console.log(`built ${built.index} and ${built.suite}`);
}
