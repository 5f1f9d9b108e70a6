/**
 * A person's first minutes with the packaged extension, in a real VS Code (code-server) in
 * Debian's Chromium, connected to a real local workspace with the demo content:
 *
 *  1. open a copy of the fixture folder, whose `.zen/config.yaml` names the demo's Fraud Detection;
 *  2. open broken/project.yaml with Quick Open: squiggles, the hover, the Problems panel's rows;
 *  3. the status bar shows the active project, and its tooltip where that comes from;
 *  4. switch projects from the status bar: click, type to search (the workspace is asked), pick
 *     Recommendations; `.zen/config.yaml` on disk then holds its UUID, comments and all;
 *  5. the "ZenML Projects" container: workspace → projects → Recommendations (marked active) →
 *     Pipelines → a pipeline → its runs;
 *  6. F1 → "ZenML Projects: Create Project": name, the derived ID, a description; the new project
 *     appears in the tree (and exists on the workspace);
 *  7. a second workspace of the organization ('second', listed in zenmlProjects.workspaces, its key
 *     in ZENML_STORE_API_KEY_SECOND): a click on its tree row switches the tree and the status bar
 *     to it; the status bar's switcher ("Switch Workspace…") switches back;
 *  8. the first run's project file, examples/fraud-detection/project.yaml, for the demo workspace
 *     acme-prod (a third local workspace, listed by name like 'second'): exactly its one deliberate
 *     drift (the lens, the language status, one warning), then Plan and Apply from the lenses, then
 *     "In sync". Last, since it changes acme-prod, which no other step reads.
 *
 * Step 5 also shows each project's usage counts, and saves the sidebar alone as
 * .test-output/screenshots/project-tree-usage.png: the README's picture of the tree, copied to
 * docs/images/ by `npm run docs:screenshots` (never by the journey itself).
 *
 * The extension finds the workspace as ZenML's clients do, through ZENML_STORE_URL and
 * ZENML_STORE_API_KEY. A screenshot of every step goes to .test-output/screenshots/journey-*.png.
 *
 *   npm run package && node --import tsx test/editor/journey.ts
 *
 * Needs `bash test/editor/install.sh` once. Exits 0 when every step saw what it expected.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { forwardConsole, installExtension, launchChromium, makeProfile, startCodeServer, tail, type CodeServer } from './codeServer.cjs';
import { checkRequest } from '../../common/zenml/contract';
import { relayedBody, startRecordingRelay, type RecordingRelay } from './recordingRelay';
import { startSeededWorkspace, type SeededWorkspace } from './seededWorkspace';

const repoRoot = path.resolve(__dirname, '..', '..');
const vsix = path.join(repoRoot, 'dist', 'zenml-projects.vsix');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const fixture = path.join(repoRoot, 'test', 'fixtures', 'editor-workspace');
/** The first run's project file: acme-prod's demo project with one deliberate change. */
const EXAMPLE = path.join('examples', 'fraud-detection', 'project.yaml');
const screenshots = path.join(repoRoot, '.test-output', 'screenshots');
/** The README's picture of the tree with usage counts (`npm run docs:screenshots` copies it to docs/images/). */
const TREE_USAGE_SCREENSHOT = path.join(screenshots, 'project-tree-usage.png');
const EXTENSION_ID = 'zenml-projects.zenml-projects';
/** Generous: the first activation after start-up takes 6–8 s on 2 cores. */
const WAIT_MS = 90_000;
const ACTIVE_PROJECT_LINE = /^active_project_id:.*$/m;

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

