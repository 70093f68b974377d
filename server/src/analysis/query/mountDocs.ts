import type { CanonicalKey, MountType, SharingMode } from '../mount/keys';

/**
 * Reference text for hovers and completion, written from BuildKit's behaviour
 * (frontend/dockerfile/instructions/commands_runmount.go, dockerfile2llb/convert_runmount.go) and the
 * Dockerfile reference ("RUN --mount").
 */
export interface KeyDoc {
  key: CanonicalKey;
  aliases: readonly string[];
  types: readonly MountType[] | 'all';
  summary: string;
  defaultValue: string;
}

export const MOUNT_FLAG_DOC =
  'Mounts something into the container for this RUN only: a build cache (`type=cache`), files from the ' +
  'context or another stage (`bind`), a scratch filesystem (`tmpfs`), a secret, or the SSH agent. Nothing ' +
  'written to a mount becomes part of the image.';

export const KEY_DOCS: Readonly<Record<CanonicalKey, KeyDoc>> = {
  type: {
    key: 'type',
    aliases: [],
    types: 'all',
    summary: 'What to mount: `bind`, `cache`, `tmpfs`, `secret` or `ssh`. Case does not matter.',
    defaultValue: '`bind`',
  },
  target: {
    key: 'target',
    aliases: ['dst', 'destination'],
    types: 'all',
    summary:
      'Where the mount appears in the container. A relative path is joined to WORKDIR. For a cache mount the target, as written, is also the default `id`.',
    defaultValue: 'none: without it BuildKit mounts over the working directory (and rejects `/`)',
  },
  source: {
    key: 'source',
    aliases: ['src'],
    types: ['bind', 'cache', 'secret', 'ssh'],
    summary: 'The path inside `from` to mount (bind, cache), or the secret or SSH id to use.',
    defaultValue: 'the root of `from`',
  },
  from: {
    key: 'from',
    aliases: [],
    types: ['bind', 'cache'],
    summary:
      'A stage name or image to take the mount from. Variables are not allowed. For a cache mount, the initial content of a new cache.',
    defaultValue: 'the build context for bind; an empty directory for cache',
  },
  readonly: {
    key: 'readonly',
    aliases: ['ro'],
    types: 'all',
    summary: 'Mount read-only. May be written alone (`ro`) or as a boolean (`readonly=true`).',
    defaultValue: 'true for bind, false for cache and tmpfs',
  },
  readwrite: {
    key: 'readwrite',
    aliases: ['rw'],
    types: 'all',
    summary:
      'Mount writable. For a bind mount, writes are discarded after the RUN. May be written alone (`rw`).',
    defaultValue: 'the opposite of readonly',
  },
  id: {
    key: 'id',
    aliases: [],
    types: ['cache', 'secret', 'ssh'],
    summary:
      'Names the cache on the builder. Every build on the same builder that mounts the same id shares the same directory, whatever the Dockerfile, project or platform. Scope it (for example `id=myapp-cargo-${TARGETPLATFORM}`) when contents must not mix.',
    defaultValue: 'the target path as written (path-cleaned); for secret and ssh, the default id',
  },
  sharing: {
    key: 'sharing',
    aliases: [],
    types: ['cache'],
    summary:
      'What happens when two builds use the same cache at the same time: `shared`, `locked` or `private`.',
    defaultValue: '`shared`',
  },
  mode: {
    key: 'mode',
    aliases: [],
    types: ['cache', 'secret', 'ssh'],
    summary: 'File mode of a new cache directory (octal), or of the secret file or SSH socket.',
    defaultValue: '0755 for cache, 0400 for secret, 0600 for ssh',
  },
  uid: {
    key: 'uid',
    aliases: [],
    types: ['cache', 'secret', 'ssh'],
    summary: 'Owner user id of a new cache directory. Set it when the RUN executes as a non-root USER.',
    defaultValue: '0 (root)',
  },
  gid: {
    key: 'gid',
    aliases: [],
    types: ['cache', 'secret', 'ssh'],
    summary: 'Owner group id of a new cache directory.',
    defaultValue: '0 (root)',
  },
  size: {
    key: 'size',
    aliases: [],
    types: ['tmpfs'],
    summary: 'Size limit of a tmpfs mount, such as `64m` or `1g`. Must come after `type=tmpfs`.',
    defaultValue: 'no limit',
  },
  required: {
    key: 'required',
    aliases: [],
    types: ['secret', 'ssh'],
    summary: 'Fail the build when the secret or SSH agent is not provided. Must come after `type=`.',
    defaultValue: 'false',
  },
  env: {
    key: 'env',
    aliases: [],
    types: ['secret'],
    summary: 'Expose the secret as this environment variable instead of (or besides) a file.',
    defaultValue: 'none',
  },
};

export const TYPE_DOCS: Readonly<Record<MountType, string>> = {
  bind: 'Mounts a directory from the build context or from `from` (a stage or image). Read-only by default; writes with `rw` are discarded.',
  cache:
    'A persistent directory on the builder that survives between builds, for package and compiler caches. Its contents are never part of the image and may be empty at any time.',
  tmpfs: 'An empty in-memory filesystem for this RUN only.',
  secret:
    'A secret from the build client, as a file under /run/secrets or an environment variable. Never stored in the image.',
  ssh: "The build client's SSH agent socket, for `git clone` of private repositories and similar.",
};

export interface SharingDoc {
  mode: SharingMode;
  summary: string;
  useWhen: string;
}

export const SHARING_DOCS: Readonly<Record<SharingMode, SharingDoc>> = {
  shared: {
    mode: 'shared',
    summary: 'Concurrent builds mount the same directory at the same time. The default.',
    useWhen:
      'the tool locks its own cache or writes it atomically (npm, pnpm, pip, go, cargo registry), or the cache is mostly read.',
  },
  locked: {
    mode: 'locked',
    summary:
      'A second build waits until the first one releases the cache. Safe, but parallel builds run one at a time.',
    useWhen:
      'the tool cannot take concurrent writers (apt, dnf, maven): otherwise they fail or corrupt the cache.',
  },
  private: {
    mode: 'private',
    summary:
      'A build that finds the cache in use gets a new, separate instance: more disk, less reuse, no waiting.',
    useWhen: 'builds must never wait and must never share contents while running.',
  },
};
