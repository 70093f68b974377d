// One build script for all three bundles. `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
// `--outdir=<folder>` builds elsewhere than dist/ (the bench check sizes production bundles without touching
// dist/, which other tests are using).
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  define: { __CACHEMOUNT_VERSION__: JSON.stringify(version) },
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
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
    entryPoints: { server: 'server/src/main.ts', cli: 'server/src/cli/main.ts' },
    outdir,
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
