/**
 * The shared API client against the real local workspace over HTTP (no mocks), and against small
 * real servers that misbehave on purpose (503s, silence, short-lived tokens) for what a healthy
 * workspace never does.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createTcpServer, Server as TcpServer } from 'node:net';
import { ZenmlApiError } from '../../../common/api/apiError';
import { ZenmlApi } from '../../../common/api/zenmlApi';
import { startTestWorkspace, TestWorkspace } from '../../local-workspace/helpers';

let ws: TestWorkspace;
let api: ZenmlApi;

before(async () => {
  ws = await startTestWorkspace();
  api = new ZenmlApi({ url: ws.server.url, credentials: { apiKey: ws.server.adminApiKey }, proCredential: () => ws.server.proApiKey });
});

after(() => ws.stop());

async function failure(p: Promise<unknown>): Promise<ZenmlApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ZenmlApiError, `expected a ZenmlApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('the call succeeded');
}

test('info needs no sign-in; the API key is exchanged for a token', async () => {
  const info = await api.info();
  assert.equal(typeof info.version, 'string');
  assert.equal(info.pro_api_url, ws.server.proApiUrl);
  const me = await api.currentUser();
  assert.equal(me.name, 'admin');
});

test('create, read, update and delete a project', async () => {
  const p = await api.createProject({ name: 'api-crud', display_name: 'API CRUD', description: 'made by the client' });
  assert.equal(p.name, 'api-crud');
  assert.equal(p.body?.display_name, 'API CRUD');
  const got = await api.getProject('api-crud');
  assert.equal(got.metadata?.description, 'made by the client');
  const updated = await api.updateProject(p.id, { display_name: 'API CRUD 2' }, 'api-crud');
  assert.equal(updated.body?.display_name, 'API CRUD 2');
  assert.deepEqual(await api.projectStatistics('api-crud'), { pipelines: 0, runs: 0 });
  assert.equal(await api.deleteProject(p.id), null);
  const gone = await failure(api.getProject('api-crud'));
  assert.equal(gone.status, 404);
  assert.match(gone.message, /^Could not read the project: project 'api-crud' was not found on the workspace/);
});

test('errors are sentences: 409, 422, 403, 401', async () => {
  await api.createProject({ name: 'taken' });
  const dup = await failure(api.createProject({ name: 'taken' }));
  assert.equal(dup.status, 409);
  assert.equal(dup.message, "Could not create project 'taken': a project with ID 'taken' already exists. Choose another ID.");

  const bad = await failure(api.createProject({ name: 'Not Valid' }));
  assert.equal(bad.status, 422);
  assert.match(bad.message, /^Could not create project 'Not Valid': .+/);
  assert.doesNotMatch(bad.message, /ZENKEY_|Bearer/);

  const viewer = await ws.user('api-viewer');
  const project = await ws.project('guarded');
  await ws.assign('Project Viewer', project.id, { user_id: viewer.proId });
  const asViewer = new ZenmlApi({ url: ws.server.url, credentials: { accessToken: viewer.client.token! } });
  assert.equal((await asViewer.getProject('guarded')).name, 'guarded');
  const denied = await failure(asViewer.deleteProject('guarded'));
  assert.equal(denied.status, 403);
  assert.equal(denied.message, "Your role in project 'guarded' does not allow you to delete the project. Ask a project admin for a role that does.");

  const wrongKey = new ZenmlApi({ url: ws.server.url, credentials: { apiKey: 'ZENKEY_bm90LWEta2V5' } });
  const unauth = await failure(wrongKey.listProjects());
  assert.equal(unauth.status, 401);
  assert.match(unauth.message, /did not accept your credentials .* Sign in again\.$/);
  assert.doesNotMatch(unauth.message, /ZENKEY_/);
});

test('paging: pages iterate every project; search runs on the server', async () => {
  for (let i = 0; i < 23; i++) await api.createProject({ name: `paged-${String(i).padStart(2, '0')}`, display_name: `Paged ${i}` });
  const first = await api.listProjects({ size: 10, filters: { name: 'startswith:paged-' } });
  assert.equal(first.total, 23);
  assert.equal(first.total_pages, 3);
  const all: string[] = [];
  for await (const p of api.pages((page) => api.listProjects({ size: 10, page, sort_by: 'asc:name', filters: { name: 'startswith:paged-' } }))) all.push(p.name!);
  assert.equal(all.length, 23);
  assert.equal(all[0], 'paged-00');
  assert.equal(all[22], 'paged-22');
  const found = await api.searchProjects('Paged 7', { size: 50 });
  assert.deepEqual(found.items.map((p) => p.name), ['paged-07']);
  const pastEnd = await failure(api.listProjects({ size: 10, page: 9, filters: { name: 'startswith:paged-' } }));
  assert.equal(pastEnd.status, 400);
});

test('project-scoped resources are listed through the project query', async () => {
  await api.createProject({ name: 'empty-res' });
  const pipelines = await api.listResources('pipelines', 'empty-res');
  assert.deepEqual([pipelines.total, pipelines.items], [0, []]);
});

test('access control through the Pro API the workspace names, with its own credential', async () => {
  const roles = await api.roles();
  for (const name of ['Project Admin', 'Project Developer', 'Project Contributor', 'Project Viewer']) assert.ok(roles.some((r) => r.name === name), name);
  const dev = roles.find((r) => r.name === 'Project Developer')!;
  const project = await api.createProject({ name: 'members' });
  const user = await ws.user('api-member');
  // ZenML Pro requires workspace_id with project_id: the client adds the workspace's own.
  await api.assignRole(dev.id, { user_id: user.proId, project_id: project.id }, 'members');
  const assignments = await api.roleAssignments(dev.id, { project_id: project.id });
  assert.ok(assignments.some((a) => a.user?.id === user.proId));
  await api.unassignRole(dev.id, { user_id: user.proId, project_id: project.id }, 'members');
  assert.ok(!(await api.roleAssignments(dev.id, { project_id: project.id })).some((a) => a.user?.id === user.proId));
});

test('requests to the Pro API carry the Pro credential, never the workspace token; assignments name the workspace', async () => {
  const seen: { url: string; authorization: string | null; body?: string }[] = [];
  const recording: typeof fetch = async (input, init) => {
    seen.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization'), body: typeof init?.body === 'string' ? init.body : undefined });
    return fetch(input, init);
  };
  const client = new ZenmlApi({ url: ws.server.url, credentials: { apiKey: ws.server.adminApiKey }, proCredential: () => ws.server.proApiKey, fetch: recording });
  const project = await client.createProject({ name: 'recorded' });
  const viewer = (await client.roles()).find((r) => r.name === 'Project Viewer')!;
  const someone = await ws.user('recorded-member');
  await client.assignRole(viewer.id, { user_id: someone.proId, project_id: project.id });
  const workspaceToken = seen.find((r) => r.url.endsWith('/api/v1/projects'))!.authorization;
  const pro = seen.filter((r) => r.url.startsWith(ws.server.proApiUrl!));
  assert.ok(pro.length >= 2);
  assert.ok(pro.every((r) => r.authorization !== workspaceToken && !r.authorization?.includes('ZENKEY_')), 'no workspace credential reaches the Pro API');
  const login = pro.find((r) => r.url.endsWith('/auth/login'))!;
  assert.equal(login.authorization, null);
  assert.equal(new URLSearchParams(login.body).get('password'), ws.server.proApiKey, 'the Pro API key is exchanged at /auth/login');
  const post = new URL(pro.find((r) => r.url.includes('/assignments'))!.url);
  const info = await client.info();
  assert.equal(post.searchParams.get('workspace_id'), info.pro_workspace_id);
  assert.equal(post.searchParams.get('project_id'), project.id);
});

test('on a plain ZenML server there is no Pro API to call: a sentence says so', async () => {
  const oss = await startTestWorkspace({ edition: 'oss' });
  try {
    const client = new ZenmlApi({ url: oss.server.url, credentials: { apiKey: oss.server.adminApiKey }, proCredential: () => 'anything' });
    assert.equal(await client.proApiUrl(), undefined);
    const e = await failure(client.roles());
    assert.match(e.message, /is a ZenML server without ZenML Pro: it has no project members or roles/);
    assert.equal((await client.listProjects()).total, 1);
  } finally {
    await oss.stop();
  }
});

// Servers that misbehave on purpose -------------------------------------------------------------

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('an unreachable workspace says where we tried and how to change it', async () => {
  const closed = await listen(() => undefined);
  const url = closed.url;
  await new Promise((r) => closed.server.close(r));
  const e = await failure(new ZenmlApi({ url, credentials: { accessToken: 't' }, urlHint: 'Change it in the setting zenmlProjects.serverUrl.' }).listProjects());
  assert.equal(e.failure, 'unreachable');
  assert.equal(e.message, `Could not list the projects: the ZenML workspace at ${url} cannot be reached (connection refused). Check that it is running and the URL is right. Change it in the setting zenmlProjects.serverUrl.`);
});

test('a silent server times out; a cancelled call stops at once', async () => {
  const sockets: import('node:net').Socket[] = [];
  const silent: TcpServer = createTcpServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  try {
    const client = new ZenmlApi({ url, credentials: { accessToken: 't' }, timeoutMs: 300, retries: 0 });
    const timeout = await failure(client.listProjects());
    assert.equal(timeout.failure, 'timeout');
    assert.match(timeout.message, /did not answer within 0 s|did not answer within 1 s/);
    const controller = new AbortController();
    const pending = failure(new ZenmlApi({ url, credentials: { accessToken: 't' }, timeoutMs: 60_000 }).listProjects({}, controller.signal));
    controller.abort();
    assert.equal((await pending).failure, 'cancelled');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  }
});

test('503 is retried for reads but never for creates; Retry-After is honoured', async () => {
  const hits: string[] = [];
  let failuresLeft = 2;
  const flaky = await listen((req, res) => {
    hits.push(req.method!);
    if (failuresLeft-- > 0) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(JSON.stringify({ detail: ['ServiceUnavailable', 'busy'] }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ index: 1, max_size: 20, total_pages: 1, total: 0, items: [] }));
  });
  try {
    const client = new ZenmlApi({ url: flaky.url, credentials: { accessToken: 't' }, retryBaseMs: 1 });
    assert.equal((await client.listProjects()).total, 0);
    assert.deepEqual(hits, ['GET', 'GET', 'GET']);
    hits.length = 0;
    failuresLeft = 1;
    const e = await failure(client.createProject({ name: 'x' }));
    assert.equal(e.status, 503);
    assert.deepEqual(hits, ['POST'], 'a create is not repeated');
    assert.match(e.message, /failed \(HTTP 503\)\. The server said: busy\./);
  } finally {
    await new Promise((r) => flaky.server.close(r));
  }
});

test('a short-lived token is renewed before it expires, and a revoked one once on 401', async () => {
  let logins = 0;
  let revoked = false;
  const server = await listen((req, res) => {
    if (req.url === '/api/v1/login') {
      logins++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `token-${logins}`, token_type: 'bearer', expires_in: 1 }));
      return;
    }
    const ok = req.headers.authorization === `Bearer token-${logins}` && !revoked;
    revoked = false;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { id: '6f1c8f0e-3b7a-4c2e-9d41-0a5b7c9e2f13', name: 'me', body: null } : { detail: ['AuthorizationException', 'expired'] }));
  });
  try {
    const client = new ZenmlApi({ url: server.url, credentials: { apiKey: 'ZENKEY_x' } });
    await client.currentUser();
    assert.equal(logins, 1);
    await new Promise((r) => setTimeout(r, 600));
    await client.currentUser();
    assert.equal(logins, 2, 'renewed halfway through a one-second token');
    revoked = true;
    await client.currentUser();
    assert.equal(logins, 3, 'logged in again after a 401');
  } finally {
    await new Promise((r) => server.server.close(r));
  }
});

test('a login the workspace refuses as a form it cannot read (422) is a refused credential: 401, in the host\'s words, never the form\'s', async () => {
  for (const apiKey of ['not-a-key', ws.server.proApiKey!]) {
    const plain = await failure(new ZenmlApi({ url: ws.server.url, credentials: { apiKey } }).listProjects());
    assert.equal(plain.status, 401);
    assert.equal(plain.isAuthentication, true);
    assert.match(plain.message, /^Could not sign in to the ZenML workspace: the workspace at \S+ did not accept your credentials/);
    assert.doesNotMatch(plain.message, /username|'password'|ZENPROKEY_\w/);
    const hosted = await failure(new ZenmlApi({ url: ws.server.url, credentials: { apiKey }, unauthorized: (i) => `Refused while trying to ${i.action}.` }).listProjects());
    assert.equal(hosted.message, 'Refused while trying to sign in to the ZenML workspace.');
  }
});

test('a 404 closes with the host\'s hint when it gives one, else the editor\'s', async () => {
  const editor = await failure(api.getProject('no-such-project'));
  assert.match(editor.message, /Refresh and try again\.$/);
  const cli = new ZenmlApi({ url: ws.server.url, credentials: { apiKey: ws.server.adminApiKey }, notFoundHint: (i) => `Check '${i.project}'.` });
  assert.match((await failure(cli.getProject('no-such-project'))).message, /not found on the workspace .*Check 'no-such-project'\.$/);
});
