/**
 * What the tree and the menus learn about the signed-in user, against the real local workspace
 * with its demo content: which projects they may edit, delete or manage members of (through their
 * own roles and their teams'), and each project's members with their roles.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZenmlApi } from '../../common/api/zenmlApi';
import { ALL_CAPABILITIES, NO_CAPABILITIES } from '../../client/src/model/capabilities';
import { WorkspaceSession } from '../../client/src/model/workspaceSession';
import { startTestWorkspace, type TestWorkspace } from '../local-workspace/helpers';

let ws: TestWorkspace;
let passwords: Map<string, string>;
const uuids = new Map<string, string>();

async function sessionAs(name?: string): Promise<WorkspaceSession> {
  const api = name
    ? new ZenmlApi({ url: ws.server.url, credentials: { username: name, password: passwords.get(name)! } })
    : new ZenmlApi({ url: ws.server.url, credentials: { apiKey: ws.server.adminApiKey } });
  return new WorkspaceSession(api, await api.info(), await api.currentUser());
}

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
  const creds = JSON.parse(readFileSync(join(ws.dir, 'demo-credentials.json'), 'utf8')) as { users: { name: string; password: string }[] };
  passwords = new Map(creds.users.map((u) => [u.name, u.password]));
  const admin = await sessionAs();
  for await (const p of admin.api.allProjects()) uuids.set(p.name!, p.id);
});

after(() => ws.stop());

test('the workspace admin may do everything everywhere, without asking the access-control API', async () => {
  const s = await sessionAs();
  assert.equal(s.isWorkspaceAdmin, true);
  assert.equal(s.hasAccessControl, true);
  assert.equal(s.canCreateProjects, true);
  assert.equal(s.hasDashboard, false, 'the local workspace serves no dashboard');
  assert.deepEqual(await s.capabilities(uuids.get('fraud-detection')!), ALL_CAPABILITIES);
});

test("a user's capabilities come from their own roles and their teams' roles", async () => {
  // ada: Project Admin of fraud-detection; grace: admin of recommendations and, through
  // ml-platform, Developer there and Contributor in fraud-detection; edsger: Viewer.
  const ada = await sessionAs('ada');
  assert.equal(ada.isWorkspaceAdmin, false);
  assert.equal(ada.canCreateProjects, false);
  assert.deepEqual(await ada.capabilities(uuids.get('fraud-detection')!), ALL_CAPABILITIES);
  assert.deepEqual(await ada.capabilities(uuids.get('recommendations')!), NO_CAPABILITIES);

  const grace = await sessionAs('grace');
  assert.deepEqual(await grace.capabilities(uuids.get('recommendations')!), ALL_CAPABILITIES);
  assert.deepEqual(await grace.capabilities(uuids.get('fraud-detection')!), NO_CAPABILITIES);
  assert.deepEqual((await grace.myRolesIn(uuids.get('fraud-detection')!)).map((r) => r.name), ['Project Contributor']);
  assert.deepEqual((await grace.myRolesIn(uuids.get('churn-prediction')!)).map((r) => r.name), ['Pipeline Operator']);
  assert.deepEqual(await grace.capabilities(uuids.get('churn-prediction')!), { ...NO_CAPABILITIES, editResources: true });

  const edsger = await sessionAs('edsger');
  assert.deepEqual(await edsger.capabilities(uuids.get('recommendations')!), NO_CAPABILITIES);
  assert.deepEqual((await edsger.myRolesIn(uuids.get('recommendations')!)).map((r) => r.name), ['Project Viewer']);
});

test("a project's members: users and teams, each with its roles", async () => {
  const s = await sessionAs();
  const members = await s.members(uuids.get('fraud-detection')!);
  assert.deepEqual(
    members.map((m) => `${m.kind} ${m.name}: ${m.roles.map((r) => r.name).join(', ')}`),
    // The admin created the demo projects, and a project's creator becomes its Project Admin.
    ['user ada: Project Admin', 'user admin: Project Admin', 'user alan: Project Developer', 'team analysts: Project Viewer', 'team ml-platform: Project Contributor'],
  );
});

test('after a change, invalidateAccess makes the next read see it', async () => {
  const s = await sessionAs();
  const churn = uuids.get('churn-prediction')!;
  const before = await s.members(churn);
  assert.ok(!before.some((m) => m.name === 'ken'));
  const viewer = (await s.roles()).find((r) => r.name === 'Project Viewer')!;
  const ken = (await s.api.proUsers()).find((u) => u.username === 'ken')!;
  await s.api.assignRole(viewer.id, { user_id: ken.id, project_id: churn });
  assert.ok(!(await s.members(churn)).some((m) => m.name === 'ken'), 'members are cached until invalidated');
  s.invalidateAccess(churn);
  assert.deepEqual((await s.members(churn)).find((m) => m.name === 'ken')?.roles.map((r) => r.name), ['Project Viewer']);
});

test('projects are remembered by UUID (any form) and ID', async () => {
  const s = await sessionAs();
  const p = await s.project('fraud-detection');
  assert.equal(s.known(p.id.toUpperCase())?.name, 'fraud-detection');
  assert.equal(s.known('fraud-detection')?.id, p.id);
  s.forget(p.id);
  assert.equal(s.known('fraud-detection'), undefined);
  await assert.rejects(s.project('no-such-project'), /was not found/);
});
