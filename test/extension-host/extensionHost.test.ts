/**
 * Runs the extension-host suite (test/extension-host/suite) through its runner: VS Code desktop where one
 * can be had, else code-server's extension host. The suite's own report is printed by the runner; this test
 * checks the runner's verdict and that the suite really ran every test.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const RUNNER = join(__dirname, 'run.mjs');
const SUITE_TESTS = 6;

describe('the extension in a VS Code extension host', { timeout: 360_000 }, () => {
  it('passes the extension-host suite (activation, diagnostics, quick fix, fix all)', () => {
    const run = spawnSync(process.execPath, [RUNNER], { encoding: 'utf8', timeout: 340_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    assert.doesNotMatch(output, /SKIPPED/, output);
    assert.equal(run.status, 0, output);
    const summary = /(\d+) passed, (\d+) failed, (\d+) pending/.exec(output);
    assert.ok(summary, `no summary in the runner's output:\n${output}`);
    assert.deepEqual(summary.slice(1).map(Number), [SUITE_TESTS, 0, 0], output);
  });
});
