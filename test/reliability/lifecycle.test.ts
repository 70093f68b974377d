/**
 * Issue 19, case 10: LSP's lifecycle. A request before `initialize` gets ServerNotInitialized (-32002), one
 * after `shutdown` InvalidRequest (-32600), as the specification says; before, both were answered as usual.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResponseError } from 'vscode-languageserver';
import { TestClient } from '../protocol/harness';

const HOVER = { textDocument: { uri: 'file:///lifecycle/Dockerfile' }, position: { line: 0, character: 0 } };

async function errorOf(request: Promise<unknown>): Promise<{ code: number; message: string } | 'answered'> {
  try {
    await request;
    return 'answered';
  } catch (error) {
    const { code, message } = error as ResponseError<void>;
    return { code, message };
  }
}

describe('the LSP lifecycle', () => {
  it('refuses requests before initialize and after shutdown with the codes the specification names', async () => {
    const client = TestClient.inMemory();
    const before = await errorOf(client.connection.sendRequest('textDocument/hover', HOVER));
    assert.deepEqual(before, { code: -32002, message: 'cachemount: the server is not initialized yet' });
    await client.initialize();
    assert.equal(await errorOf(client.connection.sendRequest('textDocument/hover', HOVER)), 'answered');
    await client.connection.sendRequest('shutdown');
    const after = await errorOf(client.connection.sendRequest('textDocument/completion', HOVER));
    assert.deepEqual(after, { code: -32600, message: 'cachemount: the server is shut down' });
    // A second shutdown ends the connection and the pipes, so the test process can exit.
    await errorOf(client.shutdown());
  });
});
