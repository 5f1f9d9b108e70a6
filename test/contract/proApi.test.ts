/**
 * Contract tests of ZenML Pro's management API, both sides:
 * - the local workspace's Pro API (Pro edition, its own origin): every Pro route the product uses
 *   is called and its answer checked strictly against the contract's Pro models (pro.ts);
 * - the API client: every request it sends to the Pro API (recorded on the way) is checked
 *   against the Pro routes — parameter names, `workspace_id` with `project_id`, bodies — and
 *   carries the Pro credential, never the workspace's.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ZenmlApi } from '../../common/api/zenmlApi';
import { checkAnswer, checkRequest, findRoute, PRO_ROUTES } from '../../common/zenml/contract';
import { Client, startTestWorkspace, type Reply, type TestWorkspace } from '../local-workspace/helpers';

let ws: TestWorkspace;
const exercised = new Set<string>();

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
});
after(() => ws.stop());

/** Calls `method url` on the Pro API and checks the answer strictly against the contract. */
async function call(client: Client, method: string, url: string, body?: unknown, o: { form?: boolean } = {}): Promise<Reply> {
  const path = url.split('?')[0];
  const found = findRoute(method, path, 'pro');
  assert.ok(found, `${method} ${path} is not a Pro route of the contract`);
  exercised.add(found.route.id);
  let reply: Reply;
  if (o.form) {
    const res = await fetch(client.base + url, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body as Record<string, string>).toString() });
    const text = await res.text();
    reply = { status: res.status, body: text ? JSON.parse(text) : undefined, text, headers: res.headers };
  } else {
    reply = await client.request(method, url, body);
  }
  assert.equal(reply.status, 200, `${method} ${url}: ${reply.status} ${reply.text.slice(0, 300)}`);
  const problems = checkAnswer(found.route, { url }, { status: reply.status, body: reply.body }, 'current', 'strict');
  assert.deepEqual(problems, [], `${method} ${url} broke the Pro contract:\n  ${problems.join('\n  ')}`);
  return reply;
}

describe("the local workspace's Pro API answers as the contract says", () => {
  test('every Pro route the product uses', async () => {
    const pro = ws.pro;
    const anonymous = new Client(ws.server.proApiUrl!);
    await call(anonymous, 'POST', '/auth/login', { password: ws.server.proApiKey! }, { form: true });
    await call(pro, 'GET', '/users/me');
    await call(pro, 'GET', '/users?offset=0&limit=100');
    const roles = (await call(pro, 'GET', '/roles?offset=0&limit=100')).body as { id: string; name: string }[];
    const viewer = roles.find((r) => r.name === 'Project Viewer')!;
    await call(pro, 'GET', `/roles/${viewer.id}`);
    const made = (await call(pro, 'POST', '/roles', { name: 'Contract Reader', description: 'x', level: 'project', permissions: [{ resource_type: 'model', action: 'read' }] })).body as { id: string };
    await call(pro, 'PATCH', `/roles/${made.id}`, { description: 'y', permissions: [{ resource_type: 'model', action: 'read' }] });
    const project = (await ws.admin.get('/api/v1/projects/fraud-detection')).body as { id: string };
    const ken = ((await pro.get('/users')).body as { id: string; username: string }[]).find((u) => u.username === 'ken')!;
    const scope = `workspace_id=${ws.workspaceId}&project_id=${project.id}`;
    await call(pro, 'GET', `/roles/${viewer.id}/assignments?${scope}&offset=0&limit=100`);
    await call(pro, 'POST', `/roles/${made.id}/assignments?user_id=${ken.id}&${scope}`);
    await call(pro, 'DELETE', `/roles/${made.id}/assignments?user_id=${ken.id}&${scope}`);
    await call(pro, 'DELETE', `/roles/${made.id}`);
    const teams = (await call(pro, 'GET', '/teams?offset=0&limit=100')).body as { id: string }[];
    await call(pro, 'GET', `/teams/${teams[0].id}/members?offset=0&limit=100`);
    assert.deepEqual(
      PRO_ROUTES.map((r) => r.id).filter((id) => !exercised.has(id)),
      [],
      'every Pro route of the contract was exercised',
    );
  });
});

describe("the API client's Pro requests are the contract's", () => {
  test('members, roles and assignments: parameters, workspace_id with project_id, the Pro credential only', async () => {
    const sent: { method: string; url: string; body?: unknown; contentType?: string; authorization: string | null }[] = [];
    const proOrigin = new URL(ws.server.proApiUrl!).origin;
    const recording: typeof fetch = async (input, init) => {
      const u = new URL(String(input));
      if (u.origin === proOrigin) {
        const headers = new Headers(init?.headers);
        const contentType = headers.get('content-type') ?? undefined;
        const raw = typeof init?.body === 'string' ? init.body : undefined;
        const body = raw === undefined ? undefined : contentType?.includes('json') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
        sent.push({ method: init?.method ?? 'GET', url: u.pathname + u.search, body, contentType, authorization: headers.get('authorization') });
      }
      return fetch(input, init);
    };
    const api = new ZenmlApi({ url: ws.server.url, credentials: { apiKey: ws.server.adminApiKey }, proCredential: () => ws.server.proApiKey, fetch: recording });
    const project = await api.getProject('recommendations');
    const roles = await api.roles();
    const viewer = roles.find((r) => r.name === 'Project Viewer')!;
    const users = await api.proUsers();
    const ken = users.find((u) => u.username === 'ken')!;
    await api.teams();
    for (const t of await api.teams()) await api.teamMembers(t.id);
    await api.roleAssignments(viewer.id, { project_id: project.id });
    await api.roleAssignments(viewer.id);
    await api.assignRole(viewer.id, { user_id: ken.id, project_id: project.id }, 'recommendations');
    await api.unassignRole(viewer.id, { user_id: ken.id, project_id: project.id }, 'recommendations');
    const role = await api.createRole({ name: 'Client Contract', description: 'x', permissions: [{ resource_type: 'model', action: 'read' }] });
    await api.updateRole(role.id, { description: 'y', permissions: [] });
    await api.deleteRole(role.id, role.name);
    await api.proMe();

    assert.ok(sent.some((r) => r.url === '/auth/login'), 'the Pro API key was exchanged at /auth/login');
    const problems = sent.flatMap((r) => checkRequest({ method: r.method, url: r.url, api: 'pro', body: r.body, contentType: r.contentType }).problems);
    assert.deepEqual(problems, [], `Pro requests a real ZenML Pro would refuse or misread:\n  ${problems.join('\n  ')}`);
    for (const r of sent.filter((x) => x.url.includes('/assignments'))) {
      const q = new URL(r.url, 'http://x').searchParams;
      assert.equal(q.has('user_id') && r.method === 'GET', false, 'no user_id filter on listing: ZenML Pro has none');
      if (q.has('project_id')) assert.equal(q.get('workspace_id'), ws.workspaceId, `${r.method} ${r.url} names the workspace`);
    }
    for (const r of sent) {
      assert.ok(!r.authorization?.includes(ws.server.adminApiKey), `${r.method} ${r.url} carried the workspace key`);
    }
  });
});
