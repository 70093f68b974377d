import type { DockerfileModel, Mount } from '../model/types';
import type { Range, RelatedLocation } from '../types';
import { replaceFix } from '../edits/fixes';
import { defineRule } from './rule';

/**
 * Dockerfile frontend versions that introduced what a mount uses, from the dockerfile/* tags of
 * moby/buildkit that first contain each change: `--mount` left experimental in 1.2.0; tmpfs `size`
 * arrived in 1.4.0 (commit 87e1fa7ec); secret `env` in 1.10.0 (commit 96f746bca).
 */
interface Feature {
  name: string;
  since: readonly [number, number];
  /** Experimental releases before `since` had it too. */
  experimental: boolean;
  uses(mount: Mount): boolean;
}

const FEATURES: readonly Feature[] = [
  { name: 'RUN --mount', since: [1, 2], experimental: true, uses: () => true },
  {
    name: 'size= on tmpfs mounts',
    since: [1, 4],
    experimental: false,
    uses: (m) => m.effective.type === 'tmpfs' && Boolean(m.effective.last.size),
  },
  {
    name: 'env= on secret mounts',
    since: [1, 10],
    experimental: false,
    uses: (m) => m.effective.type === 'secret' && Boolean(m.effective.last.env),
  },
];

interface Pinned {
  major: number;
  minor: number;
  experimental: boolean;
  version: string;
  range: Range;
}

/** `docker/dockerfile:1.2`, `docker.io/docker/dockerfile:1.0-experimental@sha256:...`; `1` or `latest` pin nothing. */
function pinnedVersion(model: DockerfileModel): Pinned | undefined {
  const syntax = model.syntax;
  if (!syntax) return undefined;
  const match =
    /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:(\d+)\.(\d+)(?:\.\d+)?(-experimental|-labs)?(?:@.*)?$/.exec(
      syntax.value.trim(),
    );
  if (!match) return undefined;
  const line = model.lines.lineText(syntax.range.start.line);
  const tag = `${match[1]}.${match[2]}`;
  const at = line.indexOf(':', line.indexOf('dockerfile')) + 1;
  // Up to the end of the line: a digest pinned to the old version must go too.
  const end = line.trimEnd().length;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    experimental: match[3] === '-experimental',
    version: `${tag}${match[3] ?? ''}`,
    range: {
      start: { line: syntax.range.start.line, character: at },
      end: { line: syntax.range.start.line, character: end },
    },
  };
}

export const syntaxVersion = defineRule({
  id: 'syntax-version',
  severity: 'error',
  summary: 'The # syntax= directive pins a Dockerfile frontend too old for the mounts used.',
  check(context) {
    const pinned = pinnedVersion(context.model);
    if (!pinned) return;
    const mounts = context.runs.flatMap((r) => r.mounts);
    const missing: Array<{ feature: Feature; mount: Mount }> = [];
    for (const feature of FEATURES) {
      const older =
        pinned.major < feature.since[0] ||
        (pinned.major === feature.since[0] && pinned.minor < feature.since[1]);
      if (!older || (pinned.experimental && feature.experimental)) continue;
      const mount = mounts.find((m) => feature.uses(m));
      if (mount) missing.push({ feature, mount });
    }
    if (missing.length === 0) return;
    const needed = missing
      .map(({ feature }) => `${feature.name} needs ${feature.since.join('.')}`)
      .join('; ');
    const related: RelatedLocation[] = missing.map(({ feature, mount }) => ({
      range: mount.range,
      message: `${feature.name} (docker/dockerfile:${feature.since.join('.')} or later)`,
    }));
    context.report({
      message: `docker/dockerfile:${pinned.version} is too old: ${needed}, so the build fails. Use docker/dockerfile:1.`,
      range: pinned.range,
      // Unsafe: another frontend parses and builds the whole file, not only the mounts that need it.
      fixes: [replaceFix('Use docker/dockerfile:1', pinned.range, '1', 'unsafe')],
      related,
    });
  },
});
