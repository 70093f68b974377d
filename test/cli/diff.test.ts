// The --dry-run diff is cachemount's own line matcher: whatever it aligns, `git apply` must turn the old text
// into the new one. Random texts with repeated lines, random line edits, with and without final newlines.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { random } from '../../bench/generate';
import { unifiedDiff } from '../../server/src/cli/diff';

describe('unified diff', () => {
  it('is empty for equal texts, and marks a missing final newline as diff does', () => {
    assert.equal(unifiedDiff('f', 'a\n', 'a\n'), '');
    assert.equal(
      unifiedDiff('f', 'a\nb', 'a\nc'),
      '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    );
    assert.equal(
      unifiedDiff('f', 'a\n', 'a'),
      '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n',
    );
  });

  it('is applied by git apply to give the new text, for 150 random edits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachemount-diff-'));
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
      const next = random(20261204);
      const word = () =>
        ['FROM x', 'RUN a', 'RUN b', '', '# c', 'RUN --mount=type=cache,target=/d true'][
          Math.floor(next() * 6)
        ] as string;
      for (let n = 0; n < 150; n++) {
        const before = Array.from({ length: Math.floor(next() * 40) }, word);
        const after = [...before];
        for (let k = Math.floor(next() * 6); k > 0; k--) {
          const at = Math.floor(next() * (after.length + 1));
          const kind = next();
          if (kind < 0.4) after.splice(at, 1, `${word()} fixed`);
          else if (kind < 0.7) after.splice(at, 0, word());
          else after.splice(at, 1);
        }
        const end = (lines: string[]) => (lines.length && next() < 0.8 ? '\n' : '');
        const a = before.join('\n') + end(before);
        const b = after.join('\n') + end(after);
        const patch = unifiedDiff('f.txt', a, b);
        if (a === b) {
          assert.equal(patch, '');
          continue;
        }
        writeFileSync(join(dir, 'f.txt'), a);
        writeFileSync(join(dir, 'p.patch'), patch);
        execFileSync('git', ['apply', '--whitespace=nowarn', 'p.patch'], { cwd: dir });
        assert.equal(readFileSync(join(dir, 'f.txt'), 'utf8'), b, `case ${n}:\n${patch}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
