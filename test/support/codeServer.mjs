// VS Code in the browser for the real-client tests: code-server (installed by test/editor/setup.sh in
// .cache/code-server) driven by Debian's Chromium through playwright-core. Shared by test/editor (the
// packaged extension, as a person uses it) and test/extension-host/run.mjs (the extension-host suite).
// Recipe and reasons: CONTRIBUTING.md, "Real-editor tests".
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const CODE_SERVER_PACKAGE = join(ROOT, '.cache', 'code-server', 'node_modules', 'code-server');
export const CODE_SERVER = join(CODE_SERVER_PACKAGE, 'out', 'node', 'entry.js');
export const CHROMIUM = '/usr/bin/chromium';

/** A fresh profile's settings: no welcome page, no trust prompt, no network look-ups, no auto save. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'files.autoSave': 'off',
  'git.enabled': false,
};

const STARTUP_TIMEOUT_MS = 30_000;

/** What is missing to run code-server with Chromium here; empty when both are installed. */
export function missingPrerequisites() {
  return [CHROMIUM, CODE_SERVER].filter((path) => !existsSync(path));
}

export function codeServerVersion() {
  return JSON.parse(readFileSync(join(CODE_SERVER_PACKAGE, 'package.json'), 'utf8')).version;
}

/** Runs code-server's own CLI (e.g. `--install-extension`) to completion. */
export function codeServerArgs(userData, extensions) {
  return [CODE_SERVER, '--user-data-dir', userData, '--extensions-dir', extensions];
}

/**
 * Starts code-server on a free loopback port with the given profile and extensions folder (an empty one
 * means built-in extensions only), and resolves once it answers. `folder` is opened when given; `env` is
 * added to the server's (and so the extension host's) environment.
 */
export async function startCodeServer({ userData, extensions, folder, env = {} }) {
  const port = await freePort();
  const args = [
    ...codeServerArgs(userData, extensions),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...(folder ? [folder] : []),
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const log = () => output;
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/healthz`, child, log);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return { child, port, origin, log, stop: () => child.kill('SIGTERM') };
}

/** Debian's Chromium, headless, kept off the network it cannot reach here. */
export function launchChromium(chromium) {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

async function waitForHttp(url, child, log) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer at ${url} within ${STARTUP_TIMEOUT_MS / 1000} s:\n${log()}`);
}
