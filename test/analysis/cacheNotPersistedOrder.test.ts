import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';

/**
 * cache-not-persisted looks cache directories up by path (one pass, indexed by stage). When a path lies in
 * several of them, it names the one mounted first, as the scan over earlier mounts it replaced did, also
 * between two mounts of one RUN.
 */
function messages(text: string): string[] {
  return analyze(text)
    .findings.filter((f) => f.rule === 'cache-not-persisted')
    .map((f) => f.message);
}

describe('cache-not-persisted names the first of nested cache mounts', () => {
  it('in a later RUN, the outer mount when it is written first', () => {
    const [message] = messages(
      'FROM debian\nRUN --mount=type=cache,target=/app --mount=type=cache,target=/app/target true\nRUN cat /app/target/x\n',
    );
    assert.match(message ?? '', /in the cache at \/app \(line 2\)/);
  });

  it('in a later RUN, the inner mount when it is written first', () => {
    const [message] = messages(
      'FROM debian\nRUN --mount=type=cache,target=/app/target --mount=type=cache,target=/app true\nRUN cat /app/target/x\n',
    );
    assert.match(message ?? '', /in the cache at \/app\/target \(line 2\)/);
  });

  it('in COPY --from, the outer mount when it is written first', () => {
    const [message] = messages(
      'FROM debian AS b\nRUN --mount=type=cache,target=/app --mount=type=cache,target=/app/target true\nFROM debian\nCOPY --from=b /app/target/x /x\n',
    );
    assert.match(message ?? '', /in the cache at \/app \(line 2\)/);
  });
});
