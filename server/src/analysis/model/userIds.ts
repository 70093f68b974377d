import { imageUser } from '../knowledge/users';
import { runCommands } from './commands';
import { argumentsOf, programOf } from '../shell/programs';
import { firstEarlierRun, rootImageOf } from './stages';
import type { DockerfileModel, RunInstruction } from './types';

/** The numeric ids of a USER: given as numbers, created by useradd/adduser earlier, or known for the image. */
export function userIds(model: DockerfileModel, run: RunInstruction, user: string): UserIds | undefined {
  const [name = '', group] = user.split(':');
  const numeric = /^\d+$/;
  if (numeric.test(name))
    return { uid: Number(name), ...(group && numeric.test(group) ? { gid: Number(group) } : {}) };
  const created = createdUser(model, run, name);
  if (created) return created;
  return imageUser(rootImageOf(run.stage), name);
}

/** `useradd -u 1001 -g 1001 app`, `adduser -u 1001 app`, `adduser --uid 1001 app` in an earlier RUN. */
function createdUser(model: DockerfileModel, run: RunInstruction, name: string): UserIds | undefined {
  return firstEarlierRun(model, run, `created user ${name}`, (earlier) => createdIn(earlier, name));
}

interface UserIds {
  uid: number;
  gid?: number;
}

/** The ids the first command of a RUN that creates user `name` with a numeric uid gives it. */
function createdIn(run: RunInstruction, name: string): UserIds | undefined {
  for (const command of runCommands(run)) {
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
  return undefined;
}
