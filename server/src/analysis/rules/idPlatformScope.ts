import { mountCache } from '../knowledge/mountCache';
import { platformReferences } from '../model/platforms';
import type { DockerfileModel, Mount } from '../model/types';
import type { Finding, TextEdit } from '../types';
import { appendOptionEdit, declareArgEdit } from './fixes';
import type { Rule } from './rule';
import { checkEachMount } from './rule';

const RULE = 'id-platform-scope';

/** Platform ARGs that tell target platforms apart. */
const TARGET_ARGS = new Set(['TARGETPLATFORM', 'TARGETARCH', 'TARGETOS', 'TARGETVARIANT']);

/**
 * A cache whose contents depend on the target platform, with an id that does not, in a Dockerfile built
 * for several platforms: amd64 and arm64 builds then share one directory and mix their artifacts.
 */
export const idPlatformScope: Rule = {
  id: RULE,
  severity: 'warning',
  summary: 'A platform-specific cache has an id shared by all target platforms.',
  scope: 'stage',
  check: (model, runs) =>
    model.multiPlatform ? checkEachMount(model, (mount) => checkMount(model, mount), runs) : [],
};

function checkMount(model: DockerfileModel, mount: Mount): Finding | undefined {
  const match = mountCache(mount);
  if (!match || match.cache.platformSpecific !== true) return undefined;
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

  const idText = id.implied ? `the default id "${id.value}" (its target path)` : `id "${id.value}"`;
  return {
    rule: RULE,
    severity: 'warning',
    message: `${match.cache.tool}'s ${match.cache.description} depends on the target platform, but ${idText} is the same for every platform: a multi-platform build (this file uses platform ARGs) mixes amd64 and arm64 contents in one cache. Add \${TARGETPLATFORM} to the id.`,
    range: (idOption ?? target.option).fieldRange,
    fixes: [{ title: 'Scope id by ${TARGETPLATFORM}', edits, preferred: true }],
  };
}
