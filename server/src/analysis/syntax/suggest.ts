/**
 * BuildKit's "did you mean" (util/suggest/error.go: Search): the option with the smallest Levenshtein
 * distance below 3, none when the value already equals an option.
 */
export function suggest(
  value: string,
  options: readonly string[],
  caseSensitive: boolean,
): string | undefined {
  const probe = caseSensitive ? value : value.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const option of options) {
    const candidate = caseSensitive ? option : option.toLowerCase();
    if (candidate === probe) return undefined;
    const distance = levenshtein(probe, candidate);
    if (distance < bestDistance) {
      best = caseSensitive ? option : matchCase(candidate, value);
      bestDistance = distance;
    }
  }
  return best;
}

function matchCase(option: string, original: string): string {
  if (original === original.toLowerCase()) return option.toLowerCase();
  if (original === original.toUpperCase()) return option.toUpperCase();
  return option;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  // Long inputs cannot be within distance 3 of a short option; skip the quadratic table.
  if (Math.abs(a.length - b.length) >= 3) return Math.abs(a.length - b.length);
  // Two rows of the table, swapped: a name is compared with every variable in scope, one row per letter each.
  let previous: number[] = [];
  let current: number[] = [];
  for (let j = 0; j <= b.length; j++) previous.push(j);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    const done = current;
    current = previous;
    previous = done;
  }
  return previous[b.length] ?? 0;
}
