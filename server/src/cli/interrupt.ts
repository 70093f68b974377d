import { rmSync } from 'node:fs';
import { TEMPORARY_FILES } from './fixFile';
import { stderr } from './output';

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
type SignalName = keyof typeof SIGNALS;

/**
 * While `--fix` runs, a signal (Ctrl-C, SIGTERM, SIGHUP) never cuts a write short: if a file is being
 * written, the run finishes that file and stops before the next one, so every file is either as it was or
 * fully fixed. Otherwise, or at a second signal, it stops at once, removing temporary files; originals are
 * whole either way, since they are only ever replaced by a rename.
 */
export class Interruption {
  signal: SignalName | undefined;

  install(): void {
    for (const name of Object.keys(SIGNALS) as SignalName[]) {
      process.on(name, () => {
        const again = this.signal !== undefined;
        this.signal ??= name;
        if (TEMPORARY_FILES.size > 0 && !again) return;
        for (const file of TEMPORARY_FILES) rmSync(file, { force: true });
        stderr.write(
          `cachemount: interrupted${again ? ' again' : ''} (${name}): stopped; files not yet written are unchanged\n`,
        );
        // Ended by the signal itself, as shells expect of an interrupted program; process.exit() would wait
        // for a read still blocked in the thread pool (a named pipe, a hung network disk).
        process.removeAllListeners(name);
        process.kill(process.pid, name);
      });
    }
  }

  /** After a finished write: 128 + the signal's number, as shells report a process a signal ended. */
  exitCode(): number {
    return this.signal ? 128 + SIGNALS[this.signal] : 0;
  }
}
