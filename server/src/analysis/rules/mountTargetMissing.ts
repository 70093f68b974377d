import { short } from './text';
import { defineRule } from './rule';
import { certainlyNonEmpty } from '../syntax/expand';

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
      if (mount.csvError || mount.options.length === 0) return;
      // An explicit empty target= is a missing target; one that only a build argument fills may be empty.
      const target = effective.target;
      let onlyBuildArg = false;
      if (target) {
        const expansion = target.option.expanded;
        const empty = target.complete && target.written === '';
        onlyBuildArg = !target.complete && expansion !== undefined && !certainlyNonEmpty(expansion);
        if (!empty && !onlyBuildArg) return;
      }
      // A misspelled key or type is mount-syntax's finding; a missing target would only echo it.
      if (mount.options.some((o) => !o.canonical) || (effective.last.type && !effective.typeOption)) return;
      if (type !== 'cache' && type !== 'tmpfs') return;
      if (run.workdir.known && run.workdir.value === '/') return;
      const where = run.workdir.known
        ? `the working directory ${short(run.workdir.value, 30)}`
        : 'the working directory';
      const idNote = type === 'cache' ? ' and shares id "." with every such cache' : '';
      if (onlyBuildArg) {
        context.report({
          message: `Without its build argument, this ${type} mount has no target and hides ${where}: set a default.`,
          range: target?.option.fieldRange ?? mount.nameRange,
          mount,
          lower: { to: 'hint', because: 'the build argument may be given with --build-arg' },
        });
        return;
      }
      context.report({
        message: `This ${type} mount has no target, so it hides ${where}${idNote}: add target=<path>.`,
        range: target?.option.fieldRange ?? mount.nameRange,
        mount,
      });
    }),
});
