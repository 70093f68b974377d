import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { misplacedUnderRootHome, mountCache } from '../../server/src/analysis/model/mountCache';
import { buildModel } from '../../server/src/analysis/model/build';
import { firstEarlierRun, rootImageOf, stageNamed } from '../../server/src/analysis/model/stages';
import type { RunInstruction } from '../../server/src/analysis/model/types';
import { AnalysisReuse } from '../../server/src/analysis/incremental/reuse';
import { runCommands } from '../../server/src/analysis/model/commands';
import { programOf } from '../../server/src/analysis/shell/programs';
import { dedent } from './fixture';

/**
 * Facts derived from the model are kept with the objects they describe (model/types.ts), not in tables of
 * their own: computed the first time asked, gone with the object, and, for a stage the next version takes
 * over, moved with it.
 */
const TEXT = dedent(`
  FROM python:3.12 AS deps
  RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
  FROM deps AS build
  USER app
  RUN --mount=type=cache,target=/root/.npm npm ci && python -m pip install x
  FROM scratch
  RUN --mount=type=tmpfs,target=/tmp true
`);

describe('facts kept with the model', () => {
  it('are computed the first time asked, kept on the object, and answered from it after', () => {
    const model = buildModel(TEXT);
    const run = model.runs[1] as RunInstruction;
    assert.equal(run.commands, undefined);
    const commands = runCommands(run);
    assert.equal(run.commands, commands);
    assert.equal(runCommands(run), commands, 'read once');
    const pip = commands[1];
    assert.ok(pip);
    assert.equal(pip.program, undefined);
    assert.equal(programOf(pip), 'pip');
    assert.equal(pip.program, 'pip');

    const pipCache = model.runs[0]?.mounts[0];
    assert.ok(pipCache);
    assert.equal(mountCache(pipCache)?.cache.id, 'pip');
    assert.equal(pipCache.cache, mountCache(pipCache));
    // npm's cache under root's home, for a RUN as app: not app's cache (null: asked, none), misplaced.
    const [npm] = run.mounts;
    assert.ok(npm);
    assert.equal(mountCache(npm), undefined);
    assert.equal(npm.cache, null, 'asked, none: not asked again');
    assert.equal(misplacedUnderRootHome(npm)?.expected, '/home/app/.npm');
    assert.equal(npm.misplacedCache?.cache.id, 'npm');
  });

  it('per model: the index by stage name and the earlier RUNs are the model’s own', () => {
    const model = buildModel(TEXT);
    const byName = () => model.stagesByName;
    assert.equal(byName(), undefined);
    assert.equal(stageNamed(model, 'build'), model.stages[1]);
    assert.equal(byName()?.size, 2);
    const fact = (run: RunInstruction): string | undefined => {
      const [command] = runCommands(run);
      return command ? programOf(command) : undefined;
    };
    assert.equal(firstEarlierRun(model, model.runs[1] as RunInstruction, 'first program', fact), 'pip');
    assert.equal(model.earlierRuns?.size, 1);
    const other = buildModel(TEXT);
    assert.equal(other.stagesByName, undefined, 'another model of the same text has its own');
    assert.deepEqual(
      model.stages.map((stage) => rootImageOf(stage)),
      ['python:3.12', 'python:3.12', undefined],
    );
  });

  it('a RUN taken over below an edit keeps its facts, its commands moved with its text', () => {
    const edited = TEXT.replace('-r requirements.txt', '--no-cache-dir -r requirements.txt');
    const reuse = new AnalysisReuse();
    const first = analyze(TEXT, { reuse }).model;
    const second = analyze(edited, { reuse }).model;
    const fresh = buildModel(edited);
    // The last stage (FROM scratch) only moved: its RUN is the same object, asked about before the edit.
    const run = second.runs[2] as RunInstruction;
    assert.equal(run, first.runs[2]);
    const kept = run.commands;
    assert.ok(kept);
    assert.equal(runCommands(run), kept, 'not read again');
    const offsets = (commands: ReturnType<typeof runCommands>) =>
      commands.map((c) => [
        c.start,
        c.end,
        c.words.map((w) => [w.start, w.end, w.value.span(0, w.value.length)]),
      ]);
    assert.deepEqual(offsets(kept), offsets(runCommands(fresh.runs[2] as RunInstruction)));
    // The stage that changed, and the one built FROM it, are new objects with facts of their own.
    assert.notEqual(second.runs[0], first.runs[0]);
    const pip = second.runs[0]?.mounts[0];
    assert.ok(pip);
    assert.equal(mountCache(pip)?.cache.id, 'pip');
  });
});
