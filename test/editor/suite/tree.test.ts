/**
 * The "ZenML Projects" tree as the view reads it (the TreeDataProvider the extension exports),
 * against the real local workspace with its demo content: the workspace, its projects, and under
 * each project its pipelines and runs, artifacts and versions, models and versions, and members;
 * paging with "Load more…"; and the contextValues the menus match.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNode } from '../../../client/src/views/treeNodes';
import { waitFor } from './editorState';
import { child, children, harness, labelOf, ok, signIn, signInAsAdmin, tearDownAfterRun, tokenOf, tooltipOf, withoutUsage, type Harness } from './projectsHarness';

tearDownAfterRun();

const iconId = (i: vscode.TreeItem) => (i.iconPath instanceof vscode.ThemeIcon ? i.iconPath.id : undefined);

describe('the ZenML Projects tree', () => {
  let h: Harness;
  let workspace: TreeNode;

  before(async () => {
    h = await harness();
    await ok('zenmlProjects.refresh');
    const roots = await children(h);
    assert.equal(roots.length, 1, `one workspace node at the root; found ${roots.map((r) => labelOf(r.item)).join(', ')}`);
    workspace = roots[0].node;
  });

  it('shows the workspace: its name, version, that it is local (the Pro edition), and who is signed in', async () => {
    const [root] = await children(h);
    assert.equal(root.node.kind, 'workspace');
    assert.match(String(root.item.description), /^\S+ · local, Pro edition$/);
    assert.match(tooltipOf(root.item), /Members and roles: in the ZenML Pro API at http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(root.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.match(tooltipOf(root.item), /Signed in as admin · workspace admin/);
    assert.match(root.item.contextValue ?? '', /^workspace canCreateProjects$/);
  });

  it("lists the projects by ID with their names, the folder's active one marked, the admin's rights in the context", async () => {
    // Which projects a project file defines is read in the background: wait for it.
    const projects = await waitFor(
      'the project files to be known',
      async () => {
        const c = await children(h, workspace);
        return c.some((p) => /hasProjectFile/.test(p.item.contextValue ?? '')) && c;
      },
      () => 'no project marked hasProjectFile',
    );
    assert.deepEqual(
      projects.map((p) => [labelOf(p.item), withoutUsage(p.item.description)]),
      [
        ['Churn Prediction', 'churn-prediction'],
        ['Default', 'default'],
        ['Fraud Detection', 'fraud-detection · active'],
        ['Recommendations', 'recommendations'],
      ],
    );
    const fraud = projects[2];
    assert.equal(iconId(fraud.item), 'pass-filled');
    // The fixture's valid/project.yaml defines fraud-detection, roles/project.yaml churn-prediction.
    assert.equal(fraud.item.contextValue, 'project active canEdit canDelete canManageMembers canEditResources hasProjectFile');
    assert.equal(projects[0].item.contextValue, 'project canEdit canDelete canManageMembers canEditResources hasProjectFile');
    assert.equal(projects[3].item.contextValue, 'project canEdit canDelete canManageMembers canEditResources');
    const tip = tooltipOf(fraud.item);
    assert.match(tip, /Project ID: `fraud-detection`/);
    assert.match(tip, /UUID: `[0-9a-f-]{36}`/);
    assert.match(tip, /Card transaction scoring, retrained nightly/);
    assert.match(tip, /Your role: workspace admin/);
  });

  it('under a project: Pipelines, Artifacts, Models and Members', async () => {
    const fraud = await child(h, workspace, 'Fraud Detection');
    const kinds = await children(h, fraud);
    assert.deepEqual(kinds.map((k) => labelOf(k.item)), ['Pipelines', 'Artifacts', 'Models', 'Members']);
    assert.ok(kinds.every((k) => k.item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed), 'categories load when expanded');
    assert.equal(kinds[3].item.contextValue, 'category members canManageMembers');
  });

  it('pipelines, and their runs with an icon for each status', async () => {
    const fraud = await child(h, workspace, 'Fraud Detection');
    const pipelines = await children(h, await child(h, fraud, 'Pipelines'));
    assert.deepEqual(pipelines.map((p) => labelOf(p.item)), ['batch_inference', 'feature_engineering', 'training']);
    const runs = await children(h, pipelines[1].node);
    assert.deepEqual(
      runs.map((r) => labelOf(r.item)),
      ['feature_engineering-run-4', 'feature_engineering-run-3', 'feature_engineering-run-2', 'feature_engineering-run-1'],
    );
    const statusAndIcon = runs.map((r) => `${String(r.item.description).split(' · ')[0]}:${iconId(r.item)}`);
    assert.deepEqual(statusAndIcon, ['running:sync~spin', 'failed:error', 'completed:pass', 'completed:pass']);
    assert.match(String(pipelines[1].item.description), /^last run running$/);
  });

  it('artifacts and their versions; models and their versions with their stage', async () => {
    const fraud = await child(h, workspace, 'Fraud Detection');
    const artifacts = await children(h, await child(h, fraud, 'Artifacts'));
    assert.deepEqual(artifacts.map((a) => [labelOf(a.item), a.item.description]), [
      // Versions 1–7 are the demo's older history (worth cleaning up); 8–10 are current.
      ['fraud_features', 'latest 10'],
      ['transactions', 'latest 3'],
    ]);
    const versions = await children(h, artifacts[1].node);
    assert.deepEqual(versions.map((v) => [labelOf(v.item), v.item.description]), [
      ['version 3', 'DataArtifact'],
      ['version 2', 'DataArtifact'],
      ['version 1', 'DataArtifact'],
    ]);
    assert.match(tooltipOf(versions[0].item), /s3:\/\/demo-bucket\/fraud-detection\/transactions\/3/);

    const models = await children(h, await child(h, fraud, 'Models'));
    assert.deepEqual(models.map((m) => labelOf(m.item)), ['fraud-classifier']);
    const modelVersions = await children(h, models[0].node);
    assert.deepEqual(
      modelVersions.map((v) => `${String(v.item.description)}:${iconId(v.item)}`),
      ['no stage:circle-outline', 'staging:beaker', 'production:rocket', 'archived:archive'],
    );
  });

  it('members: users and teams with their roles, the signed-in user marked', async () => {
    const fraud = await child(h, workspace, 'Fraud Detection');
    const members = await children(h, await child(h, fraud, 'Members'));
    assert.deepEqual(
      members.map((m) => [labelOf(m.item), m.item.description, m.item.contextValue]),
      [
        ['ada', 'Project Admin', 'member user canManageMembers'],
        ['admin (you)', 'Project Admin', 'member user canManageMembers'],
        ['alan', 'Project Developer', 'member user canManageMembers'],
        ['analysts', 'Project Viewer', 'member team canManageMembers'],
        ['ml-platform', 'Project Contributor', 'member team canManageMembers'],
      ],
    );
    assert.match(tooltipOf(members[0].item), /Ada Lovelace/);
  });

  it('a user who belongs to no project gets the "no projects" welcome (an empty tree)', async () => {
    const admin = { authorization: `Bearer ${h.adminApiKey}`, 'content-type': 'application/json' };
    const created = await fetch(`${h.url}/api/v1/users`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'newcomer', password: 'newcomer-secret-1', active: true }) });
    assert.equal(created.status, 200, await created.text());
    h.passwords.set('newcomer', 'newcomer-secret-1');
    try {
      const state = await signIn(await tokenOf(h, 'newcomer'));
      assert.equal(state.kind, 'connected', JSON.stringify(state));
      // An empty root is what makes VS Code show the view's welcome content.
      await waitFor('an empty tree', async () => (await h.api.projectTree.getChildren())?.length === 0, () => 'the tree has nodes');
    } finally {
      await signInAsAdmin(h);
    }
    workspace = (await children(h))[0].node;
  });

  it('pages: a page of projects at a time, and "Load more…" reads the next', async () => {
    const config = vscode.workspace.getConfiguration('zenmlProjects');
    await config.update('tree.pageSize', 3, vscode.ConfigurationTarget.Global);
    try {
      const first = await waitFor(
        'a page of 3 projects and "Load more…"',
        async () => {
          const c = await children(h, workspace);
          return c.length === 4 && c[3].node.kind === 'loadMore' && c;
        },
        () => 'still the old page',
      );
      assert.deepEqual(first.slice(0, 3).map((c) => c.item.description?.toString().split(' · ')[0]), ['churn-prediction', 'default', 'fraud-detection']);
      assert.equal(labelOf(first[3].item), 'Load more…');
      assert.equal(first[3].item.description, '3 of 4');
      assert.equal(first[3].item.command?.command, 'zenmlProjects.loadMore');

      await ok(first[3].item.command!.command, first[3].item.command!.arguments![0]);
      const all = await children(h, workspace);
      assert.deepEqual(all.map((c) => labelOf(c.item)), ['Churn Prediction', 'Default', 'Fraud Detection', 'Recommendations']);
    } finally {
      await config.update('tree.pageSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
