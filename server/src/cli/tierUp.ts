import { setFlagsFromString } from 'node:v8';

/**
 * V8 optimizes a function with TurboFan once it has run a while, on a background thread, and uses the result
 * from then on. A lint run is over in a fraction of a second: with V8's default thresholds it compiles dozens
 * of the analysis's functions, whose optimized code arrives too late to pay for itself, and the compiles take
 * a core from the run (on a 1,000-line file, a third more CPU than the run itself: on a busy two-core CI
 * runner the run waits for them). A higher threshold leaves to TurboFan only what runs long enough to gain
 * from it; a 10,000-line file is linted faster too (docs/performance.md).
 *
 * The flags are V8's internals and change between versions: one is set only on the V8 version (major and
 * minor, which a Node release line keeps) it was measured on, because a flag V8 does not know is printed on
 * standard output, into the report. On Node 26 (V8 14.6) the default was faster.
 */
const TIER_UP: Readonly<Record<string, { flag: string; value: number }>> = {
  // Node 20: the bytecode a function runs before TurboFan is asked for it (default 66 KB).
  '11.3': { flag: '--interrupt-budget', value: 400_000 },
  // Node 22 and 24: the calls before TurboFan is asked (default 3,000).
  '12.4': { flag: '--invocation-count-for-turbofan', value: 12_000 },
  '13.6': { flag: '--invocation-count-for-turbofan', value: 12_000 },
};

/**
 * The flag for this process's V8, or undefined where none was measured or the user gave node one of their own
 * (NODE_OPTIONS refuses V8's flags: only node's command line can).
 */
export function tierUpFlag(
  v8Version = process.versions.v8,
  nodeArgs: readonly string[] = process.execArgv,
): string | undefined {
  const tierUp = TIER_UP[v8Version.split('.').slice(0, 2).join('.')];
  if (!tierUp) return undefined;
  // V8 reads `_` and `-` in flag names alike.
  if (nodeArgs.some((arg) => arg.replace(/_/g, '-').startsWith(tierUp.flag))) return undefined;
  return `${tierUp.flag}=${tierUp.value}`;
}

/**
 * Raises V8's threshold for TurboFan in this process. Before the CLI's bundle is compiled: V8 accepts a code
 * cache only under the flags it was made with (compileCache.ts).
 */
export function raiseTierUpThreshold(): void {
  const flag = tierUpFlag();
  if (flag) setFlagsFromString(flag);
}
