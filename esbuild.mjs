// One build script for all three bundles. `--production` minifies and drops source maps; `--outdir DIR`
// writes them elsewhere than dist/ (the security test reads bundles it built itself).
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt === -1 ? 'dist' : process.argv[outdirAt + 1];

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  define: { __CACHEMOUNT_VERSION__: JSON.stringify(version) },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  // docs/rules.md is the help the CLI's SARIF output gives for each rule.
  loader: { '.md': 'text' },
};

/**
 * The language server and the CLI run no commands. vscode-languageserver/node still bundles helpers that
 * would (`Files.resolveModulePath` forks node, `resolveGlobalNodePath` runs npm); nothing calls them, and
 * this plugin makes sure nothing can: `child_process` resolves to a module whose functions throw.
 * test/reliability/security.test.ts checks the bundles.
 */
const noChildProcess = {
  name: 'no-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, () => ({
      path: 'child_process',
      namespace: 'refused',
    }));
    build.onLoad({ filter: /.*/, namespace: 'refused' }, () => ({
      contents:
        "const refuse = () => { throw new Error('cachemount runs no commands'); };\n" +
        'module.exports = { fork: refuse, spawn: refuse, spawnSync: refuse, exec: refuse, execSync: refuse, execFile: refuse, execFileSync: refuse };\n',
      loader: 'js',
    }));
  },
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: { extension: 'client/src/extension.ts' },
    outdir,
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: { server: 'server/src/main.ts' },
    outdir,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [noChildProcess],
  }),
  // The CLI itself, which the bin compiles inside a function (no shebang line).
  esbuild.build({
    ...common,
    entryPoints: { 'cli-main': 'server/src/cli/main.ts' },
    outdir,
    plugins: [noChildProcess],
  }),
]);

// The bin: a small launcher that runs dist/cli-main.js with V8's code cache (server/src/cli/launch.ts),
// keyed by a hash of the bundle's bytes.
const cliMainHash = createHash('sha256')
  .update(readFileSync(`${outdir}/cli-main.js`))
  .digest('hex')
  .slice(0, 16);
await esbuild.build({
  ...common,
  define: { ...common.define, __CACHEMOUNT_CLI_MAIN_HASH__: JSON.stringify(cliMainHash) },
  entryPoints: { cli: 'server/src/cli/launch.ts' },
  outdir,
  banner: { js: '#!/usr/bin/env node' },
  plugins: [noChildProcess],
});

// The CLI is a bin with a shebang: executable, as npm makes bins when it installs them.
chmodSync(`${outdir}/cli.js`, 0o755);
