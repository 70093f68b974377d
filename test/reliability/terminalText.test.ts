/**
 * Issue 19, case 9: rule names from a config and text from a Dockerfile reach a terminal: escape sequences and
 * control characters are shown as \xNN, so a repository cannot clear the screen, set the window title or fake
 * extra lines. JSON and SARIF escape them by themselves.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const ESC = '\u001b';

function lint(cwd: string, args: readonly string[]) {
  return spawnSync(process.execPath, [CLI, 'lint', '--no-color', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
}

describe('text printed to a terminal', () => {
  it('escapes control characters from the Dockerfile and from the config file', () => {
    const root = mkdtempSync(join(tmpdir(), 'cachemount-escape-'));
    try {
      writeFileSync(
        join(root, 'Dockerfile'),
        `FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/${ESC}]0;owned${'\u0007'} apt-get update\n`,
      );
      // A JSON string escape, so the rule name holds the characters themselves once parsed.
      writeFileSync(join(root, '.cachemount.json'), '{ "rules": { "x\\u001b[2J\\r\\nfake error": "off" } }');
      const dockerfile = lint(root, ['--no-config', 'Dockerfile']);
      const config = lint(root, ['Dockerfile']);
      const printed = dockerfile.stdout + dockerfile.stderr + config.stdout + config.stderr;
      assert.ok(
        !printed.includes(ESC),
        `an escape character reached the terminal:\n${JSON.stringify(printed)}`,
      );
      assert.ok(!printed.includes('\u0007') && !printed.includes('\r'), JSON.stringify(printed));
      assert.match(printed, /\\x1b\]0;owned\\x07/);
      assert.match(printed, /\\x1b\[2J\\x0d/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
