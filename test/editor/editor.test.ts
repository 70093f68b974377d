/**
 * The packaged extension in a real VS Code (code-server, the browser build of VS Code), driven through
 * Debian's Chromium with playwright-core, as a person would use it: open a Dockerfile, see the squiggle,
 * read the hover, apply the quick fix from the lightbulb menu, and check the saved text.
 * Prerequisites: `bash test/editor/setup.sh` (recipe: CONTRIBUTING.md, "Real-editor tests").
 * Screenshots land in test/editor/artifacts/.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseDocument } from 'yaml';
import { chromium } from 'playwright-core';
import type { RunningCodeServer } from '../support/codeServer.mjs';
import {
  codeServerArgs,
  launchChromium,
  missingPrerequisites,
  startCodeServer,
  USER_SETTINGS,
} from '../support/codeServer.mjs';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(__dirname, 'artifacts');
const FIXTURE = join(__dirname, 'fixtures', 'workspace');

const STEP_TIMEOUT = 30_000;

let packaged: string | undefined;

/** The .vsix, built once for the file's editors. */
function packageExtension(): string {
  return (packaged ??= buildPackage());
}

function buildPackage(): string {
  const given = process.env.CACHEMOUNT_VSIX;
  if (given) {
    assert.ok(existsSync(given), `CACHEMOUNT_VSIX=${given} does not exist`);
    return given;
  }
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `npm run package failed:\n${result.stdout}\n${result.stderr}`);
  return join(ROOT, 'dist', 'cachemount.vsix');
}

/** A code-server with the packaged extension, a copy of `fixture` open as its folder, and a Chromium page on it. */
interface Editor {
  temp: string;
  workspace: string;
  server: RunningCodeServer;
  browser: Browser;
  page: Page;
}

