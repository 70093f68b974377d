import { createTwoFilesPatch } from 'diff';

/**
 * A unified diff of one file in git's `a/` and `b/` form, so `git apply` and `patch -p1` take it as is. The
 * diff itself is jsdiff's; only its header is trimmed to what those tools expect.
 */
export function unifiedDiff(file: string, before: string, after: string): string {
  const name = file.split('\\').join('/');
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, '', '', { context: 3 });
  return patch
    .split('\n')
    .filter((line, index) => !(index === 0 && /^=+$/.test(line)))
    .map((line, index) => (index < 2 ? line.replace(/\t$/, '') : line))
    .join('\n');
}
