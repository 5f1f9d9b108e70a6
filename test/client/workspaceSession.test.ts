/**
 * What the tree and the menus learn about the signed-in user, against the real local workspace
 * with its demo content: which projects they may edit, delete or manage members of (through their
 * own roles and their teams'), and each project's members with their roles.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { ProApiError } from '../../common/api/proApi';
import { ZenmlApi } from '../../common/api/zenmlApi';
import { ALL_CAPABILITIES, NO_CAPABILITIES } from '../../client/src/model/capabilities';
import { WorkspaceSession } from '../../client/src/model/workspaceSession';
import { startTestWorkspace, type TestWorkspace } from '../local-workspace/helpers';

let ws: TestWorkspace;
let passwords: Map<string, string>;
/** Each demo user's ZenML Pro personal access token: the Pro API's own credential. */
let pats: Map<string, string>;
const uuids = new Map<string, string>();

/**
 * A session as the extension makes one: the workspace credential, and the Pro credential for
 * members and roles (`pro`: a user's own PAT by default, none, or any text).
 */
async function sessionAs(name?: string, pro?: { credential?: string; fetch?: typeof fetch }): Promise<WorkspaceSession> {
  const proCredential = () => (pro ? pro.credential : name ? pats.get(name) : ws.server.proApiKey);
  const api = name
    ? new ZenmlApi({ url: ws.server.url, credentials: { username: name, password: passwords.get(name)! }, proCredential, fetch: pro?.fetch })
    : new ZenmlApi({ url: ws.server.url, credentials: { apiKey: ws.server.adminApiKey }, proCredential, fetch: pro?.fetch });
  return new WorkspaceSession(api, await api.info(), await api.currentUser());
}

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
  const creds = JSON.parse(readFileSync(join(ws.dir, 'demo-credentials.json'), 'utf8')) as { users: { name: string; password: string; personal_access_token: string }[] };
  passwords = new Map(creds.users.map((u) => [u.name, u.password]));
  pats = new Map(creds.users.map((u) => [u.name, u.personal_access_token]));
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
  // On ZenML Pro creating projects comes with a workspace role the API does not show: offered, the workspace decides.
  assert.equal(ada.isPro, true);
  assert.equal(ada.canCreateProjects, true);
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
  assert.notEqual(ken.id, (await s.api.http.request<{ items: { id: string; name: string }[] }>('GET', '/api/v1/users', { query: { name: 'ken' }, intent: { action: 'x' } })).items[0].id, 'Pro IDs are not workspace IDs');
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

test('"is this me?" goes through external_user_id: the Pro user, never the workspace user ID', async () => {
  const ada = await sessionAs('ada');
  const members = await ada.members(uuids.get('fraud-detection')!);
  const me = members.filter((m) => m.kind === 'user' && ada.isMe(m.id)).map((m) => m.name);
  assert.deepEqual(me, ['ada']);
  assert.notEqual(ada.proUserId, ada.user.id);
  assert.equal(ada.isMe(ada.user.id), false, 'the workspace account ID is not a Pro user ID');
});

test('without a Pro credential: projects still work, rights are left to the workspace, members say what to do', async () => {
  const ada = await sessionAs('ada', {});
  assert.equal((await ada.api.listProjects()).total, 1);
  assert.deepEqual(await ada.capabilities(uuids.get('fraud-detection')!), ALL_CAPABILITIES, 'offered; the workspace decides');
  assert.deepEqual(await ada.myRolesIn(uuids.get('fraud-detection')!), []);
  const e = await ada.members(uuids.get('fraud-detection')!).then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(e instanceof ProApiError && e.proFailure === 'no-credential', String(e));
  assert.match(e.message, /^Members and roles are kept by the ZenML Pro API at http:\/\/127\.0\.0\.1:\d+, which takes a credential of its own, not the workspace's\./);
});

test('a Pro API that refuses the credential, or cannot be reached: a sentence, and the workspace goes on', async () => {
  // The workspace's own key is not a Pro credential: ZenML Pro refuses it.
  const refused = await sessionAs('ada', { credential: ws.server.adminApiKey });
  const e = await refused.members(uuids.get('fraud-detection')!).then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(e instanceof ProApiError && e.proFailure === 'refused', String(e));
  assert.match(e.message, /did not accept your ZenML Pro credential/);
  assert.doesNotMatch(e.message, /ZENKEY_\w|ZENPROKEY_\w/);
  assert.equal((await refused.api.listProjects()).total, 1, 'the workspace still answers');

  // A Pro API whose port refuses connections (its origin rerouted to a closed port).
  const closed = await new Promise<number>((resolve) => {
    const srv = createNetServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
  const proOrigin = new URL(ws.server.proApiUrl!).origin;
  const reroute: typeof fetch = (input, init) => fetch(String(input).replace(proOrigin, `http://127.0.0.1:${closed}`), init);
  const away = await sessionAs('ada', { credential: pats.get('ada'), fetch: reroute });
  const u = await away.members(uuids.get('fraud-detection')!).then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(u instanceof ProApiError && u.proFailure === 'unreachable', String(u));
  assert.match(u.message, /the ZenML Pro API at \S+ cannot be reached \(connection refused\).*Projects and resources still work; members and roles need the ZenML Pro API\./);
  assert.equal((await away.api.listProjects()).total, 1);
  assert.deepEqual(await away.capabilities(uuids.get('fraud-detection')!), ALL_CAPABILITIES);
});
