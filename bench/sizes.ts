// Sizes of what users download: the bundles and the packaged extension (`npm run package` builds them).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type Sizes = Record<
  'extension.js' | 'server.js' | 'cli.js' | 'cli-main.js' | 'cachemount.vsix',
  number | null
>;

const DIST = join(__dirname, '..', 'dist');

export function measureSizes(): Sizes {
  const size = (name: string): number | null => {
    const file = join(DIST, name);
    return existsSync(file) ? statSync(file).size : null;
  };
  return {
    'extension.js': size('extension.js'),
    'server.js': size('server.js'),
    'cli.js': size('cli.js'),
    'cli-main.js': size('cli-main.js'),
    'cachemount.vsix': size('cachemount.vsix'),
  };
}
