import { stderr, stdout } from './output';

/**
 * Ends the process with `code` once stdout and stderr have taken everything written to them.
 *
 * Left to end by itself, Node first waits for V8's background jobs (optimizing compiles of the analysis that
 * a finished run will never use): about 10 ms of a 1,000-line run. `process.exit()` skips that wait but drops
 * writes still queued in Node's streams (output.ts writes without them, but falls back on them when a pipe
 * cannot wait), so it is called once each output has handed everything over.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const flushed = (): void => {
    if (--pending === 0) process.exit(code);
  };
  // A stream that failed (a closed pipe) still calls back, with its error, which changes nothing here.
  stdout.flush(flushed);
  stderr.flush(flushed);
}
