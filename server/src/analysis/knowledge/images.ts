/**
 * ENV that official images set in their configuration, which a linter cannot read without pulling them.
 * Used to resolve variables such as `$CARGO_HOME` in mount targets when the base image is known.
 * Source: each image's Dockerfile in docker-library (rust, golang, maven, gradle, python, node).
 */
const IMAGE_ENV: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  rust: { CARGO_HOME: '/usr/local/cargo', RUSTUP_HOME: '/usr/local/rustup' },
  golang: { GOPATH: '/go' },
  maven: { MAVEN_HOME: '/usr/share/maven', MAVEN_CONFIG: '/root/.m2' },
  gradle: { GRADLE_HOME: '/opt/gradle' },
  ruby: { GEM_HOME: '/usr/local/bundle', BUNDLE_APP_CONFIG: '/usr/local/bundle' },
  composer: { COMPOSER_HOME: '/tmp' },
};

/**
 * Symbolic links official images make between folders where tools keep their caches: what a tool keeps at
 * the link is in its target, and a mount at either path is the same folder. Source: docker-library/gradle's
 * Dockerfiles ("Symlinking root Gradle cache to gradle Gradle cache": `ln --symbolic /home/gradle/.gradle
 * /root/.gradle`), in every variant since 2017.
 */
const IMAGE_LINKS: Readonly<Record<string, ReadonlyArray<readonly [link: string, target: string]>>> = {
  gradle: [['/root/.gradle', '/home/gradle/.gradle']],
};

/** A path with an official image's folder links followed (`/root/.gradle/caches` → `/home/gradle/.gradle/caches`). */
export function followImageLinks(image: string | undefined, path: string): string {
  const links = image ? IMAGE_LINKS[officialImageName(image).toLowerCase()] : undefined;
  for (const [link, target] of links ?? [])
    if (path === link || path.startsWith(`${link}/`)) return target + path.slice(link.length);
  return path;
}

/**
 * Official images whose Dockerfiles set none of the variables that move a tool's cache (toolCaches.ts,
 * `movedBy`) besides those IMAGE_ENV lists: for them, such a variable the Dockerfile does not set is unset,
 * not "maybe set by the image". Source: each image's Dockerfile in docker-library.
 */
const NO_OTHER_CACHE_ENV = new Set([
  ...Object.keys(IMAGE_ENV),
  'debian',
  'ubuntu',
  'alpine',
  'busybox',
  'buildpack-deps',
  'python',
  'node',
  'php',
  'perl',
  'eclipse-temurin',
  'openjdk',
  'amazoncorretto',
  'fedora',
  'rockylinux',
  'almalinux',
  'centos',
  'amazonlinux',
  'gcc',
]);

/** Whether the variables that move tool caches are all known for an image (see NO_OTHER_CACHE_ENV). */
export function knowsCacheEnvironment(image: string): boolean {
  return NO_OTHER_CACHE_ENV.has(officialImageName(image).toLowerCase());
}

/** `docker.io/library/rust:1.83-slim@sha256:...` → `rust`. */
export function officialImageName(image: string): string {
  let name = image.split('@')[0] ?? '';
  const slash = name.lastIndexOf('/');
  const colon = name.indexOf(':', slash + 1);
  if (colon !== -1) name = name.slice(0, colon);
  const parts = name.split('/');
  if (parts.length === 1) return parts[0] ?? '';
  if (parts.length === 2 && parts[0] === 'library') return parts[1] ?? '';
  if (parts.length === 3 && parts[0] === 'docker.io' && parts[1] === 'library') return parts[2] ?? '';
  return name;
}

/** The ENV an official base image sets, as far as this linter knows it. */
export function imageEnvironment(image: string): Readonly<Record<string, string>> | undefined {
  return IMAGE_ENV[officialImageName(image).toLowerCase()];
}

