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
};

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

/** The value an official base image gives a variable, if this linter knows it. */
export function imageVariable(image: string, name: string): string | undefined {
  return IMAGE_ENV[officialImageName(image).toLowerCase()]?.[name];
}
