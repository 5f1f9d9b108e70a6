/**
 * Every query parameter ZenML's API lists for a list route is handled by the local workspace:
 * applied as ZenML applies it, matching nothing where the local workspace never has the data,
 * or read as an option. A parameter the contract gains later fails the first test until the
 * local workspace handles it; the rest check, on a demo workspace, that each applied filter
 * selects exactly the rows it should, that each filter on absent data selects none (also joined
 * by `or`), and that values are checked as ZenML checks them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAnswer, findRoute, WORKSPACE_ROUTES } from '../../common/zenml/contract';
import { listRouteParams } from '../../local-workspace/src/api/listParams';
import { startTestWorkspace, type Reply, type TestWorkspace } from '../local-workspace/helpers';

test('every query parameter the contract lists for a list route is handled by the local workspace', () => {
  const lists = WORKSPACE_ROUTES.filter((r) => r.paged && r.method === 'GET');
  assert.ok(lists.length >= 9, 'the contract lists the list routes');
  for (const route of lists) {
    const handled = listRouteParams(route.path);
    assert.ok(handled, `the local workspace serves ${route.path}`);
    const missing = Object.keys(route.query ?? {}).filter((p) => !handled.includes(p));
    assert.deepEqual(missing, [], `${route.path} ignores parameters ZenML lists for it`);
  }
});

let ws: TestWorkspace;
before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
});
after(() => ws.stop());

interface Item {
  id: string;
  name?: string;
  body: Record<string, any>;
  metadata?: Record<string, any> | null;
  resources?: Record<string, any> | null;
}

/** GETs `url`, checks status and contract, and returns the reply. */
async function get(url: string, status = 200): Promise<Reply> {
  const reply = await ws.admin.get(url);
  assert.equal(reply.status, status, `GET ${url}: expected ${status}, got ${reply.status} ${reply.text.slice(0, 300)}`);
  const found = findRoute('GET', url.split('?')[0]);
  assert.ok(found, `${url} is a route of the contract`);
  if (status === 200) assert.deepEqual(checkAnswer(found.route, { url }, { status: reply.status, body: reply.body }, 'current', 'strict'), [], url);
  return reply;
}

/** Every row of a list (one page of the largest size), hydrated. */
async function all(url: string): Promise<Item[]> {
  const page = (await get(`${url}&size=10000&hydrate=true`)).body;
  assert.equal(page.items.length, page.total);
  return page.items;
}

/** The IDs a filtered list answers, checked against the rows `keep` selects from `rows`. */
async function expectRows(base: string, filter: string, rows: Item[], keep: (i: Item) => boolean): Promise<number> {
  const page = (await get(`${base}&${filter}&size=10000&hydrate=true`)).body;
  const want = rows.filter(keep).map((i) => i.id).sort();
  assert.deepEqual(page.items.map((i: Item) => i.id).sort(), want, `${base}&${filter}`);
  assert.equal(page.total, want.length);
  return want.length;
}

