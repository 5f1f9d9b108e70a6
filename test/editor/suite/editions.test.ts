/**
 * The two credentials of ZenML Pro, and a plain ZenML server, in a real VS Code:
 * - on the Pro edition, the tree shows projects and resources without a ZenML Pro credential,
 *   and the Members node says what to do; a refused Pro credential is a sentence and nothing is
 *   lost; once signed in to ZenML Pro (its own Accounts entry), members appear with "(you)"
 *   found through external_user_id;
 * - on the OSS edition, projects and resources show, and members are hidden with a reason.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeNode } from '../../../client/src/views/treeNodes';
import { waitFor } from './editorState';
import {
  child,
  children,
  EXTENSION_ID,
  failure,
  harness,
  labelOf,
  ok,
  removeAfterRun,
  setWorkspaceUrl,
  signIn,
  signInAsAdmin,
  signInToPro,
  startWorkspace,
  tearDownAfterRun,
  tooltipOf,
  type Harness,
} from './projectsHarness';

tearDownAfterRun();

async function project(h: Harness, label: string): Promise<TreeNode> {
  const workspace = await waitFor('the workspace node', async () => (await children(h))[0]?.node, () => 'no workspace node');
  return child(h, workspace, label);
}

describe('ZenML Pro: the second credential', () => {
  let h: Harness;

  before(async () => {
    h = await harness();
    await signInAsAdmin(h);
  });

  after(async () => {
    await signInAsAdmin(h);
  });

  it('without a Pro credential the tree still shows projects and resources, and Members says what to do', async () => {
    await ok('zenmlProjects.signOutOfPro');
    await ok('zenmlProjects.refresh');
    const fraud = await project(h, 'Fraud Detection');
    const kinds = await children(h, fraud);
    assert.deepEqual(kinds.map((k) => labelOf(k.item)), ['Pipelines', 'Artifacts', 'Models', 'Members']);
    const pipelines = await children(h, kinds[0].node);
    assert.ok(pipelines.length > 0 && pipelines.every((p) => p.node.kind === 'resource'), 'pipelines are listed');
    const [note] = await children(h, kinds[3].node);
    assert.equal(labelOf(note.item), 'Sign in to ZenML Pro to see members…');
    assert.equal(note.item.command?.command, 'zenmlProjects.signInToPro');
    assert.match(tooltipOf(note.item), /Members and roles are kept by the ZenML Pro API at http:\/\/127\.0\.0\.1:\d+, which takes a credential of its own, not the workspace's\. Run "ZenML Projects: Sign In to ZenML Pro"/);
    // The Accounts menu has a ZenML Pro provider of its own, with no session now.
    assert.equal((await vscode.authentication.getAccounts('zenml-projects-pro')).length, 0);
  });

  it('a refused Pro credential is a sentence; the workspace connection and the tree stay', async () => {
    // The workspace's own API key is no ZenML Pro credential: the Pro API refuses it.
    const result = await signInToPro(h.adminApiKey);
    assert.ok(!result.ok && 'error' in result, JSON.stringify(result));
    assert.match(result.error, /the ZenML Pro API at http:\/\/127\.0\.0\.1:\d+ did not accept your ZenML Pro credential/);
    assert.doesNotMatch(result.error, /ZENKEY_\w/);
    assert.equal(h.api.connectionState().kind, 'connected');
    assert.ok((await children(h, await project(h, 'Fraud Detection'))).length >= 3);
  });

  it('signed in to ZenML Pro (its own account), members appear and "(you)" is found through external_user_id', async () => {
    const signedIn = await signInToPro(h.pats.get('ada')!);
    assert.ok(signedIn.ok, JSON.stringify(signedIn));
    const accounts = await vscode.authentication.getAccounts('zenml-projects-pro');
    assert.equal(accounts.length, 1);
    assert.match(accounts[0].label, /^ada @ 127\.0\.0\.1:\d+$/);
    await ok('zenmlProjects.refresh');
    const fraud = await project(h, 'Fraud Detection');
    const members = await waitFor(
      'the members of fraud-detection',
      async () => {
        const c = await children(h, await child(h, fraud, 'Members'));
        return c.every((m) => m.node.kind === 'member') && c;
      },
      () => 'no members',
    );
    // The workspace session is the admin's: the admin is "you", whoever holds the Pro credential.
    assert.deepEqual(
      members.filter((m) => labelOf(m.item).endsWith('(you)')).map((m) => labelOf(m.item)),
      ['admin (you)'],
    );
  });
});

describe('a plain ZenML server (the OSS edition)', () => {
  let h: Harness;
  let dir: string;

  before(async () => {
    h = await harness();
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    dir = mkdtempSync(path.join(tmpdir(), 'zenml-editor-oss-'));
    const url = await startWorkspace(path.join(extension.extensionPath, 'dist', 'cli.js'), dir, 'oss');
    await setWorkspaceUrl(url);
    const state = await signIn(readFileSync(path.join(dir, 'admin-api-key'), 'utf8').trim());
    assert.equal(state.kind, 'connected', JSON.stringify(state));
    await waitFor('the OSS workspace in the tree', async () => (await children(h))[0]?.node.kind === 'workspace', () => 'no workspace node');
  });

  after(async () => {
    await setWorkspaceUrl(h.url);
    await signInAsAdmin(h);
    // The OSS workspace runs until the run ends; its folder goes with it.
    removeAfterRun(dir);
  });

  it('shows projects and resources, and says why there are no members or roles', async () => {
    const [root] = await children(h);
    assert.match(String(root.item.description), /^\S+ · local$/);
    assert.match(tooltipOf(root.item), /Members and roles: none — a ZenML server without ZenML Pro has no project members or roles/);
    const fraud = await project(h, 'Fraud Detection');
    assert.doesNotMatch(String((await h.api.projectTree.getTreeItem(fraud)).contextValue), /canManageMembers/, 'no member commands on a project row');
    const under = await children(h, fraud);
    assert.deepEqual(under.map((c) => labelOf(c.item)), ['Pipelines', 'Artifacts', 'Models', 'No members or roles on a plain ZenML server']);
    assert.match(tooltipOf(under[3].item), /every user may work in every project, and there are no project members or roles to manage\. Members and roles come with ZenML Pro\./);
    const models = await children(h, under[2].node);
    assert.ok(models.length > 0 && models.every((m) => m.node.kind === 'resource'), 'models are listed');
    // The menus do not offer member commands here; run from elsewhere, they say why.
    assert.match(await failure('zenmlProjects.addMember', { project: 'fraud-detection', user: 'ken', role: 'viewer' }), /is a ZenML server without ZenML Pro: it has no project members or roles/);
    assert.match(await failure('zenmlProjects.signInToPro', 'ZENPROKEY_x'), /without ZenML Pro/);
  });
});