/** Polls `check` until it holds, failing with `describe()`'s account of the last state. */
async function waitUntil(what: string, check: () => Promise<boolean> | boolean, describe: () => Promise<string> | string = () => ''): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${WAIT_MS / 1000} s waiting for ${what}. ${await describe()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The editor renders spaces as no-break spaces. */
const textOf = async (locator: Locator) => (await locator.allInnerTexts().catch(() => [] as string[])).join('\n').replace(/\u00a0/g, ' ');

/** Waits until the locator's text satisfies `ok`, failing with the last text seen. */
async function waitForText(what: string, locator: Locator, ok: (text: string) => boolean): Promise<string> {
  let last = '';
  await waitUntil(
    what,
    async () => ok((last = await textOf(locator))),
    () => `Last seen:\n${last || '(nothing)'}`,
  );
  return last;
}

/** Everything the journey works with besides the page. */
interface Setup {
  server: CodeServer;
  workspace: SeededWorkspace;
  /** The demo workspace named acme-prod, which the first run's project file is for. */
  acmeProd: SeededWorkspace;
  relay: RecordingRelay;
  /** The copy of the fixture folder that VS Code opens. */
  folder: string;
  /** Its `.zen/config.yaml`, and its text as written before the editor started. */
  configFile: string;
  configText: string;
  uuids: { fraudDetection: string; recommendations: string };
}

async function problemsPanel(page: Page): Promise<void> {
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
  await waitUntil(
    'at least 2 error squiggles (the ID and the role)',
    async () => (await squiggles.count()) >= 2,
    async () => `Saw ${await squiggles.count()}.`,
  );
  await screenshot(page, 'squiggles');

  log('hovering the ID squiggle');
  // Line 1 holds the ID: the first squiggle in document order.
  const box = await squiggles.first().boundingBox();
  if (!box) throw new Error('the ID squiggle has no box on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await waitForText('the hover with the ID message', page.locator('.monaco-hover'), (t) => t.includes('Project ID may only contain lowercase letters'));
  await screenshot(page, 'hover');
  await page.keyboard.press('Escape');

  log('opening the Problems panel (Ctrl+Shift+M)');
  await editor.click();
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
}

/** The switcher's item in the status bar. */
function statusItem(page: Page): Locator {
  return page.locator(`.statusbar-item[id="${EXTENSION_ID}.zenmlProjects.activeProject"]`);
}

async function statusBar(page: Page, setup: Setup): Promise<void> {
  log('the status bar names the active project');
  const item = statusItem(page);
  // Once connected, the UUID in .zen/config.yaml is named with the workspace's data.
  await waitForText('the status bar to show Fraud Detection', item, (t) => t.trim() === 'Fraud Detection · local');
  log('hovering it for where the setting comes from');
  await item.hover();
  const hover = page.locator('.monaco-hover, .workbench-hover');
  const tip = await waitForText('the status bar tooltip', hover, (t) => t.includes('Active ZenML project: Fraud Detection (ID fraud-detection)'));
  for (const expected of ["From the repository's config", path.join('.zen', 'config.yaml'), `at ${setup.relay.url}, signed in as admin`]) {
    if (!tip.includes(expected)) throw new Error(`the status bar tooltip does not say '${expected}'. It says:\n${tip}`);
  }
  await screenshot(page, 'status-bar');
}

async function switchProject(page: Page, setup: Setup): Promise<void> {
  log('clicking the status bar item opens the switcher');
  await statusItem(page).click();
  const picker = page.locator('.quick-input-widget');
  await waitForText('the switcher titled "Set the Active ZenML Project"', picker.locator('.quick-input-title'), (t) => t.includes('Set the Active ZenML Project'));
  const rows = picker.locator('.quick-input-list .monaco-list-row');
  // The active project first, then every project of the workspace.
  const listed = await waitForText('the switcher to list every project', rows, (t) => ['Fraud Detection', 'Recommendations', 'Churn Prediction', 'Create Project…'].every((p) => t.includes(p)));
  if (!/^Fraud Detection/.test(listed.trim())) throw new Error(`the switcher does not list the active project first:\n${listed}`);
  await screenshot(page, 'switcher');

  log('typing "recomm" searches the workspace');
  const since = setup.relay.requests.length;
  await page.keyboard.type('recomm');
  // The search goes to the workspace as the user types; its answer replaces the list.
  await setup.relay.waitFor(
    'the switcher to search the workspace for "recomm"',
    (r) => r.method === 'GET' && r.path.startsWith('/api/v1/projects?') && r.path.includes('display_name=contains:recomm') && r.status === 200,
    { since, timeoutMs: WAIT_MS },
  );
  const found = await waitForText('the search result', rows, (t) => t.includes('Recommendations'));
  if (found.includes('Churn Prediction') || found.includes('Fraud Detection')) throw new Error(`the search for "recomm" still lists other projects:\n${found}`);
  await screenshot(page, 'switcher-search');

  log('picking Recommendations');
  await rows.filter({ hasText: 'Recommendations' }).first().click();
  await waitForText('the status bar to show Recommendations', statusItem(page), (t) => t.trim() === 'Recommendations · local');
  // As `zenml project set` does: the UUID, and every other line of the file as it was.
  const expected = setup.configText.replace(setup.uuids.fraudDetection, setup.uuids.recommendations);
  let onDisk = '';
  await waitUntil(
    `${path.relative(setup.folder, setup.configFile)} to hold Recommendations' UUID`,
    () => (onDisk = readFileSync(setup.configFile, 'utf8')) === expected,
    () => `Expected:\n${expected}\nOn disk:\n${onDisk}`,
  );
  await waitForText('the notification that says where it was written', page.locator('.notifications-toasts'), (t) => t.includes("'Recommendations' is now the active ZenML project"));
  log(`.zen/config.yaml now:\n${onDisk}`);
  await screenshot(page, 'switched');
}

/** A row of the ZenML Projects tree, by its label. */
function treeRow(page: Page, label: string): Locator {
  return page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

async function expand(page: Page, label: string): Promise<Locator> {
  const row = treeRow(page, label).first();
  await row.waitFor({ timeout: WAIT_MS });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
  await waitUntil(`'${label}' to expand`, async () => (await row.getAttribute('aria-expanded')) === 'true');
  return row;
}

async function projectTree(page: Page, setup: Setup): Promise<void> {
  log('opening the ZenML Projects container from the activity bar');
  await page.locator('.activitybar .action-item [aria-label^="ZenML Projects"]').first().click();
  const view = page.locator('.part.sidebar');
  await waitForText('the Projects view', view.locator('.pane-header'), (t) => t.toUpperCase().includes('PROJECTS'));

  const rows = view.locator('.monaco-list-row');
  // The workspace (name, version, local) and, under it, the projects.
  const workspace = await waitForText('the workspace with its projects', rows, (t) => ['Churn Prediction', 'Fraud Detection', 'Recommendations'].every((p) => t.includes(p)));
  if (!/^local\s*\d+\.\d+\.\d+ · local, Pro edition · selected$/m.test(workspace)) throw new Error(`the workspace row does not say its name, version and kind:\n${workspace}`);
  await waitForText('Recommendations marked active', treeRow(page, 'Recommendations'), (t) => t.includes('recommendations · active'));
  await usageCounts(page, setup);

  log('expanding Recommendations → Pipelines → embeddings');
  await expand(page, 'Recommendations');
  await waitForText("Recommendations' categories", rows, (t) => ['Pipelines', 'Artifacts', 'Models', 'Members'].every((c) => t.includes(c)));
  await expand(page, 'Pipelines');
  await waitForText("Recommendations' pipelines", rows, (t) => t.includes('embeddings') && t.includes('ranking_training'));
  await expand(page, 'embeddings');
  // Every run the workspace has for the pipeline, each with its status.
  const api = setup.workspace.api;
  const [pipeline] = (await api.listResources('pipelines', 'recommendations', { filters: { name: 'embeddings' } })).items;
  const runs = (await api.listResources('runs', 'recommendations', { filters: { pipeline_id: pipeline.id }, size: 100 })).items.map((r) => ({ name: r.name ?? r.id, status: r.body?.status ?? '' }));
  if (runs.length < 2) throw new Error(`the demo's embeddings pipeline has ${runs.length} runs; the journey expects several`);
  const shown = await waitForText("embeddings' runs with their status", rows, (t) => runs.every((r) => t.includes(`${r.name}${r.status} · `)));
  const completed = runs.find((r) => r.status === 'completed');
  if (completed && !(await treeRow(page, completed.name).locator('.codicon-pass').count())) throw new Error(`the completed run ${completed.name} has no "pass" icon`);
  log(`tree rows:\n${shown}`);
  // Members come from the ZenML Pro API, with its own credential (ZENML_PRO_API_KEY here): the
  // project's admin, and the signed-in admin marked through external_user_id.
  await expand(page, 'Members');
  const members = await waitForText("Recommendations' members", rows, (t) => t.includes('grace') && t.includes('admin (you)') && t.includes('Project Admin'));
  log(`with members:\n${members}`);
  await screenshot(page, 'tree');
}

/** "3 pipelines · 12 runs · 2 artifacts · 1 model", as the row shows a project's counts. */
/** A row's counts; with `artifactVersions`, the tooltip's, which give the artifacts' versions too. */
function countsText(c: { pipelines: number; runs: number; artifacts: number; models: number; artifactVersions?: number }): string {
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const artifacts = n(c.artifacts, 'artifact') + (c.artifactVersions === undefined ? '' : ` (${n(c.artifactVersions, 'version')})`);
  return [n(c.pipelines, 'pipeline'), n(c.runs, 'run'), artifacts, n(c.models, 'model')].join(' · ');
}

/**
 * Each project row shows its usage counts, as the workspace counts them; the tooltip adds how busy
 * it is. The sidebar, widened so that the counts are not cut, is the README's picture.
 */
async function usageCounts(page: Page, setup: Setup): Promise<void> {
  log('each project row shows its pipelines, runs, artifacts and models');
  const api = setup.workspace.api;
  const projects = (await api.listProjects({ size: 100 })).items;
  const expected = await Promise.all(
    projects.map(async (p) => {
      const [stats, artifacts, versions, models] = await Promise.all([
        api.projectStatistics(p.name!),
        api.listResources('artifacts', p.name!, { size: 1 }),
        api.listResources('artifactVersions', p.name!, { size: 1 }),
        api.listResources('models', p.name!, { size: 1 }),
      ]);
      const counts = { ...stats, artifacts: artifacts.total, models: models.total };
      return { label: p.body?.display_name || p.name!, counts: countsText(counts), tooltipCounts: countsText({ ...counts, artifactVersions: versions.total }) };
    }),
  );
  for (const e of expected) await waitForText(`the counts of ${e.label}`, treeRow(page, e.label), (t) => t.includes(e.counts));

  log('widening the sidebar so that the counts are not cut');
  const sidebar = page.locator('.part.sidebar');
  const box = (await sidebar.boundingBox())!;
  // The sash between the sidebar and the editor sits on the sidebar's right edge.
  await page.mouse.move(box.x + box.width, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 640, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await waitUntil('the sidebar to widen', async () => ((await sidebar.boundingBox())?.width ?? 0) > box.width + 200, async () => `It is ${(await sidebar.boundingBox())?.width} px wide.`);
  const rows = sidebar.locator('.monaco-list-row');
  const last = (await rows.last().boundingBox())!;
  const wide = (await sidebar.boundingBox())!;
  // The sidebar down to a little below its last row: the README's picture.
  await page.screenshot({ path: TREE_USAGE_SCREENSHOT, clip: { x: wide.x, y: wide.y, width: wide.width, height: Math.min(wide.height, last.y + last.height - wide.y + 24) } });
  log(`screenshot ${path.relative(repoRoot, TREE_USAGE_SCREENSHOT)}`);
  await screenshot(page, 'tree-usage');

  log("hovering Default: its tooltip says it is idle");
  const idle = expected.find((e) => e.label === 'Default');
  if (idle) {
    await treeRow(page, 'Default').first().hover();
    const hover = page.locator('.monaco-hover, .workbench-hover');
    await waitForText("Default's tooltip", hover, (t) => t.includes(`Usage: ${idle.tooltipCounts}`) && t.includes('Idle: no runs in the last 30 days'));
    // Taken once the hover has faded in.
    await waitUntil('the tooltip to be drawn', () =>
      // Every animation but the endless ones (spinning icons) has ended.
      hover.first().evaluate((el) => el.ownerDocument.getAnimations().every((a: { playState: string; effect: { getComputedTiming(): { iterations?: number } } | null }) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)),
    );
    await screenshot(page, 'tree-usage-idle');
    await page.mouse.move(wide.x + wide.width + 100, wide.y + 20);
  }

  log('the sidebar back to its width');
  await page.mouse.move(wide.x + wide.width, wide.y + wide.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width, wide.y + wide.height / 2, { steps: 8 });
  await page.mouse.up();
  await waitUntil('the sidebar to narrow', async () => ((await sidebar.boundingBox())?.width ?? 0) < wide.width - 200, async () => `It is ${(await sidebar.boundingBox())?.width} px wide.`);
}

async function createProject(page: Page, setup: Setup): Promise<void> {
  log('F1 → ZenML Projects: Create Project');
  await page.keyboard.press('F1');
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.type('ZenML Projects: Create Project');
  await waitForText('the command in the palette', widget.locator('.quick-input-list .monaco-list-row.focused'), (t) => t.includes('ZenML Projects: Create Project'));
  await page.keyboard.press('Enter');

  const title = widget.locator('.quick-input-title');
  const message = widget.locator('.quick-input-message');
  const input = widget.locator('.quick-input-box input');
  const holds = (what: string, value: string) => waitUntil(what, async () => (await input.inputValue()) === value, async () => `It holds '${await input.inputValue()}'.`);
  /** Waits for step `n` to show `value`, with the keyboard in its input box. */
  const step = async (n: number, value: string) => {
    await waitForText(`step ${n} of Create Project`, title, (t) => t.includes('Create Project') && t.includes(`${n}/3`));
    await holds(`step ${n}'s input box to hold '${value}'`, value);
    // The palette hands the keyboard back to the tree before the input box takes it.
    await waitUntil(`the input box of step ${n} to have the keyboard`, () => input.evaluate((el) => el === el.ownerDocument.activeElement));
  };
  const prompt = (what: string) => waitForText(`the prompt "${what}"`, message, (t) => t.includes(what));

  await step(1, '');
  await page.keyboard.type('Journey Project');
  await holds('the name in the input box', 'Journey Project');
  // Checked as it is typed: the prompt replaces "Type a name.".
  await prompt('Project Name');
  await screenshot(page, 'create-name');
  await page.keyboard.press('Enter');

  // The ID, prefilled as ZenML derives it from the name.
  await step(2, 'journey-project');
  await prompt('Project ID');
  await screenshot(page, 'create-id');
  await page.keyboard.press('Enter');

  const description = 'Made by the UI journey.';
  await step(3, '');
  await prompt('Description');
  await page.keyboard.type(description);
  await holds('the description in the input box', description);
  await screenshot(page, 'create-description');
  await page.keyboard.press('Enter');

  // The progress notification gives way to the one that says what was created.
  await waitForText('the notification of the new project', page.locator('.notifications-toasts'), (t) => t.includes("Created the project 'Journey Project' (ID journey-project)") && !t.includes('Creating project'));
  await treeRow(page, 'Journey Project').first().waitFor({ timeout: WAIT_MS });
  const row = await textOf(treeRow(page, 'Journey Project'));
  if (!row.includes('journey-project')) throw new Error(`the new project's row does not show its ID: '${row}'`);
  const created = await setup.workspace.api.getProject('journey-project');
  if (created.body?.display_name !== 'Journey Project' || created.metadata?.description !== description) {
    throw new Error(`the workspace holds journey-project as ${JSON.stringify({ display_name: created.body?.display_name, description: created.metadata?.description })}`);
  }
  await screenshot(page, 'created');
}

async function switchWorkspace(page: Page, setup: Setup): Promise<void> {
  log('the organization lists the second workspace; a click on it switches to it');
  const rows = page.locator('.part.sidebar .monaco-list-row');
  await treeRow(page, 'second').first().click();
  await waitForText("the second workspace's project in the tree", rows, (t) => t.includes('Second Only') && !t.includes('Churn Prediction'));
  await waitForText('the status bar to name the second workspace', statusItem(page), (t) => t.trim().endsWith('· second'));
  await screenshot(page, 'workspace-second');

  log('the status bar switcher switches back: Switch Workspace… → local');
  await statusItem(page).click();
  const picker = page.locator('.quick-input-widget');
  const items = picker.locator('.quick-input-list .monaco-list-row');
  await waitForText('the switcher to offer Switch Workspace…', items, (t) => t.includes('Switch Workspace…'));
  // Typed, not clicked: the rows above it move down as the workspace's projects arrive, and a
  // click aimed at it could land on a project instead.
  await page.keyboard.type('Switch Workspace');
  await waitForText('Switch Workspace… alone, highlighted', picker.locator('.quick-input-list .monaco-list-row.focused'), (t) => t.includes('Switch Workspace…'));
  await page.keyboard.press('Enter');
  await waitForText('the workspace picker', picker.locator('.quick-input-title'), (t) => t.includes('Switch Workspace'));
  await waitForText('the workspaces listed', items, (t) => t.includes('local') && t.includes('second'));
  await items.filter({ hasText: /^local/ }).first().click();
  // Switching goes on to the projects of the workspace switched to.
  await waitForText('the switcher with the first workspace\'s projects', items, (t) => t.includes('Churn Prediction'));
  await page.keyboard.press('Escape');
  await waitForText('the tree back on the first workspace', rows, (t) => t.includes('Churn Prediction') && !t.includes('Second Only'));
  await waitForText('the status bar to name local again', statusItem(page), (t) => t.trim().endsWith('· local'));
  await screenshot(page, 'workspace-back');
}

/** The code lenses of the editors on screen. */
const lenses = (page: Page) => page.locator('.editor-instance .codelens-decoration');

/**
 * The first run: the example project file differs from acme-prod's demo project in one place; the
 * editor shows that one drift, and Plan then Apply (from the lenses) resolve it.
 */
async function firstRunDrift(page: Page, setup: Setup): Promise<void> {
  log(`Quick Open (Ctrl+P): ${EXAMPLE}, for the demo workspace acme-prod`);
  await page.locator('.monaco-workbench').focus();
  await page.keyboard.press('Control+P');
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.type('fraud-detection/project.yaml');
  await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'project.yaml' }).filter({ hasText: 'fraud-detection' }).first().waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  const editor = page.locator('.editor-group-container.active .editor-instance');
  await waitForText('the example in the editor', editor.locator('.view-lines'), (t) => t.includes('workspace: acme-prod') && t.includes('team: ml-platform'));

  log('exactly one drift: "1 change to apply", one warning (ml-platform), the language status');
  await waitForText('the drift lens', lenses(page), (t) => t.includes('1 change to apply'));
  const warnings = editor.locator('.squiggly-warning');
  await waitUntil('one drift warning', async () => (await warnings.count()) === 1, async () => `Saw ${await warnings.count()} warnings.`);
  const errors = await editor.locator('.squiggly-error').count();
  if (errors) throw new Error(`the example shows ${errors} errors`);
  const warning = (await warnings.first().boundingBox())!;
  await page.mouse.move(warning.x + warning.width / 2, warning.y + warning.height / 2);
  await waitForText('the role-drift hover', page.locator('.monaco-hover'), (t) => t.includes('ml-platform holds contributor in the workspace, not admin.'));
  await screenshot(page, 'example-drift');
  await page.keyboard.press('Escape');
  // The Problems panel (open since step 2) counts one problem in the file.
  const problems = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'examples/fraud-detection' });
  await waitForText('one problem in the example', problems.locator('.monaco-count-badge'), (t) => t.trim() === '1');
  // The language status (the {} beside "YAML"): which project and workspace, and how they compare.
  await page.locator('.statusbar-item[id="status.languageStatus"]').click();
  await waitForText('the language status', page.locator('.monaco-hover, .workbench-hover, .context-view'), (t) => t.includes('fraud-detection · acme-prod') && t.includes('1 change to apply'));
  await screenshot(page, 'example-language-status');
  await page.keyboard.press('Escape');

  log('click 1: the lens opens the plan');
  await lenses(page).locator('a', { hasText: '1 change to apply' }).first().click();
  const plan = await waitForText('the plan document', page.locator('.editor-instance .view-lines'), (t) => t.includes('~ team ml-platform: contributor → admin') && t.includes('0 to add, 1 to change, 0 to remove'));
  log(`the plan:\n${plan}`);
  await screenshot(page, 'example-plan');

  log('click 2: Apply on the plan — what it shows was read, so it is not asked again');
  await lenses(page).locator('a', { hasText: 'Apply 1 Change' }).first().click();
  // The plan document records what was applied (the notification saying the same may already
  // have been hidden by the time it is looked for).
  await waitForText('the plan to say the change was applied', page.locator('.editor-instance .view-lines'), (t) => t.includes('✓ ~ team ml-platform: contributor → admin') && t.includes('Applied 1 change.'));
  await waitForText('the lens to say In sync', lenses(page), (t) => t.includes('In sync with acme-prod'));
  await waitUntil('no drift warning left', async () => (await page.locator('.editor-instance .squiggly-warning').count()) === 0, async () => `Saw ${await page.locator('.editor-instance .squiggly-warning').count()}.`);
  await screenshot(page, 'example-in-sync');

  // The workspace itself agrees, asked by the CLI as CI would.
  const planned = spawnSync(process.execPath, [cli, 'plan', path.join(setup.folder, EXAMPLE)], {
    encoding: 'utf8',
    env: { ...process.env, ZENML_STORE_URL: setup.acmeProd.url, ZENML_STORE_API_KEY: setup.acmeProd.adminApiKey, ZENML_PRO_API_KEY: setup.acmeProd.proApiKey },
  });
  if (planned.status !== 0 || !planned.stdout.includes('In sync')) throw new Error(`zenml-projects plan after Apply exited ${planned.status}:\n${planned.stdout}${planned.stderr}`);
}

