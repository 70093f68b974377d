// ci-cache-mounts-lost: a workflow job that builds a Dockerfile with cache mounts on a runner that starts
// empty, where nothing restores them. Checked on workflow text as written, with the Dockerfiles it builds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { analyze } from '../../server/src/analysis/analyze';
import { analyzeBuildFile } from '../../server/src/analysis/buildFiles';
import { CACHE_DANCE_ACTION } from '../../server/src/analysis/edits/cacheDance';
import { applyEdits } from '../../server/src/analysis/fixAll';
import { cacheMapJson, cacheMapOf } from '../../server/src/analysis/model/cacheMap';
import type { Finding } from '../../server/src/analysis/types';
import { readWorkflowFile } from '../../server/src/builds/workflow';

const GO = `FROM golang:1.23
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=cache,id=gobuild,target=/root/.cache/go-build,uid=1000,gid=1000,mode=0755 \\
    go build ./...
`;

/** The inputs of buildkit-cache-dance's action.yml at the pinned commit (v3.2.0), as the action declares them. */
const DANCE_INPUTS = [
  'cache-map',
  'dockerfile',
  'cache-source',
  'cache-target',
  'scratch-dir',
  'skip-extraction',
  'save-always',
  'utility-image',
  'builder',
];
/** actions/cache's action.yml inputs at v5.0.5. */
const CACHE_INPUTS = [
  'path',
  'key',
  'restore-keys',
  'upload-chunk-size',
  'enableCrossOsArchive',
  'fail-on-cache-miss',
  'lookup-only',
  'save-always',
];

function workflow(options: { runsOn?: string; setup?: string; extra?: string; with?: string } = {}): string {
  return [
    'on: push',
    'jobs:',
    '  image:',
    `    runs-on: ${options.runsOn ?? 'ubuntu-latest'}`,
    '    steps:',
    '      - uses: actions/checkout@v4',
    ...(options.setup === undefined
      ? ['      - uses: docker/setup-buildx-action@v3']
      : options.setup
        ? [options.setup]
        : []),
    ...(options.extra ? [options.extra] : []),
    '      - name: Build',
    '        uses: docker/build-push-action@v6',
    '        with:',
    options.with ?? '          platforms: linux/amd64',
    '',
  ].join('\n');
}

function check(text: string, dockerfiles: Record<string, string> = { Dockerfile: GO }): Finding[] {
  const result = readWorkflowFile('.github/workflows/ci.yml', text);
  const dockerfileAt = (path: string) => {
    const source = dockerfiles[path];
    return source === undefined ? undefined : { key: path, name: path, model: analyze(source).model };
  };
  return analyzeBuildFile({ text, definitions: result.builds }, dockerfileAt).findings.filter(
    (f) => f.rule === 'ci-cache-mounts-lost',
  );
}

function fixed(text: string, finding: Finding): string {
  const fix = finding.fixes[0];
  assert.ok(fix, 'a fix is offered');
  assert.equal(fix.safety, 'unsafe', 'adding steps changes the workflow: never applied unasked');
  return applyEdits(text, fix.edits);
}

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, string>;
}

function steps(text: string): Step[] {
  const document = parseDocument(text);
  assert.deepEqual(document.errors, [], 'the fixed workflow is valid YAML');
  const json = document.toJS() as { jobs: { image: { steps: Step[] } } };
  return json.jobs.image.steps;
}

