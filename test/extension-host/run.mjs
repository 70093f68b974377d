// Runs the extension-host suite (test/extension-host/suite) inside a real VS Code extension host.
//
//   node test/extension-host/run.mjs [--desktop | --code-server] [--no-build]
//
// 1. Builds the extension (esbuild.mjs → dist/) and the suite (build.mjs → .cache/extension-host/).
// 2. Copies fixtures/workspace to a temporary folder (the tests edit documents there, never the fixtures).
// 3. VS Code desktop, through @vscode/test-electron's runTests: the `code` binary named by
//    CACHEMOUNT_VSCODE_EXECUTABLE, else a download (CACHEMOUNT_VSCODE_VERSION, default stable, cached in
//    .cache/vscode-test; CACHEMOUNT_VSCODE_DOWNLOAD=0 skips it). Offline the download fails within about
//    60 ms (getaddrinfo ENOTFOUND update.code.visualstudio.com); a download that stalls is given up after
//    DOWNLOAD_IDLE_MS without progress. On Linux without a display, run this under `xvfb-run -a`.
// 4. If VS Code desktop is unavailable: the SAME suite in code-server's extension host (VS Code 1.100.3,
//    installed by `bash test/editor/setup.sh`), the page driven by playwright-core and /usr/bin/chromium.
// 5. Neither: prints one "SKIPPED" paragraph saying why and exits 0. A failing test exits 1.
// --desktop runs only step 3, --code-server only step 4.
//
// How the code-server route works (found by trying it, code-server 4.100.3 / VS Code 1.100.3):
// - code-server's own CLI rejects --extensionDevelopmentPath/--extensionTestsPath (they are not among its
//   options), and its server process has no such flags for the extension host: the extension host of a
//   remote/server setup gets them from the WORKBENCH (the browser), as VS Code's own "Extension Development
//   Host" web window does. The web workbench reads them from the `payload` query parameter of its URL:
//   `?folder=/ws&payload=[["extensionDevelopmentPath","vscode-remote://HOST:PORT/repo"],
//   ["extensionTestsPath","vscode-remote://HOST:PORT/repo/.cache/extension-host/index.js"]]`
//   (lib/vscode/out/vs/code/browser/workbench/workbench.js: the workspace provider's `payload`, and the
//   browser environment service's `case "extensionDevelopmentPath"` / `case "extensionTestsPath"`).
// - With vscode-remote:// URIs the workbench picks the remote (Node) extension host: the server logs
//   "Loading development extension at /repo", the extension host loads the tests module with Node's require
//   and calls its run(), with `vscode.workspace.workspaceFolders` as file:// URIs. This differs from
//   @vscode/test-web, which serves the extension over HTTP to the web-worker extension host (browser code
//   only; this extension needs Node for its language server).
// - The outcome reaches the page as `window.codeAutomationExit(code, logs)` (0 if run() resolved, 1 if it
//   rejected), which playwright's exposeFunction catches; extension-host console output arrives through
//   `window.codeAutomationLog`. The extension host inherits code-server's environment, so the suite also
//   writes its results to the file named by CACHEMOUNT_EXTENSION_HOST_RESULTS.
// - Harmless noise seen in that log: "Cannot find module './build/Release/watchdog'" (native-watchdog is not
//   rebuilt by setup.sh) and "getaddrinfo ENOTFOUND open-vsx.org" (the gallery, offline).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSuite, outdir, root } from './build.mjs';
import {
  codeServerVersion,
  launchChromium,
  missingPrerequisites,
  startCodeServer,
  USER_SETTINGS,
} from '../support/codeServer.mjs';

const RESULTS_ENV = 'CACHEMOUNT_EXTENSION_HOST_RESULTS';
const FIXTURE = join(import.meta.dirname, 'fixtures', 'workspace');
const DOWNLOAD_IDLE_MS = 20_000;
const RUN_TIMEOUT_MS = 300_000;
const COVERS = 'activation, diagnostics, quick fix and fix-all';

const args = process.argv.slice(2);
const only = args.includes('--desktop') ? 'desktop' : args.includes('--code-server') ? 'code-server' : 'any';
const resultsFile = join(outdir, 'results.json');

function say(text) {
  process.stdout.write(`${text}\n`);
}

