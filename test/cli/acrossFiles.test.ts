// One run relates all its files: a cache id is the builder's, so two Dockerfiles that use one id for two
// tools conflict although each is fine alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Log } from 'sarif';
import { run, workspace } from './helpers';

const API = [
  'FROM golang:1.23',
  'RUN --mount=type=cache,id=build,target=/root/.cache/go-build go build ./...',
  '',
].join('\n');
const WEB = [
  'FROM maven:3',
  'RUN --mount=type=cache,id=build,target=/root/.m2/repository,sharing=locked mvn package',
  '',
].join('\n');

describe('cachemount lint: across files', () => {
  it('reports a cache id two files use for different tools in each of them, naming the other', () => {
    const root = workspace({ 'api/Dockerfile': API, 'web/Dockerfile': WEB });
    const { code, stdout } = run(['lint', '.'], { cwd: root });
    assert.match(
      stdout,
      /^api\/Dockerfile:2:24 {2}information {2}id-conflict {2}Cache id "build" is also maven's .* in web\/Dockerfile:2: /m,
    );
    assert.match(
      stdout,
      /^web\/Dockerfile:2:24 {2}information {2}id-conflict {2}Cache id "build" is also go's .* in api\/Dockerfile:2: /m,
    );
    assert.equal(code, 0, 'information does not fail the run');
    const alone = run(['lint', 'api/Dockerfile'], { cwd: root });
    assert.doesNotMatch(alone.stdout, /id-conflict/, 'one file alone shows nothing');
  });

  it('points SARIF related locations into the other file, and the comments of a file hide what it shows', () => {
    const root = workspace({ 'api/Dockerfile': API, 'web/Dockerfile': WEB });
    const sarif = JSON.parse(run(['lint', '--format', 'sarif', '.'], { cwd: root }).stdout) as Log;
    const results = sarif.runs[0]?.results ?? [];
    const inApi = results.find(
      (r) =>
        r.ruleId === 'id-conflict' &&
        r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === 'api/Dockerfile',
    );
    assert.equal(inApi?.relatedLocations?.[0]?.physicalLocation?.artifactLocation?.uri, 'web/Dockerfile');
    assert.equal(inApi?.relatedLocations?.[0]?.physicalLocation?.region?.startLine, 2);

    const ignored = workspace({
      'api/Dockerfile': API.replace('RUN', '# cachemount-ignore id-conflict\nRUN'),
      'web/Dockerfile': WEB,
    });
    const { stdout } = run(['lint', '--format', 'json', '.'], { cwd: ignored });
    const found = JSON.parse(stdout) as { file: string; rule: string }[];
    assert.deepEqual(
      found.filter((f) => f.rule === 'id-conflict').map((f) => `${f.file} ${f.rule}`),
      ['web/Dockerfile id-conflict'],
      'hidden in api/Dockerfile',
    );
    assert.equal(
      found.some((f) => f.rule === 'suppression-unused'),
      false,
      'the comment hid something, so it is not called unused',
    );
  });
});
