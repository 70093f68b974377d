import { misplacedUnderRootHome } from '../knowledge/mountCache';
import { isRootUser, userIds } from '../model/userIds';
import type { DockerfileModel, Mount, RunInstruction } from '../model/types';
import type { Finding, Fix } from '../types';
import { appendOptionEdit } from './fixes';
import type { Rule } from './rule';
import { checkEachMount } from './rule';

const RULE = 'cache-permission';

/**
 * A cache mounted while the RUN executes as a non-root USER, with no uid or gid: BuildKit creates the
 * cache directory owned by root with mode 0755, so the user gets "permission denied" when writing.
 */
export const cachePermission: Rule = {
  id: RULE,
  severity: 'warning',
  summary: 'A non-root USER cannot write to a cache mounted without uid/gid.',
  scope: 'stage',
  check: (model, runs) => checkEachMount(model, (mount) => checkMount(model, mount.run, mount), runs),
};

function checkMount(model: DockerfileModel, run: RunInstruction, mount: Mount): Finding | undefined {
  const { effective } = mount;
  if (effective.type !== 'cache' || !run.user.known || isRootUser(run.user.value)) return undefined;
  if (effective.last.uid || effective.last.gid || effective.last.mode) return undefined;
  // Under root's home for another user, the tool never writes there: cache-target-unused says so.
  if (misplacedUnderRootHome(mount)) return undefined;
  // A read-only mount is never written, so its owner does not matter.
  const readonly = effective.last.readonly;
  if (readonly && (readonly.value === undefined || /^(1|t|true)$/i.test(readonly.expanded?.value ?? '')))
    return undefined;
  const user = run.user.value;
  const ids = userIds(model, run, user);
  const fixes: Fix[] = [];
  if (ids) {
    const gid = ids.gid !== undefined ? `,gid=${ids.gid}` : '';
    fixes.push({
      title: `Add uid=${ids.uid}${gid}`,
      edits: [appendOptionEdit(mount, `uid=${ids.uid}${gid}`)],
      preferred: true,
    });
  }
  return {
    rule: RULE,
    severity: 'warning',
    message: `This RUN executes as USER ${user}, but the cache directory is created owned by root (uid 0, gid 0, mode 0755): writing to it fails with "permission denied". Give the mount uid= and gid= of that user${ids ? '' : ' (its ids are not known from this file)'}.`,
    range: mount.nameRange,
    fixes,
  };
}
