/**
 * Runs only in the pseudo-localized run (VS Code in the `qps-ploc` locale, with the pseudo bundles
 * written from l10n/bundle.l10n.json and package.nls.json): every text of ours that a user sees —
 * the status bar, the tree's labels, descriptions and tooltips, the switcher's items, Create
 * Project's input box, Clean Up's quick picks, and the contributed commands, views and walkthrough — must come through
 * `vscode.l10n.t` or package.nls.json. Pseudo-localization changes every letter of a localized
 * text, so what is left in plain English after the data (project names, users, versions, URLs, …)
 * is taken out is a text that bypassed localization.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './editorState';
import { children, EXTENSION_ID, harness, labelOf, signInAsAdmin, tearDownAfterRun, tooltipOf, type Harness } from './projectsHarness';
import type { TreeNode } from '../../../client/src/views/treeNodes';

/** Everything a workspace's API says (names, IDs, versions, ...): data, not text to translate. */
async function workspaceData(h: Harness): Promise<Set<string>> {
  const values = new Set<string>();
  const headers = { authorization: `Bearer ${h.adminApiKey}` };
  const collect = (v: unknown): void => {
    if (typeof v === 'string') values.add(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  const get = async (p: string) => collect(await (await fetch(`${h.url}/api/v1${p}`, { headers })).json());
  await get('/info');
  await get('/current-user');
  await get('/users?size=1000&hydrate=true');
  const projects = (await (await fetch(`${h.url}/api/v1/projects?size=1000&hydrate=true`, { headers })).json()) as { items: { name: string }[] };
  collect(projects);
  for (const p of projects.items) {
    for (const kind of ['pipelines', 'runs', 'artifacts', 'models']) await get(`/${kind}?project=${p.name}&size=1000&hydrate=true`);
  }
  return values;
}

/**
 * The English words left in `text` once data and symbols are taken out: pseudo-localized letters
 * are not ASCII, so a localized text leaves none.
 */
function englishLeft(text: string, data: Set<string>): string[] {
  let rest = text;
  // Data also appears Markdown-escaped in tooltips.
  const escaped = [...data].map((d) => d.replace(/[\\`*_[\]<>|#]/g, '\\$&'));
  // Longest data first, so that a name is not half taken by a shorter one inside it.
  for (const d of [...data, ...escaped].filter((v) => v.length > 1).sort((a, b) => b.length - a.length)) rest = rest.split(d).join(' ');
  rest = rest
    .replace(/\$\([\w~-]+\)/g, ' ') // codicons
    .replace(/\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b/gi, ' ') // UUIDs
    .replace(/\b[0-9a-f]{8}…/gi, ' ') // shortened UUIDs
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(?:\/[\w.@-]+)+/g, ' ') // paths
    .replace(/\b[\w.-]+\.(?:ya?ml|json|ts)\b/g, ' ')
    // Dates and times as Intl formats them for the pseudo locale (it falls back to English).
    .replace(/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b[AP]M\b/g, ' ');
  return rest.match(/[A-Za-z]{3,}/g) ?? [];
}

/** The API data a tree node carries (its texts and keys are ours, not data). */
function nodeData(node: unknown, into: Set<string>, depth = 0): void {
  if (typeof node === 'string') into.add(node);
  else if (Array.isArray(node)) node.forEach((v) => nodeData(v, into, depth + 1));
  else if (node && typeof node === 'object' && depth < 8) {
    for (const [k, v] of Object.entries(node)) if (!['key', 'kind', 'text', 'detail', 'category', 'parentKey'].includes(k)) nodeData(v, into, depth + 1);
  }
}

/** The text of a manifest field: a string, or `{ value, original }` once localized. */
function manifestText(v: unknown): string {
  return typeof v === 'string' ? v : ((v as { value?: string } | undefined)?.value ?? '');
}

/** Collects every text of a tree item a user can see. */
function texts(i: vscode.TreeItem): string[] {
  return [labelOf(i), typeof i.description === 'string' ? i.description : '', tooltipOf(i)].filter(Boolean);
}

tearDownAfterRun();

describe('pseudo-localized run: every text a user sees is localized', function () {
  let h: Harness;
  let data: Set<string>;
  const bypassed: string[] = [];
  const check = (where: string, text: string | undefined) => {
    if (!text) return;
    const left = englishLeft(text, data);
    if (left.length) bypassed.push(`${where}: ${JSON.stringify(text)} (plain: ${left.join(', ')})`);
  };

  before(async function () {
    assert.equal(vscode.env.language, 'qps-ploc', 'this suite needs VS Code in the qps-ploc locale');
    h = await harness();
    data = await workspaceData(h);
    data.add(h.url);
    for (const f of vscode.workspace.workspaceFolders ?? []) data.add(f.name);
  });

  it('the status bar, signed out and signed in', async () => {
    check('status bar', h.api.statusBar().text);
    check('status bar tooltip', h.api.statusBar().tooltip);
    await signInAsAdmin(h);
    await waitFor('a connection', () => h.api.connectionState().kind === 'connected', () => JSON.stringify(h.api.connectionState()));
    const bar = h.api.statusBar();
    check('status bar', bar.text);
    check('status bar tooltip', bar.tooltip);
  });

  it('the tree, three levels down', async () => {
    const walk = async (node: TreeNode | undefined, depth: number): Promise<void> => {
      for (const c of (await children(h, node)).slice(0, 4)) {
        nodeData(c.node, data);
        for (const t of texts(c.item)) check(`tree ${labelOf(c.item)}`, t);
        if (depth < 3 && c.item.collapsibleState !== vscode.TreeItemCollapsibleState.None) await walk(c.node, depth + 1);
      }
    };
    await walk(undefined, 0);
  });

  it('the switcher and the Create Project input box', async () => {
    void vscode.commands.executeCommand('zenmlProjects.setActiveProject');
    const picker = await waitFor(
      'the switcher',
      () => {
        const p = h.api.projectPicker();
        return p && !p.busy && p.items.length ? p : undefined;
      },
      () => JSON.stringify(h.api.projectPicker()),
    );
    for (const i of picker.items) {
      check('switcher item', i.label);
      check('switcher item', i.description);
    }
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');

    void vscode.commands.executeCommand('zenmlProjects.createProject');
    const input = await waitFor('Create Project', () => h.api.stepInput(), () => 'no input box');
    check('Create Project title', input.title);
    check('Create Project prompt', input.prompt);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it("Clean Up's age choice and its list of versions", async () => {
    void vscode.commands.executeCommand('zenmlProjects.cleanUpProject', { project: 'fraud-detection' });
    const ages = await waitFor('the age choice', () => h.api.cleanUpPick(), () => 'no quick pick');
    check('Clean Up title', ages.title);
    check('Clean Up age choice', ages.placeholder);
    for (const i of ages.items) {
      check('Clean Up age choice item', i.label);
      check('Clean Up age choice item', i.description);
    }
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await waitFor('the age choice to close', () => !h.api.cleanUpPick(), () => JSON.stringify(h.api.cleanUpPick()));

    void vscode.commands.executeCommand('zenmlProjects.cleanUpProject', { project: 'fraud-detection', olderThanDays: 100 });
    const list = await waitFor('the versions found', () => h.api.cleanUpPick()?.canPickMany && h.api.cleanUpPick(), () => JSON.stringify(h.api.cleanUpPick()));
    assert.ok(list.items.length > 0, 'the demo has versions to clean up');
    check('Clean Up list', list.placeholder);
    for (const i of list.items) {
      check('Clean Up list item', i.description);
      check('Clean Up list item', i.detail);
    }
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('the contributed commands, views, settings and walkthrough', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Record<string, any>;
    const c = manifest.contributes ?? {};
    const links = (text: string) => text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    for (const cmd of c.commands ?? []) check(`command ${cmd.command}`, `${manifestText(cmd.category)} ${manifestText(cmd.title)}`);
    for (const container of Object.values<any[]>(c.viewsContainers ?? {}).flat()) check('view container', manifestText(container.title));
    for (const view of Object.values<any[]>(c.views ?? {}).flat()) check(`view ${view.id}`, manifestText(view.name));
    for (const w of c.viewsWelcome ?? []) check('welcome', links(manifestText(w.contents)));
    for (const [key, setting] of Object.entries<any>(c.configuration?.properties ?? {})) check(`setting ${key}`, manifestText(setting.markdownDescription ?? setting.description));
    for (const w of c.walkthroughs ?? []) {
      check(`walkthrough ${w.id}`, `${manifestText(w.title)} ${manifestText(w.description)}`);
      for (const step of w.steps ?? []) check(`walkthrough step ${step.id}`, `${manifestText(step.title)} ${links(manifestText(step.description))}`);
    }
  });

  it('none of them bypassed localization', () => {
    assert.deepEqual(bypassed, [], `texts that bypass localization:\n${bypassed.join('\n')}`);
  });
});