const DEBIAN_FAMILY = new Set([
  'debian',
  'ubuntu',
  'buildpack-deps',
  'python',
  'node',
  'golang',
  'rust',
  'ruby',
  'php',
  'perl',
  'openjdk',
  'eclipse-temurin',
  'maven',
  'gradle',
  'gcc',
  'haskell',
  'erlang',
  'elixir',
  'r-base',
  'julia',
  'swift',
  'mcr.microsoft.com/dotnet/sdk',
  'mcr.microsoft.com/dotnet/aspnet',
  'mcr.microsoft.com/dotnet/runtime',
]);
const OTHER_FAMILY = new Set([
  'alpine',
  'fedora',
  'centos',
  'rockylinux',
  'almalinux',
  'amazonlinux',
  'archlinux',
  'busybox',
  'opensuse/leap',
  'opensuse/tumbleweed',
  'registry.access.redhat.com/ubi9',
  'registry.access.redhat.com/ubi8',
]);
const OTHER_TAGS =
  /alpine|ubi\d|amazonlinux|fedora|centos|rocky|alma|windows|nanoserver|servercore|busybox|distroless|musl/i;
const DEBIAN_TAGS = /bookworm|bullseye|buster|trixie|stretch|jammy|noble|focal|bionic|slim/i;

/**
 * Whether an image is Debian or Ubuntu based (so it ships /etc/apt/apt.conf.d/docker-clean), something
 * else, or unknown. Official images default to Debian unless their tag says otherwise.
 */
export function imageFamily(image: string): 'debian' | 'other' | 'unknown' {
  const name = officialImageName(image).toLowerCase();
  const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
  if (OTHER_FAMILY.has(name) || OTHER_TAGS.test(tag)) return 'other';
  if (DEBIAN_FAMILY.has(name) || DEBIAN_TAGS.test(tag)) return 'debian';
  return 'unknown';
}

/**
 * The tools an official image is for (the recommendations' `tool` names): completion offers their cache
 * mounts first in a stage built on it. Debian-family images also bring apt, Alpine apk.
 */
const IMAGE_TOOLS: Readonly<Record<string, readonly string[]>> = {
  rust: ['cargo'],
  golang: ['go'],
  node: ['npm', 'yarn', 'pnpm'],
  python: ['pip', 'uv', 'poetry'],
  maven: ['maven'],
  gradle: ['gradle'],
  ruby: ['bundler'],
  php: ['composer'],
  composer: ['composer'],
  'mcr.microsoft.com/dotnet/sdk': ['dotnet'],
  'oven/bun': ['bun'],
  'ghcr.io/astral-sh/uv': ['uv'],
  fedora: ['dnf'],
  alpine: ['apk'],
};

/** The tools a stage's image is for, most specific first: its own, then its distribution's package manager. */
export function toolsForImage(image: string): readonly string[] {
  const name = officialImageName(image).toLowerCase();
  const own = IMAGE_TOOLS[name] ?? [];
  const family = imageFamily(image);
  const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
  const system = /alpine/i.test(tag) || name === 'alpine' ? ['apk'] : family === 'debian' ? ['apt'] : [];
  return [...own, ...system.filter((t) => !own.includes(t))];
}

/**
 * Official images whose Dockerfiles set no WORKDIR, so a stage built on them starts at "/" (where BuildKit
 * rejects a mount without a target). Source: each image's Dockerfile in docker-library (golang, php, composer
 * and gradle set one, so they are not here).
 */
const ROOT_WORKDIR = new Set(['alpine', 'debian', 'ubuntu', 'busybox', 'fedora', 'python', 'node', 'rust']);

export function keepsRootWorkdir(image: string): boolean {
  return ROOT_WORKDIR.has(officialImageName(image).toLowerCase());
}

/**
 * Whether an image's `yum` is yum 3, which keeps its cache in /var/cache/yum: EL7 (CentOS 7, UBI 7, CUDA's
 * centos7 images, manylinux2014) and Amazon Linux 2. From EL8 on, `yum` is a link to dnf, whose cache is
 * /var/cache/dnf (Red Hat, "Considerations in adopting RHEL 8": "YUM v4 ... the yum command is a symlink to
 * dnf"). Other images: not known.
 */
export function yumIsYum3(image: string): boolean {
  return /(?:^|[/:-])(?:centos:?7|centos7|ubi7|el7)(?:$|[^0-9])|amazonlinux:2(?:$|[^0-9])|manylinux2014/i.test(
    image,
  );
}
