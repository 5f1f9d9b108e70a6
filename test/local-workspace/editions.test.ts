/**
 * The two editions: `pro` plays a ZenML Pro workspace (its Pro API at an origin of its own, with
 * credentials of its own, and Pro users linked through `external_user_id`); `oss` plays a plain
 * ZenML server (no pro_* fields, no Pro API, no members or roles: everyone works everywhere).
 * Both let ZenML's own client connect the way it does with a service account: GET /info, then
 * POST /login with `grant_type=zenml-api-key` and the key as password.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalWorkspace } from '../../local-workspace/src/index';
import { ARTIFACT_VERSION_FIELDS, Client, isZenmlError, startTestWorkspace, type TestWorkspace } from './helpers';

const PRO_FIELDS = ['pro_api_url', 'pro_dashboard_url', 'pro_organization_id', 'pro_organization_name', 'pro_workspace_id', 'pro_workspace_name'];

/** What ZenML's REST store does on connect with ZENML_STORE_URL + ZENML_STORE_API_KEY (rest_zen_store.py). */
async function connectLikeZenml(w: TestWorkspace): Promise<Client> {
  const info = await w.anonymous.get('/api/v1/info');
  assert.equal(info.status, 200);
  for (const key of ['id', 'version', 'deployment_type', 'database_type', 'secrets_store_type', 'auth_scheme', 'server_url']) assert.ok(info.body[key] !== undefined, key);
  const login = await fetch(w.server.url + '/api/v1/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'zenml-api-key', password: w.server.adminApiKey }).toString(),
  });
  const token = (await login.json()) as { access_token: string; token_type: string; expires_in: number };
  assert.equal(login.status, 200);
  assert.equal(token.token_type, 'bearer');
  assert.ok(token.expires_in > 0);
  return w.anonymous.as(token.access_token);
}

describe('the Pro edition (the default)', () => {
  let w: TestWorkspace;
  before(async () => {
    w = await startTestWorkspace();
  });
  after(async () => {
    await w.stop();
  });

  test('/info says cloud and fills the pro_* fields; the Pro API is at its own origin', async () => {
    const info = (await w.anonymous.get('/api/v1/info')).body;
    assert.equal(w.server.edition, 'pro');
    assert.equal(info.deployment_type, 'cloud');
    assert.equal(info.pro_api_url, w.server.proApiUrl);
    assert.notEqual(new URL(info.pro_api_url).port, new URL(w.server.url).port);
    assert.equal(info.pro_workspace_id, info.id);
    assert.ok(info.pro_organization_id && info.pro_organization_name && info.pro_workspace_name);
    // The workspace API does not serve the Pro API's routes.
    assert.equal((await w.admin.get('/roles')).status, 404);
    assert.equal((await w.admin.get('/pro/roles')).status, 404);
  });

  test('the Pro API key is written next to the admin key, exchanged at /auth/login, or used as the bearer', async () => {
    const file = join(w.dir, 'pro-api-key');
    assert.equal(readFileSync(file, 'utf8').trim(), w.server.proApiKey);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(w.server.proApiKey!, /^ZENPROKEY_/);
    const pro = new Client(w.server.proApiUrl!);
    const res = await fetch(w.server.proApiUrl + '/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: w.server.proApiKey! }).toString(),
    });
    const token = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(token).sort(), ['access_token', 'device_id', 'device_metadata', 'expires_in', 'token_type']);
    assert.equal(token.expires_in, 3600);
    const viaToken = await pro.as(String(token.access_token)).get('/users/me');
    const viaKey = await pro.as(w.server.proApiKey).get('/users/me');
    assert.equal(viaToken.status, 200);
    assert.deepEqual(viaToken.body, viaKey.body);
    assert.equal(viaKey.body.username, 'admin');
    const wrong = await pro.login('', 'ZENPROKEY_' + Buffer.from('{"id":"00000000-0000-4000-8000-000000000000","key":"x"}').toString('base64'), '/auth/login').catch((e: Error) => e);
    assert.ok(wrong instanceof Error && /401/.test(wrong.message));
  });

  test('Pro users have their own IDs; each workspace account carries metadata.external_user_id', async () => {
    const u = await w.user('linked');
    const account = (await w.admin.get(`/api/v1/users/${u.id}`)).body;
    assert.equal(account.metadata.external_user_id, u.proId);
    assert.notEqual(u.proId, u.id);
    const me = await u.pro.get('/users/me');
    assert.equal(me.body.id, u.proId);
    assert.equal(me.body.organization_id, (await w.anonymous.get('/api/v1/info')).body.pro_organization_id);
    const listed = (await w.pro.get('/users')).body as { id: string }[];
    assert.ok(listed.some((x) => x.id === u.proId));
    assert.ok(!listed.some((x) => x.id === u.id), 'the Pro API never names workspace user IDs');
  });

  test('a personal access token opens the Pro API, and a deleted key file means a new key', async () => {
    const pat = w.server.issuePersonalAccessToken('admin', 'laptop');
    assert.equal((await new Client(w.server.proApiUrl!, pat).get('/roles')).status, 200);
    assert.equal((await w.anonymous.as(pat).get('/api/v1/current-user')).status, 401, 'not a workspace credential');
  });

  test('ZenML’s own client connects with a service-account key', async () => {
    const client = await connectLikeZenml(w);
    assert.equal((await client.get('/api/v1/current-user')).status, 200);
    assert.equal((await client.get('/api/v1/projects')).status, 200);
  });
});