describe('ci-cache-mounts-lost', () => {
  it('warns on the build step of a GitHub-hosted job, at its uses line', () => {
    const text = workflow();
    const [finding, ...rest] = check(text);
    assert.equal(rest.length, 0);
    assert.ok(finding);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.range.start.line, 8);
    assert.match(finding.message, /start empty on this GitHub-hosted runner/);
    assert.ok(finding.message.length <= 140);
  });

  it('is silent where the job restores them, builds on a builder that outlives it, or runs self-hosted', () => {
    assert.deepEqual(
      check(workflow({ extra: '      - uses: reproducible-containers/buildkit-cache-dance@v3' })),
      [],
    );
    const remote =
      '      - uses: docker/setup-buildx-action@v3\n        with:\n          driver: remote\n          endpoint: tcp://builder:1234';
    assert.deepEqual(check(workflow({ setup: remote })), []);
    assert.deepEqual(check(workflow({ runsOn: '[self-hosted, linux]' })), []);
  });

  it('is a hint where the runner labels do not say whether the machine starts empty', () => {
    for (const runsOn of ['${{ matrix.os }}', 'big-linux-runners']) {
      const [finding] = check(workflow({ runsOn }));
      assert.equal(finding?.severity, 'hint', runsOn);
      assert.match(finding?.message ?? '', /^If this runner starts empty/);
    }
  });

  it('is silent for a Dockerfile without cache mounts, one not checked, or a target that runs none', () => {
    assert.deepEqual(check(workflow(), { Dockerfile: 'FROM alpine\nRUN echo hi\n' }), []);
    assert.deepEqual(check(workflow(), {}), []);
    const staged = `FROM golang:1.23 AS build\nRUN --mount=type=cache,target=/root/.cache/go-build go build ./...\nFROM alpine AS lint\nRUN echo lint\n`;
    assert.deepEqual(check(workflow({ with: '          target: lint' }), { Dockerfile: staged }), []);
    assert.equal(check(workflow({ with: '          target: build' }), { Dockerfile: staged }).length, 1);
    // The last stage copies from the one with the mount: that stage is built too.
    const copied = `${staged}COPY --from=build /go/bin /bin\n`;
    assert.equal(check(workflow(), { Dockerfile: copied }).length, 1);
  });

  it('fixes it with actions/cache and buildkit-cache-dance, their inputs as the pinned actions declare them', () => {
    const text = workflow();
    const [finding] = check(text);
    assert.ok(finding);
    const after = steps(fixed(text, finding));
    assert.deepEqual(
      after.map((s) => s.uses?.split('@')[0]),
      [
        'actions/checkout',
        'docker/setup-buildx-action',
        'actions/cache',
        'reproducible-containers/buildkit-cache-dance',
        'docker/build-push-action',
      ],
    );
    const [, setup, cache, dance] = after as [Step, Step, Step, Step];
    assert.equal(dance.uses, `${CACHE_DANCE_ACTION.name}@${CACHE_DANCE_ACTION.commit}`);
    for (const input of Object.keys(dance.with ?? {})) assert.ok(DANCE_INPUTS.includes(input), input);
    for (const input of Object.keys(cache.with ?? {})) assert.ok(CACHE_INPUTS.includes(input), input);
    // The map is the one `cachemount cache-map` prints: BuildKit's ids, uid, gid and mode as mounted.
    const map = cacheMapOf(analyze(GO).model, ['linux/amd64']);
    assert.deepEqual(JSON.parse(dance.with?.['cache-map'] ?? ''), JSON.parse(cacheMapJson(map.entries)));
    const parsed = JSON.parse(dance.with?.['cache-map'] ?? '') as Record<string, unknown>;
    assert.deepEqual(parsed.gobuild, {
      target: '/root/.cache/go-build',
      id: 'gobuild',
      uid: '1000',
      gid: '1000',
      mode: '0755',
    });
    // actions/cache saves exactly the folders the map names.
    assert.deepEqual(
      (cache.with?.path ?? '').trim().split('\n'),
      map.entries.map((e) => e.source),
    );
    assert.equal(dance.with?.['skip-extraction'], `\${{ steps.${cache.id}.outputs.cache-hit }}`);
    // The builder the setup step made, through the id the fix gave it.
    assert.equal(setup.id, 'buildx');
    assert.equal(dance.with?.builder, '${{ steps.buildx.outputs.name }}');
    assert.deepEqual(check(fixed(text, finding)), [], 'the fixed workflow has nothing more to say');
  });

  it('uses the setup step id there is, no builder input without a setup step, and ids not taken', () => {
    const named = workflow({
      setup: '      - id: bx\n        uses: docker/setup-buildx-action@v3',
      extra: '      - id: cache-mounts\n        run: true',
    });
    const [finding] = check(named);
    assert.ok(finding);
    const after = steps(fixed(named, finding));
    const dance = after.find((s) => s.uses?.startsWith(CACHE_DANCE_ACTION.name));
    assert.equal(dance?.with?.builder, '${{ steps.bx.outputs.name }}');
    assert.equal(dance?.with?.['skip-extraction'], '${{ steps.cache-mounts-2.outputs.cache-hit }}');
    const plain = workflow({ setup: '' });
    const [alone] = check(plain);
    assert.ok(alone);
    const withoutSetup = steps(fixed(plain, alone)).find((s) => s.uses?.startsWith(CACHE_DANCE_ACTION.name));
    assert.equal(
      withoutSetup?.with?.builder,
      undefined,
      "the build uses the default builder, the dance's default",
    );
  });

  it('maps one cache per platform, and offers no fix where the platforms or a cache cannot be named', () => {
    const perPlatform =
      'FROM rust:1\nARG TARGETARCH\nRUN --mount=type=cache,id=target-$TARGETARCH,target=/app/target cargo build\n';
    const text = workflow({ with: '          platforms: linux/amd64,linux/arm64' });
    const [finding] = check(text, { Dockerfile: perPlatform });
    assert.ok(finding);
    const dance = steps(fixed(text, finding)).find((s) => s.uses?.startsWith(CACHE_DANCE_ACTION.name));
    assert.deepEqual(
      Object.values(JSON.parse(dance?.with?.['cache-map'] ?? '{}') as Record<string, { id: string }>).map(
        (o) => o.id,
      ),
      ['target-amd64', 'target-arm64'],
    );
    const [unknownPlatforms] = check(workflow({ with: '          context: .' }), { Dockerfile: perPlatform });
    assert.deepEqual(unknownPlatforms?.fixes, []);
    const fromArg =
      'FROM golang:1.23\nARG CACHE\nRUN --mount=type=cache,id=$CACHE,target=/root/.cache/go-build go build\n';
    const [unnamed] = check(workflow(), { Dockerfile: fromArg });
    assert.deepEqual(unnamed?.fixes, []);
  });

  it('writes the steps with the file line endings and indentation', () => {
    const text = workflow()
      .replace(/\n/g, '\r\n')
      .replace(/^( {6})-/gm, '    -')
      .replace(/^( {8})(\w)/gm, '      $2')
      .replace(/^( {10})(\w)/gm, '        $2');
    const [finding] = check(text);
    assert.ok(finding);
    const out = fixed(text, finding);
    assert.ok(!/[^\r]\n/.test(out), 'no bare LF');
    assert.equal(steps(out).length, 5);
    assert.match(out, /\r\n {4}- name: Restore the cache mounts' folders\r\n {6}id: cache-mounts\r\n/);
  });
});
