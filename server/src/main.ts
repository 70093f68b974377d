import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
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
} else {
  startServer(createConnection(ProposedFeatures.all));
}
