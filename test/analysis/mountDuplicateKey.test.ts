import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { applyFix, check } from './fixture';

const rules = ['mount-duplicate-key'];

// instructions/commands_runmount.go (parseMount): options left to right, the last value of a key wins.
describe('mount-duplicate-key', () => {
  it('warns when a later value drops an earlier one, and when a later type= changes the type', () => {
    check(
      `
      FROM alpine
      RUN --mount=type=cache,target=/a,dst=/b true
                                       ^^^^^^ mount-duplicate-key: target= is given twice: BuildKit keeps /b and drops /a
      RUN --mount=type=cache,target=/x,type=bind true
                                       ^^^^^^^^^ mount-duplicate-key: This later type=bind makes it a bind mount
    `,
      { rules },
    );
  });

  it('gives the uv guideline\u2019s example the hint, and nothing false', () => {
    const text = [
      'FROM rust:1.80',
      'ARG APP_NAME=app',
      'ARG TARGETPLATFORM',
      'RUN \\',
      '  # Global cache that safely handles concurrent access',
      '  --mount=type=cache,target=/var/lib/apt/lists,type=cache,sharing=shared \\',
      '  # Cache that needs exclusive access to prevent corruption',
      '  --mount=type=cache,target="/root/.cache/rustup",id="rustup-toolchain",sharing=locked \\',
      '  # Project-specific build cache with isolated ID to prevent unintended sharing',
      '  --mount=type=cache,target="target/",id="cargo-target-${APP_NAME}-${TARGETPLATFORM}",sharing=locked \\',
      '  # Exclude temporary directories from caching with tmpfs',
      '  --mount=type=tmpfs,target="${CARGO_HOME}/registry/src" \\',
      '  --mount=type=tmpfs,target="${CARGO_HOME}/git/checkouts" \\',
      '  cargo build --release',
      '',
    ].join('\n');
    const findings = analyze(text).findings.map((f) => `${f.rule} ${f.severity} ${f.range.start.line + 1}`);
    assert.deepEqual(findings, [
      // The apt lists are mounted on a RUN that runs only cargo: true, and the guideline's own mistake.
      'cache-target-unused warning 6',
      'mount-duplicate-key hint 6',
      'sharing-locked-required hint 6',
      // rust's WORKDIR is "/", so target/ is /target, cargo's build output: safe to share, and the registry
      // is not mounted. Both hints are true of the example.
      'sharing-locked-unneeded hint 10',
      'cache-mount-missing hint 14',
    ]);
    const fixed = applyFix(text, 'mount-duplicate-key', 'Remove the repeated type=cache');
    assert.match(fixed, /--mount=type=cache,target=\/var\/lib\/apt\/lists,sharing=shared \\/);
  });

  it('removes the later copy of an equal type=, which keeps type-dependent keys valid', () => {
    const text = 'FROM alpine\nRUN --mount=type=tmpfs,size=1g,type=tmpfs,target=/t true\n';
    const fixed = applyFix(text, 'mount-duplicate-key', 'Remove the repeated type=tmpfs');
    assert.equal(fixed, 'FROM alpine\nRUN --mount=type=tmpfs,size=1g,target=/t true\n');
    assert.deepEqual(
      analyze(fixed).findings.filter((f) => f.rule === 'mount-syntax'),
      [],
    );
  });

  it('leaves one of each key, bare words and unsplittable mounts alone', () => {
    check(
      `
      FROM alpine
      RUN --mount=type=cache,target=/a,id=x,sharing=locked,ro,readonly true
      RUN --mount=type=cache,target="/a true
    `,
      { rules },
    );
  });
});