async function journey(page: Page, setup: Setup): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
  log('opening the folder');
  await page.goto(`${setup.server.url}/?folder=${encodeURIComponent(setup.folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: WAIT_MS });
  // The explorer lists the folder once the remote connection is up.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken' }).first().waitFor({ timeout: WAIT_MS });
  await screenshot(page, 'workbench');

  await problemsPanel(page);
  await statusBar(page, setup);
  await switchProject(page, setup);
  await projectTree(page, setup);
  await createProject(page, setup);
  await switchWorkspace(page, setup);
  await firstRunDrift(page, setup);
  requestsFollowTheContract(setup);
}

/** Every request the packaged editor sent the workspace is one ZenML's API serves (0.84 and current). */
function requestsFollowTheContract(setup: Setup): void {
  const sent = setup.relay.requests.filter((r) => r.url.startsWith('/api/v1/'));
  const problems = sent.flatMap((r) => checkRequest({ method: r.method, url: r.url, body: relayedBody(r), contentType: r.contentType }).problems);
  if (problems.length) throw new Error(`the editor sent requests a real ZenML server would refuse or misread:\n  ${[...new Set(problems)].join('\n  ')}`);
  log(`${sent.length} requests to the workspace, each one a route of ZenML's API`);
}

/** The environment of the editor: the machine's ZenML settings out, the journey's workspace in. */
function editorEnvironment(tmp: string, workspaceUrl: string, apiKey: string, proApiKey: string, second: SeededWorkspace, acmeProd: SeededWorkspace): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZENML_')));
  // Each workspace's key, and the ZenML Pro API's own (each local workspace serves one): members need it.
  return {
    ...env,
    ZENML_STORE_URL: workspaceUrl,
    ZENML_STORE_API_KEY: apiKey,
    ZENML_STORE_API_KEY_SECOND: second.adminApiKey,
    ZENML_STORE_API_KEY_ACME_PROD: acmeProd.adminApiKey,
    ZENML_PRO_API_KEY: proApiKey,
    ZENML_PRO_API_KEY_SECOND: second.proApiKey,
    ZENML_PRO_API_KEY_ACME_PROD: acmeProd.proApiKey,
    ZENML_CONFIG_PATH: path.join(tmp, 'zenml-config'),
  };
}

