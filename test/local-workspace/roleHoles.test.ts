/**
 * Rights checked on every resource a request changes, not only the one it names: promotions that
 * archive another member's model version, deletes that cascade to (or detach) others' resources;
 * one e-mail rule for every endpoint that returns a user; and look-alike user and team names.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACT_VERSION_FIELDS, Client, isZenmlError, startTestWorkspace, TestWorkspace } from '../local-workspace/helpers';

let ws: TestWorkspace;
let dev: Client;
let contributor: Client;
/** The viewer's workspace user ID, and their Pro user ID (what the Pro API names them by). */
let viewerId: string;
let viewerProId: string;
/** The contributor and the viewer on the Pro API, with Pro tokens of their own. */
let contributorPro: Client;
let viewerPro: Client;
const P = '?project=holes';

before(async () => {
  ws = await startTestWorkspace();
  const project = await ws.project('holes');
  const d = await ws.user('dev');
  const c = await ws.user('contrib');
  const v = await ws.user('viewer');
  dev = d.client;
  contributor = c.client;
  viewerId = v.id;
  viewerProId = v.proId;
  contributorPro = c.pro;
  viewerPro = v.pro;
  await ws.assign('Project Developer', project.id, { user_id: d.proId });
  await ws.assign('Project Contributor', project.id, { user_id: c.proId });
  await ws.assign('Project Viewer', project.id, { user_id: v.proId });
  await ws.admin.put(`/api/v1/users/${d.id}`, { email: 'dev@example.com' });
  await ws.admin.put(`/api/v1/users/${v.id}`, { email: 'viewer@example.com' });
});

after(() => ws.stop());

async function created(reply: Promise<{ status: number; text: string; body: any }>): Promise<string> {
  const r = await reply;
  assert.equal(r.status, 200, r.text);
  return r.body.id as string;
}

describe('promotion changes the version it displaces', () => {
  test("a Contributor cannot archive the production version a Developer made, on create or on update", async () => {
    const model = await created(dev.post(`/api/v1/models${P}`, { name: 'churn' }));
    const prod = await created(dev.post(`/api/v1/model_versions${P}`, { model, stage: 'production' }));

    const onCreate = await contributor.post(`/api/v1/model_versions${P}`, { model, stage: 'production', force: true });
    assert.ok(isZenmlError(onCreate, 403), onCreate.text);
    assert.match(onCreate.text, /someone else created it/);
    const own = await created(contributor.post(`/api/v1/model_versions${P}`, { model }));
    const onUpdate = await contributor.put(`/api/v1/model_versions/${own}${P}`, { stage: 'production', force: true });
    assert.ok(isZenmlError(onUpdate, 403), onUpdate.text);
    assert.equal((await dev.get(`/api/v1/model_versions/${prod}${P}`)).body.body.stage, 'production', 'the production version was archived');
    assert.equal((await dev.get(`/api/v1/model_versions/${own}${P}`)).body.body.stage, 'none');

    // Whoever may update every version still may promote over it.
    const promoted = await dev.put(`/api/v1/model_versions/${own}${P}`, { stage: 'production', force: true });
    assert.equal(promoted.status, 200, promoted.text);
    assert.equal((await dev.get(`/api/v1/model_versions/${prod}${P}`)).body.body.stage, 'archived');
  });
});

describe('deletes that take others\' resources with them', () => {
  test("a Contributor deleting its artifact or model may not delete the versions a Developer made under it", async () => {
    const artifact = await created(contributor.post(`/api/v1/artifacts${P}`, { name: 'features' }));
    await created(contributor.post(`/api/v1/artifact_versions${P}`, { ...ARTIFACT_VERSION_FIELDS, artifact_id: artifact, uri: 's3://mine' }));
    const theirs = await created(dev.post(`/api/v1/artifact_versions${P}`, { ...ARTIFACT_VERSION_FIELDS, artifact_id: artifact, uri: 's3://theirs' }));
    const a = await contributor.delete(`/api/v1/artifacts/${artifact}${P}`);
    assert.ok(isZenmlError(a, 403), a.text);
    assert.match(a.text, /would delete 1 artifact version that others created/);
    assert.equal((await dev.get(`/api/v1/artifact_versions/${theirs}${P}`)).status, 200);

    const model = await created(contributor.post(`/api/v1/models${P}`, { name: 'scorer' }));
    const theirVersion = await created(dev.post(`/api/v1/model_versions${P}`, { model }));
    const m = await contributor.delete(`/api/v1/models/${model}${P}`);
    assert.ok(isZenmlError(m, 403), m.text);
    assert.equal((await dev.get(`/api/v1/model_versions/${theirVersion}${P}`)).status, 200);

    // The Developer may delete it all; a Contributor may delete what holds only its own versions.
    assert.equal((await dev.delete(`/api/v1/models/${model}${P}`)).status, 200);
    const mine = await created(contributor.post(`/api/v1/models${P}`, { name: 'solo' }));
    await created(contributor.post(`/api/v1/model_versions${P}`, { model: mine }));
    assert.equal((await contributor.delete(`/api/v1/models/${mine}${P}`)).status, 200);
  });

  test("deleting one's pipeline or run may not detach the runs or artifact versions others made from it", async () => {
    const pipeline = await created(contributor.post(`/api/v1/pipelines${P}`, { name: 'etl' }));
    const run = await created(dev.post(`/api/v1/runs${P}`, { pipeline_id: pipeline, status: 'completed' }));
    const p = await contributor.delete(`/api/v1/pipelines/${pipeline}${P}`);
    assert.ok(isZenmlError(p, 403), p.text);
    assert.match(p.text, /would detach 1 pipeline run/);
    assert.equal((await dev.get(`/api/v1/runs/${run}${P}`)).body.body.pipeline_id, pipeline);

    const ownRun = await created(contributor.post(`/api/v1/runs${P}`, { status: 'completed' }));
    await created(dev.post(`/api/v1/artifact_versions${P}`, { ...ARTIFACT_VERSION_FIELDS, artifact_name: 'produced', uri: 's3://p', producer_run_id: ownRun }));
    const r = await contributor.delete(`/api/v1/runs/${ownRun}${P}`);
    assert.ok(isZenmlError(r, 403), r.text);
  });
});

