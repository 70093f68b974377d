import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, workspace } from './helpers';

const DOCKERFILE = [
  'FROM --platform=$BUILDPLATFORM golang:1.23',
  'ARG TARGETARCH',
  'RUN --mount=type=cache,target=/go/pkg/mod \\',
  '    --mount=type=cache,id=gobuild-$TARGETARCH,target=/root/.cache/go-build,uid=0,gid=0 go build ./...',
  '',
].join('\n');

describe('cachemount cache-map', () => {
  it("prints buildkit-cache-dance's cache-map for the Dockerfile, one cache per platform", () => {
    const root = workspace({ Dockerfile: DOCKERFILE });
    const { code, stdout, stderr } = run(['cache-map', '--platform', 'linux/amd64,linux/arm64'], {
      cwd: root,
    });
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), {
      'go-pkg-mod': { target: '/go/pkg/mod', id: '/go/pkg/mod' },
      'gobuild-amd64': { target: '/root/.cache/go-build', id: 'gobuild-amd64', uid: '0', gid: '0' },
      'gobuild-arm64': { target: '/root/.cache/go-build', id: 'gobuild-arm64', uid: '0', gid: '0' },
    });
  });

  it('asks for the platforms when an id depends on them, and says what it cannot map (exit 2)', () => {
    const root = workspace({
      Dockerfile: DOCKERFILE,
      'other.Dockerfile': 'FROM debian\nARG ID\nRUN --mount=type=cache,id=$ID,target=/x true\n',
    });
    const missing = run(['cache-map'], { cwd: root });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /depends on the target platform: give the platforms built with --platform/);
    const unknown = run(['cache-map', 'other.Dockerfile'], { cwd: root });
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, '');
    assert.match(
      unknown.stderr,
      /^cachemount: other\.Dockerfile:3: cannot map this cache mount: its id depends on a build argument/m,
    );
    const usage = run(['cache-map', '--bogus'], { cwd: root });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /unknown option '--bogus'/);
    const help = run(['cache-map', '--help'], { cwd: root });
    assert.match(help.stdout, /^Usage: cachemount cache-map/);
  });
});
