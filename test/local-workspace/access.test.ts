/**
 * Access control: a role × action matrix over the four default project roles and a custom role,
 * rights through teams adding up, creators' rights, the workspace admin, isolation between
 * projects and for non-members, and the rules of the Pro access-control API itself.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isZenmlError, startTestWorkspace, type TestUser, type TestWorkspace } from './helpers';

let w: TestWorkspace;
let project: { id: string; name: string };
let other: { id: string; name: string };
const users: Record<string, TestUser> = {};

/** Create bodies per kind; `{n}` makes names unique. */
const KINDS = {
  pipelines: (n: string) => ({ name: `pipe-${n}` }),
  runs: (n: string) => ({ name: `run-${n}`, status: 'running' }),
  artifacts: (n: string) => ({ name: `art-${n}` }),
  models: (n: string) => ({ name: `model-${n}` }),
} as const;
type KindPath = keyof typeof KINDS;

let counter = 0;
const unique = () => `${++counter}`;

async function adminCreates(kind: KindPath, inProject = project): Promise<string> {
  const r = await w.admin.post(`/api/v1/${kind}?project=${inProject.name}`, KINDS[kind](unique()));
  assert.equal(r.status, 200, r.text);
  return r.body.id;
}

before(async () => {
  w = await startTestWorkspace();
  project = await w.project('matrix');
  other = await w.project('elsewhere');
  for (const name of ['padmin', 'dev', 'contrib', 'viewer', 'custom', 'teamdev', 'outsider']) users[name] = await w.user(name);
  await w.assign('Project Admin', project.id, { user_id: users.padmin.proId });
  await w.assign('Project Developer', project.id, { user_id: users.dev.proId });
  await w.assign('Project Contributor', project.id, { user_id: users.contrib.proId });
  await w.assign('Project Viewer', project.id, { user_id: users.viewer.proId });
  const role = await w.pro.post('/roles', {
    name: 'Pipeline Curator',
    description: 'reads and edits pipelines, starts runs',
    permissions: [
      { resource_type: 'pipeline', action: 'read' },
      { resource_type: 'pipeline', action: 'update' },
      { resource_type: 'pipeline_run', action: 'create' },
    ],
  });
  assert.equal(role.status, 200, role.text);
  await w.assign('Pipeline Curator', project.id, { user_id: users.custom.proId });
  // teamdev holds Viewer directly and Developer through a team: the rights add up.
  const team = await w.pro.post('/teams', { name: 'builders' });
  await w.pro.post(`/teams/${team.body.id}/members?user_id=${users.teamdev.proId}`);
  await w.assign('Project Viewer', project.id, { user_id: users.teamdev.proId });
  await w.assign('Project Developer', project.id, { team_id: team.body.id });
});
after(async () => {
  await w.stop();
});

type Expect = { read: boolean; create: boolean; updateOthers: boolean; deleteOthers: boolean };
const FULL: Expect = { read: true, create: true, updateOthers: true, deleteOthers: true };
const MATRIX: Record<string, Record<KindPath, Expect>> = {
  padmin: { pipelines: FULL, runs: FULL, artifacts: FULL, models: FULL },
  dev: { pipelines: FULL, runs: FULL, artifacts: FULL, models: FULL },
  teamdev: { pipelines: FULL, runs: FULL, artifacts: FULL, models: FULL },
  contrib: Object.fromEntries(
    Object.keys(KINDS).map((k) => [k, { read: true, create: true, updateOthers: false, deleteOthers: false }]),
  ) as Record<KindPath, Expect>,
  viewer: Object.fromEntries(
    Object.keys(KINDS).map((k) => [k, { read: true, create: false, updateOthers: false, deleteOthers: false }]),
  ) as Record<KindPath, Expect>,
  custom: {
    pipelines: { read: true, create: false, updateOthers: true, deleteOthers: false },
    runs: { read: false, create: true, updateOthers: false, deleteOthers: false },
    artifacts: { read: false, create: false, updateOthers: false, deleteOthers: false },
    models: { read: false, create: false, updateOthers: false, deleteOthers: false },
  },
};

