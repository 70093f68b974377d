/**
 * Whether a `from=` that names no stage is an image reference BuildKit can parse: the grammar of
 * github.com/distribution/reference (reference.go's regular expressions, normalize.go's ParseNormalizedNamed),
 * which BuildKit's frontend uses when it resolves the mount's source image. Returns BuildKit's error, or
 * undefined for a valid reference.
 */
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`,
);

export function imageReferenceError(reference: string): string | undefined {
  if (reference === '') return 'invalid reference format';
  // ParseNormalizedNamed: the first component is a registry when it has a dot or a colon, is "localhost", or
  // is not lower case; otherwise the name is on Docker Hub (library/ for one component).
  const slash = reference.indexOf('/');
  const first = slash === -1 ? '' : reference.slice(0, slash);
  const hasDomain =
    slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  const remainder = hasDomain ? reference.slice(slash + 1) : reference;
  const name = remainder.replace(/@.*$/, '').replace(/:[^/]*$/, '');
  if (name.toLowerCase() !== name) {
    const full = hasDomain ? name : slash === -1 ? `library/${name}` : name;
    return `invalid reference format: repository name (${full}) must be lowercase`;
  }
  const normalized = hasDomain ? reference : `docker.io/${slash === -1 ? `library/${reference}` : reference}`;
  return REFERENCE.test(normalized) ? undefined : 'invalid reference format';
}
