/**
 * What BuildKit accepts in a `--mount` value, from frontend/dockerfile/instructions/commands_runmount.go
 * (parseMount) and the Dockerfile reference ("RUN --mount"). Keys are matched lower-cased.
 */
export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
export type SharingMode = 'shared' | 'private' | 'locked';

export const MOUNT_TYPES: readonly MountType[] = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
export const SHARING_MODES: readonly SharingMode[] = ['shared', 'private', 'locked'];

export type CanonicalKey =
  | 'type'
  | 'from'
  | 'source'
  | 'target'
  | 'readonly'
  | 'readwrite'
  | 'id'
  | 'sharing'
  | 'required'
  | 'size'
  | 'mode'
  | 'uid'
  | 'gid'
  | 'env';

export const KEY_ALIASES: Readonly<Record<string, CanonicalKey>> = {
  type: 'type',
  from: 'from',
  source: 'source',
  src: 'source',
  target: 'target',
  dst: 'target',
  destination: 'target',
  readonly: 'readonly',
  ro: 'readonly',
  readwrite: 'readwrite',
  rw: 'readwrite',
  id: 'id',
  sharing: 'sharing',
  required: 'required',
  size: 'size',
  mode: 'mode',
  uid: 'uid',
  gid: 'gid',
  env: 'env',
};

/** The key list BuildKit offers "did you mean" suggestions from, in its order. */
export const SUGGESTABLE_KEYS: readonly string[] = [
  'type',
  'from',
  'source',
  'target',
  'readonly',
  'id',
  'sharing',
  'required',
  'size',
  'mode',
  'uid',
  'gid',
  'src',
  'dst',
  'destination',
  'ro',
  'rw',
  'readwrite',
  'env',
];

/** Keys that may be written without `=value`. */
export const BARE_KEYS: ReadonlySet<string> = new Set(['readonly', 'ro', 'readwrite', 'rw', 'required']);

/** RUN's flags (frontend/dockerfile/instructions/commands_run*.go): anything else is "unknown flag". */
export const RUN_FLAGS: readonly string[] = ['mount', 'network', 'security', 'device'];