async function openEditor(
  fixture: string,
  name: string,
  settings: Record<string, unknown>,
  viewport: { width: number; height: number },
): Promise<Editor> {
  assert.deepEqual(
    missingPrerequisites(),
    [],
    'prerequisites missing: run `bash test/editor/setup.sh` first',
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  const temp = mkdtempSync(join(tmpdir(), `cachemount-${name}-`));
  const workspace = join(temp, name);
  cpSync(fixture, workspace, { recursive: true });
  const extensions = join(temp, 'extensions');
  const userData = join(temp, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }));
  const install = spawnSync(
    process.execPath,
    [...codeServerArgs(userData, extensions), '--install-extension', packageExtension()],
    { encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(install.status, 0, `installing the .vsix failed:\n${install.stdout}\n${install.stderr}`);
  assert.match(install.stdout, /was successfully installed/);
  const server = await startCodeServer({ userData, extensions, folder: workspace });
  const browser = await launchChromium(chromium);
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor();
  return { temp, workspace, server, browser, page };
}

/**
 * Presses the key that opens a quick input box (the command palette, Quick Open, Go to Line) and waits for the
 * box: VS Code opens it asynchronously, and keys typed before it is there go into the editor's text.
 */
async function openQuickInput(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  await page.locator('.quick-input-widget').waitFor();
}

async function closeEditor(editor: Editor | undefined): Promise<void> {
  await editor?.browser.close().catch(() => undefined);
  editor?.server.stop();
  if (editor) rmSync(editor.temp, { recursive: true, force: true });
}

describe('the extension in a real editor (code-server + Chromium)', { timeout: 240_000 }, () => {
  let editor: Editor | undefined;
  let workspace = '';
  let page: Page;

  // Decorations such as squiggles sit under the text layer, so point the mouse at them rather than
  // dispatching events to them.
  const pointAt = async (selector: ReturnType<Page['locator']>, click = false) => {
    const box = await selector.boundingBox();
    assert.ok(box, 'element has no box on screen');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    if (click) await page.mouse.click(x, y);
  };

  const editorShows = async (text: string) => {
    await page.locator('.editor-instance .view-lines', { hasText: text }).first().waitFor();
  };

  /** A screenshot in artifacts/; with CACHEMOUNT_README_SCREENSHOTS=1, also README's image of that name. */
  const shot = async (name: string, readmeImage?: string) => {
    const path = join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path });
    if (readmeImage && process.env.CACHEMOUNT_README_SCREENSHOTS === '1')
      copyFileSync(path, join(ROOT, 'docs', 'images', readmeImage));
  };

  before(async () => {
    editor = await openEditor(
      FIXTURE,
      'workspace',
      {
        'editor.hover.delay': 200,
        'editor.minimap.enabled': false,
        '[dockerfile]': { 'editor.codeActionsOnSave': { 'source.fixAll.cachemount': 'explicit' } },
      },
      { width: 1400, height: 800 },
    );
    ({ workspace, page } = editor);
  });

  after(() => closeEditor(editor));

  it('shows the warning, explains it on hover, and applies "Add sharing=locked" from the lightbulb', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Dockerfile' }).first().click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();

    const squiggle = page.locator('.squiggly-warning');
    await squiggle
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        await shot('no-squiggle');
        throw new Error(
          `no cachemount warning squiggle appeared (see artifacts/no-squiggle.png): ${String(error)}`,
        );
      });
    await shot('squiggle');

    // The Problems panel shows the whole message in one row (issue 18: one line, the advice included).
    await page.keyboard.press('Control+Shift+M');
    const problem = page
      .locator('.markers-panel .monaco-list-row', { hasText: 'sharing-locked-required' })
      .first();
    await problem.waitFor();
    interface Box {
      textContent: string | null;
      scrollWidth: number;
      clientWidth: number;
      querySelector(selector: string): Box | null;
    }
    const fits = await problem.evaluate((row: Box) => {
      const message = row.querySelector(
        '.marker-message-details, .marker-message, .monaco-highlighted-label',
      );
      const box = message ?? row;
      return { text: row.textContent ?? '', overflows: box.scrollWidth > box.clientWidth + 1 };
    });
    await shot('problems');
    assert.match(fits.text, /needs sharing=locked, or concurrent builds break it\./, fits.text);
    assert.equal(fits.overflows, false, `the message is cut in the Problems row: ${fits.text}`);
    // Close the panel and give the editor its room back before pointing at the squiggle.
    await page.keyboard.press('Control+Shift+M');
    await page
      .locator('.markers-panel')
      .waitFor({ state: 'hidden' })
      .catch(() => undefined);
    await editor.click({ position: { x: 5, y: 5 } });

    // Hover the squiggle: VS Code shows the diagnostic with its source and code, and our mount hover.
    await pointAt(squiggle.first());
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor();
    await page.waitForTimeout(300);
    const hoverText = await hover.innerText();
    await shot('hover', 'editor.png');
    assert.match(hoverText, /sharing-locked-required/, `hover shows the rule; it shows:\n${hoverText}`);
    assert.match(
      hoverText,
      /Why \(sharing-locked-required\): A cache whose tool cannot take two writers/,
      hoverText,
    );
    await page.keyboard.press('Escape');

    // Put the cursor on the diagnostic and open the quick-fix menu, as Ctrl+. does.
    await squiggle.first().waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    await pointAt(squiggle.first(), true);
    await page.keyboard.press('Control+.');
    const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Add sharing=locked' }).first();
    await action.waitFor().catch(async (error: unknown) => {
      await shot('no-quickfix');
      const menu = await page.locator('.action-widget').allInnerTexts();
      throw new Error(
        `quick fix "Add sharing=locked" not offered; menu: ${JSON.stringify(menu)}: ${String(error)}`,
      );
    });
    await page.waitForTimeout(300);
    await shot('quickfix', 'quickfix.png');
    // The fixes first, then one "Ignore" entry (issue 18: no file-wide entry in every menu).
    const entries = (await page.locator('.action-widget .monaco-list-row').allInnerTexts())
      .map((t) => t.trim())
      .filter((t) => t !== '');
    assert.deepEqual(
      entries.filter((t) => /sharing|Ignore/.test(t)),
      ['Add sharing=locked', 'Add sharing=private', 'Ignore sharing-locked-required for this instruction'],
      JSON.stringify(entries),
    );
    // Choose it with the keyboard, as a person at Ctrl+. does (the menu blocks synthetic pointer events).
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 10 && (await focused.getAttribute('aria-label')) !== 'Add sharing=locked'; i++) {
      await page.keyboard.press('ArrowDown');
    }
    assert.equal(await focused.getAttribute('aria-label'), 'Add sharing=locked');
    await page.keyboard.press('Enter');
    // The fix is applied asynchronously: a save before it lands would write the old text.
    await editorShows('sharing=locked');
    await page.keyboard.press('Control+s');
    const file = join(workspace, 'Dockerfile');
    const deadline = Date.now() + STEP_TIMEOUT;
    while (!readFileSync(file, 'utf8').includes('sharing=locked') && Date.now() < deadline) {
      await page.waitForTimeout(200);
    }
    const saved = readFileSync(file, 'utf8');
    assert.equal(
      saved,
      readFileSync(join(FIXTURE, 'Dockerfile'), 'utf8').replace(
        'target=/var/cache/apt \\',
        'target=/var/cache/apt,sharing=locked \\',
      ),
      'the quick fix changed exactly the mount value',
    );
    await squiggle.first().waitFor({ state: 'detached' });
    await shot('fixed');

    // Our own hover on the key that was just added (the injection grammar gives it a token of its own).
    const key = page.locator('.view-line span span', { hasText: /^sharing$/ }).first();
    await pointAt(key);
    const keyHover = page.locator('.monaco-hover:not(.hidden)').first();
    await keyHover.waitFor();
    await page.waitForTimeout(300);
    const keyText = await keyHover.innerText();
    await shot('key-hover');
    assert.match(keyText, /What happens when two builds use the same cache at the same time/, keyText);
    assert.match(keyText, /locked/);
  });

  const openFile = async (name: string) => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
    await page.locator('.tab.active', { hasText: name }).waitFor();
  };

  const waitForFile = async (file: string, done: (text: string) => boolean): Promise<string> => {
    const deadline = Date.now() + STEP_TIMEOUT;
    while (!done(readFileSync(file, 'utf8')) && Date.now() < deadline) await page.waitForTimeout(200);
    return readFileSync(file, 'utf8');
  };

  const FIXED = readFileSync(join(FIXTURE, 'fixall.Dockerfile'), 'utf8')
    .replace('sharing=lockd', 'sharing=locked')
    .replace('target=/var/lib/apt \\', 'target=/var/lib/apt,sharing=locked \\');

  it('fixes every problem with the command "cachemount: Fix All Problems in This Dockerfile"', async () => {
    await openFile('fixall.Dockerfile');
    const error = page.locator('.squiggly-error');
    await error.first().waitFor({ timeout: 60_000 });
    await shot('fixall-before');
    await openQuickInput(page, 'F1');
    await page.keyboard.type('cachemount: Fix All Problems');
    const entry = page.locator('.quick-input-list .monaco-list-row', {
      hasText: 'Fix All Problems in This Dockerfile',
    });
    await entry.first().waitFor();
    await page.keyboard.press('Enter');
    await error.first().waitFor({ state: 'detached' });
    await page.locator('.squiggly-warning').first().waitFor({ state: 'detached' });
    await shot('fixall-after');
    await page.keyboard.press('Control+s');
    const file = join(workspace, 'fixall.Dockerfile');
    assert.equal(await waitForFile(file, (t) => t.includes('sharing=locked')), FIXED);
  });

  it('fixes every problem on save with editor.codeActionsOnSave source.fixAll.cachemount', async () => {
    await openFile('onsave.Dockerfile');
    await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    // A change of one's own, then save: the fixes come along with it.
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# edited\n');
    await page.keyboard.press('Control+s');
    const file = join(workspace, 'onsave.Dockerfile');
    const saved = await waitForFile(file, (t) => t.includes('# edited'));
    await shot('onsave-after');
    assert.equal(saved, `${FIXED}# edited\n`);
  });

  it('completes a sharing mode inside --mount, the one apt needs first', async () => {
    await openFile('suggest.Dockerfile');
    await page.locator('.squiggly-warning').first().waitFor({ timeout: 60_000 });
    // The cursor right after `target=/var/lib/apt` on line 4, as a person would put it there.
    await page.locator('.editor-instance .view-lines').first().click();
    await openQuickInput(page, 'Control+g');
    await page.keyboard.type('4:43');
    await page.keyboard.press('Enter');
    // Keys sent while the box closes would go to it, not to the file.
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.keyboard.type(',sharing=');
    const suggest = page.locator('.suggest-widget.visible');
    await suggest.waitFor();
    const focused = suggest.locator('.monaco-list-row.focused');
    await focused.filter({ hasText: 'locked' }).waitFor();
    const rows = await suggest.locator('.monaco-list-row .label-name').allInnerTexts();
    await shot('completion', 'completion.png');
    assert.deepEqual(rows.slice(0, 3).sort(), ['locked', 'private', 'shared'], rows.join(', '));
    await page.keyboard.press('Enter');
    await editorShows('sharing=locked');
    await page.keyboard.press('Control+s');
    const file = join(workspace, 'suggest.Dockerfile');
    const saved = await waitForFile(file, (t) => t.includes('sharing=locked'));
    assert.equal(
      saved,
      readFileSync(join(FIXTURE, 'suggest.Dockerfile'), 'utf8').replace(
        'target=/var/lib/apt ',
        'target=/var/lib/apt,sharing=locked ',
      ),
    );
  });
});