describe('list filters on a demo workspace', () => {
  const PROJECT = 'fraud-detection';
  const q = `project=${PROJECT}`;
  let admin: { id: string; name: string };
  let owner: { id: string; name: string; fullName: string };
  let pipelines: Item[];
  let runs: Item[];
  let otherProject: { id: string; name: string };

  before(async () => {
    admin = (await get('/api/v1/current-user')).body;
    const demoPipelines = await all(`/api/v1/pipelines?${q}`);
    const ownerName = demoPipelines[0].resources!.user.name;
    const ownerRow = (await get(`/api/v1/users/${ownerName}`)).body;
    owner = { id: ownerRow.id, name: ownerName, fullName: ownerRow.body.full_name };
    assert.ok(owner.fullName && owner.fullName !== ownerName, 'the demo owner has a full name of its own');
    const training = demoPipelines.find((p) => p.name === 'training')!;
    // Rows of a second creator: a pipeline without runs, a run that becomes its pipeline's
    // latest (with an orchestrator run ID), and a run of no pipeline.
    const post = async (route: string, body: Record<string, unknown>) => {
      const r = await ws.admin.post(`/api/v1/${route}?${q}`, body);
      assert.equal(r.status, 200, r.text);
    };
    await post('pipelines', { name: 'filters-no-runs' });
    await post('runs', { pipeline_id: training.id, name: 'filters-latest', status: 'completed', orchestrator_run_id: 'orch-filters-1' });
    await post('runs', { name: 'filters-unlisted', status: 'completed', orchestrator_run_id: 'orch-filters-2' });
    otherProject = await ws.project('filters-other');
    const r = await ws.admin.post(`/api/v1/runs?project=${otherProject.name}`, { name: 'elsewhere', status: 'completed' });
    assert.equal(r.status, 200, r.text);
    pipelines = await all(`/api/v1/pipelines?${q}`);
    runs = await all(`/api/v1/runs?${q}`);
  });

  test('runs: each applied filter selects exactly its rows', async () => {
    const base = `/api/v1/runs?${q}`;
    const pipelineName = (r: Item) => r.resources!.pipeline?.name as string | undefined;
    const training = pipelines.find((p) => p.name === 'training')!;
    const cases: [string, (r: Item) => boolean][] = [
      [`scope_user=${admin.id}`, (r) => r.body.user_id === admin.id],
      [`scope_user=${owner.id}`, (r) => r.body.user_id === owner.id],
      // ZenML looks users up by UUID, name or full name.
      [`user=${encodeURIComponent(owner.fullName)}`, (r) => r.body.user_id === owner.id],
      [`user=contains:${encodeURIComponent(owner.fullName.slice(1, 4))}`, (r) => r.body.user_id === owner.id],
      ['orchestrator_run_id=orch-filters-1', (r) => r.metadata!.orchestrator_run_id === 'orch-filters-1'],
      ['orchestrator_run_id=startswith:orch-', (r) => String(r.metadata!.orchestrator_run_id ?? '').startsWith('orch-')],
      ['pipeline_name=training', (r) => pipelineName(r) === 'training'],
      ['pipeline_name=contains:train', (r) => !!pipelineName(r)?.includes('train')],
      ['pipeline=training', (r) => pipelineName(r) === 'training'],
      [`pipeline=${training.id}`, (r) => r.body.pipeline_id === training.id],
      ['pipeline=startswith:batch', (r) => !!pipelineName(r)?.startsWith('batch')],
      ['index=1', (r) => r.body.index === 1],
      ['index=gte:3', (r) => r.body.index >= 3],
      ['in_progress=true', (r) => r.body.in_progress === true],
      ['in_progress=false', (r) => r.body.in_progress === false],
      ['unlisted=true', (r) => r.body.pipeline_id === null],
      ['unlisted=false', (r) => r.body.pipeline_id !== null],
      ['root_runs_only=true', () => true],
      ['root_runs_only=false', () => true],
      ['templatable=false', () => true],
      ['templatable=true', () => false],
      ['include_full_metadata=true', () => true],
    ];
    const counts = [];
    for (const [filter, keep] of cases) counts.push(await expectRows(base, filter, runs, keep));
    // The demo holds rows on both sides of the two-sided filters.
    for (const i of [0, 2, 4, 6, 11, 13, 15]) assert.ok(counts[i] > 0 && counts[i] < runs.length, `${cases[i][0]} selects some rows, not all`);
  });

  test('pipelines: the latest run filters and scope_user apply with AND whatever the logical operator', async () => {
    const base = `/api/v1/pipelines?${q}`;
    const status = (p: Item) => p.resources!.latest_run_status as string | null;
    const user = (p: Item) => p.resources!.latest_run_user as { id: string; name: string } | null;
    const cases: [string, (p: Item) => boolean][] = [
      ['latest_run_status=running', (p) => status(p) === 'running'],
      ['latest_run_status=notequals:running', (p) => status(p) !== null && status(p) !== 'running'],
      ['latest_run_status=oneof:["completed","failed"]', (p) => ['completed', 'failed'].includes(status(p) ?? '')],
      [`latest_run_user=${admin.name}`, (p) => user(p)?.id === admin.id],
      [`latest_run_user=${owner.id}`, (p) => user(p)?.id === owner.id],
      [`latest_run_user=${encodeURIComponent(owner.fullName)}`, (p) => user(p)?.id === owner.id],
      [`scope_user=${admin.id}`, (p) => p.body.user_id === admin.id],
      // `or` joins the filters, never these: the pipeline without runs has no latest run.
      ['logical_operator=or&name=filters-no-runs&latest_run_status=contains:', () => false],
      [`logical_operator=or&name=training&created=lte:2000-01-01&latest_run_user=${admin.id}`, (p) => p.name === 'training'],
      [`logical_operator=or&name=filters-no-runs&created=gte:2000-01-01&scope_user=${owner.id}`, (p) => p.body.user_id === owner.id],
    ];
    const counts = [];
    for (const [filter, keep] of cases) counts.push(await expectRows(base, filter, pipelines, keep));
    for (const i of [0, 1, 3, 4, 6, 8]) assert.ok(counts[i] > 0 && counts[i] < pipelines.length, `${cases[i][0]} selects some rows, not all`);
  });

  test('scope_user selects the rows the user created on every project-scoped list', async () => {
    const model = (await get(`/api/v1/models?${q}`)).body.items[0];
    for (const route of ['pipelines', 'runs', 'artifacts', 'artifact_versions', 'models', `model_versions`]) {
      const base = `/api/v1/${route}?${q}${route === 'model_versions' ? `&model=${model.id}` : ''}`;
      const rows = await all(base);
      assert.ok(rows.length > 0, `the demo has ${route}`);
      for (const who of [admin, owner]) await expectRows(base, `scope_user=${who.id}`, rows, (r) => r.body.user_id === who.id);
    }
  });

  test('project_name_or_id names the project of pipelines and runs, before project as ZenML\'s routers do', async () => {
    for (const route of ['pipelines', 'runs']) {
      const byProject = (await get(`/api/v1/${route}?project=${PROJECT}&size=10000`)).body;
      const byLegacy = (await get(`/api/v1/${route}?project_name_or_id=${PROJECT}&size=10000`)).body;
      assert.equal(byLegacy.total, byProject.total);
      const other = (await get(`/api/v1/${route}?project=${PROJECT}&project_name_or_id=${otherProject.id}&size=10000`)).body;
      const inOther = (await get(`/api/v1/${route}?project=${otherProject.name}&size=10000`)).body;
      assert.deepEqual(other.items.map((i: Item) => i.id), inOther.items.map((i: Item) => i.id));
      for (const i of other.items) assert.equal(i.body.project_id, otherProject.id);
    }
    await get(`/api/v1/runs?project_name_or_id=no-such-project`, 404);
  });

  /** Filters on data the local workspace never has, with a valid value each, by list route. */
  const NEVER: Record<string, string[]> = {
    pipelines: ['tags=production', 'tag=production'],
    runs: [
      'tags=contains:nightly',
      'tag=nightly',
      'run_metadata=accuracy:gt:0.5',
      ...['stack_id', 'schedule_id', 'build_id', 'code_repository_id', 'template_id', 'model_version_id', 'deployment_id', 'snapshot_id', 'source_snapshot_id', 'linked_to_model_version_id', 'triggered_by_step_run_id', 'triggered_by_deployment_id', 'trigger_id', 'parent_run_id'].map(
        (p) => `${p}=00000000-0000-4000-8000-000000000000`,
      ),
      'parent_run_id=notequals:00000000-0000-4000-8000-000000000000',
      'stack_id=startswith:0',
      'stack=default',
      'code_repository=00000000-0000-4000-8000-000000000000',
      'model=fraud-classifier',
      'stack_component=contains:local',
    ],
    artifacts: ['tags=raw', 'tag=raw'],
    artifact_versions: ['tags=raw', 'tag=raw', 'run_metadata=rows:gt:0', 'artifact_store_id=00000000-0000-4000-8000-000000000000'],
    models: ['tags=fraud', 'tag=fraud'],
    model_versions: ['tags=fraud', 'tag=fraud', 'run_metadata=f1:0.9'],
  };

  test('a filter on data the local workspace never has matches no row; joined by or, the other filter\'s rows', async () => {
    const model = (await get(`/api/v1/models?${q}`)).body.items[0];
    for (const [route, filters] of Object.entries(NEVER)) {
      const base = `/api/v1/${route}?${q}${route === 'model_versions' ? `&model=${model.id}` : ''}`;
      const rows = await all(base);
      const some = rows[0];
      for (const filter of filters) {
        const none = (await get(`${base}&${filter}`)).body;
        assert.deepEqual([none.total, none.items.length, none.total_pages], [0, 0, 1], `${route}?${filter}`);
        await expectRows(base, `${filter}&logical_operator=or&id=${some.id}`, rows, (r) => r.id === some.id);
        await expectRows(base, `${filter}&logical_operator=and&id=${some.id}`, rows, () => false);
      }
    }
  });

  test('users: email_opted_in matches no row, external_user_id the Pro user it names', async () => {
    const users = (await get('/api/v1/users?size=10000&hydrate=true')).body.items as Item[];
    for (const v of ['true', 'false']) assert.equal((await get(`/api/v1/users?email_opted_in=${v}`)).body.total, 0);
    const me = users.find((u) => u.id === admin.id)!;
    const proId = me.metadata!.external_user_id as string;
    assert.ok(proId, 'the Pro edition shows the Pro user ID');
    const found = (await get(`/api/v1/users?external_user_id=${proId}`)).body;
    assert.deepEqual(found.items.map((u: Item) => u.id), [admin.id]);
    const or = (await get(`/api/v1/users?email_opted_in=true&logical_operator=or&external_user_id=${proId}`)).body;
    assert.equal(or.total, 1);
  });

  test('values are checked as ZenML checks them', async () => {
    const wrapped = [
      'stack_id=not-a-uuid',
      'scope_user=not-a-uuid',
      `scope_user=equals:${admin.id}`,
      'pipeline_id=v1',
      'run_metadata=no-colon',
      'tags=oneof:not-json',
      'templatable=maybe',
      'in_progress=maybe',
      'unlisted=2',
      'index=first',
    ];
    for (const filter of wrapped) {
      const reply = await ws.admin.get(`/api/v1/${filter.startsWith('latest_run') ? 'pipelines' : 'runs'}?${q}&${filter}`);
      assert.equal(reply.status, 422, `${filter}: ${reply.text}`);
      assert.ok(!Array.isArray(reply.body), `${filter}: a filter's 422 is wrapped like the others`);
    }
    // A route parameter, checked by FastAPI as hydrate is: a bare list.
    const bare = await ws.admin.get(`/api/v1/runs?${q}&include_full_metadata=maybe`);
    assert.equal(bare.status, 422);
    assert.ok(Array.isArray(bare.body));
    // An operator that only prefixes text is not required to name a whole UUID.
    await get(`/api/v1/runs?${q}&stack_id=startswith:abc`);
    const listed = runs.find((r) => r.body.pipeline_id)!;
    await expectRows(`/api/v1/runs?${q}`, `pipeline_id=startswith:${listed.body.pipeline_id.slice(0, 8)}`, runs, (r) => String(r.body.pipeline_id).startsWith(listed.body.pipeline_id.slice(0, 8)));
  });
});
