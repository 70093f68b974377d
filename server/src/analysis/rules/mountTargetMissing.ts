import type { Finding } from '../types';
import type { Rule } from './rule';

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
  check(model) {
    const findings: Finding[] = [];
    for (const run of model.runs) {
      for (const mount of run.mounts) {
        const { type } = mount.effective;
        if (mount.effective.target || mount.csvError || mount.options.length === 0) continue;
        // A misspelled key or type is mount-syntax's finding; a missing target would only echo it.
        if (
          mount.options.some((o) => !o.canonical) ||
          (mount.effective.last.type && !mount.effective.typeOption)
        )
          continue;
        if (type !== 'cache' && type !== 'bind' && type !== 'tmpfs') continue;
        if (run.workdir.known && run.workdir.value === '/') continue;
        const where = run.workdir.known
          ? `the working directory ${run.workdir.value}`
          : `the working directory (${run.workdir.value} unless the base image sets another; BuildKit rejects "/")`;
        const idNote =
          type === 'cache'
            ? ' Its cache id defaults to ".", shared with every other cache mounted without a target.'
            : '';
        findings.push({
          rule: RULE,
          severity: 'warning',
          message: `The ${type} mount has no target, so BuildKit mounts it over ${where}, hiding what is there.${idNote} Add \`target=<path>\`.`,
          range: mount.nameRange,
          fixes: [],
        });
      }
    }
    return findings;
  },
};
