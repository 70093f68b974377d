import type { Fix, Range } from '../types';

export function replaceFix(title: string, range: Range, newText: string, preferred = false): Fix {
  const fix: Fix = { title, edits: [{ range, newText }] };
  if (preferred) fix.preferred = true;
  return fix;
}

export function insertFix(title: string, at: Range['end'], newText: string, preferred = false): Fix {
  return replaceFix(title, { start: at, end: at }, newText, preferred);
}
