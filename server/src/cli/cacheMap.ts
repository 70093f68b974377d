import { analyze } from '../analysis/analyze';
import { cacheMapJson, cacheMapOf } from '../analysis/model/cacheMap';
import { InputError, readDockerfile } from './files';
import { stderr, stdout } from './output';

export interface CacheMapOptions {
  command: 'cache-map';
  file: string;
  /** Target platforms, for ids that use the platform ARGs; undefined: none given. */
  platforms: string[] | undefined;
}

export const CACHE_MAP_USAGE = `Usage: cachemount cache-map [DOCKERFILE] [--platform LIST]

Prints the cache-map JSON of reproducible-containers/buildkit-cache-dance for DOCKERFILE (default:
Dockerfile): one entry per cache its cache mounts use, with the id BuildKit gives it and the uid, gid and
mode that are part of the cache's identity, so the action saves and restores the very caches the build uses.

Options:
  --platform LIST   target platforms (linux/amd64,linux/arm64), needed when an id uses $TARGETPLATFORM,
                    $TARGETARCH, ...: one cache per platform

Exit codes: 0 printed, 2 usage or input error, or a cache whose id the text does not give.
`;

export class CacheMapUsageError extends Error {}

export function parseCacheMapArgs(args: string[]): CacheMapOptions {
  const options: CacheMapOptions = { command: 'cache-map', file: 'Dockerfile', platforms: undefined };
  let file: string | undefined;
  while (args.length > 0) {
    const arg = args.shift() as string;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    if (name === '--platform') {
      const value = inline ?? args.shift();
      if (!value) throw new CacheMapUsageError('--platform needs a value such as linux/amd64,linux/arm64');
      options.platforms = value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
    } else if (name?.startsWith('-') && name !== '-')
      throw new CacheMapUsageError(`unknown option '${name}'`);
    else if (file !== undefined) throw new CacheMapUsageError('cache-map takes one Dockerfile');
    else file = arg;
  }
  if (file !== undefined) options.file = file;
  return options;
}

export async function cacheMapCommand(options: CacheMapOptions): Promise<number> {
  let text;
  try {
    text = (await readDockerfile(options.file)).text;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    stderr.write(`cachemount: ${options.file}: ${error.message}\n`);
    return 2;
  }
  const model = analyze(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { rules: {} }).model;
  const map = cacheMapOf(model, options.platforms ?? []);
  if (map.perPlatform && options.platforms === undefined) {
    stderr.write(
      `cachemount: ${options.file}: a cache id depends on the target platform: give the platforms built with --platform\n`,
    );
    return 2;
  }
  if (map.unknown.length > 0) {
    // A map that silently leaves out a cache would be copied into CI and trusted: nothing rather than part.
    for (const { line, reason } of map.unknown)
      stderr.write(`cachemount: ${options.file}:${line}: cannot map this cache mount: ${reason}\n`);
    return 2;
  }
  stdout.write(`${cacheMapJson(map.entries)}\n`);
  return 0;
}