describe('the OSS edition', () => {
  let w: TestWorkspace;
  before(async () => {
    w = await startTestWorkspace({ edition: 'oss' });
  });
  after(async () => {
    await w.stop();
  });

  test('/info is a plain ZenML server: no cloud, no pro_* fields, no Pro API', async () => {
    const info = (await w.anonymous.get('/api/v1/info')).body;
    assert.equal(w.server.edition, 'oss');
    assert.notEqual(info.deployment_type, 'cloud');
    for (const f of PRO_FIELDS) assert.equal(info[f], null, f);
    assert.equal(w.server.proApiUrl, undefined);
    assert.equal(w.server.proApiKey, undefined);
    assert.deepEqual(w.server.proRoutes, []);
    assert.throws(() => readFileSync(join(w.dir, 'pro-api-key')));
    assert.throws(() => w.server.issuePersonalAccessToken('admin'), /ZenML Pro/);
  });

  test('no members or roles: every signed-in user sees and works in every project', async () => {
    const p = await w.project('shared');
    const u = await w.user('anyone');
    const projects = (await u.client.get('/api/v1/projects?size=100')).body.items.map((x: { name: string }) => x.name);
    assert.ok(projects.includes('shared'));
    assert.equal((await u.client.post('/api/v1/pipelines?project=shared', { name: 'by-anyone' })).status, 200);
    assert.equal((await u.client.put(`/api/v1/projects/${p.id}`, { description: 'edited by anyone' })).status, 200);
    assert.equal((await w.admin.get(`/api/v1/users/${u.id}`)).body.metadata.external_user_id, null);
    // Admin-only routes stay admin-only, as on ZenML.
    assert.ok(isZenmlError(await u.client.post('/api/v1/users', { name: 'made-by-anyone' }), 403));
  });

  test("clean-up works as on ZenML: any user finds the unused versions, links them to anyone's model version, deletes them", async () => {
    await w.project('tidy');
    const u = await w.user('tidier');
    const q = 'project=tidy';
    const v = await w.admin.post(`/api/v1/artifact_versions?${q}`, { artifact_name: 'old', uri: 's3://old/1', ...ARTIFACT_VERSION_FIELDS });
    const model = await w.admin.post(`/api/v1/models?${q}`, { name: 'm' });
    const mv = await w.admin.post(`/api/v1/model_versions?${q}`, { model: model.body.id });
    assert.deepEqual((await u.client.get(`/api/v1/artifact_versions?${q}&only_unused=true`)).body.items.map((x: { id: string }) => x.id), [v.body.id]);
    assert.equal((await u.client.post('/api/v1/model_version_artifacts', { model_version: mv.body.id, artifact_version: v.body.id })).status, 200);
    assert.equal((await u.client.get(`/api/v1/model_version_artifacts?model_version_id=${mv.body.id}`)).body.total, 1);
    assert.equal((await u.client.delete(`/api/v1/artifact_versions/${v.body.id}`)).status, 200);
    assert.equal((await u.client.get(`/api/v1/model_version_artifacts?model_version_id=${mv.body.id}`)).body.total, 0);
  });

  test('ZenML’s own client connects with a service-account key', async () => {
    const client = await connectLikeZenml(w);
    assert.equal((await client.get('/api/v1/projects')).status, 200);
  });

  // Last in its suite: it stops the suite's server.
  test('the same data folder serves either edition', async () => {
    const dir = w.dir;
    await w.server.close();
    const pro = await startLocalWorkspace({ port: 0, dataDir: dir, edition: 'pro', log: () => undefined });
    try {
      const shared = (await new Client(pro.url, pro.adminApiKey).get('/api/v1/projects?name=shared')).body;
      assert.equal(shared.total, 1);
      assert.match(pro.proApiKey!, /^ZENPROKEY_/);
      const users = (await new Client(pro.proApiUrl!, pro.proApiKey).get('/users')).body as { username: string }[];
      assert.ok(users.some((x) => x.username === 'anyone'), 'users of the OSS days are Pro users too');
    } finally {
      await pro.close();
    }
  });
});

test('a lost Pro API key file is replaced and the old key stops working', async () => {
  const w = await startTestWorkspace();
  const old = w.server.proApiKey!;
  const dir = w.dir;
  await w.server.close();
  rmSync(join(dir, 'pro-api-key'));
  const again = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
  try {
    assert.notEqual(again.proApiKey, old);
    const pro = new Client(again.proApiUrl!);
    assert.equal((await pro.as(old).get('/users/me')).status, 401);
    assert.equal((await pro.as(again.proApiKey).get('/users/me')).status, 200);
  } finally {
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
