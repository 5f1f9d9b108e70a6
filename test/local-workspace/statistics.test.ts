/**
 * A project's statistics count what the caller's lists hold: ZenML's get_project_statistics
 * filters pipelines and runs with the same RBAC rule as their lists, so a member whose role cannot
 * read runs (or pipelines) counts the ones they created — never the whole project.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Client, startTestWorkspace, type TestWorkspace } from './helpers';

let ws: TestWorkspace;
let project: { id: string; name: string };

before(async () => {
  ws = await startTestWorkspace();
  project = await ws.project('stats-check');
  // The admin's pipeline and runs: the project holds more than a member without read rights made.
  const pipe = await ws.admin.post(`/api/v1/pipelines?project=${project.name}`, { name: 'training' });
  assert.equal(pipe.status, 200, pipe.text);
  for (const n of [1, 2, 3]) {
    const r = await ws.admin.post('/api/v1/runs', { project: project.id, pipeline_id: pipe.body.id, name: `admin-run-${n}`, status: 'completed' });
    assert.equal(r.status, 200, r.text);
  }
});
after(() => ws.stop());

/** Everything `as` may list of `route` in the project: its total and who created each item. */
async function listed(as: Client, route: string): Promise<{ total: number; creators: string[] }> {
  const r = await as.get(`/api/v1/${route}?project=${project.name}&size=100`);
  assert.equal(r.status, 200, r.text);
  return { total: r.body.total, creators: r.body.items.map((i: { body: { user_id: string } }) => i.body.user_id) };
}

async function statistics(as: Client): Promise<{ pipelines: number; runs: number }> {
  const r = await as.get(`/api/v1/projects/${project.name}/statistics`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

test('a member whose role cannot read pipelines or runs: the statistics count what they created, as their lists do', async () => {
  const maker = await ws.memberWithRole(
    'run-maker',
    {
      name: 'run-maker',
      permissions: [
        { resource_type: 'pipeline', action: 'create' },
        { resource_type: 'pipeline_run', action: 'create' },
      ],
    },
    project.id,
  );
  const pipe = await maker.client.post(`/api/v1/pipelines?project=${project.name}`, { name: 'mine' });
  assert.equal(pipe.status, 200, pipe.text);
  for (const n of [1, 2]) {
    const r = await maker.client.post('/api/v1/runs', { project: project.id, pipeline_id: pipe.body.id, name: `maker-run-${n}`, status: 'completed' });
    assert.equal(r.status, 200, r.text);
  }

  const pipelines = await listed(maker.client, 'pipelines');
  const runs = await listed(maker.client, 'runs');
  assert.ok(runs.total > 0 && pipelines.total > 0, 'the member lists what they created');
  assert.deepEqual([...new Set([...pipelines.creators, ...runs.creators])], [maker.id], 'and nothing else');
  assert.deepEqual(await statistics(maker.client), { pipelines: pipelines.total, runs: runs.total });

  // The project holds more: the admin's statistics and lists count everything, and agree too.
  const all = await statistics(ws.admin);
  assert.deepEqual(all, { pipelines: (await listed(ws.admin, 'pipelines')).total, runs: (await listed(ws.admin, 'runs')).total });
  assert.ok(all.runs > runs.total && all.pipelines > pipelines.total, `the admin counts ${JSON.stringify(all)}`);
});

test('a Viewer reads every pipeline and run: the statistics count them all', async () => {
  const viewer = await ws.user('stats-viewer');
  await ws.assign('Project Viewer', project.id, { user_id: viewer.proId });
  const all = await statistics(ws.admin);
  assert.deepEqual(await statistics(viewer.client), all);
  assert.deepEqual(all, { pipelines: (await listed(viewer.client, 'pipelines')).total, runs: (await listed(viewer.client, 'runs')).total });
});
