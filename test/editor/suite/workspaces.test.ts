/**
 * Two workspaces of one organization in a real VS Code: the suite's local workspace ('local',
 * selected) and a second local workspace ('second') started here. A file for 'second' is never
 * compared with or applied to 'local' (the lens says why, apply refuses); once connected, each
 * file is planned and applied to its own workspace and drift is computed per workspace; the tree
 * shows the organization and both workspaces and switches between them, and so does the status
 * bar; a wrong URL for a name is refused with nothing saved; a workspace that goes down leaves the
 * other working.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionState } from '../../../client/src/connection/workspaceConnection';
import { open, revertAndCloseAll, waitFor } from './editorState';
import { child, children, failure, harness, labelOf, ok, tearDownAfterRun, type Harness } from './projectsHarness';

tearDownAfterRun();

const NAME = 'second';

/** `dist/cli.js workspace serve --name NAME` on a free port; resolves with its URL. */
function serve(cli: string, dir: string, name: string, organization: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [cli, 'workspace', 'serve', '--port', '0', '--data', dir, '--name', name, '--organization', organization], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = /^Local workspace listening on (http:\/\/\S+)\s*$/m.exec(out);
      if (m) resolve({ url: m[1], proc });
    });
    proc.on('exit', (code) => reject(new Error(`the second workspace exited with ${code}: ${out}`)));
  });
}

