import { short } from './text';
import type { CacheMatch } from '../knowledge/tools';
import { platformReferences } from '../model/platforms';
import type { DockerfileModel, Mount } from '../model/types';
import type { TextEdit } from '../types';
import { appendOptionEdit, declareArgEdit } from '../edits/fixes';
import type { Report } from './rule';
import { defineRule } from './rule';

/** Platform ARGs that tell target platforms apart. */
const TARGET_ARGS = new Set(['TARGETPLATFORM', 'TARGETARCH', 'TARGETOS', 'TARGETVARIANT']);

/**
 * A cache whose contents depend on the target platform, with an id that does not, in a Dockerfile built
 * for several platforms: amd64 and arm64 builds then share one directory and mix their artifacts.
 */
export const idPlatformScope = defineRule({
  id: 'id-platform-scope',
  severity: 'warning',
  summary: 'A platform-specific cache has an id shared by all target platforms.',
  scope: 'stage',
  check(context) {
    const { model } = context;
    if (model.singlePlatform) return;
    context.eachKnownCache((mount, match) => {
      // Nothing says how the file is built: what the id would do on a multi-platform build is a hint.
      const known = model.multiPlatform;
      const report = checkMount(model, mount, match, known);
      if (!report) return;
      context.report(
        known
          ? report
          : { ...report, lower: { to: 'hint', because: 'no multi-platform build of this file is known' } },
      );
    });
  },
});

/** `multiPlatform`: the file is known to be built for several platforms; otherwise the message says "if". */
function checkMount(
  model: DockerfileModel,
  mount: Mount,
  match: CacheMatch,
  multiPlatform: boolean,
): Report | undefined {
  if (match.cache.platformSpecific !== true) return undefined;
  const { id, target } = mount.effective;
  if (!target) return undefined;
  const idOption = id.implied ? undefined : id.option;
  if (idOption && platformReferences(idOption).some((name) => TARGET_ARGS.has(name))) return undefined;

  const edits: TextEdit[] = [];
  if (idOption?.valueRange) {
    edits.push({
      range: { start: idOption.valueRange.end, end: idOption.valueRange.end },
      newText: '-${TARGETPLATFORM}',
    });
  } else {
    edits.push(appendOptionEdit(mount, `id=${id.value}-\${TARGETPLATFORM}`));
  }
  const binding = mount.run.scope.bindings.get('TARGETPLATFORM');
  if (!binding) edits.unshift(declareArgEdit(model, mount.run.stage, 'TARGETPLATFORM'));

  const idText = id.implied ? `the default id "${short(id.value, 30)}"` : `id "${short(id.value, 30)}"`;
  return {
    message: multiPlatform
      ? `${match.cache.tool}'s ${match.cache.description} differs per platform, but ${idText} does not: add \${TARGETPLATFORM} to it.`
      : `If built for several platforms, ${idText} mixes their ${match.cache.tool} caches: add \${TARGETPLATFORM} to it.`,
    range: (idOption ?? target.option).fieldRange,
    mount,
    // A new id is a new, empty cache: the one the old id held is no longer used.
    fixes: [{ title: 'Add ${TARGETPLATFORM} to the id', edits, safety: 'unsafe' }],
  };
}
