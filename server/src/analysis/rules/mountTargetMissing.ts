import type { Mount } from '../model/types';
import type { Finding } from '../types';
import type { Rule } from './rule';
import { checkEachMount } from './rule';

const RULE = 'mount-target-missing';

/**
 * A bind, cache or tmpfs mount without `target`: BuildKit mounts it over the working directory, and a cache
 * gets the id "." that every other target-less cache on the builder shares. When WORKDIR is known to be "/",
 * mount-syntax reports the hard error instead.
 */
export const mountTargetMissing: Rule = {
  id: RULE,
  severity: 'warning',
  summary: 'The mount has no target: it silently covers the working directory.',
  scope: 'stage',
  check: (model, runs) => checkEachMount(model, checkMount, runs),
};

function checkMount(mount: Mount): Finding | undefined {
  const { effective, run } = mount;
  const { type } = effective;
  if (effective.target || mount.csvError || mount.options.length === 0) return undefined;
  // A misspelled key or type is mount-syntax's finding; a missing target would only echo it.
  if (mount.options.some((o) => !o.canonical) || (effective.last.type && !effective.typeOption))
    return undefined;
  if (type !== 'cache' && type !== 'bind' && type !== 'tmpfs') return undefined;
  if (run.workdir.known && run.workdir.value === '/') return undefined;
  const where = run.workdir.known
    ? `the working directory ${run.workdir.value}`
    : `the working directory (${run.workdir.value} unless the base image sets another; BuildKit rejects "/")`;
  const idNote =
    type === 'cache'
      ? ' Its cache id defaults to ".", shared with every other cache mounted without a target.'
      : '';
  return {
    rule: RULE,
    severity: 'warning',
    message: `The ${type} mount has no target, so BuildKit mounts it over ${where}, hiding what is there.${idNote} Add \`target=<path>\`.`,
    range: mount.nameRange,
    fixes: [],
  };
}
