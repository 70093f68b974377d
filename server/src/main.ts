import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { startServer } from './server';
import { VERSION } from './version';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${VERSION}\n`);
} else if (!args.some((arg) => TRANSPORTS.some((t) => arg === t || arg.startsWith(`${t}=`)))) {
  process.stderr.write(
    'cachemount language server: choose a transport, e.g. `cachemount-server --stdio`.\n' +
      'Options: --stdio | --node-ipc | --socket=<port> | --pipe=<name>, --version\n',
  );
  process.exitCode = 2;
} else if (args.includes('--stdio')) {
  // Our own reader, to hear of framing errors (a Content-Length that is missing, not a number, negative or
  // too small): the stream cannot be trusted past one, so the server logs it and exits non-zero, and a client
  // such as VS Code's restarts it, instead of waiting forever on garbage.
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((error) => {
    process.stderr.write(
      `cachemount language server: unreadable message, exiting: ${error.message.replace(/\s+/g, ' ')}\n`,
    );
    process.exit(1);
  });
  startServer(createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout)));
} else {
  startServer(createConnection(ProposedFeatures.all));
}
