// The real server (startServer) in this process, over in-memory streams, and a bare client connection to it
// (not yet listening): for the benchmarks that measure the server's own heap, which a child process cannot.
import { PassThrough } from 'node:stream';
import type { ProtocolConnection } from 'vscode-languageserver/node';
import {
  createConnection,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { startServer } from '../server/src/server';

export function inProcessServer(): { client: ProtocolConnection; close(this: void): void } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
  const client = createProtocolConnection(
    new StreamMessageReader(toClient),
    new StreamMessageWriter(toServer),
  );
  return {
    client,
    close: () => {
      client.dispose();
      toServer.destroy();
      toClient.destroy();
    },
  };
}
