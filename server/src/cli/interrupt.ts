import { rmSync } from 'node:fs';
import { TEMPORARY_FILES } from './fixFile';

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/**
 * While `--fix` writes files, a first Ctrl-C (or SIGTERM, SIGHUP) lets the file being written finish and
 * stops before the next one, so every file is either as it was or fully fixed. A second signal stops at once,
 * removing temporary files; the originals are still whole, since they are only ever replaced by a rename.
 */
export class Interruption {
  signal: keyof typeof SIGNALS | undefined;

  install(): void {
    for (const name of Object.keys(SIGNALS) as Array<keyof typeof SIGNALS>) {
      process.on(name, () => {
        if (this.signal) {
          for (const file of TEMPORARY_FILES) rmSync(file, { force: true });
          process.exit(this.exitCode());
        }
        this.signal = name;
      });
    }
  }

  /** 128 + the signal's number, as shells report a process a signal ended. */
  exitCode(): number {
    return this.signal ? 128 + SIGNALS[this.signal] : 0;
  }
}