function message(error) {
  return error instanceof Error ? error.message : String(error);
}

function skip(reason) {
  say(
    `extension-host tests: SKIPPED: ${reason}; set CACHEMOUNT_VSCODE_EXECUTABLE=/path/to/code to run them ` +
      `(or run \`bash test/editor/setup.sh\` to run them in code-server); ` +
      `test/editor (code-server) covers ${COVERS}`,
  );
  process.exit(0);
}

function fail(text) {
  say(`extension-host tests: FAILED: ${text}`);
  process.exit(1);
}

/** A fresh profile and a copy of the fixture workspace, in one temporary folder. */
function prepare() {
  const temp = mkdtempSync(join(tmpdir(), 'cachemount-extension-host-'));
  const workspace = join(temp, 'workspace');
  cpSync(FIXTURE, workspace, { recursive: true });
  const userData = join(temp, 'user-data');
  const extensions = join(temp, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return { temp, workspace, userData, extensions };
}

/** Prints the suite's own report (written inside the extension host); false when there is none. */
function report(where) {
  if (!existsSync(resultsFile)) return false;
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  say(`\nextension-host tests in ${where} (VS Code ${results.vscodeVersion}):`);
  for (const test of results.tests) {
    const mark = test.state === 'passed' ? 'ok  ' : test.state === 'failed' ? 'FAIL' : 'skip';
    const time = test.durationMs === undefined ? '' : ` (${test.durationMs} ms)`;
    say(`  ${mark} ${test.title}${time}`);
    if (test.error) say(`       ${test.error.split('\n').join('\n       ')}`);
  }
  say(`  ${results.passed} passed, ${results.failed} failed, ${results.pending} pending`);
  return true;
}

/** Where VS Code desktop is: `{ path }`, or `{ reason }` it is not available. */
async function findVSCode() {
  const given = process.env.CACHEMOUNT_VSCODE_EXECUTABLE;
  if (given) {
    try {
      accessSync(given, constants.X_OK);
    } catch (error) {
      fail(`CACHEMOUNT_VSCODE_EXECUTABLE=${given} is not an executable file (${message(error)})`);
    }
    return { path: given };
  }
  if (process.env.CACHEMOUNT_VSCODE_DOWNLOAD === '0')
    return { reason: 'no VS Code (CACHEMOUNT_VSCODE_DOWNLOAD=0 and CACHEMOUNT_VSCODE_EXECUTABLE unset)' };
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const version = process.env.CACHEMOUNT_VSCODE_VERSION || 'stable';
  const started = Date.now();
  let idle;
  let progressed = () => undefined;
  const stalled = new Promise((_, reject) => {
    progressed = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => reject(new Error(`no download progress for ${DOWNLOAD_IDLE_MS / 1000} s`)),
        DOWNLOAD_IDLE_MS,
      );
    };
  });
  let lastShown = 0;
  const reporter = {
    report(progress) {
      progressed();
      if (progress.stage === 'resolvedVersion') say(`extension-host tests: VS Code ${progress.version}`);
      if (progress.stage === 'downloading' && Date.now() - lastShown > 5000) {
        lastShown = Date.now();
        const mb = (n) => (n / 1e6).toFixed(0);
        say(
          `extension-host tests: downloading VS Code: ${mb(progress.bytesSoFar)}/${mb(progress.totalBytes)} MB`,
        );
      }
      if (progress.stage === 'retrying')
        say(`extension-host tests: download retry: ${message(progress.error)}`);
    },
    error() {},
  };
  progressed();
  try {
    const path = await Promise.race([
      downloadAndUnzipVSCode({
        version,
        cachePath: join(root, '.cache', 'vscode-test'),
        timeout: DOWNLOAD_IDLE_MS,
        reporter,
      }),
      stalled,
    ]);
    return { path };
  } catch (error) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return { reason: `VS Code ${version} download failed after ${seconds} s: ${message(error)}` };
  } finally {
    clearTimeout(idle);
  }
}