describe('one e-mail rule for every endpoint that returns a user', () => {
  test("members who manage no one see no one else's e-mail through the Pro API's users, team members and role assignments, nor /api/v1/users", async () => {
    const team = await ws.pro.post('/teams', { name: 'mailers' });
    await ws.pro.post(`/teams/${team.body.id}/members`, { user_id: viewerProId });
    const projectId = (await ws.admin.get('/api/v1/projects/holes')).body.id;
    const viewerRole = await ws.roleId('Project Viewer');

    const seen = (await Promise.all([
      contributorPro.get('/users'),
      contributorPro.get(`/teams/${team.body.id}/members`),
      contributorPro.get(`/roles/${viewerRole}/assignments?project_id=${projectId}`),
      contributor.get('/api/v1/users?hydrate=true'),
      contributor.get(`/api/v1/users/${viewerId}`),
    ])).map((r) => {
      assert.equal(r.status, 200, r.text);
      return r.text;
    });
    for (const text of seen) assert.ok(!text.includes('viewer@example.com') && !text.includes('dev@example.com'), text);
    // Their own, and an admin's view, keep the addresses.
    assert.equal((await viewerPro.get('/users/me')).body.email, 'viewer@example.com');
    assert.ok((await ws.pro.get('/users')).text.includes('viewer@example.com'));
    assert.ok((await ws.pro.get(`/roles/${viewerRole}/assignments?project_id=${projectId}`)).text.includes('viewer@example.com'));
    // A whole address they already know finds its user and no one else (ZenML's `email` filter,
    // as project files name members by e-mail); part of an address finds nothing.
    for (const filter of ['viewer@example.com', 'equals:viewer@example.com', 'Viewer@Example.com']) {
      const found = await contributor.get(`/api/v1/users?email=${encodeURIComponent(filter)}&hydrate=true`);
      assert.equal(found.status, 200, found.text);
      assert.deepEqual(found.body.items.map((u: { id: string; metadata: { email: string } }) => [u.id, u.metadata.email]), [[viewerId, 'viewer@example.com']]);
      assert.equal(found.body.total, 1);
      assert.ok(!found.text.includes('dev@example.com'), found.text);
    }
    assert.equal((await contributor.get('/api/v1/users?email=nobody@example.com')).body.total, 0);
    for (const filter of ['contains:example.com', 'startswith:viewer', 'endswith:.com', 'oneof:["viewer@example.com","dev@example.com"]', '']) {
      const refused = await contributor.get(`/api/v1/users?email=${encodeURIComponent(filter)}`);
      assert.equal(refused.status, 403, `${filter}: ${refused.text}`);
      assert.match(refused.body.detail?.[1] ?? refused.text, /whole address/);
      assert.ok(!refused.text.includes('viewer@example.com') || filter.includes('viewer@example.com'), refused.text);
    }

    // A Project Admin manages members, whom project files name by e-mail: they see the addresses.
    const lead = await ws.user('lead');
    await ws.assign('Project Admin', projectId, { user_id: lead.proId });
    assert.ok((await lead.pro.get('/users')).text.includes('viewer@example.com'));
    assert.equal((await lead.client.get(`/api/v1/users/${viewerId}`)).body.metadata.email, 'viewer@example.com');
  });
});

describe('look-alike names', () => {
  test('user names that differ from an existing one only by invisible, confusable or compatibility characters, or case, are refused', async () => {
    const cases: [string, number][] = [
      ['ad\u200bmin', 422], // zero-width space
      ['\u0430dmin', 409], // Cyrillic а
      ['adm\u0131n', 409], // dotless ı
      ['\uff41\uff44\uff4d\uff49\uff4e', 409], // full-width
      ['Admin', 409],
      ['adrnin', 409], // rn for m
      ['admin\u202e', 422], // bidi override
    ];
    for (const [name, status] of cases) {
      const r = await ws.admin.post('/api/v1/users', { name, password: 'long-enough-1', active: true });
      assert.equal(r.status, status, `${JSON.stringify(name)}: ${r.text}`);
    }
    const ok = await ws.admin.post('/api/v1/users', { name: 'adminton', password: 'long-enough-1', active: true });
    assert.equal(ok.status, 200, ok.text);
    const rename = await ws.admin.put(`/api/v1/users/${ok.body.id}`, { name: 'v\u0456ewer' }); // Cyrillic і
    assert.equal(rename.status, 409, rename.text);
    assert.match(rename.text, /'viewer' already exists/);
  });

  test('team names follow the same rule', async () => {
    assert.equal((await ws.pro.post('/teams', { name: 'platform' })).status, 200);
    assert.equal((await ws.pro.post('/teams', { name: 'platf\u043erm' })).status, 409); // Cyrillic о
    assert.equal((await ws.pro.post('/teams', { name: 'plat\u200dform' })).status, 422);
  });
});
