// `cachemount lint .` reads the Bake, Compose and workflow files it finds: they say for which platforms a
// Dockerfile is built, and which Dockerfiles one builder builds together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, workspace } from './helpers';

const RUST = 'FROM rust:1\nRUN --mount=type=cache,target=/app/target cargo build --release\n';
const GO = 'FROM golang:1.23\nRUN --mount=type=cache,id=build,target=/root/.cache/go-build go build ./...\n';
const MAVEN =
  'FROM maven:3\nRUN --mount=type=cache,id=build,target=/root/.m2/repository,sharing=locked mvn package\n';

interface Found {
  file: string;
  rule: string;
  severity: string;
}

function lint(files: Record<string, string>): Found[] {
  const root = workspace(files);
  const { stdout } = run(['lint', '--format', 'json', '.'], { cwd: root });
  return JSON.parse(stdout) as Found[];
}

describe('cachemount lint: build definitions', () => {
  it('makes id-platform-scope a warning only for the file a definition builds for several platforms', () => {
    const found = lint({
      'arm/Dockerfile': RUST,
      'one/Dockerfile': RUST,
      'other/Dockerfile': RUST,
      'docker-bake.hcl': [
        'target "arm" {',
        '  context = "arm"',
        '  platforms = ["linux/amd64", "linux/arm64"]',
        '}',
        'target "one" {',
        '  context = "one"',
        '  platforms = ["linux/amd64"]',
        '}',
        '',
      ].join('\n'),
    });
    const platform = (file: string) =>
      found.find((f) => f.file === file && f.rule === 'id-platform-scope')?.severity;
    assert.equal(platform('arm/Dockerfile'), 'warning', 'Bake builds it for two platforms');
    assert.equal(platform('one/Dockerfile'), undefined, 'every definition names one platform');
    assert.equal(platform('other/Dockerfile'), 'hint', 'nothing says how it is built');
  });

  it('reads Compose and workflows too, and makes a conflict between files one builder builds a warning', () => {
    const found = lint({
      'api/Dockerfile': GO,
      'web/Dockerfile': MAVEN,
      'compose.yaml':
        'services:\n  api:\n    build: api\n  web:\n    build:\n      context: web\n      platforms: [linux/amd64, linux/arm64]\n',
      'solo/Dockerfile': RUST,
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: solo\n          platforms: linux/amd64,linux/arm64\n',
    });
    const conflict = found.filter((f) => f.rule === 'id-conflict');
    assert.deepEqual(
      conflict.map((f) => `${f.file} ${f.severity}`),
      ['api/Dockerfile warning', 'web/Dockerfile warning'],
      'compose.yaml builds both on one builder',
    );
    assert.equal(
      found.find((f) => f.file === 'solo/Dockerfile' && f.rule === 'id-platform-scope')?.severity,
      'warning',
      'the workflow builds it for two platforms',
    );
  });

  it('warns on stderr about a definition file it cannot read, and lints the rest', () => {
    const root = workspace({ Dockerfile: RUST, 'compose.yaml': 'services:\n  a: [\n' });
    const { code, stderr } = run(['lint', '.'], { cwd: root });
    assert.match(stderr, /^cachemount: warning: compose\.yaml:\d+: .*may be incomplete$/m);
    assert.equal(code, 0, 'a hint only');
  });
});
