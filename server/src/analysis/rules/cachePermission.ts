import { short } from './text';
import { misplacedUnderRootHome } from '../model/mountCache';
import { mountUse } from '../model/mountUse';
import { isRootUser } from '../knowledge/users';
import { userIds } from '../model/userIds';
import type { DockerfileModel, Mount } from '../model/types';
import type { Fix } from '../types';
import { appendOptionEdit } from '../edits/fixes';
import type { Report } from './rule';
import { defineRule } from './rule';

/**
 * A cache mounted while the RUN executes as a non-root USER, with no uid or gid: BuildKit creates the
 * cache directory owned by root with mode 0755, so the user gets "permission denied" when writing.
 */
export const cachePermission = defineRule({
  id: 'cache-permission',
  severity: 'warning',
  summary: 'A non-root USER cannot write to a cache mounted without uid/gid.',
  scope: 'stage',
  // Every cache mount, with a target or not: one without is still created owned by root.
  check: (context) =>
    context.eachMount((mount) => {
      const report = checkMount(context.model, mount);
      if (report) context.report(report);
    }),
});

function checkMount(model: DockerfileModel, mount: Mount): Report | undefined {
  const { effective, run } = mount;
  if (effective.type !== 'cache' || !run.user.known || isRootUser(run.user.value)) return undefined;
  if (effective.last.uid || effective.last.gid || effective.last.mode) return undefined;
  // Under root's home for another user, or moved away by the command, the tool never writes there:
  // cache-target-unused says so.
  if (misplacedUnderRootHome(mount)) return undefined;
  const use = mountUse(mount);
  if (use.kind === 'unused') return undefined;
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
      // A new cache directory: with uid, gid or mode BuildKit seeds the cache from a mkdir
      // (dockerfile2llb/convert_runmount.go, setCacheUIDGID) and keys it by id and that base
      // (solver/llbsolver/mounts/mount.go, getRefCacheDir), so what the old one held is not seen again.
      safety: 'unsafe',
    });
  }
  const add = ids
    ? `add uid=${ids.uid}${ids.gid !== undefined ? `,gid=${ids.gid}` : ''}`
    : 'add its uid= and gid=';
  if (use.kind === 'used')
    return {
      message: `USER ${short(user, 20)} cannot write to this cache, which BuildKit creates owned by root: ${add}.`,
      range: mount.nameRange,
      mount,
      fixes,
    };
  // No command is known to write there (a script, a tool the knowledge base lacks): say what is assumed.
  return {
    message: `If this RUN writes to the cache, USER ${short(user, 20)} cannot (BuildKit makes it root's): ${add}.`,
    range: mount.nameRange,
    mount,
    fixes,
    lower: { to: 'hint', because: 'no command of the RUN is known to write to the cache' },
  };
}