/**
 * Issue 20's fixture monorepo (test/fixtures/monorepo) as a workspace: what the editor shows only because the
 * server indexes the workspace (a cross-file id conflict, how Bake builds each service, the workflow step whose
 * cache mounts start empty) and the workflow's quick fix, applied from the lightbulb.
 */
describe('the extension in a real editor: a monorepo workspace', { timeout: 240_000 }, () => {
  let editor: Editor | undefined;
  let workspace = '';
  let page: Page;

  const shot = async (name: string) => {
    await page.screenshot({ path: join(ARTIFACTS, `monorepo-${name}.png`) });
  };

  /** Opens a file by its path with Quick Open, as a person does in a large tree. */
  const open = async (path: string) => {
    await openQuickInput(page, 'Control+p');
    await page.keyboard.type(path);
    // The row of that very file (recently opened files are listed first until the list is filtered).
    const folder = path.slice(0, path.lastIndexOf('/'));
    const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: folder });
    await row.first().waitFor();
    await page.keyboard.press('Enter');
    await page
      .locator('.monaco-breadcrumbs', { hasText: folder.split('/').pop() ?? folder })
      .first()
      .waitFor();
  };

  /** The Problems panel's rows, as text (opened if it is not). */
  const problems = async (wanted: RegExp): Promise<string[]> => {
    const panel = page.locator('.markers-panel');
    if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: wanted })
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        await shot('no-problem');
        const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
        throw new Error(
          `no Problems row matches ${String(wanted)}; rows: ${JSON.stringify(rows)}: ${String(error)}`,
        );
      });
    return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  };

  before(async () => {
    editor = await openEditor(
      join(ROOT, 'test', 'fixtures', 'monorepo'),
      'monorepo',
      { 'editor.minimap.enabled': false },
      { width: 1600, height: 900 },
    );
    ({ workspace, page } = editor);
  });

  after(() => closeEditor(editor));

  it('shows the cross-file id conflict and the platform warning Bake makes, and no undefined variable', async () => {
    await open('services/api/Dockerfile');
    await page.locator('.squiggly-warning').first().waitFor({ timeout: 60_000 });
    await open('services/web/Dockerfile');
    const rows = await problems(/id-platform-scope/);
    await shot('problems');
    const text = rows.join('\n');
    assert.match(text, /Cache id "build" is also .* in services\/worker\/Dockerfile:6/, text);
    assert.match(text, /id-platform-scope/, text);
    assert.doesNotMatch(text, /id-undefined-variable/, text);
  });

  it('reports the workflow step whose cache mounts start empty, and its quick fix writes the cache-map', async () => {
    const rows = await problems(/ci-cache-mounts-lost/);
    assert.match(rows.join('\n'), /start empty on this GitHub-hosted runner/);
    await page.keyboard.press('Control+Shift+M');
    await open('.github/workflows/build.yml');
    const squiggle = page.locator('.squiggly-warning').first();
    await squiggle.waitFor({ timeout: 60_000 });
    const box = await squiggle.boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press('Control+.');
    const title = 'Restore cache mounts with buildkit-cache-dance (unsafe)';
    await page.locator('.action-widget .monaco-list-row', { hasText: title }).first().waitFor();
    await shot('quickfix');
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 10 && (await focused.getAttribute('aria-label')) !== title; i++)
      await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .view-lines', { hasText: 'buildkit-cache-dance' }).first().waitFor();
    await page.keyboard.press('Control+s');
    const file = join(workspace, '.github', 'workflows', 'build.yml');
    const deadline = Date.now() + STEP_TIMEOUT;
    while (!readFileSync(file, 'utf8').includes('cache-map') && Date.now() < deadline)
      await page.waitForTimeout(200);
    const document = parseDocument(readFileSync(file, 'utf8'));
    assert.deepEqual(document.errors, [], 'the saved workflow is valid YAML');
    const steps = (
      document.toJS() as { jobs: { api: { steps: { uses?: string; with?: Record<string, string> }[] } } }
    ).jobs.api.steps;
    const dance = steps.find((step) =>
      step.uses?.startsWith('reproducible-containers/buildkit-cache-dance@'),
    );
    const printed = spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), 'cache-map', 'services/api/Dockerfile', '--platform', 'linux/amd64'],
      { cwd: workspace, encoding: 'utf8' },
    );
    assert.equal(printed.status, 0, printed.stderr);
    assert.deepEqual(JSON.parse(dance?.with?.['cache-map'] ?? '{}'), JSON.parse(printed.stdout));
    await page.locator('.squiggly-warning').first().waitFor({ state: 'detached' });
    await shot('fixed');
  });

  it("counts an open Bake file's unsaved text: web built for one platform loses its platform warning", async () => {
    await open('services/web/Dockerfile');
    await problems(/id-platform-scope/);
    await open('docker-bake.hcl');
    // Line 17 is web's `platforms = ["linux/amd64", "linux/arm64"]`: one platform, and the file is not saved.
    await openQuickInput(page, 'Control+g');
    await page.keyboard.type('17');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.insertText('platforms = ["linux/amd64"]');
    // The edit replaced that line: arm64, named there alone, is gone.
    await page
      .locator('.editor-instance .view-lines', { hasText: 'linux/arm64' })
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(async (error: unknown) => {
        await shot('bake-edit-missed');
        throw new Error(
          `the edit did not replace line 17 (see artifacts/monorepo-bake-edit-missed.png): ${String(error)}`,
        );
      });
    const deadline = Date.now() + 60_000;
    let rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    while (rows.some((row) => /id-platform-scope/.test(row)) && Date.now() < deadline) {
      await page.waitForTimeout(250);
      rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    }
    await shot('bake-unsaved');
    // A compose.yaml still builds web for its builder's platform alone: a hint, which Problems does not list.
    assert.ok(!rows.some((row) => /id-platform-scope/.test(row)), rows.join('\n'));
    assert.ok(
      readFileSync(join(workspace, 'docker-bake.hcl'), 'utf8').includes('"linux/arm64"'),
      'the file on disk is unchanged',
    );
  });
});