async function runDesktop(executable) {
  const { runTests } = await import('@vscode/test-electron');
  const { temp, workspace, userData, extensions } = prepare();
  say(`extension-host tests: VS Code desktop at ${executable}`);
  let code = 0;
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(outdir, 'index.js'),
      extensionTestsEnv: { [RESULTS_ENV]: resultsFile },
      launchArgs: [
        workspace,
        '--disable-extensions',
        `--user-data-dir=${userData}`,
        `--extensions-dir=${extensions}`,
      ],
    });
  } catch (error) {
    code = 1;
    say(`extension-host tests: VS Code exited with a failure: ${message(error)}`);
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
      say('extension-host tests: there is no DISPLAY: run this under `xvfb-run -a`.');
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  if (!report('VS Code desktop')) {
    say(`extension-host tests: the suite wrote no results (${resultsFile}): it did not run.`);
    code = 1;
  }
  return code;
}

async function runCodeServer() {
  const { chromium } = await import('playwright-core');
  const version = codeServerVersion();
  const { temp, workspace, userData, extensions } = prepare();
  const pageLogFile = join(outdir, 'code-server.log');
  const screenshot = join(outdir, 'code-server-failure.png');
  rmSync(screenshot, { force: true });
  const pageLog = [];
  let server;
  let browser;
  let code = 1;
  try {
    // An empty --extensions-dir does what --disable-extensions does on the desktop: built-ins only.
    server = await startCodeServer({ userData, extensions, env: { [RESULTS_ENV]: resultsFile } });
    browser = await launchChromium(chromium);
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    let exited;
    const exit = new Promise((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationExit', (exitCode) => exited(exitCode));
    await page.exposeFunction('codeAutomationLog', (type, logArgs) =>
      pageLog.push(
        `[${type}] ${logArgs.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`,
      ),
    );
    const authority = `127.0.0.1:${server.port}`;
    const remote = (path) => `vscode-remote://${authority}${pathToFileURL(path).pathname}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(join(outdir, 'index.js'))],
    ];
    const url =
      `http://${authority}/?folder=${encodeURIComponent(workspace)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    say(
      `extension-host tests: code-server ${version} at http://${authority}/, Chromium ${browser.version()}`,
    );
    await page.goto(url);
    let timer;
    const outcome = await Promise.race([
      exit,
      new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS))),
      new Promise((resolve) => server.child.once('exit', (c) => resolve(`code-server exited (${c})`))),
    ]);
    clearTimeout(timer);
    if (typeof outcome === 'number') {
      code = outcome === 0 ? 0 : 1;
    } else {
      say(
        `extension-host tests: no result from the extension host: ${outcome === 'timeout' ? `timed out after ${RUN_TIMEOUT_MS / 1000} s` : outcome}`,
      );
    }
    if (code !== 0) await page.screenshot({ path: screenshot }).catch(() => undefined);
  } catch (error) {
    say(`extension-host tests: code-server run broke: ${message(error)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    server?.stop();
    writeFileSync(pageLogFile, `${pageLog.join('\n')}\n\n--- code-server ---\n${server?.log() ?? ''}`);
    rmSync(temp, { recursive: true, force: true });
  }
  if (!report(`code-server ${version}'s extension host`)) {
    say(`extension-host tests: the suite wrote no results (${resultsFile}): it did not run.`);
    code = 1;
  }
  if (code !== 0) {
    const shot = existsSync(screenshot) ? `, screenshot ${screenshot}` : '';
    say(`extension-host tests: workbench and server log: ${pageLogFile}${shot}`);
  }
  return code;
}

async function main() {
  if (!args.includes('--no-build')) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) fail('building the extension (node esbuild.mjs) failed');
    await buildSuite();
  }
  rmSync(resultsFile, { force: true });

  let desktop = 'not tried (--code-server)';
  if (only !== 'code-server') {
    const found = await findVSCode();
    if (found.path) return runDesktop(found.path);
    desktop = found.reason;
    if (only === 'desktop') skip(desktop);
  }
  const missing = missingPrerequisites();
  if (missing.length > 0) skip(`${desktop}; code-server not installed: ${missing.join(', ')}`);
  if (only !== 'code-server')
    say(
      `extension-host tests: VS Code desktop unavailable (${desktop}); ` +
        `running the same suite in code-server's extension host instead.`,
    );
  return runCodeServer();
}

main().then(
  (code) => process.exit(code),
  (error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)),
);
