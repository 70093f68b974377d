import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TestClient } from './harness';

const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

describe('bundled server over --stdio (what other editors run)', () => {
  it('initializes, publishes diagnostics and shuts down cleanly', async () => {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const client = TestClient.overStreams(child.stdout, child.stdin);
      const result = await client.initialize();
      assert.equal(result.serverInfo?.name, 'cachemount');
      assert.match(result.serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
      const uri = 'file:///stdio/Dockerfile';
      await client.open(uri, 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n');
      const diagnostics = await client.diagnosticsFor(uri);
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['sharing-locked-required'],
      );
      await client.connection.sendRequest('shutdown');
      await client.connection.sendNotification('exit');
      assert.equal(await exited, 0, `server exit code; stderr: ${stderr}`);
    } finally {
      child.kill();
    }
  });

  it('explains how to start it when no transport is given', async () => {
    const child = spawn(process.execPath, [SERVER], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /--stdio/);
    assert.doesNotMatch(stderr, /at .*\.js:\d+/, 'no stack trace');
  });
});