/** A copy of the fixture folder whose `.zen/config.yaml` names `uuid`, keeping its comments. */
function folderWithActiveProject(tmp: string, uuid: string): { folder: string; configFile: string; configText: string } {
  const folder = path.join(tmp, 'editor-workspace');
  cpSync(fixture, folder, { recursive: true });
  const configFile = path.join(folder, '.zen', 'config.yaml');
  const original = readFileSync(configFile, 'utf8');
  if (!ACTIVE_PROJECT_LINE.test(original)) throw new Error(`${path.relative(repoRoot, configFile)} has no active_project_id line to set`);
  const configText = original.replace(ACTIVE_PROJECT_LINE, `active_project_id: ${uuid}`);
  writeFileSync(configFile, configText);
  mkdirSync(path.dirname(path.join(folder, EXAMPLE)), { recursive: true });
  cpSync(path.join(repoRoot, EXAMPLE), path.join(folder, EXAMPLE));
  return { folder, configFile, configText };
}

async function main(): Promise<number> {
  for (const [file, make] of [
    [vsix, 'npm run package'],
    [cli, 'npm run build'],
  ]) {
    if (!existsSync(file)) {
      console.error(`${path.relative(repoRoot, file)} is missing; run \`${make}\` first.`);
      return 2;
    }
  }
  mkdirSync(screenshots, { recursive: true });
  for (const f of readdirSync(screenshots)) if (f.startsWith('journey-')) rmSync(path.join(screenshots, f));

  const tmp = mkdtempSync(path.join(tmpdir(), 'zenml-journey-'));
  const logPath = path.join(tmp, 'code-server.log');
  let workspace: SeededWorkspace | undefined;
  let second: SeededWorkspace | undefined;
  let acmeProd: SeededWorkspace | undefined;
  let relay: RecordingRelay | undefined;
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  try {
    log('starting a local workspace with the demo content (dist/cli.js workspace serve --seed demo)');
    workspace = await startSeededWorkspace(cli, path.join(tmp, 'workspace-data'));
    log('starting a second local workspace of the organization (--name second) with one project of its own');
    second = await startSeededWorkspace(cli, path.join(tmp, 'second-data'), 60_000, { name: 'second', seed: false });
    await second.api.createProject({ name: 'second-only', display_name: 'Second Only' });
    log('starting the demo workspace acme-prod, which examples/fraud-detection/project.yaml is for');
    acmeProd = await startSeededWorkspace(cli, path.join(tmp, 'acme-prod-data'), 60_000, { name: 'acme-prod' });
    relay = await startRecordingRelay(workspace.url);
    const uuids = {
      fraudDetection: (await workspace.api.getProject('fraud-detection')).id,
      recommendations: (await workspace.api.getProject('recommendations')).id,
    };
    const folder = folderWithActiveProject(tmp, uuids.fraudDetection);
    log(`workspace ${workspace.url} (the editor reaches it through ${relay.url}); folder ${folder.folder}`);

    const profile = makeProfile(tmp);
    // The second workspace by name, as a user lists it.
    const settingsFile = path.join(profile.userDir, 'User', 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, 'utf8')), 'zenmlProjects.workspaces': [{ name: 'second', url: second.url }, { name: 'acme-prod', url: acmeProd.url }] }, null, 2));
    log(`installing ${path.relative(repoRoot, vsix)} with code-server --install-extension`);
    const installed = installExtension(vsix, profile);
    if (!installed.some((id) => id.startsWith(EXTENSION_ID))) throw new Error(`code-server lists ${installed.join(', ') || 'no extensions'} after installing the .vsix; expected ${EXTENSION_ID}`);
    server = await startCodeServer({ profile, logPath, env: editorEnvironment(tmp, relay.url, workspace.adminApiKey, workspace.proApiKey, second, acmeProd) });
    log(`code-server ready on ${server.url}`);
    context = await launchChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    // The extension host's output; quiet unless asked for, since the journey judges by the screen.
    if (process.env.JOURNEY_CONSOLE === '1') forwardConsole(page, (t) => process.stdout.write(t));
    await journey(page, { server, workspace, acmeProd, relay, ...folder, uuids });
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
    await relay?.close();
    await workspace?.stop();
    await second?.stop();
    await acmeProd?.stop();
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