describe('role × action matrix', () => {
  for (const [who, kinds] of Object.entries(MATRIX)) {
    for (const [kind, expect] of Object.entries(kinds) as [KindPath, Expect][]) {
      test(`${who} on ${kind}: read=${expect.read} create=${expect.create} update=${expect.updateOthers} delete=${expect.deleteOthers}`, async () => {
        const c = users[who].client;
        const theirs = await adminCreates(kind);

        const one = await c.get(`/api/v1/${kind}/${theirs}`);
        assert.equal(one.status, expect.read ? 200 : 403, `get: ${one.text}`);
        const list = await c.get(`/api/v1/${kind}?project=${project.name}&size=10000`);
        assert.equal(list.status, 200, 'members may list; the list shows what they may read');
        assert.equal(list.body.items.some((i: any) => i.id === theirs), expect.read);

        const created = await c.post(`/api/v1/${kind}?project=${project.name}`, KINDS[kind](unique()));
        assert.equal(created.status, expect.create ? 200 : 403, `create: ${created.text}`);
        if (!expect.create) assert.ok(isZenmlError(created, 403, 'IllegalOperationError'));

        const upd = await c.put(`/api/v1/${kind}/${theirs}`, { name: `renamed-${unique()}` });
        assert.equal(upd.status, expect.updateOthers ? 200 : 403, `update: ${upd.text}`);
        const del = await c.delete(`/api/v1/${kind}/${theirs}`);
        assert.equal(del.status, expect.deleteOthers ? 200 : 403, `delete: ${del.text}`);

        if (expect.create) {
          // Creators keep full rights on what they created, whatever their role says.
          const mine = created.body.id;
          assert.equal((await c.get(`/api/v1/${kind}/${mine}`)).status, 200, 'reads own');
          const mineList = await c.get(`/api/v1/${kind}?project=${project.name}&size=10000`);
          assert.ok(mineList.body.items.some((i: any) => i.id === mine), 'lists own');
          assert.equal((await c.put(`/api/v1/${kind}/${mine}`, { name: `own-${unique()}` })).status, 200, 'updates own');
          assert.equal((await c.delete(`/api/v1/${kind}/${mine}`)).status, 200, 'deletes own');
        }
      });
    }
  }

  test('project settings and members: only Project Admins (and workspace admins)', async () => {
    const viewerRole = await w.roleId('Project Viewer');
    for (const who of ['dev', 'contrib', 'viewer', 'custom', 'teamdev']) {
      const c = users[who].client;
      assert.ok(isZenmlError(await c.put(`/api/v1/projects/${project.id}`, { description: 'x' }), 403), `${who} settings`);
      assert.ok(isZenmlError(await c.delete(`/api/v1/projects/${project.id}`), 403), `${who} delete project`);
      const assign = await users[who].pro.post(`/roles/${viewerRole}/assignments`, { workspace_id: w.workspaceId, project_id: project.id, user_id: users.outsider.proId });
      assert.equal(assign.status, 403, `${who} assign`);
    }
    const pa = users.padmin.client;
    assert.equal((await pa.put(`/api/v1/projects/${project.id}`, { description: 'by the project admin' })).status, 200);
    const ppa = users.padmin.pro;
    const added = await ppa.post(`/roles/${viewerRole}/assignments?workspace_id=${w.workspaceId}&project_id=${project.id}&user_id=${users.outsider.proId}`);
    assert.equal(added.status, 200, added.text);
    assert.equal(added.body, null, 'ZenML Pro answers an assignment with null');
    const held = (await ppa.get(`/roles/${viewerRole}/assignments?workspace_id=${w.workspaceId}&project_id=${project.id}`)).body as any[];
    assert.ok(held.some((a) => a.user?.id === users.outsider.proId), 'named by the Pro user ID');
    assert.notEqual(users.outsider.proId, users.outsider.id, 'which is not the workspace user ID');
    assert.equal((await users.outsider.client.get(`/api/v1/projects/${project.id}`)).status, 200, 'the new member sees the project');
    assert.equal((await ppa.delete(`/roles/${viewerRole}/assignments?workspace_id=${w.workspaceId}&project_id=${project.id}&user_id=${users.outsider.proId}`)).status, 200);
    assert.equal((await users.outsider.client.get(`/api/v1/projects/${project.id}`)).status, 403, 'removed again');
    assert.equal((await ppa.post(`/roles/${viewerRole}/assignments`, { workspace_id: w.workspaceId, project_id: other.id, user_id: users.outsider.proId })).status, 403, 'not in another project');
  });

  test('rights through a team go away with the team membership', async () => {
    const team = await w.pro.post('/teams', { name: 'temporary' });
    const { proId: id, client } = await w.user('temp-member');
    await w.pro.post(`/teams/${team.body.id}/members`, { user_id: id });
    await w.assign('Project Developer', project.id, { team_id: team.body.id });
    assert.equal((await client.post(`/api/v1/pipelines?project=${project.name}`, { name: `via-team-${unique()}` })).status, 200);
    const members = await w.pro.get(`/teams/${team.body.id}/members`);
    assert.deepEqual(members.body.map((u: any) => u.id), [id]);
    assert.equal((await w.pro.delete(`/teams/${team.body.id}/members?user_id=${id}`)).status, 200);
    assert.equal((await client.get(`/api/v1/projects/${project.id}`)).status, 403);
    assert.equal((await client.get(`/api/v1/pipelines?project=${project.name}`)).status, 403);
  });

  test('a creator who leaves the project loses access to what they created', async () => {
    const { proId: id, client } = await w.user('leaving-contributor');
    await w.assign('Project Contributor', project.id, { user_id: id });
    const made = await client.post(`/api/v1/pipelines?project=${project.name}`, { name: `left-behind-${unique()}` });
    assert.equal(made.status, 200);
    const role = await w.roleId('Project Contributor');
    assert.equal((await w.pro.delete(`/roles/${role}/assignments`, { workspace_id: w.workspaceId, project_id: project.id, user_id: id })).status, 200);
    assert.equal((await client.get(`/api/v1/pipelines/${made.body.id}`)).status, 403);
    assert.equal((await client.delete(`/api/v1/pipelines/${made.body.id}`)).status, 403);
  });

  test('the workspace admin may do everything, member or not', async () => {
    const adminRole = await w.roleId('Project Admin');
    const me = (await w.admin.get('/api/v1/current-user')).body.metadata.external_user_id;
    assert.equal((await w.pro.delete(`/roles/${adminRole}/assignments`, { workspace_id: w.workspaceId, project_id: other.id, user_id: me })).status, 200);
    assert.equal((await w.admin.get(`/api/v1/projects/${other.id}`)).status, 200);
    const pipe = await adminCreates('pipelines', other);
    assert.equal((await w.admin.delete(`/api/v1/pipelines/${pipe}`)).status, 200);
    assert.ok((await w.admin.get('/api/v1/projects?size=100')).body.items.some((p: any) => p.id === other.id));
  });
});

