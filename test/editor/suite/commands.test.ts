/**
 * The project commands end to end in VS Code, against the real local workspace: the status-bar
 * switcher, Set Active Project (the copied folder's `.zen/config.yaml` on disk gets the UUID and
 * keeps its comments), the project quick pick searching the server, Create / Edit / Delete
 * Project, Copy Project ID, Open project.yaml, Open in Dashboard, the member commands, and the
 * workspace's refusals (409 for an existing ID, 403 for a viewer). Commands are given their
 * answers as arguments, as automation would, so no prompt waits for a person.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CreateProjectResult } from '../../../client/src/commands/projectCommands';
import type { SetActiveResult } from '../../../client/src/commands/setActiveProject';
import type { TreeNode } from '../../../client/src/views/treeNodes';
import { HostileProxy } from '../../lib/hostileProxy';
import { open, revertAndCloseAll, waitFor } from './editorState';
import { child, children, failure, harness, labelOf, ok, projectUuid, run, setWorkspaceUrl, signIn, signInAs, signInAsAdmin, tearDownAfterRun, tooltipOf, withoutUsage, type Harness } from './projectsHarness';

tearDownAfterRun();

const SET_ACTIVE = 'zenmlProjects.setActiveProject';

describe('the project commands in VS Code', () => {
  let h: Harness;
  const uuid = new Map<string, string>();
  const folderArg = () => ({ folder: h.folder.uri.toString() });
  const activeOfFolder = () => h.api.activeProjects().find((i) => i.folderUri === h.folder.uri.toString());
  const workspaceNode = async (): Promise<TreeNode> => (await children(h))[0].node;
  const projectLabels = async () => (await children(h, await workspaceNode())).map((c) => labelOf(c.item));

  /** Waits until the language server resolves the fixture folder's active project to `id`. */
  const activeIs = (id: string) =>
    waitFor(`the fixture folder's active project to be ${id}`, () => activeOfFolder()?.projectId === id && activeOfFolder(), () => JSON.stringify(activeOfFolder(), null, 2));

  before(async () => {
    h = await harness();
    for (const id of ['fraud-detection', 'recommendations', 'churn-prediction']) uuid.set(id, await projectUuid(h, id));
  });

  afterEach(async () => {
    await revertAndCloseAll();
    if (h.api.connectionState().kind !== 'connected' || (h.api.connectionState() as { user?: { name?: string } }).user?.name !== 'admin') await signInAsAdmin(h);
  });

  it("the status bar shows the folder's active project, where the setting comes from, and the workspace", async () => {
    await open(vscode.Uri.joinPath(h.folder.uri, 'roles', 'project.yaml'));
    const bar = await waitFor('the status bar to name Fraud Detection', () => h.api.statusBar().text === '$(layers) Fraud Detection · local' && h.api.statusBar(), () => JSON.stringify(h.api.statusBar()));
    assert.equal(bar.visible, true);
    assert.deepEqual(bar.tooltip.split('\n'), [
      'Active ZenML project: Fraud Detection (ID fraud-detection)',
      `From the repository's config ${h.configFile}.`,
      `Workspace: local at ${h.url}, signed in as admin`,
      'Click to switch projects.',
    ]);
  });

  it('the status bar warns when the config names a project the workspace does not have', async () => {
    const before = readFileSync(h.configFile, 'utf8');
    const unknown = '0b9d4e3c-2a1f-4e6d-8c7b-5a4f3e2d1c0b';
    try {
      writeFileSync(h.configFile, before.replace(uuid.get('fraud-detection')!, unknown));
      const bar = await waitFor('a warning in the status bar', () => h.api.statusBar().text.startsWith('$(warning)') && h.api.statusBar(), () => JSON.stringify(h.api.statusBar()));
      assert.equal(bar.text, '$(warning) 0b9d4e3c… · local');
      assert.match(bar.tooltip, new RegExp(`project '${unknown}' was not found on the workspace`));
    } finally {
      writeFileSync(h.configFile, before);
    }
    await waitFor('the status bar to name Fraud Detection again', () => h.api.statusBar().text === '$(layers) Fraud Detection · local', () => JSON.stringify(h.api.statusBar()));
  });

  it(".zen/config.yaml gets the UUID, keeps its comments and other keys; the server, status bar and tree follow", async () => {
    const before = readFileSync(h.configFile, 'utf8');
    assert.ok(before.includes(`active_project_id: ${uuid.get('fraud-detection')}\n`) && before.startsWith('# '), before);

    // Twice, so that the switcher has a recent project besides the active one.
    await ok<SetActiveResult>(SET_ACTIVE, { project: 'churn-prediction', ...folderArg() });
    await activeIs('churn-prediction');
    const result = await ok<SetActiveResult>(SET_ACTIVE, { project: 'recommendations', ...folderArg() });
    assert.equal(result.file, h.configFile);
    assert.equal(result.scope, 'repository');
    assert.equal(result.overriddenBy, undefined);
    assert.deepEqual(result.project, { uuid: uuid.get('recommendations'), id: 'recommendations', displayName: 'Recommendations' });
    assert.equal(readFileSync(h.configFile, 'utf8'), before.replace(uuid.get('fraud-detection')!, uuid.get('recommendations')!), 'only the UUID may change');

    const info = await activeIs('recommendations');
    assert.equal(info.source, 'repository');
    assert.equal(info.uuid, uuid.get('recommendations'));
    await waitFor('the status bar to name Recommendations', () => h.api.statusBar().text === '$(layers) Recommendations · local', () => JSON.stringify(h.api.statusBar()));
    const rec = (await children(h, await workspaceNode())).find((c) => labelOf(c.item) === 'Recommendations')!;
    assert.equal(withoutUsage(rec.item.description), 'recommendations · active');
    assert.match(rec.item.contextValue ?? '', /^project active /);
  });

  it('the switcher searches the workspace as the user types, lists the active project first, and sets the pick', async () => {
    const pending = vscode.commands.executeCommand<{ ok: boolean; value?: SetActiveResult }>(SET_ACTIVE, { ...folderArg(), query: 'fraud' });
    const shown = await waitFor(
      'the picker to show the search results for "fraud"',
      () => {
        const p = h.api.projectPicker();
        return p && !p.busy && p.items.some((i) => i.label === 'Fraud Detection') && p;
      },
      () => JSON.stringify(h.api.projectPicker()),
    );
    assert.equal(shown.value, 'fraud');
    assert.deepEqual(
      shown.items.map((i) => `${i.kind}:${i.label}`),
      ['separator:Active', 'project:Recommendations', 'separator:Recent', 'project:Churn Prediction', 'separator:All projects', 'project:Fraud Detection', 'separator:', 'create:Create Project…'],
    );
    // VS Code filters the rows by the typed text too: the first row left is the server's answer.
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = await pending;
    assert.ok(result?.ok, JSON.stringify(result));
    assert.equal(result.value?.project.id, 'fraud-detection');
    assert.equal(h.api.projectPicker(), undefined, 'the picker closed');
    assert.ok(readFileSync(h.configFile, 'utf8').includes(`active_project_id: ${uuid.get('fraud-detection')}`));
    await activeIs('fraud-detection');
  });

  it('the switcher adds rows only below the ones on screen while its answers arrive, so none moves under the pointer', async () => {
    // A slow network, so that the active project, the search's page and the actions arrive apart.
    const proxy = await HostileProxy.start(h.url);
    proxy.latencyMs = 300;
    try {
      await setWorkspaceUrl(proxy.url);
      assert.equal((await signIn(h.adminApiKey)).kind, 'connected');
      const pending = vscode.commands.executeCommand(SET_ACTIVE, folderArg());
      const seen: string[][] = [];
      await waitFor(
        'the switcher to have every answer',
        () => {
          const p = h.api.projectPicker();
          const rows = (p?.items ?? []).filter((i) => i.kind !== 'separator').map((i) => `${i.kind}:${i.label}`);
          if (rows.join() !== seen.at(-1)?.join()) seen.push(rows);
          return p && !p.busy && rows.includes('create:Create Project…');
        },
        () => JSON.stringify(seen),
      );
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(((await pending) as { ok: boolean }).ok, false, 'closing the switcher picks nothing');
      assert.ok(seen.length > 2, `the rows arrived in steps: ${JSON.stringify(seen)}`);
      for (let i = 1; i < seen.length; i++) {
        assert.deepEqual(seen[i].slice(0, seen[i - 1].length), seen[i - 1], `rows moved:\n${seen.map((r) => r.join(', ')).join('\n')}`);
      }
      const label = { 'fraud-detection': 'Fraud Detection', recommendations: 'Recommendations', 'churn-prediction': 'Churn Prediction' }[activeOfFolder()?.projectId ?? ''];
      assert.equal(seen.at(-1)![0], `project:${label}`, 'the active project first');
      assert.equal(seen.at(-1)!.at(-1), 'create:Create Project…', 'the action last');
    } finally {
      await setWorkspaceUrl(h.url);
      await signInAsAdmin(h);
      await proxy.stop();
    }
  });

  it('a failed search says why in a row of its own, redacted, and the switcher stays usable', async () => {
    const proxy = await HostileProxy.start(h.url);
    const secret = 'ZENKEY_failedsearch0123456789abcdef';
    proxy.rules.push((r) => (r.method === 'GET' && /^\/api\/v1\/projects\?/.test(r.path) && r.path.includes('nothing-like-this') ? { status: 500, body: { detail: `search broke; token ${secret}` } } : undefined));
    try {
      await setWorkspaceUrl(proxy.url);
      assert.equal((await signIn(h.adminApiKey)).kind, 'connected');
      const pending = vscode.commands.executeCommand(SET_ACTIVE, { ...folderArg(), query: 'nothing-like-this' });
      const shown = await waitFor(
        'the failed search in the switcher',
        () => {
          const p = h.api.projectPicker();
          return p && !p.busy && p.items.some((i) => /search broke/.test(i.label)) && p;
        },
        () => JSON.stringify(h.api.projectPicker()),
      );
      const rows = shown.items.filter((i) => i.kind !== 'separator');
      const failed = rows.find((i) => /search broke/.test(i.label))!;
      assert.ok(!failed.label.includes(secret), failed.label);
      assert.equal(rows.at(-1)?.kind, 'create', 'Create Project… is still offered after it');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await pending;
    } finally {
      await setWorkspaceUrl(h.url);
      await signInAsAdmin(h);
      await proxy.stop();
    }
  });

  it('Create Project: creates it, writes a project.yaml for it, and the tree shows it; an existing ID is a 409', async () => {
    const fileFolder = path.join(h.scratch, 'new-project');
    const created = await ok<CreateProjectResult>('zenmlProjects.createProject', { displayName: 'Editor Test Project', description: 'Made by the editor suite.', projectFileFolder: fileFolder });
    assert.equal(created.project.id, 'editor-test-project', 'the ID is derived from the name as ZenML does');
    assert.equal(created.project.displayName, 'Editor Test Project');
    assert.equal(vscode.Uri.parse(created.projectFile!).fsPath, path.join(fileFolder, 'project.yaml'));
    const text = readFileSync(path.join(fileFolder, 'project.yaml'), 'utf8');
    assert.match(text, /^id: editor-test-project$/m);
    assert.match(text, /^name: Editor Test Project$/m);
    assert.match(text, /^description: Made by the editor suite\.$/m);
    assert.match(text, /^ {2}- user: admin\n {4}role: admin$/m);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(fileFolder, 'project.yaml'), 'the new file is opened');
    await waitFor('the tree to list the new project', async () => (await projectLabels()).includes('Editor Test Project'), () => 'not listed');

    const conflict = await failure('zenmlProjects.createProject', { displayName: 'Another Name', id: 'editor-test-project' });
    assert.equal(conflict, "Could not create project 'editor-test-project': a project with ID 'editor-test-project' already exists. Choose another ID.");
    const invalid = await failure('zenmlProjects.createProject', { displayName: 'X', id: 'Bad ID' });
    assert.match(invalid, /^Project ID may only contain lowercase letters, digits, '-' and '_' \(ZenML only accepts lowercase\); found 'Bad ID'\.$/);
  });

  it('Edit Project changes its name and description', async () => {
    const result = await ok<{ changed: string[] }>('zenmlProjects.editProject', { project: 'editor-test-project', displayName: 'Editor Test Project 2', description: 'Changed by the suite.' });
    assert.deepEqual(result.changed.sort(), ['description', 'display_name']);
    const edited = await waitFor(
      'the tree to show the new name',
      async () => (await children(h, await workspaceNode())).find((c) => labelOf(c.item) === 'Editor Test Project 2'),
      () => 'not renamed',
    );
    assert.match(tooltipOf(edited.item), /Changed by the suite\./);
  });

  it('Edit Project, run on a node, asks for each field prefilled with the current value, and checks the ID as typed', async () => {
    const node = await child(h, await workspaceNode(), 'Editor Test Project 2');
    const pending = vscode.commands.executeCommand<{ ok: boolean; value?: { changed: string[] } }>('zenmlProjects.editProject', node);
    const expected = [
      { step: 1, value: 'Editor Test Project 2', prompt: /^Project Name/ },
      { step: 2, value: 'editor-test-project', prompt: /^Project ID/ },
      { step: 3, value: 'Changed by the suite.', prompt: /^Description/ },
    ];
    for (const e of expected) {
      const box = await waitFor(`step ${e.step} of Edit Project`, () => h.api.stepInput()?.step === e.step && h.api.stepInput(), () => JSON.stringify(h.api.stepInput()));
      assert.equal(box.title, 'Edit Project editor-test-project');
      assert.equal(box.totalSteps, 3);
      assert.equal(box.value, e.value);
      assert.match(box.prompt ?? '', e.prompt);
      assert.equal(box.validationMessage, undefined);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const result = await pending;
    assert.ok(result?.ok, JSON.stringify(result));
    assert.deepEqual(result.value?.changed, [], 'accepting every current value changes nothing');
    assert.equal(h.api.stepInput(), undefined, 'the input box closed');
  });

  it('Copy Project ID copies the ID of the node it is run on', async () => {
    const node = await child(h, await workspaceNode(), 'Editor Test Project 2');
    assert.equal(await ok('zenmlProjects.copyProjectId', node), 'editor-test-project');
    assert.equal(await vscode.env.clipboard.readText(), 'editor-test-project');
  });

  it('Open project.yaml opens the file of the workspace that defines the project, and says when none does', async () => {
    const opened = await ok<string>('zenmlProjects.openProjectFile', { project: 'editor-test-project' });
    assert.equal(vscode.Uri.parse(opened).fsPath, path.join(h.scratch, 'new-project', 'project.yaml'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), opened);
    assert.equal(await ok('zenmlProjects.openProjectFile', { project: 'recommendations' }), undefined);
  });

  it('Open in Dashboard says so when the workspace has no dashboard', async () => {
    const error = await failure('zenmlProjects.openInDashboard', { project: 'fraud-detection' });
    assert.equal(error, `The workspace at ${h.url} has no dashboard to open.`);
  });

  it('members: add a user, change their role, remove them; add a team', async () => {
    const project = 'editor-test-project';
    const membersOf = async () => {
      const p = await child(h, await workspaceNode(), 'Editor Test Project 2');
      return (await children(h, await child(h, p, 'Members'))).map((m) => `${labelOf(m.item)}: ${m.item.description}`);
    };
    assert.deepEqual(await ok('zenmlProjects.addMember', { project, user: 'ken', role: 'viewer' }), { project, member: { kind: 'user', name: 'ken' }, role: 'Project Viewer' });
    assert.deepEqual(await membersOf(), ['admin (you): Project Admin', 'ken: Project Viewer']);

    const changed = await ok<{ role: string; removedRoles: string[] }>('zenmlProjects.changeMemberRole', { project, user: 'ken', role: 'Project Developer' });
    assert.deepEqual([changed.role, changed.removedRoles], ['Project Developer', ['Project Viewer']]);
    assert.deepEqual(await membersOf(), ['admin (you): Project Admin', 'ken: Project Developer']);

    await ok('zenmlProjects.removeMember', { project, user: 'ken', confirmed: true });
    await ok('zenmlProjects.addMember', { project, team: 'analysts', role: 'contributor' });
    assert.deepEqual(await membersOf(), ['admin (you): Project Admin', 'analysts: Project Contributor']);

    assert.equal(await failure('zenmlProjects.addMember', { project, user: 'nobody', role: 'viewer' }), "There is no user 'nobody' on this workspace.");
    assert.match(await failure('zenmlProjects.addMember', { project, user: 'ken', role: 'owner' }), /^There is no role 'owner' on this workspace\. Roles: Project Admin, /);
  });

  it('Delete Project refuses the active project, as the ZenML CLI does, and deletes another one', async () => {
    await ok(SET_ACTIVE, { project: 'editor-test-project', ...folderArg() });
    await activeIs('editor-test-project');
    const refused = await failure('zenmlProjects.deleteProject', { project: 'editor-test-project', confirmed: true });
    assert.equal(refused, "'editor-test-project' is the active project of editor-workspace: make another project active first. (ZenML's CLI refuses to delete the active project too.)");

    await ok(SET_ACTIVE, { project: 'fraud-detection', ...folderArg() });
    await activeIs('fraud-detection');
    const deleted = await ok<{ deleted: { id: string } }>('zenmlProjects.deleteProject', { project: 'editor-test-project', confirmed: true });
    assert.equal(deleted.deleted.id, 'editor-test-project');
    await waitFor('the tree to drop the deleted project', async () => !(await projectLabels()).includes('Editor Test Project 2'), () => 'still listed');
  });

  it('a viewer is offered no edit, delete or member commands, and the workspace refuses them (403)', async () => {
    const state = await signInAs(h, 'edsger');
    assert.equal(state.kind, 'connected', JSON.stringify(state));
    const rec = await waitFor(
      "edsger's view of the workspace",
      async () => {
        const c = await children(h, (await children(h))[0]?.node);
        return c.find((p) => labelOf(p.item) === 'Recommendations');
      },
      () => 'no Recommendations',
    );
    assert.equal(rec.item.contextValue, 'project', 'a Project Viewer gets no canEdit/canDelete/canManageMembers');
    assert.match(tooltipOf(rec.item), /Your role: Project Viewer/);
    const members = await child(h, rec.node, 'Members');
    assert.equal((await h.api.projectTree.getTreeItem(members)).contextValue, 'category members');

    // The menus would not offer these; run anyway, the workspace refuses with the role's sentence.
    assert.equal(
      await failure('zenmlProjects.deleteProject', { project: 'recommendations', confirmed: true }),
      "Your role in project 'recommendations' does not allow you to delete the project. Ask a project admin for a role that does.",
    );
    assert.equal(
      await failure('zenmlProjects.editProject', { project: 'recommendations', description: 'not allowed' }),
      "Your role in project 'recommendations' does not allow you to update the project. Ask a project admin for a role that does.",
    );
    assert.equal(
      await failure('zenmlProjects.addMember', { project: 'recommendations', user: 'ken', role: 'viewer' }),
      "Your role in project 'recommendations' does not allow you to give a role. Ask a project admin for a role that does.",
    );
  });

  it('Refresh reads the workspace again', async () => {
    const outcome = await run('zenmlProjects.refresh');
    assert.equal(outcome.ok, true);
    assert.deepEqual(await projectLabels(), ['Churn Prediction', 'Default', 'Fraud Detection', 'Recommendations']);
  });
});
