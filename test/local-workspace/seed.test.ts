/** `--seed demo`: something worth looking at, reachable with the credentials it writes. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalWorkspace } from '../../local-workspace/src/index';
import { Client, startTestWorkspace, type TestWorkspace } from './helpers';

let w: TestWorkspace;
before(async () => {
  w = await startTestWorkspace({ seed: 'demo' });
});
after(async () => {
  await w.stop();
});

test('the demo has projects, users and teams holding every role, runs in several states, staged models', async () => {
  assert.equal(w.server.seeded?.skipped, false);
  const projects = (await w.admin.get('/api/v1/projects')).body.items.map((p: any) => p.name);
  assert.deepEqual(projects.sort(), ['churn-prediction', 'default', 'fraud-detection', 'recommendations']);
  const roles = (await w.pro.get('/roles')).body as any[];
  for (const role of roles) {
    const held = await w.pro.get(`/roles/${role.id}/assignments`);
    assert.ok(held.body.length > 0, `someone holds ${role.name}`);
  }
  assert.ok(roles.some((r) => !r.system_managed), 'a custom role');
  const teams = (await w.pro.get('/teams')).body as any[];
  assert.deepEqual(teams.map((t) => t.name).sort(), ['analysts', 'ml-platform']);
  const statuses = new Set((await w.admin.get('/api/v1/runs?project=fraud-detection&size=100')).body.items.map((r: any) => r.body.status));
  assert.ok(statuses.size >= 4, `several run states: ${[...statuses].join(', ')}`);
  const versions = (await w.admin.get('/api/v1/artifact_versions?project=fraud-detection&size=100')).body;
  assert.ok(versions.total >= 6);
  const stages = (await w.admin.get('/api/v1/model_versions?project=fraud-detection&model=fraud-classifier')).body.items.map((v: any) => v.body.stage);
  assert.deepEqual(stages.sort(), ['archived', 'none', 'production', 'staging']);
});

test('demo users log in with the written credentials and see only their projects', async () => {
  const file = join(w.dir, 'demo-credentials.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const { users } = JSON.parse(readFileSync(file, 'utf8')) as { users: { name: string; password: string; personal_access_token: string }[] };
  const ken = users.find((u) => u.name === 'ken')!;
  const client = w.anonymous.as(await w.anonymous.login(ken.name, ken.password));
  const visible = (await client.get('/api/v1/projects')).body.items.map((p: any) => p.name).sort();
  assert.deepEqual(visible, ['churn-prediction', 'fraud-detection'], 'ken is in analysts: Viewer in two projects');
  assert.equal((await client.post('/api/v1/pipelines?project=fraud-detection', { name: 'by-a-viewer' })).status, 403);
  // Ken's personal access token opens the Pro API as ken, and only the Pro API.
  assert.match(ken.personal_access_token, /^ZENPAT_/);
  const me = await new Client(w.server.proApiUrl!, ken.personal_access_token).get('/users/me');
  assert.equal(me.body.username, 'ken');
  assert.equal(me.body.id, (await client.get('/api/v1/current-user')).body.metadata.external_user_id);
  assert.equal((await w.anonymous.as(ken.personal_access_token).get('/api/v1/current-user')).status, 401);
});

test('seeding again does nothing to a workspace that has data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-lw-seed-'));
  try {
    const first = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
    await new Client(first.url, first.adminApiKey).post('/api/v1/projects', { name: 'mine' });
    await first.close();
    const second = await startLocalWorkspace({ port: 0, dataDir: dir, seed: 'demo', log: () => undefined });
    assert.equal(second.seeded?.skipped, true);
    assert.match(second.seeded?.reason ?? '', /already has/);
    const names = (await new Client(second.url, second.adminApiKey).get('/api/v1/projects')).body.items.map((p: any) => p.name);
    assert.deepEqual(names.sort(), ['default', 'mine']);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
