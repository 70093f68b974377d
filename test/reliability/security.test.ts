import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

/**
 * What the shipped code can do, read from the bundles `node esbuild.mjs` built (npm test builds them first).
 * The server and the CLI run no commands and open no network connection; the extension starts one process,
 * node running its own dist/server.js. See README, "Security".
 */

const root = join(__dirname, '..', '..');

/**
 * Bundles built by esbuild.mjs into a folder of this test's own (dist/ may be rebuilt by another test while
 * this one reads it): as developed, and minified as the .vsix ships them.
 */
function build(production: boolean): (name: string) => string {
  const outdir = mkdtempSync(join(tmpdir(), 'cachemount-bundles-'));
  built.push(outdir);
  const args = ['esbuild.mjs', '--outdir', outdir, ...(production ? ['--production'] : [])];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return (name) => readFileSync(join(outdir, name), 'utf8');
}

const built: string[] = [];
after(() => built.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const development = build(false);
const production = build(true);
const BUILDS = [
  { name: 'development', bundle: development },
  { name: 'production', bundle: production },
];

/** Modules that run commands, reach the network, or load code. */
const NETWORK = [
  'http',
  'https',
  'http2',
  'dgram',
  'tls',
  'dns',
  'net',
  'child_process',
  'worker_threads',
  'vm',
];

function requiredModules(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/\brequire\(["'`](?:node:)?([a-z_0-9/]+)["'`]\)/g))
    found.add(match[1] as string);
  return [...found].sort();
}

/** Code loading and network APIs that need no require. */
function codeLoading(code: string): string[] {
  const patterns: Record<string, RegExp> = {
    'eval(': /(?<![\w.$])eval\(/,
    'new Function(': /\bnew Function\(/,
    'fetch(': /(?<![\w.$])fetch\(/,
    WebSocket: /\bWebSocket\b/,
    XMLHttpRequest: /\bXMLHttpRequest\b/,
    'import(': /(?<![\w.$])import\(/,
    'require(variable)': /(?<![\w.$])require\((?!["'`])/,
  };
  return Object.entries(patterns)
    .filter(([, pattern]) => pattern.test(code))
    .map(([name]) => name);
}

/** The members of a bundle's `net` module that it uses (`net_1.createServer` and the like). */
function netMembers(code: string): string[] {
  const names = [...code.matchAll(/(\w+) = require\("net"\)/g)].map((m) => m[1] as string);
  const members = new Set<string>();
  for (const name of names)
    for (const use of code.matchAll(new RegExp(`\\b${name}\\)?\\.(\\w+)`, 'g')))
      members.add(use[1] as string);
  return [...members].sort();
}

describe('security: what the bundles can do', () => {
  for (const { name, bundle } of BUILDS) {
    it(`${name}: the CLI and server bundles require no module that runs commands or reaches the network but the server's net, and load no code`, () => {
      const cli = bundle('cli-main.js');
      assert.deepEqual(
        requiredModules(cli).filter((m) => NETWORK.includes(m)),
        [],
      );
      assert.deepEqual(codeLoading(cli), []);
      // The bin is a launcher that compiles dist/cli-main.js, and nothing else, with V8's code cache
      // (server/src/cli/launch.ts): vm is for that, and the launcher stays small enough to read.
      const launcher = bundle('cli.js');
      assert.deepEqual(
        requiredModules(launcher).filter((m) => NETWORK.includes(m)),
        ['vm'],
        'only vm, to compile dist/cli-main.js',
      );
      assert.deepEqual(codeLoading(launcher), []);
      assert.equal(launcher.match(/\bcli-main\.js\b/g)?.length, 1, 'one bundle, named in the code');
      assert.ok(launcher.length < 8 * 1024, `launcher is ${launcher.length} bytes`);
      const server = bundle('server.js');
      assert.deepEqual(
        requiredModules(server).filter((m) => NETWORK.includes(m)),
        ['net'],
        'only net, for --socket and --pipe',
      );
      assert.deepEqual(codeLoading(server), []);
      // child_process is replaced at build time by a module that throws (esbuild.mjs, noChildProcess).
      assert.match(server, /cachemount runs no commands/);
    });

    it(`${name}: the extension bundle reaches no network and loads no code`, () => {
      const extension = bundle('extension.js');
      assert.deepEqual(
        requiredModules(extension).filter((m) => NETWORK.includes(m)),
        ['child_process', 'net'],
        'both from vscode-languageclient/node: fork of the server, IPC and pipe transports',
      );
      assert.deepEqual(codeLoading(extension), []);
    });
  }

  it('the server uses net only for the transport the editor chooses: a local pipe, or a port on 127.0.0.1', () => {
    const server = development('server.js');
    // vscode-jsonrpc's --pipe and --socket transports (read in the unminified bundle, where names are kept).
    assert.deepEqual(netMembers(server), ['createConnection', 'createServer']);
    const calls = [...server.matchAll(/net_1\.createConnection\)\(([^)]*)\)/g)];
    assert.equal(calls.length, 2, 'the pipe and the socket transport');
    for (const call of calls)
      assert.match(
        call[1] as string,
        /^(pipeName|port, "127\.0\.0\.1")$/,
        `connects only locally: ${call[0]}`,
      );
  });

  it('the extension forks only its own bundled server', () => {
    // The client's own code: the server is our bundled dist/server.js, forked over IPC; no command, no runtime.
    const client = readFileSync(join(root, 'client', 'src', 'extension.ts'), 'utf8');
    assert.match(client, /asAbsolutePath\(path\.join\('dist', 'server\.js'\)\)/);
    assert.match(client, /run: \{ module, transport: TransportKind\.ipc \}/);
    const serverOptions = /const serverOptions: ServerOptions = \{[\s\S]*?\n {2}\};/.exec(client)?.[0] ?? '';
    assert.match(serverOptions, /module/, 'found the server options');
    assert.doesNotMatch(serverOptions, /\bcommand:|\bruntime:/, 'no ServerOptions that spawn a command');
  });

  it('no source file of the extension, server or CLI imports a module that runs commands or reaches the network', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          // import('./module.js') of a module named in the code is how the CLI loads what few runs need.
          const text = readFileSync(path, 'utf8').replace(/\bimport\((['"])[^'"]+\1\)/g, '');
          const imports = [...text.matchAll(/from '(?:node:)?([a-z_0-9/]+)'/g)]
            .map((m) => m[1] as string)
            // The CLI's launcher compiles the CLI's own bundle with V8's code cache (see the bundle test).
            .filter((m) => !(m === 'vm' && path === join(root, 'server', 'src', 'cli', 'launch.ts')));
          if (imports.some((m) => NETWORK.includes(m)) || codeLoading(text).length > 0) offenders.push(path);
        }
      }
    };
    walk(join(root, 'server', 'src'));
    walk(join(root, 'client', 'src'));
    assert.deepEqual(offenders, []);
  });
});
