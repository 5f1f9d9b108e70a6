/**
 * The ZenML REST surface of the local workspace against the facts in shared/zenml-api.md:
 * info, login, users, projects (paging, sorting, filters, hydrate), project-scoped resources
 * with the `project` scope and its fallbacks, errors and status codes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACT_VERSION_FIELDS, errorText, isZenmlError, startTestWorkspace, type TestWorkspace } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

let w: TestWorkspace;
before(async () => {
  w = await startTestWorkspace();
});
after(async () => {
  await w.stop();
});

function assertEntity(e: any, opts: { named?: boolean; hydrated: boolean }) {
  assert.match(e.id, UUID);
  if (opts.named !== false) assert.equal(typeof e.name, 'string');
  else assert.ok(!('name' in e), 'artifact versions have no top-level name');
  assert.equal(e.permission_denied, false);
  assert.equal(typeof e.body, 'object');
  assert.match(e.body.created, TIMESTAMP);
  assert.match(e.body.updated, TIMESTAMP);
  if (opts.hydrated) assert.equal(typeof e.metadata, 'object', 'hydrated entities carry metadata');
  else {
    assert.equal(e.metadata, null, 'lists are not hydrated by default');
    assert.equal(e.resources, null);
  }
}

function assertPage(p: any, expect: { index: number; max_size: number; total: number; total_pages: number; items: number }) {
  assert.deepEqual(Object.keys(p).sort(), ['index', 'items', 'max_size', 'total', 'total_pages']);
  assert.equal(p.index, expect.index);
  assert.equal(p.max_size, expect.max_size);
  assert.equal(p.total, expect.total);
  assert.equal(p.total_pages, expect.total_pages);
  assert.equal(p.items.length, expect.items);
}

describe('server info and the admin key', () => {
  test('/info needs no auth and names the Pro API', async () => {
    const r = await w.anonymous.get('/api/v1/info');
    assert.equal(r.status, 200);
    for (const key of ['id', 'name', 'version', 'deployment_type', 'auth_scheme', 'server_url', 'dashboard_url', 'pro_api_url', 'pro_organization_id', 'pro_organization_name', 'pro_workspace_id', 'pro_workspace_name']) {
      assert.ok(key in r.body, `info has ${key}`);
    }
    assert.equal(r.body.server_url, w.server.url);
    assert.equal(r.body.pro_api_url, w.server.proApiUrl);
    assert.equal(r.body.deployment_type, 'cloud', 'the Pro edition plays a ZenML Pro workspace');
    assert.notEqual(new URL(r.body.pro_api_url).origin, new URL(w.server.url).origin, 'the Pro API has an origin of its own');
    const orgs = await w.pro.get('/organizations');
    assert.equal(orgs.body[0].id, r.body.pro_organization_id);
    const workspaces = await w.pro.get('/workspaces');
    assert.equal(workspaces.body[0].id, r.body.pro_workspace_id);
  });

  test('the admin API key is in <data>/admin-api-key, mode 0600, and starts with ZENKEY_', () => {
    const file = join(w.dir, 'admin-api-key');
    assert.equal(readFileSync(file, 'utf8').trim(), w.server.adminApiKey);
    assert.match(w.server.adminApiKey, /^ZENKEY_/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });
});

describe('login', () => {
  test('an API key as password gives a bearer token with expires_in', async () => {
    const res = await fetch(w.server.url + '/api/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: w.server.adminApiKey }).toString(),
    });
    const body = (await res.json()) as any;
    assert.equal(res.status, 200);
    assert.equal(body.token_type, 'bearer');
    assert.ok(body.expires_in > 0);
    assert.ok('refresh_token' in body);
    const me = await w.anonymous.as(body.access_token).get('/api/v1/current-user');
    assert.equal(me.body.name, 'admin');
    assert.equal(me.body.body.is_admin, true);
  });

  test('username and password; a wrong password is a 401', async () => {
    await w.admin.post('/api/v1/users', { name: 'login-user', password: 'right-password', active: true });
    const token = await w.anonymous.login('login-user', 'right-password');
    assert.equal((await w.anonymous.as(token).get('/api/v1/current-user')).body.name, 'login-user');
    const bad = await fetch(w.server.url + '/api/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=login-user&password=wrong',
    });
    assert.equal(bad.status, 401);
    assert.equal(bad.headers.get('www-authenticate'), 'Bearer');
    const badKey = await fetch(w.server.url + '/api/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: 'ZENKEY_' + Buffer.from('{"id":"00000000-0000-4000-8000-000000000000","key":"x"}').toString('base64') }).toString(),
    });
    assert.equal(badKey.status, 401);
  });

  test('a new user is inactive unless created with active: true, and cannot log in', async () => {
    const r = await w.admin.post('/api/v1/users', { name: 'sleeper', password: 'sleeper-pw' });
    assert.equal(r.status, 200);
    assert.equal(r.body.body.active, false);
    await assert.rejects(w.anonymous.login('sleeper', 'sleeper-pw'), /401/);
    await w.admin.put(`/api/v1/users/${r.body.id}`, { active: true });
    assert.ok(await w.anonymous.login('sleeper', 'sleeper-pw'));
  });

  test('logout revokes the token; garbage tokens are 401', async () => {
    const { client } = await w.user('leaver');
    assert.equal((await client.get('/api/v1/current-user')).status, 200);
    assert.equal((await client.get('/api/v1/logout')).status, 200);
    assert.ok(isZenmlError(await client.get('/api/v1/current-user'), 401, 'AuthorizationException'));
    assert.equal((await w.anonymous.as('not-a-token').get('/api/v1/projects')).status, 401);
    const r = await w.anonymous.request('GET', '/api/v1/projects', undefined, { authorization: 'Basic abc' });
    assert.equal(r.status, 401);
  });
});

describe('users and the current user', () => {
  test('user shape, list, duplicates and admin-only creation', async () => {
    const { id, client } = await w.user('shape-user');
    const got = await w.admin.get(`/api/v1/users/${id}`);
    assertEntity(got.body, { hydrated: true });
    for (const key of ['active', 'full_name', 'is_service_account', 'is_admin', 'default_project_id']) assert.ok(key in got.body.body, key);
    assert.ok('email' in got.body.metadata);
    assert.equal((await w.admin.get('/api/v1/users/shape-user')).body.id, id);
    const list = await w.admin.get('/api/v1/users?name=shape-user');
    assert.equal(list.body.total, 1);
    assert.ok(isZenmlError(await w.admin.post('/api/v1/users', { name: 'shape-user', password: 'x-password' }), 409, 'EntityExistsError'));
    assert.ok(isZenmlError(await client.post('/api/v1/users', { name: 'by-non-admin', password: 'x-password' }), 403));
    assert.ok(isZenmlError(await client.put(`/api/v1/users/admin`, { full_name: 'hijack' }), 403));
    const others = (await client.get(`/api/v1/users/${(await w.admin.get('/api/v1/current-user')).body.id}`)).body;
    assert.equal(others.metadata.email, null, 'e-mail addresses are for admins and their owners');
    // A whole address finds only its own user (roleHoles.test has the rule): an unknown one, nobody.
    assert.equal((await client.get('/api/v1/users?email=nobody@example.com')).body.total, 0, 'non-admins find no one by an address no one has');
    assert.equal((await w.admin.get('/api/v1/users?email=nobody@example.com')).body.total, 0);
  });

  test('PUT /current-user sets default_project_id (only to a project the user belongs to)', async () => {
    const { proId, client } = await w.user('defaulter');
    const mine = await w.project('defaulter-project');
    const other = await w.project('not-defaulters');
    await w.assign('Project Viewer', mine.id, { user_id: proId });
    const ok = await client.put('/api/v1/current-user', { default_project_id: mine.id });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.body.default_project_id, mine.id);
    assert.equal((await client.get('/api/v1/current-user')).body.body.default_project_id, mine.id);
    assert.ok(isZenmlError(await client.put('/api/v1/current-user', { default_project_id: other.id }), 403));
    assert.ok(isZenmlError(await client.put('/api/v1/current-user', { default_project_id: 'not-a-uuid' }), 422));
    assert.ok(isZenmlError(await client.put('/api/v1/current-user', { is_admin: true }), 403));
  });
});

describe('projects', () => {
  test('create returns 200 with the entity; name derived from display_name; display_name copied from name', async () => {
    const r = await w.admin.post('/api/v1/projects', { display_name: 'Fraud Detection 2!', description: 'scores' });
    assert.equal(r.status, 200);
    assertEntity(r.body, { hydrated: true });
    assert.equal(r.body.name, 'fraud-detection-2');
    assert.equal(r.body.body.display_name, 'Fraud Detection 2!');
    assert.equal(r.body.metadata.description, 'scores');
    const r2 = await w.admin.post('/api/v1/projects', { name: 'only-name' });
    assert.equal(r2.body.body.display_name, 'only-name');
    assert.equal(r2.body.metadata.description, '');
  });

  test('bad names are 422 with the rule; duplicates 409; missing name and display_name 422', async () => {
    const upper = await w.admin.post('/api/v1/projects', { name: 'Fraud' });
    assert.ok(isZenmlError(upper, 422, 'ValueError'));
    assert.match(errorText(upper), /lowercase/);
    assert.ok(isZenmlError(await w.admin.post('/api/v1/projects', { name: 'a'.repeat(51) }), 422));
    assert.ok(isZenmlError(await w.admin.post('/api/v1/projects', { name: 'has space' }), 422));
    assert.ok(isZenmlError(await w.admin.post('/api/v1/projects', { display_name: 'x'.repeat(256) }), 422));
    assert.ok(isZenmlError(await w.admin.post('/api/v1/projects', { description: 'no name' }), 422));
    assert.ok(isZenmlError(await w.admin.post('/api/v1/projects', { name: 42 }), 422));
    await w.project('dupe');
    const dupe = await w.admin.post('/api/v1/projects', { name: 'dupe' });
    assert.ok(isZenmlError(dupe, 409, 'EntityExistsError'));
  });

  test('concurrent creates of the same name: exactly one wins, the rest are 409', async () => {
    const replies = await Promise.all(Array.from({ length: 12 }, () => w.admin.post('/api/v1/projects', { name: 'race' })));
    assert.equal(replies.filter((r) => r.status === 200).length, 1);
    assert.equal(replies.filter((r) => r.status === 409).length, 11);
    assert.equal((await w.admin.get('/api/v1/projects?name=race')).body.total, 1);
  });

  test('get by name or UUID (hydrated by default), update, statistics, delete (200 null)', async () => {
    const p = await w.project('lifecycle', 'Life Cycle');
    const byName = await w.admin.get('/api/v1/projects/lifecycle');
    const byId = await w.admin.get(`/api/v1/projects/${p.id}`);
    assert.deepEqual(byName.body, byId.body);
    assertEntity(byName.body, { hydrated: true });
    assertEntity((await w.admin.get('/api/v1/projects/lifecycle?hydrate=false')).body, { hydrated: false });
    const upd = await w.admin.put(`/api/v1/projects/${p.id}`, { display_name: 'Renamed', description: 'new' });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.body.display_name, 'Renamed');
    assert.equal(upd.body.metadata.description, 'new');
    assert.ok(upd.body.body.updated > byId.body.body.updated);
    assert.deepEqual((await w.admin.get(`/api/v1/projects/${p.id}/statistics`)).body, { pipelines: 0, runs: 0 });
    const del = await w.admin.delete(`/api/v1/projects/${p.id}`);
    assert.equal(del.status, 200);
    assert.equal(del.text, 'null');
    assert.ok(isZenmlError(await w.admin.get(`/api/v1/projects/${p.id}`), 404, 'KeyError'));
    assert.ok(isZenmlError(await w.admin.get('/api/v1/projects/Not%20A%20Name'), 404, 'KeyError'), 'no project can have that name: 404, as ZenML answers');
  });

  test('the default project cannot be deleted or renamed (403)', async () => {
    assert.ok(isZenmlError(await w.admin.delete('/api/v1/projects/default'), 403));
    const defaultId = (await w.admin.get('/api/v1/projects/default')).body.id;
    assert.ok(isZenmlError(await w.admin.put(`/api/v1/projects/${defaultId}`, { name: 'other' }), 403));
    assert.equal((await w.admin.put(`/api/v1/projects/${defaultId}`, { description: 'still fine' })).status, 200);
  });

  test('paging, sorting, filters, logical_operator and hydrate', async () => {
    for (let i = 1; i <= 7; i++) await w.project(`paged-${i}`, `Paged ${i % 2 ? 'Odd' : 'Even'} ${i}`);
    const first = await w.admin.get('/api/v1/projects?name=startswith:paged-&size=3&sort_by=asc:created');
    assertPage(first.body, { index: 1, max_size: 3, total: 7, total_pages: 3, items: 3 });
    assert.deepEqual(first.body.items.map((p: any) => p.name), ['paged-1', 'paged-2', 'paged-3']);
    for (const item of first.body.items) assertEntity(item, { hydrated: false });
    const last = await w.admin.get('/api/v1/projects?name=startswith:paged-&size=3&page=3&sort_by=asc:created');
    assert.deepEqual(last.body.items.map((p: any) => p.name), ['paged-7']);
    const past = await w.admin.get('/api/v1/projects?name=startswith:paged-&size=3&page=4');
    assert.ok(isZenmlError(past, 400, 'ValueError'));
    const desc = await w.admin.get('/api/v1/projects?name=startswith:paged-&sort_by=desc:name');
    assert.equal(desc.body.items[0].name, 'paged-7');
    assert.equal((await w.admin.get('/api/v1/projects?display_name=contains:odd')).body.total, 4, 'contains is case-insensitive');
    assert.equal((await w.admin.get('/api/v1/projects?display_name=contains:Paged Odd')).body.total, 4);
    assert.equal((await w.admin.get('/api/v1/projects?name=endswith:-7')).body.total, 1);
    assert.equal((await w.admin.get('/api/v1/projects?name=paged-2')).body.total, 1, 'a bare value means equals');
    assert.equal((await w.admin.get('/api/v1/projects?name=oneof:["paged-1","paged-4","nope"]')).body.total, 2);
    assert.equal((await w.admin.get('/api/v1/projects?name=paged-1&display_name=contains:Even&logical_operator=or')).body.total, 4);
    assert.equal((await w.admin.get('/api/v1/projects?name=paged-1&display_name=contains:Even')).body.total, 0);
    const p3 = first.body.items[2];
    assert.equal((await w.admin.get(`/api/v1/projects?name=startswith:paged-&created=gt:${p3.body.created}`)).body.total, 4);
    assert.equal((await w.admin.get(`/api/v1/projects?name=startswith:paged-&created=lte:${p3.body.created}`)).body.total, 3);
    assert.equal((await w.admin.get(`/api/v1/projects?id=${p3.id}`)).body.items[0].name, 'paged-3');
    const hydrated = await w.admin.get('/api/v1/projects?name=paged-1&hydrate=true');
    assert.equal(hydrated.body.items[0].metadata.description, '');
    const empty = await w.admin.get('/api/v1/projects?name=nothing-like-this');
    assertPage(empty.body, { index: 1, max_size: 20, total: 0, total_pages: 1, items: 0 });
  });

  test('invalid list parameters are 422 and say what is wrong', async () => {
    for (const q of ['page=0', 'page=abc', 'size=0', 'size=10001', 'sort_by=color', 'hydrate=maybe', 'logical_operator=xor', 'created=gt:yesterday', 'name=oneof:notjson', 'created=contains:2024']) {
      const r = await w.admin.get(`/api/v1/projects?${q}`);
      assert.ok(isZenmlError(r, 422, 'ValueError'), `${q} → ${r.status} ${r.text}`);
      assert.ok(errorText(r).length > 10);
    }
  });
});

describe('project-scoped resources', () => {
  let p: { id: string; name: string };
  let q: { id: string; name: string };
  before(async () => {
    p = await w.project('res-a');
    q = await w.project('res-b');
  });

  test('pipelines and runs: create, list with project scope, get, update, delete, statistics', async () => {
    const pipe = await w.admin.post(`/api/v1/pipelines?project=${p.name}`, { name: 'training', description: 'trains' });
    assert.equal(pipe.status, 200);
    assertEntity(pipe.body, { hydrated: true });
    assert.equal(pipe.body.body.project_id, p.id);
    assert.match(pipe.body.body.user_id, UUID);
    const statuses = ['completed', 'failed', 'running', 'cached', 'queued', 'initializing'];
    const runs = [];
    for (const status of statuses) {
      const r = await w.admin.post('/api/v1/runs', { project: p.id, pipeline_id: pipe.body.id, name: `run-${status}`, status });
      assert.equal(r.status, 200, r.text);
      runs.push(r.body);
    }
    assert.equal(runs[0].body.status, 'completed');
    assert.equal(runs[0].body.pipeline_id, pipe.body.id);
    assert.equal(runs[0].resources.pipeline.id, pipe.body.id);
    assert.deepEqual(runs.map((r) => r.body.index), [1, 2, 3, 4, 5, 6], 'runs are numbered within their pipeline');
    const list = await w.admin.get(`/api/v1/runs?project=${p.name}&size=4&sort_by=desc:created`);
    assertPage(list.body, { index: 1, max_size: 4, total: 6, total_pages: 2, items: 4 });
    assert.equal(list.body.items[0].name, 'run-initializing');
    assert.equal((await w.admin.get(`/api/v1/runs?project=${p.name}&status=failed`)).body.total, 1);
    assert.equal((await w.admin.get(`/api/v1/runs?project=${p.name}&status=oneof:["failed","cached"]`)).body.total, 2);
    assert.ok(isZenmlError(await w.admin.get(`/api/v1/runs?project=${p.name}&status=exploded`), 422));
    assert.equal((await w.admin.get(`/api/v1/runs?project=${q.name}`)).body.total, 0, 'another project sees none of them');
    const one = await w.admin.get(`/api/v1/runs/${runs[2].id}`);
    assertEntity(one.body, { hydrated: true });
    assert.ok('start_time' in one.body.metadata);
    const upd = await w.admin.put(`/api/v1/runs/${runs[2].id}`, { status: 'completed', end_time: '2030-01-01T00:00:00Z' });
    assert.equal(upd.body.body.status, 'completed');
    assert.equal(upd.body.metadata.end_time, '2030-01-01T00:00:00.000000');
    assert.deepEqual((await w.admin.get(`/api/v1/projects/${p.name}/statistics`)).body, { pipelines: 1, runs: 6 });
    assert.equal((await w.admin.get(`/api/v1/pipelines/${pipe.body.id}`)).body.resources.latest_run_id, runs[5].id);
    assert.equal((await w.admin.delete(`/api/v1/runs/${runs[0].id}`)).status, 200);
    assert.ok(isZenmlError(await w.admin.get(`/api/v1/runs/${runs[0].id}`), 404));
    assert.equal((await w.admin.get(`/api/v1/projects/${p.name}/statistics`)).body.runs, 5);
    assert.ok(isZenmlError(await w.admin.post(`/api/v1/runs?project=${p.name}`, { name: 'run-failed' }), 409));
    assert.ok(isZenmlError(await w.admin.get('/api/v1/runs/not-a-uuid'), 422));
  });

  test('a run cannot point at a pipeline of another project', async () => {
    const foreign = await w.admin.post(`/api/v1/pipelines?project=${q.name}`, { name: 'foreign' });
    const r = await w.admin.post(`/api/v1/runs?project=${p.name}`, { pipeline_id: foreign.body.id, name: 'cross' });
    assert.ok(isZenmlError(r, 404, 'KeyError'));
    const wrongScope = await w.admin.get(`/api/v1/pipelines/${foreign.body.id}?project=${p.name}`);
    assert.ok(isZenmlError(wrongScope, 404), 'a resource is not reachable through another project');
  });

  test('artifacts and artifact versions (no top-level name; body.artifact, version, type, uri)', async () => {
    const art = await w.admin.post(`/api/v1/artifacts?project=${p.name}`, { name: 'dataset' });
    assertEntity(art.body, { hydrated: true });
    const v1 = await w.admin.post(`/api/v1/artifact_versions?project=${p.name}`, { ...ARTIFACT_VERSION_FIELDS, artifact_id: art.body.id, uri: 's3://b/1' });
    assert.equal(v1.status, 200, v1.text);
    assertEntity(v1.body, { named: false, hydrated: true });
    assert.equal(v1.body.body.artifact.name, 'dataset');
    assert.equal(v1.body.body.version, '1');
    assert.equal(v1.body.body.uri, 's3://b/1');
    const v2 = await w.admin.post(`/api/v1/artifact_versions?project=${p.name}`, { ...ARTIFACT_VERSION_FIELDS, artifact_name: 'dataset', uri: 's3://b/2' });
    assert.equal(v2.body.body.version, '2');
    const byName = await w.admin.post(`/api/v1/artifact_versions?project=${p.name}`, { ...ARTIFACT_VERSION_FIELDS, artifact_name: 'fresh', version: 'golden', uri: 's3://b/g' });
    assert.equal(byName.body.body.artifact.name, 'fresh');
    assert.ok(isZenmlError(await w.admin.post(`/api/v1/artifact_versions?project=${p.name}`, { ...ARTIFACT_VERSION_FIELDS, artifact_id: art.body.id, version: '1', uri: 'x' }), 409));
    const list = await w.admin.get(`/api/v1/artifact_versions?project=${p.name}&name=dataset`);
    assert.equal(list.body.total, 2);
    assert.equal((await w.admin.get(`/api/v1/artifacts/${art.body.id}`)).body.resources.latest_version_name, '2');
    assert.equal((await w.admin.put(`/api/v1/artifacts/${art.body.id}`, { name: 'dataset-renamed' })).body.name, 'dataset-renamed');
    assert.equal((await w.admin.delete(`/api/v1/artifact_versions/${v1.body.id}`)).status, 200);
    assert.equal((await w.admin.get(`/api/v1/artifact_versions?project=${p.name}&artifact_id=${art.body.id}`)).body.total, 1);
  });

  test('models and model versions: numbers, stages, force-promotion', async () => {
    const model = await w.admin.post(`/api/v1/models?project=${p.name}`, { name: 'classifier', license: 'MIT' });
    assert.equal(model.body.metadata.license, 'MIT');
    assert.ok(isZenmlError(await w.admin.get(`/api/v1/models/classifier?project=${p.name}`), 422), 'the path is typed UUID, as on real servers');
    assert.equal((await w.admin.get(`/api/v1/models?project=${p.name}&name=classifier`)).body.items[0].id, model.body.id, 'by name through the list');
    const v1 = await w.admin.post(`/api/v1/model_versions?project=${p.name}`, { model: model.body.id, stage: 'production' });
    const v2 = await w.admin.post(`/api/v1/model_versions?project=${p.name}`, { model: model.body.id, stage: 'staging', name: 'v2' });
    assert.equal(v1.body.body.number, 1);
    assert.equal(v1.body.name, '1');
    assert.equal(v2.body.body.number, 2);
    assert.equal(v2.body.body.model.name, 'classifier');
    assert.equal(v2.body.body.stage, 'staging');
    const clash = await w.admin.put(`/api/v1/model_versions/${v2.body.id}`, { stage: 'production' });
    assert.ok(isZenmlError(clash, 409), 'one version per exclusive stage');
    const forced = await w.admin.put(`/api/v1/model_versions/${v2.body.id}`, { stage: 'production', force: true });
    assert.equal(forced.body.body.stage, 'production');
    assert.equal((await w.admin.get(`/api/v1/model_versions/${v1.body.id}`)).body.body.stage, 'archived');
    assert.equal((await w.admin.get(`/api/v1/model_versions?project=${p.name}&model=classifier&stage=production`)).body.total, 1);
    assert.ok(isZenmlError(await w.admin.post(`/api/v1/model_versions?project=${p.name}`, { model: model.body.id, stage: 'golden' }), 422));
    assert.equal((await w.admin.get(`/api/v1/models/${model.body.id}`)).body.resources.latest_version_name, 'v2');
    assert.equal((await w.admin.delete(`/api/v1/models/${model.body.id}`)).status, 200);
    assert.ok(isZenmlError(await w.admin.get(`/api/v1/model_versions/${v1.body.id}`), 404), 'versions go with their model');
  });

  test('scope fallback: the user default project, then `default`; an unknown project is 404', async () => {
    const { proId, client } = await w.user('scoper');
    await w.assign('Project Developer', q.id, { user_id: proId });
    assert.ok(isZenmlError(await client.get('/api/v1/pipelines'), 403), 'falls back to `default`, where scoper is no member');
    await client.put('/api/v1/current-user', { default_project_id: q.id });
    const list = await client.get('/api/v1/pipelines');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.every((i: any) => i.body.project_id === q.id));
    const made = await client.post('/api/v1/pipelines', { name: 'scoped-by-default' });
    assert.equal(made.body.body.project_id, q.id);
    assert.equal((await w.admin.get('/api/v1/pipelines')).status, 200, 'admin without a default falls back to `default`');
    assert.ok(isZenmlError(await w.admin.get('/api/v1/pipelines?project=no-such-project'), 404));
    assert.ok(isZenmlError(await w.admin.get('/api/v1/pipelines?project=Bad Name'), 404));
  });
});

describe('HTTP', () => {
  test('unknown paths are 404, wrong methods 405', async () => {
    assert.equal((await w.admin.get('/api/v1/nothing')).status, 404);
    const r = await w.admin.request('PATCH', '/api/v1/projects');
    assert.equal(r.status, 405);
    assert.match(r.headers.get('allow') ?? '', /GET/);
  });

  test('a trailing slash is the same route', async () => {
    assert.equal((await w.admin.get('/api/v1/projects/')).status, 200);
  });
});

