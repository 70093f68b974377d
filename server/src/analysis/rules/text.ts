/**
 * Keeps a message to one Problems-panel row: a long path or id is cut in the middle, where the part that tells
 * two paths apart (the tool's folder at the end, the root at the start) survives.
 */
export function short(text: string, max = 40): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 1) / 2);
  return `${text.slice(0, half)}…${text.slice(text.length - half)}`;
}

/**
 * An image reference as people say it: without a digest (`@sha256:...`, 71 characters nobody reads) and without
 * Docker Hub's implied `docker.io/` and `library/`, so `docker.io/library/golang:1.25@sha256:8e8f...` reads
 * `golang:1.25`.
 */
export function imageName(reference: string): string {
  const withoutDigest = reference.replace(/@[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/, '');
  const name = withoutDigest.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  return short(name.replace(/^library\//, '') || reference, 40);
}
