/**
 * The `extensionTestsPath` module: VS Code's extension host (desktop, or code-server's remote one) calls
 * `run()` once the development extension is loaded, and exits with 0 if it resolves, 1 if it rejects.
 * Runs the bundled suite with mocha and, when CACHEMOUNT_EXTENSION_HOST_RESULTS names a file, writes every
 * test's outcome there as JSON, so the runner (test/extension-host/run.mjs) can report what happened even
 * where the extension host's own output is not visible.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Mocha from 'mocha';
import { version } from 'vscode';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface SuiteResults {
  vscodeVersion: string;
  passed: number;
  failed: number;
  pending: number;
  tests: TestOutcome[];
}

export const RESULTS_ENV = 'CACHEMOUNT_EXTENSION_HOST_RESULTS';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 120_000 });
  mocha.addFile(join(__dirname, 'cachemount.suite.js'));
  const tests: TestOutcome[] = [];
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run(resolve);
      runner.on('pass', (test) =>
        tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }),
      );
      runner.on('pending', (test) => tests.push({ title: test.fullTitle(), state: 'pending' }));
      runner.on('fail', (test, error: unknown) =>
        tests.push({
          title: test.fullTitle(),
          state: 'failed',
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
      );
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  const results: SuiteResults = {
    vscodeVersion: version,
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: failures,
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
  };
  const file = process.env[RESULTS_ENV];
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  }
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
