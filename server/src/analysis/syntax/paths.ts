/** Something path.Clean changes: a doubled slash, a `.` or `..` element, or a trailing slash. */
const UNCLEAN = /\/\/|(^|\/)\.\.?(\/|$)|.\/$/;

/** Go's path.Clean (used by BuildKit for default cache ids and mount targets). */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  // Most paths are clean already; the split and join below would rebuild them unchanged.
  if (!UNCLEAN.test(path)) return path;
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/**
 * Doubled slashes made one and a trailing slash dropped (`/root//.cache/` → `/root/.cache`), without path.Clean's
 * `.` and `..` handling: for paths built from a home and a tool's folder, which never hold those.
 */
export function squeezeSlashes(path: string): string {
  if (!path.includes('//') && (path.length <= 1 || !path.endsWith('/'))) return path;
  const squeezed = path.replace(/\/+/g, '/');
  return squeezed.length > 1 ? squeezed.replace(/\/$/, '') : squeezed;
}

export function joinPath(...parts: string[]): string {
  return cleanPath(parts.filter((p) => p !== '').join('/'));
}

/** Resolves `target` against `dir` the way BuildKit resolves mount targets and WORKDIR. */
export function resolvePath(dir: string, target: string): string {
  const cleaned = cleanPath(target);
  return cleaned.startsWith('/') ? cleaned : joinPath('/', dir, target);
}

/**
 * True when `path` is `dir` or lies below it. `path` must be a clean absolute path; `dir` an absolute path,
 * clean or ending in `/` (`/` itself, or a folder written with its slash).
 */
export function isWithin(path: string, dir: string): boolean {
  if (path === dir) return true;
  if (dir.endsWith('/')) return path.startsWith(dir);
  // `path.startsWith(dir + '/')` without building that string: rules ask for many pairs of paths.
  return path.length > dir.length && path.charCodeAt(dir.length) === 0x2f && path.startsWith(dir);
}
