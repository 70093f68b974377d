import type { Finding, Fix } from './types';

/**
 * The fix that Fix All applies for a finding, and that reports show first: its first safe fix, or with
 * `unsafe` its first fix. A rule lists its fixes best first.
 */
export function fixToApply(finding: Finding, unsafe = false): Fix | undefined {
  return finding.fixes.find((fix) => fix.edits.length > 0 && (unsafe || fix.safety === 'safe'));
}

/** A fix's title as menus and reports show it: an unsafe fix says so, since it changes the build. */
export function fixLabel(fix: Fix): string {
  return fix.safety === 'unsafe' ? `${fix.title} (unsafe)` : fix.title;
}
