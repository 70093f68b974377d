/**
 * Ends the process with `code` once stdout and stderr have taken everything written to them.
 *
 * Left to end by itself, Node first waits for V8's background jobs (optimizing compiles of the analysis that
 * a finished run will never use): about 10 ms of a 1,000-line run. `process.exit()` skips that wait but drops
 * writes still queued, and writes to a pipe are asynchronous on POSIX, so it is called only from the
 * callbacks of an empty write on each stream, which run after every earlier write has been handed over.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const flushed = (): void => {
    if (--pending === 0) process.exit(code);
  };
  // A stream that failed (a closed pipe) still calls back, with its error, which changes nothing here.
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}
