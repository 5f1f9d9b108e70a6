/**
 * A person's first minute with the packaged extension, in a real VS Code (code-server) in Debian's
 * Chromium: install dist/zenml-projects.vsix, open the fixture workspace, open broken/project.yaml
 * with Quick Open, see the squiggles and the hover, open the Problems panel and read its rows.
 * A screenshot of every step goes to .test-output/screenshots/journey-*.png.
 *
 *   npm run package && node --import tsx test/editor/journey.ts
 *
 * Needs `bash test/editor/install.sh` once. Exits 0 when every step saw what it expected.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { forwardConsole, installExtension, launchChromium, makeProfile, startCodeServer, tail, type CodeServer } from './codeServer.cjs';

const repoRoot = path.resolve(__dirname, '..', '..');
const vsix = path.join(repoRoot, 'dist', 'zenml-projects.vsix');
const workspace = path.join(repoRoot, 'test', 'fixtures', 'editor-workspace');
const screenshots = path.join(repoRoot, '.test-output', 'screenshots');
const EXTENSION_ID = 'zenml-projects.zenml-projects';
/** Generous: the first activation after start-up takes 6–8 s on 2 cores. */
const WAIT_MS = 90_000;

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const log = (message: string) => console.log(`[journey ${seconds()} s] ${message}`);

let shot = 0;
async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(screenshots, `journey-${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(repoRoot, file)}`);
  return file;
}

/** Waits until the locator's text satisfies `ok`, failing with the last text seen. */
async function waitForText(what: string, locator: Locator, ok: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  let last = '';
  for (;;) {
    // The editor renders spaces as no-break spaces.
    last = (await locator.allInnerTexts().catch(() => [])).join('\n').replace(/\u00a0/g, ' ');
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out after ${WAIT_MS / 1000} s waiting for ${what}. Last seen:\n${last || '(nothing)'}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function journey(page: Page, server: CodeServer): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
  log('opening the fixture workspace');
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: WAIT_MS });
  // The explorer lists the workspace once the remote connection is up.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken' }).first().waitFor({ timeout: WAIT_MS });
  await screenshot(page, 'workbench');

  log('Quick Open (Ctrl+P): broken/project.yaml');
  await page.locator('.monaco-workbench').focus();
  await page.keyboard.press('Control+P');
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.type('broken/project.yaml');
  const row = quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'project.yaml' }).filter({ hasText: 'broken' });
  await row.first().waitFor({ timeout: WAIT_MS });
  await screenshot(page, 'quick-open');
  await page.keyboard.press('Enter');

  const editor = page.locator('.editor-instance .view-lines');
  await waitForText('broken/project.yaml in the editor', editor, (t) => t.includes('id: Fraud Detection') && t.includes('role: owner'));
  const tab = await page.locator('.tabs-container .tab.active').innerText();
  if (!tab.includes('project.yaml')) throw new Error(`the active tab is '${tab}', not project.yaml`);

  log('waiting for the squiggles');
  const squiggles = page.locator('.editor-instance .squiggly-error');
  const deadline = Date.now() + WAIT_MS;
  while ((await squiggles.count()) < 2) {
    if (Date.now() > deadline) throw new Error(`expected at least 2 error squiggles (the ID and the role) within ${WAIT_MS / 1000} s; saw ${await squiggles.count()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await screenshot(page, 'squiggles');

  log('hovering the ID squiggle');
  // Line 1 holds the ID: the first squiggle in document order.
  const idSquiggle = squiggles.first();
  const box = await idSquiggle.boundingBox();
  if (!box) throw new Error('the ID squiggle has no box on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await waitForText('the hover with the ID message', page.locator('.monaco-hover'), (t) => t.includes('Project ID may only contain lowercase letters'));
  await screenshot(page, 'hover');
  await page.keyboard.press('Escape');

  log('opening the Problems panel (Ctrl+Shift+M)');
  await page.locator('.editor-instance .view-lines').click();
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  const text = await waitForText(
    'Problems rows naming the invalid Project ID and the unknown role',
    rows,
    (t) => t.includes('Project ID may only contain lowercase letters') && /owner/.test(t) && t.includes('unknown-role'),
  );
  for (const expected of ['invalid-project-id', 'unknown-role', 'no-admin', 'missing-description', 'Ln 1, Col 5', 'Ln 5, Col 11']) {
    if (!text.includes(expected)) throw new Error(`the Problems panel does not show '${expected}'. Its rows:\n${text}`);
  }
  await screenshot(page, 'problems');
  log(`Problems panel rows:\n${text}`);
}

async function main(): Promise<number> {
  if (!existsSync(vsix)) {
    console.error(`${path.relative(repoRoot, vsix)} is missing; run \`npm run package\` first.`);
    return 2;
  }
  mkdirSync(screenshots, { recursive: true });
  for (const f of readdirSync(screenshots)) if (f.startsWith('journey-')) rmSync(path.join(screenshots, f));

  const tmp = mkdtempSync(path.join(tmpdir(), 'zenml-journey-'));
  const logPath = path.join(tmp, 'code-server.log');
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  try {
    const profile = makeProfile(tmp);
    log(`installing ${path.relative(repoRoot, vsix)} with code-server --install-extension`);
    const installed = installExtension(vsix, profile);
    if (!installed.some((id) => id.startsWith(EXTENSION_ID))) throw new Error(`code-server lists ${installed.join(', ') || 'no extensions'} after installing the .vsix; expected ${EXTENSION_ID}`);
    server = await startCodeServer({ profile, logPath });
    log(`code-server ready on ${server.url}`);
    context = await launchChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    // The extension host's output; quiet unless asked for, since the journey judges by the screen.
    if (process.env.JOURNEY_CONSOLE === '1') forwardConsole(page, (t) => process.stdout.write(t));
    await journey(page, server);
    log('journey passed');
    return 0;
  } catch (e) {
    console.error(`Journey failed: ${e instanceof Error ? e.message : String(e)}`);
    if (page) await screenshot(page, 'failure').catch(() => {});
    if (server) console.error(`last lines of code-server's log:\n${tail(logPath)}`);
    return 1;
  } finally {
    await context?.close().catch(() => {});
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