describe('isolation', () => {
  test('a member of one project sees nothing of another', async () => {
    const { proId: id, client, pro } = await w.user('isolated');
    await w.assign('Project Developer', project.id, { user_id: id });
    const foreignPipe = await adminCreates('pipelines', other);
    const foreignRun = await w.admin.post(`/api/v1/runs?project=${other.name}`, { pipeline_id: foreignPipe, name: `foreign-${unique()}` });

    const projects = await client.get('/api/v1/projects?size=100');
    assert.deepEqual(projects.body.items.map((p: any) => p.name), [project.name]);
    assert.equal(projects.body.total, 1);
    assert.equal((await client.get(`/api/v1/projects?name=${other.name}`)).body.total, 0);
    assert.ok(isZenmlError(await client.get(`/api/v1/projects/${other.name}`), 403));
    assert.ok(isZenmlError(await client.get(`/api/v1/projects/${other.id}/statistics`), 403));
    assert.ok(isZenmlError(await client.get(`/api/v1/runs?project=${other.name}`), 403));
    assert.ok(isZenmlError(await client.get(`/api/v1/runs/${foreignRun.body.id}`), 403));
    assert.ok(isZenmlError(await client.get(`/api/v1/runs/${foreignRun.body.id}?project=${project.name}`), 404), 'not through my project either');
    assert.ok(isZenmlError(await client.put(`/api/v1/runs/${foreignRun.body.id}`, { status: 'failed' }), 403));
    assert.ok(isZenmlError(await client.delete(`/api/v1/pipelines/${foreignPipe}`), 403));
    assert.ok(isZenmlError(await client.post(`/api/v1/runs?project=${project.name}`, { pipeline_id: foreignPipe, name: `x-${unique()}` }), 404));
    assert.ok(isZenmlError(await client.post(`/api/v1/pipelines?project=${other.name}`, { name: 'intruder' }), 403));
    const viewerRole = await w.roleId('Project Viewer');
    const assignments = await pro.get(`/roles/${viewerRole}/assignments`);
    assert.ok(assignments.body.every((a: any) => a.project_id === project.id), 'assignments of other projects stay hidden');
  });

  test('a user in no project sees no project and no resource', async () => {
    const { client } = await w.user('nobody');
    const projects = await client.get('/api/v1/projects');
    assert.equal(projects.body.total, 0);
    assert.equal((await client.get('/api/v1/runs')).status, 403);
    for (const kind of ['pipelines', 'runs', 'artifacts', 'artifact_versions', 'models', 'model_versions']) {
      assert.equal((await client.get(`/api/v1/${kind}?project=${project.name}`)).status, 403, kind);
    }
  });
});

