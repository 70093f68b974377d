// Build arguments the build definitions give (BuildFacts.args): an ARG takes a value every build is given,
// over its default, as `--build-arg` does; other values are shown, never assumed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { AnalysisReuse } from '../../server/src/analysis/incremental/reuse';
import { hoverAt } from '../../server/src/analysis/query/hover';
import type { BuildArgFact, BuildFacts } from '../../server/src/analysis/types';
import { BuildIndex } from '../../server/src/builds/index';
import { readComposeFile } from '../../server/src/builds/compose';

const every = (value: string): BuildArgFact => ({
  values: [value],
  everyBuild: true,
  from: ['compose.yaml, service web'],
});

function ids(text: string, args?: Record<string, BuildArgFact>, reuse?: AnalysisReuse): string[] {
  const builds: BuildFacts | undefined = args ? { platforms: 'unknown', args } : undefined;
  const { model } = analyze(text, { ...(builds ? { builds } : {}), ...(reuse ? { reuse } : {}) });
  return model.runs.flatMap((run) =>
    run.mounts.map((m) => (m.effective.id.complete ? m.effective.id.value : '?')),
  );
}

const STAGE = 'FROM node:22\nARG ENV=dev\nRUN --mount=type=cache,id=npm-$ENV,target=/root/.npm npm ci\n';

describe('build arguments from build definitions', () => {
  it('give a declared ARG the value every build gets, over its default', () => {
    assert.deepEqual(ids(STAGE), ['npm-dev']);
    assert.deepEqual(ids(STAGE, { ENV: every('prod') }), ['npm-prod']);
    const noDefault = 'FROM node:22\nARG ENV\nRUN --mount=type=cache,id=npm-$ENV,target=/root/.npm npm ci\n';
    assert.deepEqual(ids(noDefault), ['?']);
    assert.deepEqual(ids(noDefault, { ENV: every('prod') }), ['npm-prod']);
  });

  it('reach a stage through a global ARG it declares again, and nowhere else', () => {
    const global =
      'ARG ENV\nFROM node:22\nARG ENV\nRUN --mount=type=cache,id=npm-$ENV,target=/root/.npm npm ci\n';
    assert.deepEqual(ids(global, { ENV: every('prod') }), ['npm-prod']);
    // BuildKit passes a build argument only to a declared ARG: a global one the stage does not declare again
    // stays empty there.
    const undeclared = 'ARG ENV\nFROM node:22\nRUN --mount=type=cache,id=npm-$ENV,target=/root/.npm npm ci\n';
    const { findings } = analyze(undeclared, {
      builds: { platforms: 'unknown', args: { ENV: every('prod') } },
    });
    assert.ok(findings.some((f) => f.rule === 'id-undefined-variable'));
  });

  it('leave the id unknown where builds differ or some keep the default, and never set a platform ARG', () => {
    assert.deepEqual(ids(STAGE, { ENV: { values: ['a', 'b'], everyBuild: false, from: ['x', 'y'] } }), [
      'npm-dev',
    ]);
    assert.deepEqual(ids(STAGE, { ENV: { values: ['a'], everyBuild: false, from: ['x'] } }), ['npm-dev']);
    const platform =
      'FROM node:22\nARG TARGETARCH\nRUN --mount=type=cache,id=npm-$TARGETARCH,target=/root/.npm npm ci\n';
    assert.deepEqual(ids(platform, { TARGETARCH: every('s390x') }), ['?']);
  });

  it('build the whole model again when they change between versions of a document', () => {
    const reuse = new AnalysisReuse();
    assert.deepEqual(ids(STAGE, { ENV: every('one') }, reuse), ['npm-one']);
    assert.deepEqual(ids(STAGE, { ENV: every('two') }, reuse), ['npm-two']);
    assert.deepEqual(ids(STAGE, undefined, reuse), ['npm-dev']);
  });

  it('show in the hover of the mount, with where they come from', () => {
    const hover = (args: Record<string, BuildArgFact>) => {
      const { model } = analyze(STAGE, { builds: { platforms: 'unknown', args } });
      return hoverAt(model, { line: 2, character: 6 })?.markdown ?? '';
    };
    assert.match(
      hover({ ENV: every('prod') }),
      /- id: `npm-prod`\n- build argument ENV: `prod`, from compose\.yaml, service web/,
    );
    assert.match(
      hover({ ENV: { values: ['prod', 'qa'], everyBuild: false, from: ['compose.yaml, service web', 'b'] } }),
      /build argument ENV: `prod`, `qa` in compose\.yaml, service web and 1 more; other builds differ/,
    );
  });

  it('are every build of the file for sure only when each definition gives a value', () => {
    const compose = readComposeFile(
      'compose.yaml',
      'services:\n  a:\n    build:\n      context: web\n      args:\n        ENV: prod\n  b:\n    build: web\n',
    );
    const facts = new BuildIndex([compose]).forDockerfile('web/Dockerfile')?.argFacts;
    assert.deepEqual(facts?.ENV, { values: ['prod'], everyBuild: false, from: ['compose.yaml, service a'] });
    const one = readComposeFile(
      'compose.yaml',
      'services:\n  a:\n    build:\n      context: web\n      args: [ENV=prod]\n',
    );
    assert.equal(new BuildIndex([one]).forDockerfile('web/Dockerfile')?.argFacts.ENV?.everyBuild, true);
  });
});
