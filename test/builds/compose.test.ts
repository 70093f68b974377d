import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readComposeFile } from '../../server/src/builds/compose';

const COMPOSE = `services:
  api:
    build:
      context: ./services/api
      dockerfile: build/Dockerfile
      args:
        GO_VERSION: "1.23"
        TOKEN:
      platforms:
        - linux/amd64
        - linux/arm64
      target: runtime
  web:
    build: web
  worker:
    build:
      context: .
      args:
        - PYTHON=3.12
        - FROM_ENV
        - TAG=\${TAG}
  db:
    image: postgres:16
  remote:
    build: https://github.com/acme/app.git#main
  inline:
    build:
      dockerfile_inline: FROM alpine
`;

describe('Compose files', () => {
  it('reads each building service: Dockerfile from the context, platforms, args and target', () => {
    const { builds, problems } = readComposeFile('deploy/compose.yaml', COMPOSE);
    assert.deepEqual(problems, []);
    const [api, web, worker, remote, inline] = builds;
    assert.equal(builds.length, 5, 'db only pulls an image');
    assert.equal(api?.name, 'service api');
    assert.equal(api?.dockerfile, 'deploy/services/api/build/Dockerfile');
    assert.deepEqual(api?.platforms, ['linux/amd64', 'linux/arm64']);
    assert.deepEqual(
      [...(api?.args ?? [])],
      [
        ['GO_VERSION', '1.23'],
        ['TOKEN', undefined],
      ],
    );
    assert.equal(api?.target, 'runtime');
    assert.deepEqual(api?.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } });
    assert.equal(web?.dockerfile, 'deploy/web/Dockerfile');
    assert.deepEqual(web?.platforms, []);
    assert.deepEqual(
      [...(worker?.args ?? [])],
      [
        ['PYTHON', '3.12'],
        ['FROM_ENV', undefined],
        ['TAG', undefined],
      ],
    );
    assert.equal(worker?.dockerfile, 'deploy/Dockerfile');
    assert.equal(remote?.dockerfile, undefined, 'a Git URL is not a file of this repository');
    assert.equal(inline?.dockerfile, undefined);
  });

  it('keeps unknown values unknown, and never leaves the repository', () => {
    const { builds } = readComposeFile(
      'compose.yaml',
      'services:\n  a:\n    build:\n      context: ${CTX}\n      platforms: [${PLATFORM}]\n  b:\n    build: ../elsewhere\n',
    );
    assert.equal(builds[0]?.dockerfile, undefined);
    assert.equal(builds[0]?.platforms, undefined);
    assert.equal(builds[1]?.dockerfile, undefined);
  });

  it('reports a broken file in one problem per error, and never throws', () => {
    const { problems } = readComposeFile('compose.yaml', 'services:\n  a: [\n');
    assert.ok(problems.length > 0);
    for (let cut = 0; cut < COMPOSE.length; cut += 7) readComposeFile('c.yaml', COMPOSE.slice(0, cut));
    readComposeFile('c.yaml', '\u0000\t: : :\n- [}');
  });
});
