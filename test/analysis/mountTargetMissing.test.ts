import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { describe, it } from 'node:test';
import { check } from './fixture';

const only = ['mount-target-missing', 'mount-syntax'];

// dockerfile2llb/convert_runmount.go: a mount without target is joined to the working directory.
describe('mount-target-missing', () => {
  it('warns when a cache or tmpfs mount has no target', () => {
    check(
      `
      FROM debian
      WORKDIR /src
      RUN --mount=type=cache cargo build
          ^^^^^^^ mount-target-missing: This cache mount has no target, so it hides the working directory
      FROM example/node-app
      RUN --mount=type=tmpfs npm ci
          ^^^^^^^ mount-target-missing: This tmpfs mount has no target, so it hides the working directory:
    `,
      { only },
    );
  });

  // Corpus: docker/cli, moby/moby and docker/buildx bind a stage's output or the context over WORKDIR on purpose.
  it("leaves bind mounts over the working directory alone: Docker's idiom for running files in place", () => {
    check(
      `
      FROM golang AS build
      WORKDIR /src
      RUN --mount=ro --mount=from=binaries cp bin/* /out/
      RUN --mount=type=bind,source=go.mod true
      RUN --mount=type=bind,target=. --mount=type=cache,target=/root/.cache/go-build go build ./...
    `,
      { only },
    );
  });

  it('leaves WORKDIR / to mount-syntax, and secret and ssh mounts alone', () => {
    check(
      `
      FROM scratch
      RUN --mount=type=cache,id=x true
          ^^^^^^^^^^^^^^^^^^^^^^^ mount-syntax: Without a target the mount goes on the working directory "/", which
      FROM debian
      RUN --mount=type=secret,id=npmrc --mount=type=ssh true
    `,
      { only },
    );
  });

  it('does not echo a misspelled target or type', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,trget=/x true
                             ^^^^^ mount-syntax
      RUN --mount=type=cahce,target=/x true
                       ^^^^^ mount-syntax
    `,
      { only },
    );
  });
});

describe('mount-target-missing: empty targets', () => {
  it('treats an explicit empty target= as missing, and one only a build argument fills as a hint', () => {
    check(
      `
      FROM example/app
      WORKDIR /src
      ARG NODEF
      ARG DIR=/cache
      RUN --mount=type=cache,target= true
                             ^^^^^^^ mount-target-missing: This cache mount has no target
      RUN --mount=type=cache,target=$NODEF true
                             ^^^^^^^^^^^^^ mount-target-missing: Without its build argument
      RUN --mount=type=cache,target=$DIR --mount=type=cache,target=\${NODEF}/x true
      FROM debian
      RUN --mount=type=cache,target= true
                             ^^^^^^^ mount-syntax: Invalid mount target "/"
    `,
      { only },
    );
    const [hint] = analyze(
      'FROM example/app\nWORKDIR /src\nARG NODEF\nRUN --mount=type=cache,target=$NODEF true\n',
    ).findings;
    assert.equal(hint?.severity, 'hint');
  });
});
