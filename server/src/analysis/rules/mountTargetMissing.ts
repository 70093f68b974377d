import { defineRule } from './rule';

/**
 * A cache or tmpfs mount without `target`: BuildKit mounts it over the working directory, and a cache gets the
 * id "." that every other target-less cache on the builder shares. A bind mount without a target is Docker's
 * own idiom for running a stage's or the context's files in place (`RUN --mount=from=binaries cp ...`), so it
 * is left alone. When WORKDIR is known to be "/", mount-syntax reports the hard error instead.
 */
export const mountTargetMissing = defineRule({
  id: 'mount-target-missing',
  severity: 'warning',
  summary: 'A cache or tmpfs mount has no target: it silently covers the working directory.',
  scope: 'stage',
  check: (context) =>
    context.eachMount((mount) => {
      const { effective, run } = mount;
      const { type } = effective;
      if (effective.target || mount.csvError || mount.options.length === 0) return;
      // A misspelled key or type is mount-syntax's finding; a missing target would only echo it.
      if (mount.options.some((o) => !o.canonical) || (effective.last.type && !effective.typeOption)) return;
      if (type !== 'cache' && type !== 'tmpfs') return;
      if (run.workdir.known && run.workdir.value === '/') return;
      const where = run.workdir.known
        ? `the working directory ${run.workdir.value}`
        : `the working directory (${run.workdir.value} unless the base image sets another; BuildKit rejects "/")`;
      const idNote =
        type === 'cache'
          ? ' Its cache id defaults to ".", shared with every other cache mounted without a target.'
          : '';
      context.report({
        message: `The ${type} mount has no target, so BuildKit mounts it over ${where}, hiding what is there.${idNote} Add \`target=<path>\`.`,
        range: mount.nameRange,
        mount,
      });
    }),
});
