import { imageUser } from '../knowledge/users';
import type { DockerfileModel, Mount, RunInstruction } from '../model/types';
import { runCommands } from '../shell/commands';
import { argumentsOf, programOf } from '../shell/programs';
import type { Finding, Fix } from '../types';
import { appendOptionEdit } from './fixes';
import type { Rule } from './rule';
import { checkEachMount } from './rule';
import { earlierRuns, rootImageOf } from '../model/stages';

const RULE = 'cache-permission';

/**
 * A cache mounted while the RUN executes as a non-root USER, with no uid or gid: BuildKit creates the
 * cache directory owned by root with mode 0755, so the user gets "permission denied" when writing.
 */
export const cachePermission: Rule = {
  id: RULE,
  severity: 'warning',
  summary: 'A non-root USER cannot write to a cache mounted without uid/gid.',
  check: (model) => checkEachMount(model, (mount) => checkMount(model, mount.run, mount)),
};

function isRoot(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === '' || name === 'root' || name === '0';
}

function checkMount(model: DockerfileModel, run: RunInstruction, mount: Mount): Finding | undefined {
  const { effective } = mount;
  if (effective.type !== 'cache' || !run.user.known || isRoot(run.user.value)) return undefined;
  if (effective.last.uid || effective.last.gid || effective.last.mode) return undefined;
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

/** The numeric ids of a USER: given as numbers, created by useradd/adduser earlier, or known for the image. */
function userIds(
  model: DockerfileModel,
  run: RunInstruction,
  user: string,
): { uid: number; gid?: number } | undefined {
  const [name = '', group] = user.split(':');
  const numeric = /^\d+$/;
  if (numeric.test(name))
    return { uid: Number(name), ...(group && numeric.test(group) ? { gid: Number(group) } : {}) };
  const created = createdUser(model, run, name);
  if (created) return created;
  return imageUser(rootImageOf(run.stage), name);
}

/** `useradd -u 1001 -g 1001 app`, `adduser -u 1001 app`, `adduser --uid 1001 app` in an earlier RUN. */
function createdUser(
  model: DockerfileModel,
  run: RunInstruction,
  name: string,
): { uid: number; gid?: number } | undefined {
  for (const earlier of earlierRuns(model, run)) {
    for (const command of runCommands(earlier)) {
      if (!['useradd', 'adduser'].includes(programOf(command))) continue;
      const args = argumentsOf(command).map((w) => w.value.text);
      if (args[args.length - 1] !== name) continue;
      const valueOf = (...flags: string[]) => {
        for (let i = 0; i < args.length; i++) {
          const arg = args[i] ?? '';
          for (const flag of flags) {
            if (arg === flag && /^\d+$/.test(args[i + 1] ?? '')) return Number(args[i + 1]);
            if (arg.startsWith(`${flag}=`) && /^\d+$/.test(arg.slice(flag.length + 1)))
              return Number(arg.slice(flag.length + 1));
          }
        }
        return undefined;
      };
      const uid = valueOf('-u', '--uid');
      if (uid === undefined) continue;
      const gid = valueOf('-g', '--gid', '-G');
      return gid === undefined ? { uid } : { uid, gid };
    }
  }
  return undefined;
}
