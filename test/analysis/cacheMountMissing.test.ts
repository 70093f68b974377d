import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, assertFixResolves, check } from './fixture';

const rules = ['cache-mount-missing'];

describe('cache-mount-missing', () => {
  it('hints at package managers and build tools that run without a cache mount', () => {
    check(
      `
      FROM debian
      RUN apt-get update && apt-get install -y gcc
          ^^^^^^^ cache-mount-missing: apt-get update downloads into /var/cache/apt and /var/lib/apt on
      FROM python:3.12
      RUN python -m pip install -r requirements.txt
          ^^^^^^ cache-mount-missing: pip install downloads into /root/.cache/pip on every build: add a
      FROM node:20
      RUN npm ci
          ^^^ cache-mount-missing: downloads into /root/.npm
      FROM golang:1.22
      RUN go mod download
          ^^ cache-mount-missing: downloads into /go/pkg/mod
      FROM rust:1
      RUN cargo build --release
          ^^^^^ cache-mount-missing: downloads into /usr/local/cargo/registry
    `,
      { rules },
    );
  });

  it('stays silent when a cache of the tool is mounted, the author opted out, or the command uses no cache', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update
      FROM python:3.12
      RUN pip install --no-cache-dir flask
      RUN PIP_NO_CACHE_DIR=1 pip install flask
      RUN pip --version && npm run build && go version && cargo --version
      FROM alpine
      RUN apk add --no-cache curl
      FROM python:3.12
      ARG CACHE_DIR
      RUN --mount=type=cache,target=$CACHE_DIR pip install flask
    `,
      { rules },
    );
  });

  it('inserts the mounts for the current USER and ENV, locked where the tool needs it', () => {
    const apt = assertFixResolves(
      `
      FROM debian
      RUN apt-get update && apt-get install -y gcc
    `,
      'Add cache mount for apt',
      { rules: [...rules, 'sharing-locked-required'] },
    );
    assert.equal(
      apt,
      'FROM debian\n' +
        'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n' +
        '    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n' +
        '    apt-get update && apt-get install -y gcc\n',
    );
    const npm = assertFixResolves(
      `
      FROM node:20
      USER node
      RUN npm ci
    `,
      'Add cache mount for npm',
      { rules: [...rules, 'cache-permission', 'cache-target-unused'] },
    );
    assert.match(npm, /RUN --mount=type=cache,target=\/home\/node\/\.npm,uid=1000,gid=1000 npm ci/);
    const moved = assertFixResolves(
      `
      FROM python:3.12
      ENV PIP_CACHE_DIR=/cache/pip
      RUN pip install flask
    `,
      'Add cache mount for pip',
      { rules: [...rules, 'cache-target-unused'] },
    );
    assert.match(moved, /--mount=type=cache,target=\/cache\/pip pip install/);
  });

  it('scopes platform-specific caches by ${TARGETPLATFORM} in multi-platform files, declaring the ARG', () => {
    const fixed = assertFixResolves(
      `
      FROM --platform=$BUILDPLATFORM continuumio/miniconda3
      RUN \\
        conda install -y numpy
    `,
      'Add cache mount for conda',
      { rules: [...rules, 'id-platform-scope', 'id-undefined-variable', 'sharing-locked-required'] },
    );
    assert.equal(
      fixed,
      'FROM --platform=$BUILDPLATFORM continuumio/miniconda3\nARG TARGETPLATFORM\n' +
        'RUN --mount=type=cache,target=/opt/conda/pkgs,sharing=locked,id=conda-${TARGETPLATFORM} \\\n' +
        '  conda install -y numpy\n',
    );
  });

  it('skips a non-root user whose home is unknown rather than guess a target', () => {
    check(
      `
      FROM python:3.12
      USER 1001
      RUN pip install flask
    `,
      { rules },
    );
  });
});

describe('cache-mount-missing: the inserted mounts', () => {
  it('take the RUN\u2019s own continuation indent', () => {
    const text = 'FROM node:22\nRUN apt-get update \\\n  && apt-get install -y curl\n';
    const fixed = applyFix(text, 'cache-mount-missing', 'Add cache mount for apt');
    assert.match(
      fixed,
      /\nRUN --mount=type=cache,target=\/var\/cache\/apt,sharing=locked \\\n {2}--mount=type=cache/,
    );
  });
});
