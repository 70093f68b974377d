import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readWorkflowFile } from '../../server/src/builds/workflow';

const WORKFLOW = `name: ci
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - name: Build
        uses: docker/build-push-action@v6
        with:
          context: services/api
          platforms: linux/amd64,linux/arm64
          build-args: |
            GO_VERSION=1.23
            SHA=\${{ github.sha }}
          target: runtime
  script:
    runs-on: [self-hosted, linux]
    steps:
      - run: |
          docker buildx build \\
            --platform linux/arm64 \\
            -f build/web.Dockerfile \\
            --build-arg NODE=22 --build-arg FROM_ENV \\
            web
        working-directory: apps
  cached:
    runs-on: \${{ matrix.os }}
    steps:
      - uses: reproducible-containers/buildkit-cache-dance@v3
      - uses: docker/build-push-action@v6
        with:
          file: ./docker/Dockerfile
          platforms: \${{ matrix.platform }}
`;

describe('GitHub workflows', () => {
  it('reads build-push-action steps: Dockerfile, platforms, args, target, runner', () => {
    const { builds, problems } = readWorkflowFile('.github/workflows/ci.yml', WORKFLOW);
    assert.deepEqual(problems, []);
    const [action, script, cached] = builds;
    assert.equal(builds.length, 3);
    assert.equal(action?.name, 'job image, step Build');
    assert.equal(action?.dockerfile, 'services/api/Dockerfile');
    assert.deepEqual(action?.platforms, ['linux/amd64', 'linux/arm64']);
    assert.deepEqual(
      [...(action?.args ?? [])],
      [
        ['GO_VERSION', '1.23'],
        ['SHA', undefined],
      ],
    );
    assert.equal(action?.target, 'runtime');
    assert.deepEqual(action?.ci, { job: 'image', runner: 'github-hosted', cacheMountsKept: false });
    assert.equal(action?.range.start.line, 8);

    assert.equal(script?.dockerfile, 'apps/build/web.Dockerfile');
    assert.deepEqual(script?.platforms, ['linux/arm64']);
    assert.deepEqual(
      [...(script?.args ?? [])],
      [
        ['NODE', '22'],
        ['FROM_ENV', undefined],
      ],
    );
    assert.equal(script?.ci?.runner, 'self-hosted');

    assert.equal(cached?.dockerfile, 'docker/Dockerfile');
    assert.equal(cached?.platforms, undefined, 'a matrix expression');
    assert.deepEqual(cached?.ci, { job: 'cached', runner: undefined, cacheMountsKept: true });
  });

  it('takes the Git context as the repository root, and a persistent builder as keeping cache mounts', () => {
    const { builds } = readWorkflowFile(
      'w.yml',
      'jobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker/setup-buildx-action@v3\n        with:\n          driver: remote\n          endpoint: tcp://builder:1234\n      - uses: docker/build-push-action@v6\n',
    );
    assert.equal(builds[0]?.dockerfile, 'Dockerfile');
    assert.equal(builds[0]?.ci?.cacheMountsKept, true);
  });

  it('never throws on broken or truncated YAML', () => {
    for (let cut = 0; cut < WORKFLOW.length; cut += 5) readWorkflowFile('w.yml', WORKFLOW.slice(0, cut));
    assert.ok(readWorkflowFile('w.yml', 'jobs: {a: [').problems.length > 0);
  });
});
