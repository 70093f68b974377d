import { imageName } from './text';
import { imageFamily } from '../knowledge/images';
import type { DockerfileModel, Mount, RunInstruction } from '../model/types';
import { runCommands } from '../model/commands';
import type { SimpleCommand } from '../shell/parse';
import { operandsOf, programOf, runsHiddenCode } from '../shell/programs';
import type { RuleContext } from './rule';
import { defineRule } from './rule';
import { firstEarlierRun, rootImageOf } from '../model/stages';
import { indentOf } from '../syntax/indent';

const RULE = 'apt-docker-clean';
const DOCKER_CLEAN = '/etc/apt/apt.conf.d/docker-clean';
const TRUE = /true/i;
const REMOVAL = `rm -f ${DOCKER_CLEAN}; echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache`;

/**
 * Debian and Ubuntu images ship /etc/apt/apt.conf.d/docker-clean, which deletes downloaded packages after
 * every install: an apt archive cache mounted while it is in force stays empty.
 */
export const aptDockerClean = defineRule({
  id: RULE,
  severity: 'warning',
  summary: "apt's package cache is mounted while docker-clean still deletes every download.",
  scope: 'stage',
  verdict: 'emptied',
  check: (context) =>
    context.eachKnownCache((mount, match) => {
      if (match.cache.id === 'apt-archives') checkMount(context, mount);
    }),
});

function checkMount({ model, report }: RuleContext, mount: Mount): void {
  const { run } = mount;
  const image = rootImageOf(run.stage);
  const family = image ? imageFamily(image) : 'unknown';
  if (family === 'other') return;
  if (disabledBefore(model, run)) return;
  // A script before the install (in an earlier RUN or this one) may remove docker-clean: say what is assumed.
  const hidden = hiddenBefore(model, run);

  const line = run.range.start.line;
  const indent = indentOf(model.lines.lineText(line));
  const at = { line, character: 0 };
  const message = hidden
    ? `Unless the script before it removes docker-clean, ${family === 'debian' ? imageName(image ?? '') : 'a Debian image'}'s docker-clean empties this apt cache.`
    : family === 'debian'
      ? `${imageName(image ?? '')} ships docker-clean, which empties this apt cache: remove it in an earlier RUN.`
      : `If the base image is Debian or Ubuntu, its docker-clean empties this apt cache: remove it in an earlier RUN.`;
  report({
    message,
    range: mount.effective.target?.option.fieldRange ?? mount.nameRange,
    mount,
    ...(hidden
      ? {
          lower: {
            to: 'hint' as const,
            because: 'a script the analysis cannot read runs before the install',
          },
        }
      : family === 'debian'
        ? {}
        : { lower: { to: 'information', because: 'the base image is not known to be Debian or Ubuntu' } }),
    fixes: [
      {
        // Inserts a RUN: the build runs one more instruction.
        title: 'Insert a RUN that removes docker-clean before this one',
        edits: [{ range: { start: at, end: at }, newText: `${indent}RUN ${REMOVAL}${model.eol}` }],
        safety: 'unsafe',
      },
    ],
  });
}

/** Whether docker-clean is removed, or downloads kept, before this RUN installs (same stage chain). */
function disabledBefore(model: DockerfileModel, run: RunInstruction): boolean {
  if (firstEarlierRun(model, run, RULE, disablesDockerClean)) return true;
  const commands = runCommands(run);
  const firstApt = commands.findIndex((c) => /^apt(-get)?$/.test(programOf(c)));
  return commands.slice(0, firstApt === -1 ? commands.length : firstApt + 1).some(disables);
}

/** Whether a script runs before this RUN's install: in an earlier RUN of the stage chain, or first in this one. */
function hiddenBefore(model: DockerfileModel, run: RunInstruction): boolean {
  if (firstEarlierRun(model, run, `${RULE}:hidden`, (r) => runCommands(r).some(runsHiddenCode) || undefined))
    return true;
  const commands = runCommands(run);
  const firstApt = commands.findIndex((c) => /^apt(-get)?$/.test(programOf(c)));
  return commands.slice(0, firstApt === -1 ? commands.length : firstApt + 1).some(runsHiddenCode);
}

function disablesDockerClean(run: RunInstruction): true | undefined {
  return runCommands(run).some(disables) || undefined;
}

function disables(command: SimpleCommand): boolean {
  if (programOf(command) === 'rm' && operandsOf(command).some((w) => w.value.text === DOCKER_CLEAN))
    return true;
  return command.words.some(
    (w) => w.value.text.includes('Keep-Downloaded-Packages') && TRUE.test(w.value.text),
  );
}