describe('several workspaces', () => {
  let h: Harness;
  let second: { url: string; proc: ChildProcess; key: string; dir: string };
  /** A third workspace of the second one's organization, known only through its Pro API. */
  let third: { url: string; proc: ChildProcess; dir: string };
  let organization: string;

  const write = (relative: string, text: string): vscode.Uri => {
    const full = path.join(h.scratch, 'workspaces', relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
    return vscode.Uri.file(full);
  };
  const projectFile = (id: string, workspace: string) => `id: ${id}\nname: ${id}\ndescription: d\nworkspace: ${workspace}\nmembers:\n  - user: admin\n    role: admin\n`;
  const driftLens = async (uri: vscode.Uri): Promise<vscode.Command | undefined> => {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    return lenses.map((l) => l.command).find((c) => c && c.title && !/active project/i.test(c.title));
  };
  const lensMatches = (uri: vscode.Uri, re: RegExp) => {
    let last: string | undefined;
    return waitFor(`the drift lens to match ${re}`, async () => re.test((last = (await driftLens(uri))?.title) ?? ''), () => String(last));
  };
  const exists = async (url: string, key: string, id: string) => (await fetch(`${url}/api/v1/projects/${id}`, { headers: { authorization: `Bearer ${key}` } })).status === 200;

  before(async () => {
    h = await harness();
    const extension = vscode.extensions.getExtension('zenml-projects.zenml-projects')!;
    const cli = path.join(extension.extensionPath, 'dist', 'cli.js');
    organization = mkdtempSync(path.join(tmpdir(), 'zenml-editor-org-'));
    const dir = mkdtempSync(path.join(tmpdir(), 'zenml-editor-second-'));
    const started = await serve(cli, dir, NAME, organization);
    second = { ...started, dir, key: readFileSync(path.join(dir, 'admin-api-key'), 'utf8').trim() };
    const thirdDir = mkdtempSync(path.join(tmpdir(), 'zenml-editor-third-'));
    third = { ...(await serve(cli, thirdDir, 'third', organization)), dir: thirdDir };
    // Each local workspace serves a ZenML Pro API of its own: their Pro keys, from the environment
    // as a user would give them (ZENML_PRO_API_KEY_<NAME>).
    process.env.ZENML_PRO_API_KEY_SECOND = readFileSync(path.join(dir, 'pro-api-key'), 'utf8').trim();
    process.env.ZENML_PRO_API_KEY_THIRD = readFileSync(path.join(thirdDir, 'pro-api-key'), 'utf8').trim();
  });

  after(async () => {
    delete process.env.ZENML_PRO_API_KEY_SECOND;
    delete process.env.ZENML_PRO_API_KEY_THIRD;
    await revertAndCloseAll();
    await vscode.commands.executeCommand('zenmlProjects.switchWorkspace', null);
    await vscode.workspace.getConfiguration('zenmlProjects').update('workspaces', undefined, vscode.ConfigurationTarget.Global);
    for (const w of [second, third]) {
      if (w?.proc.exitCode === null) {
        const gone = new Promise<void>((r) => w.proc.once('exit', () => r()));
        w.proc.kill('SIGTERM');
        await gone;
      }
      if (w) rmSync(w.dir, { recursive: true, force: true });
    }
    if (organization) rmSync(organization, { recursive: true, force: true });
  });

  it('never compares or applies a file for another workspace: the lens says why, apply refuses', async () => {
    const file = write('second/project.yaml', projectFile('routed', NAME));
    await open(file);
    await lensMatches(file, new RegExp(`^\\$\\(plug\\) Targets workspace ${NAME} — not connected$`));
    const lens = await driftLens(file);
    assert.equal(lens?.command, 'zenmlProjects.connectWorkspace');
    assert.match(lens?.tooltip ?? '', /this window is connected to "local"/);
    const refused = await failure('zenmlProjects.applyProjectFile', { uri: file.toString(), confirm: false });
    assert.match(refused, new RegExp(`project\\.yaml is for workspace "${NAME}", which is not connected \\(this window is connected to "local"\\): nothing was compared or applied`));
    assert.equal(await exists(h.url, h.adminApiKey, 'routed'), false);
    assert.equal(await exists(second.url, second.key, 'routed'), false);
  });

  it('a URL whose server is another workspace is refused, and nothing is saved', async () => {
    const error = await failure('zenmlProjects.connectWorkspace', { name: 'nope', url: second.url, apiKey: second.key });
    assert.match(error, new RegExp(`The server at ${second.url.replace(/\./g, '\\.')} is workspace "${NAME}", not "nope": nothing was saved`));
    assert.deepEqual(vscode.workspace.getConfiguration('zenmlProjects').get('workspaces'), []);
  });

  it('once connected, each file is planned and applied to its own workspace, and drift is per workspace', async () => {
    await ok('zenmlProjects.connectWorkspace', { name: NAME, url: second.url, apiKey: second.key });
    assert.deepEqual(vscode.workspace.getConfiguration('zenmlProjects').get('workspaces'), [{ name: NAME, url: second.url }]);
    const forSecond = vscode.Uri.file(path.join(h.scratch, 'workspaces', 'second', 'project.yaml'));
    const forLocal = write('local/project.yaml', projectFile('routed', 'local'));
    await open(forLocal);
    await lensMatches(forSecond, /^\$\(diff\) 2 changes to apply$/);
    await lensMatches(forLocal, /^\$\(diff\) 2 changes to apply$/);

    const applied = await ok<{ workspace: string; url: string; applied: string[] }>('zenmlProjects.applyProjectFile', { uri: forSecond.toString(), confirm: false });
    assert.equal(applied.workspace, NAME);
    assert.equal(applied.url, second.url);
    assert.equal(await exists(second.url, second.key, 'routed'), true);
    assert.equal(await exists(h.url, h.adminApiKey, 'routed'), false, 'nothing landed in the selected workspace');
    await lensMatches(forSecond, new RegExp(`^\\$\\(check\\) In sync with ${NAME}$`));
    // The same project ID for another workspace is another project: still to be created there.
    await lensMatches(forLocal, /^\$\(diff\) 2 changes to apply$/);
  });

  it('the tree shows the organization and its workspaces, and switches between them; so does the status bar', async () => {
    const [org] = await waitFor('the organization at the root', async () => {
      const roots = await children(h);
      return roots.length === 1 && roots[0].node.kind === 'organization' ? roots : undefined;
    }, () => 'the root has no organization yet');
    assert.equal(labelOf(org.item), 'local');
    const rows = await children(h, org.node);
    assert.deepEqual(rows.map((r) => [r.node.kind, labelOf(r.item)]), [['workspace', 'local'], ['otherWorkspace', NAME]]);
    assert.equal(rows[1].item.command?.command, 'zenmlProjects.switchWorkspace');

    const state = (await vscode.commands.executeCommand<ConnectionState>('zenmlProjects.switchWorkspace', { name: NAME }))!;
    assert.equal(state.kind, 'connected', JSON.stringify(state));
    // The second workspace's organization, read from its Pro API, has a third workspace.
    const switched = await waitFor('the tree to show the second workspace selected, and its organization\'s third', async () => {
      const roots = await children(h);
      const inner = roots[0]?.node.kind === 'organization' ? await children(h, roots[0].node) : roots;
      return inner[0] && labelOf(inner[0].item) === NAME && inner.length === 3 ? inner : undefined;
    }, () => JSON.stringify(h.api.connectionState().kind));
    assert.deepEqual(switched.map((r) => labelOf(r.item)), [NAME, 'local', 'third']);
    // 'local' may already be signed in for the open file that names it; 'third' is known only from the Pro API.
    assert.match(String(switched[1].item.description), /(^|· )default$/);
    assert.equal(switched[2].item.description, 'from the organization');
    const projects = await children(h, switched[0].node);
    assert.ok(projects.some((p) => labelOf(p.item) === 'routed'), 'the second workspace lists its own projects');
    await waitFor('the status bar to name the second workspace', () => h.api.statusBar().text.endsWith(` · ${NAME}`), () => JSON.stringify(h.api.statusBar()));

    const back = (await vscode.commands.executeCommand<ConnectionState>('zenmlProjects.switchWorkspace', null))!;
    assert.equal(back.kind, 'connected');
    await waitFor('the status bar to name local again', () => h.api.statusBar().text.endsWith(' · local'), () => JSON.stringify(h.api.statusBar()));
    await child(h, (await children(h))[0].node, NAME);
  });

  it('a workspace that goes down leaves the other working', async () => {
    const forSecond = vscode.Uri.file(path.join(h.scratch, 'workspaces', 'second', 'project.yaml'));
    const forLocal = vscode.Uri.file(path.join(h.scratch, 'workspaces', 'local', 'project.yaml'));
    const gone = new Promise<void>((r) => second.proc.once('exit', () => r()));
    second.proc.kill('SIGTERM');
    await gone;
    await ok('zenmlProjects.refresh');
    await lensMatches(forSecond, /Workspace unreachable|Cannot compare/);
    await lensMatches(forLocal, /^\$\(diff\) 2 changes to apply$/);
    const applied = await ok<{ applied: string[] }>('zenmlProjects.applyProjectFile', { uri: forLocal.toString(), confirm: false });
    assert.equal(applied.applied.length, 2);
    assert.equal(await exists(h.url, h.adminApiKey, 'routed'), true);
  });

  it('two listed workspaces with one name are both left out, with a sentence', async () => {
    const config = vscode.workspace.getConfiguration('zenmlProjects');
    const before = config.get('workspaces');
    await config.update('workspaces', [{ name: 'twin', url: h.url }, { name: 'twin', url: 'http://127.0.0.1:9' }], vscode.ConfigurationTarget.Global);
    try {
      const file = write('twin/project.yaml', projectFile('twin-project', 'twin'));
      await open(file);
      await lensMatches(file, /^\$\(plug\) Targets workspace twin — not connected$/);
      assert.match(await failure('zenmlProjects.planProjectFile', { uri: file.toString() }), /is for workspace "twin", which is not connected/);
    } finally {
      await config.update('workspaces', before, vscode.ConfigurationTarget.Global);
    }
  });
});
