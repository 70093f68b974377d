/**
 * Issue 19, case 6: after a framing error (a Content-Length that is not a number, negative or too small, or
 * missing) the stdio server cannot trust the stream: it logs one line and exits non-zero, so the client
 * restarts it, instead of waiting forever with nothing logged. Each run is a process under a hard timeout.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');
const BODY = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}';

function send(header: string): Promise<{ code: number | null; stderr: string; hung: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', SERVER, '--stdio'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // stdin stays open: a server waiting for more would hang, which the timer catches.
    child.stdin.write(`${header}\r\n\r\n${BODY}`);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, stderr, hung: true });
    }, 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, hung: false });
    });
  });
}

describe('framing errors on stdio', () => {
  for (const header of [
    'Content-Length: abc',
    'Content-Length: -5',
    'Content-Length: 3',
    'Content-Type: x',
  ]) {
    it(`logs one line and exits non-zero on "${header}"`, async () => {
      const { code, stderr, hung } = await send(header);
      assert.equal(hung, false, 'the server kept running after a framing error');
      assert.equal(code, 1);
      assert.match(stderr, /^cachemount language server: unreadable message, exiting: [^\n]+\n$/);
    });
  }
});