describe('the Pro access-control API', () => {
  test('the four default roles exist with ZenML Pro names and cannot be changed', async () => {
    const roles = (await w.pro.get('/roles')).body as any[];
    const system = roles.filter((r) => r.system_managed).map((r) => r.name);
    assert.deepEqual(system, ['Project Admin', 'Project Developer', 'Project Contributor', 'Project Viewer']);
    const admin = roles.find((r) => r.name === 'Project Admin');
    assert.equal((await w.pro.patch(`/roles/${admin.id}`, { name: 'Boss' })).status, 403);
    assert.equal((await w.pro.delete(`/roles/${admin.id}`)).status, 403);
    const viewer = roles.find((r) => r.name === 'Project Viewer');
    assert.ok(viewer.permissions.every((p: any) => p.action === 'read'));
  });

  test('custom roles: validation, duplicates, updates, deletion revokes', async () => {
    assert.ok(isZenmlError(await w.pro.post('/roles', { name: 'project-admin' }), 422), 'shadows a default role');
    assert.ok(isZenmlError(await w.pro.post('/roles', { name: 'r1', permissions: [{ resource_type: 'stack', action: 'read' }] }), 422));
    assert.ok(isZenmlError(await w.pro.post('/roles', { name: 'r1', permissions: [{ resource_type: 'pipeline', action: 'fly' }] }), 422));
    assert.ok(isZenmlError(await w.pro.post('/roles', { name: 'r1', permissions: 'all' }), 422));
    assert.ok(isZenmlError(await w.pro.post('/roles', { name: 'Project Viewer' }), 409));
    const made = await w.pro.post('/roles', { name: 'Reader', permissions: [{ resource_type: 'model', action: 'read' }] });
    assert.equal(made.status, 200);
    assert.equal(made.body.system_managed, false);
    assert.ok(isZenmlError(await w.pro.post('/roles', { name: 'Reader' }), 409));
    const { proId: id, client } = await w.user('reader');
    await w.assign('Reader', project.id, { user_id: id });
    assert.equal((await client.get(`/api/v1/models?project=${project.name}`)).status, 200);
    assert.equal((await client.get(`/api/v1/projects/${project.id}`)).status, 200);
    const patched = await w.pro.patch(`/roles/${made.body.id}`, { permissions: [{ resource_type: 'model', action: 'read' }, { resource_type: 'model', action: 'create' }] });
    assert.equal(patched.body.permissions.length, 2);
    assert.equal((await client.post(`/api/v1/models?project=${project.name}`, { name: `by-reader-${unique()}` })).status, 200);
    assert.equal((await w.pro.delete(`/roles/${made.body.id}`)).status, 200);
    assert.equal((await client.get(`/api/v1/projects/${project.id}`)).status, 403, 'deleting the role removes its assignments');
    assert.equal((await users.dev.pro.post('/roles', { name: 'sneaky' })).status, 403, 'only workspace admins create roles');
  });

  test('teams: admin-only changes, duplicates, offset/limit paging', async () => {
    assert.equal((await users.padmin.pro.post('/teams', { name: 'nope' })).status, 403);
    for (const n of ['t-a', 't-b', 't-c']) assert.equal((await w.pro.post('/teams', { name: n })).status, 200);
    assert.ok(isZenmlError(await w.pro.post('/teams', { name: 't-a' }), 409));
    const all = (await w.pro.get('/teams?limit=1000')).body as any[];
    const page = (await w.pro.get('/teams?offset=1&limit=2')).body as any[];
    assert.ok(Array.isArray(page));
    assert.deepEqual(page.map((t) => t.id), all.slice(1, 3).map((t) => t.id));
    assert.ok(isZenmlError(await w.pro.get('/teams?limit=-1'), 422));
    assert.ok(isZenmlError(await w.pro.get('/teams/not-a-uuid'), 422));
    const t = all.find((x) => x.name === 't-b');
    assert.equal((await w.pro.patch(`/teams/${t.id}`, { description: 'Bees' })).body.description, 'Bees');
    assert.equal((await w.pro.delete(`/teams/${t.id}`)).status, 200);
    assert.equal((await w.pro.get(`/teams/${t.id}`)).status, 404);
  });

  test("assignments: Pro's filters and shapes, workspace_id with project_id, exactly one subject, UUIDs, idempotent assign, 404 on removing a missing one", async () => {
    const dev = await w.roleId('Project Developer');
    const ws = w.workspaceId;
    const list = await w.pro.get(`/roles/${dev}/assignments?workspace_id=${ws}&project_id=${project.id}`);
    assert.ok(list.body.some((a: any) => a.user?.id === users.dev.proId));
    assert.ok(list.body.some((a: any) => a.team?.name === 'builders'));
    for (const a of list.body) {
      assert.deepEqual(Object.keys(a).sort(), ['invitation', 'organization_id', 'project_id', 'role', 'team', 'user', 'workspace_id']);
      assert.equal(a.workspace_id, ws);
      assert.equal(a.role.id, dev);
    }
    // ZenML Pro filters assignments by workspace and project only: a user_id filter is ignored.
    const all = await w.pro.get(`/roles/${dev}/assignments`);
    const byUser = await w.pro.get(`/roles/${dev}/assignments?user_id=${users.dev.proId}`);
    assert.equal(byUser.body.length, all.body.length);
    assert.ok(all.body.length > 1);
    assert.deepEqual((await w.pro.get(`/roles/${dev}/assignments?workspace_id=00000000-0000-4000-8000-000000000000`)).body, []);
    const noWorkspace = await w.pro.post(`/roles/${dev}/assignments`, { project_id: project.id, user_id: users.dev.proId });
    assert.ok(isZenmlError(noWorkspace, 400, 'ValueError'), 'workspace_id is required with project_id');
    assert.ok(isZenmlError(await w.pro.post(`/roles/${dev}/assignments`, { workspace_id: ws, project_id: project.id }), 422));
    assert.ok(isZenmlError(await w.pro.post(`/roles/${dev}/assignments`, { workspace_id: ws, project_id: project.id, user_id: users.dev.proId, team_id: users.dev.proId }), 422));
    assert.ok(isZenmlError(await w.pro.post(`/roles/${dev}/assignments`, { workspace_id: ws, project_id: 'matrix', user_id: users.dev.proId }), 422));
    assert.ok(isZenmlError(await w.pro.post(`/roles/${dev}/assignments`, { workspace_id: ws, user_id: users.dev.proId }), 422));
    assert.equal((await w.pro.post(`/roles/${dev}/assignments`, { workspace_id: ws, project_id: project.id, user_id: users.dev.id })).status, 404, 'a workspace user ID is not a Pro user ID');
    assert.equal((await w.pro.post(`/roles/${dev}/assignments`, { workspace_id: ws, project_id: project.id, user_id: users.dev.proId })).status, 200, 'again: same result');
    const mine = (await w.pro.get(`/roles/${dev}/assignments?workspace_id=${ws}&project_id=${project.id}`)).body.filter((a: any) => a.user?.id === users.dev.proId);
    assert.equal(mine.length, 1);
    assert.equal((await w.pro.delete(`/roles/${dev}/assignments`, { workspace_id: ws, project_id: other.id, user_id: users.dev.proId })).status, 404);
    assert.equal((await w.pro.post(`/roles/00000000-0000-4000-8000-000000000000/assignments`, { workspace_id: ws, project_id: project.id, user_id: users.dev.proId })).status, 404);
  });
});
