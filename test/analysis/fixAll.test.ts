import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, fixAll } from '../../server/src/analysis/fixAll';
import type { Range } from '../../server/src/analysis/types';
import { dedent } from './fixture';

const EXAMPLE = readFileSync(join(__dirname, '..', '..', 'examples', 'Dockerfile'), 'utf8');

function sameRange(a: Range, b: Range): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

describe('fix all', () => {
  it('fixes every finding of the bundled example that has a safe fix, and with unsafe fixes all but hints', () => {
    const result = fixAll(EXAMPLE);
    assert.equal(applyEdits(EXAMPLE, result.edits), result.text, 'the edits produce the fixed text');
    assert.ok(result.applied.length >= 3, `applied ${result.applied.length}`);
    // Left: findings with unsafe fixes only, and the lock of the apt lists mount, which cache-cleaned calls
    // emptied (its `rm -rf` is an unsafe fix): no fix goes to a mount another finding condemns.
    const left = result.analysis.findings.filter((f) => f.fixes.some((fix) => fix.safety === 'safe'));
    assert.deepEqual(
      left.map((f) => f.rule),
      ['sharing-locked-required'],
    );
    assert.ok(
      result.analysis.findings.some(
        (f) => f.rule === 'cache-cleaned' && f.mount && left[0]?.mount && sameRange(f.mount, left[0].mount),
      ),
      'cache-cleaned names the same mount',
    );

    const unsafe = fixAll(EXAMPLE, { unsafeFixes: true });
    assert.equal(applyEdits(EXAMPLE, unsafe.edits), unsafe.text, 'the edits produce the fixed text');
    assert.deepEqual(
      unsafe.analysis.findings.filter((f) => f.severity !== 'hint').map((f) => f.rule),
      [],
    );
    assert.ok(unsafe.applied.length >= 5, `applied ${unsafe.applied.length}`);
  });

  it('applies one ARG declaration when two fixes both declare it', () => {
    const text = dedent(`
      FROM --platform=$BUILDPLATFORM rust
      RUN --mount=type=cache,target=/a/target,id=a-\${TARGETPLATFORM} cargo build
      RUN --mount=type=cache,target=/b/target,id=b-\${TARGETPLATFORM} cargo build
    `);
    // Declaring an ARG that the ids name changes them: an unsafe fix.
    assert.equal(fixAll(text).text, text);
    const result = fixAll(text, { unsafeFixes: true });
    assert.equal(result.text.match(/ARG TARGETPLATFORM/g)?.length, 1, result.text);
    assert.equal(result.analysis.findings.filter((f) => f.rule === 'id-undefined-variable').length, 0);
  });

  it('takes fixes a fix made possible in a later round, and returns edits against the original', () => {
    // Until the type typo is fixed, the mount is not a cache and sharing-locked-required cannot see it. Then
    // apt-docker-clean calls the mount emptied, so the lock waits for docker-clean's removal, an unsafe fix.
    const text = dedent(`
      FROM --platform=$BUILDPLATFORM debian
      RUN --mount=type=cahce,target=/var/cache/apt apt-get update
    `);
    const safe = fixAll(text);
    assert.deepEqual(
      safe.applied.map((a) => a.rule),
      ['mount-syntax'],
    );
    const result = fixAll(text, { unsafeFixes: true });
    assert.equal(result.rounds, 3);
    assert.deepEqual(
      result.applied.map((a) => a.rule),
      ['mount-syntax', 'apt-docker-clean', 'sharing-locked-required'],
    );
    assert.equal(applyEdits(text, result.edits), result.text);
    assert.match(result.text, /--mount=type=cache,target=\/var\/cache\/apt,sharing=locked apt-get/);
    assert.deepEqual(
      result.edits.map((e) => e.newText.slice(0, 20)),
      ['RUN rm -f /etc/apt/a', 'cache', ',sharing=locked'],
      'three small edits, not one rewrite',
    );
  });

  it('never applies suppression comments, and leaves a clean file alone', () => {
    const text = 'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked,id=x true\n';
    const result = fixAll(text, { rules: { 'sharing-locked-unneeded': 'hint' } });
    assert.doesNotMatch(result.text, /cachemount-ignore/);
    const clean = 'FROM debian\nRUN true\n';
    assert.deepEqual(fixAll(clean).edits, []);
    assert.equal(fixAll(clean).rounds, 0);
  });

  it('composes edits of several rounds into small edits of the original text', () => {
    const text = dedent(`
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=lockd apt-get update
      RUN --mount=type=cache,target=/var/lib/apt apt-get update
    `);
    const result = fixAll(text);
    assert.equal(applyEdits(text, result.edits), result.text);
    for (const edit of result.edits)
      assert.ok(edit.range.end.line - edit.range.start.line <= 1, 'no edit rewrites large parts of the file');
  });
});
