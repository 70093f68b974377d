/**
 * Keeps a message to one Problems-panel row: a long path or id is cut in the middle, where the part that tells
 * two paths apart (the tool's folder at the end, the root at the start) survives.
 */
export function short(text: string, max = 40): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 1) / 2);
  return `${text.slice(0, half)}…${text.slice(text.length - half)}`;
}
