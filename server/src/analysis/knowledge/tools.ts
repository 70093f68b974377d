import { isWithin } from '../syntax/paths';

/**
 * What the analysis knows about the caches tools keep, as data: one entry per cache directory, each with
 * the sources its facts come from. Rules match a mount's resolved target against `paths`.
 */
export interface ToolCache {
  /** Stable identifier, e.g. `apt-archives`. */
  id: string;
  tool: string;
  /** What the directory holds, for messages. */
  description: string;
  /** Absolute default locations when the tool runs as root. */
  paths: readonly string[];
  /** Whether two builds may write the cache at the same time. */
  concurrency: 'safe' | 'unsafe' | 'unclear';
  /** What goes wrong when they do, in the tool's own words where possible. */
  concurrencyProblem?: string;
  sources: readonly string[];
}

export const TOOL_CACHES: readonly ToolCache[] = [
  {
    id: 'apt-archives',
    tool: 'apt',
    description: 'downloaded .deb packages',
    paths: ['/var/cache/apt'],
    concurrency: 'unsafe',
    concurrencyProblem:
      'apt takes an exclusive lock on /var/cache/apt/archives/lock, so a second build using the cache at the same time fails with "Could not get lock /var/cache/apt/archives/lock"',
    sources: [
      'Dockerfile reference, RUN --mount=type=cache example (uses sharing=locked for both apt caches)',
      'apt-get(8): apt-get locks the archive directory while downloading (pkgAcquire lock)',
    ],
  },
  {
    id: 'apt-lists',
    tool: 'apt',
    description: 'package lists from apt-get update',
    paths: ['/var/lib/apt'],
    concurrency: 'unsafe',
    concurrencyProblem:
      'apt-get update takes an exclusive lock on /var/lib/apt/lists/lock, so a second build using the cache at the same time fails with "Could not get lock /var/lib/apt/lists/lock"',
    sources: [
      'Dockerfile reference, RUN --mount=type=cache example (uses sharing=locked for both apt caches)',
      'apt-get(8): update locks the lists directory',
    ],
  },
];

/** The tool cache a mount target belongs to: the target is the cache directory or lies below it. */
export function findToolCache(absoluteTarget: string): ToolCache | undefined {
  return TOOL_CACHES.find((cache) => cache.paths.some((path) => isWithin(absoluteTarget, path)));
}
