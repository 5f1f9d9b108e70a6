/**
 * Contract tests of the local workspace: every `/api/v1` route the product uses is called over
 * HTTP on a demo-seeded server, and every answer is checked against ZenML's published models
 * (strict: no field a real server does not send, every enum value known), with the entity rules
 * (body always, metadata exactly when hydrated, resources where real servers always send it),
 * the Page rules, and the error forms.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAnswer, checkError, findRoute, WORKSPACE_ROUTES, type ContractRoute, type ErrorForm } from '../../common/zenml/contract';
import { startTestWorkspace, type Client, type Reply, type TestWorkspace } from '../local-workspace/helpers';

let ws: TestWorkspace;
const exercised = new Set<string>();

/** The version the local workspace answers as (its run body is the current release's). */
const VERSION = 'current';

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
});
after(() => ws.stop());

/** Calls `method url` and checks the answer against the contract; returns the reply. */
async function call(client: Client, method: string, url: string, body?: unknown, o: { status?: number; error?: ErrorForm; form?: boolean } = {}): Promise<Reply> {
  const path = url.split('?')[0];
  const found = findRoute(method, path);
  assert.ok(found, `${method} ${path} is not a route of the contract`);
  exercised.add(found.route.id);
  let reply: Reply;
  if (o.form) {
    const res = await fetch(client.base + url, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body as Record<string, string>).toString() });
    const text = await res.text();
    reply = { status: res.status, body: text ? JSON.parse(text) : undefined, text, headers: res.headers };
  } else {
    reply = await client.request(method, url, body);
  }
  if (o.status !== undefined) assert.equal(reply.status, o.status, `${method} ${url}: expected ${o.status}, got ${reply.status} ${reply.text.slice(0, 300)}`);
  const problems = checkAnswer(found.route, { url }, { status: reply.status, body: reply.body }, VERSION, 'strict', o.error);
  assert.deepEqual(problems, [], `${method} ${url} broke the contract:\n  ${problems.join('\n  ')}`);
  return reply;
}

const ok = (client: Client, method: string, url: string, body?: unknown) => call(client, method, url, body, { status: 200 });

interface Ids {
  project: { id: string; name: string };
  pipeline: { id: string; name: string };
  run: { id: string };
  artifact: { id: string; name: string };
  artifactVersion: { id: string };
  model: { id: string; name: string };
  modelVersion: { id: string };
}

async function demoIds(): Promise<Ids> {
  const a = ws.admin;
  const project = (await a.get('/api/v1/projects/fraud-detection')).body;
  const q = `project=${project.id}`;
  const first = async (route: string, extra = '') => {
    const r = await a.get(`/api/v1/${route}?${q}${extra}`);
    assert.equal(r.status, 200, `${route}: ${r.text}`);
    assert.ok(r.body.items.length > 0, `the demo has ${route}`);
    return r.body.items[0];
  };
  const pipeline = await first('pipelines');
  const run = await first('runs', `&pipeline_id=${pipeline.id}`);
  const artifact = await first('artifacts');
  const artifactVersion = await first('artifact_versions', `&artifact_id=${artifact.id}`);
  const model = await first('models');
  const modelVersion = await first('model_versions', `&model=${model.id}`);
  return { project: { id: project.id, name: project.name }, pipeline, run, artifact, artifactVersion, model, modelVersion };
}

describe('the local workspace answers as ZenML does', () => {
  let ids: Ids;
  before(async () => {
    ids = await demoIds();
  });

  test('/info, /login and the current user', async () => {
    await ok(ws.anonymous, 'GET', '/api/v1/info');
    await call(ws.anonymous, 'POST', '/api/v1/login', { password: ws.server.adminApiKey }, { status: 200, form: true });
    await call(ws.anonymous, 'POST', '/api/v1/login', { username: 'admin', password: 'wrong' }, { status: 401, form: true });
    await ok(ws.admin, 'GET', '/api/v1/current-user');
    await ok(ws.admin, 'PUT', '/api/v1/current-user', { default_project_id: ids.project.id });
    await ok(ws.admin, 'GET', '/api/v1/users');
    await ok(ws.admin, 'GET', '/api/v1/users?hydrate=true&size=2&page=2');
    await ok(ws.admin, 'GET', '/api/v1/users/admin');
    await call(ws.admin, 'GET', '/api/v1/users/nobody-by-that-name', undefined, { status: 404, error: 'wrapped' });
  });

  test('projects: list, search, create, get by name and UUID, update by UUID, statistics, delete', async () => {
    await ok(ws.admin, 'GET', '/api/v1/projects');
    await ok(ws.admin, 'GET', '/api/v1/projects?hydrate=true');
    await ok(ws.admin, 'GET', '/api/v1/projects?logical_operator=or&name=contains:fraud&display_name=contains:fraud&sort_by=asc:name&size=1');
    const created = await ok(ws.admin, 'POST', '/api/v1/projects', { name: 'contract-check', display_name: 'Contract Check', description: 'x' });
    await ok(ws.admin, 'GET', '/api/v1/projects/contract-check');
    await ok(ws.admin, 'GET', `/api/v1/projects/${created.body.id}?hydrate=false`);
    await ok(ws.admin, 'PUT', `/api/v1/projects/${created.body.id}`, { display_name: 'Contract Check 2' });
    await ok(ws.admin, 'GET', '/api/v1/projects/contract-check/statistics');
    await call(ws.admin, 'POST', '/api/v1/projects', { name: 'contract-check' }, { status: 409, error: 'wrapped' });
    await ok(ws.admin, 'DELETE', '/api/v1/projects/contract-check');
    await call(ws.admin, 'GET', '/api/v1/projects/contract-check', undefined, { status: 404, error: 'wrapped' });
    await call(ws.admin, 'GET', '/api/v1/projects/Not%20A%20Name', undefined, { status: 404, error: 'wrapped' });
  });

  test('every project-scoped list includes resources, hydrated or not, and pages as ZenML does', async () => {
    const q = `project=${ids.project.name}`;
    for (const route of ['pipelines', 'runs', 'artifacts', 'artifact_versions', 'models']) {
      await ok(ws.admin, 'GET', `/api/v1/${route}?${q}`);
      await ok(ws.admin, 'GET', `/api/v1/${route}?${q}&hydrate=true&size=1&page=1`);
    }
    await ok(ws.admin, 'GET', `/api/v1/runs?${q}&hydrate=true&size=2&page=3`);
    await ok(ws.admin, 'GET', `/api/v1/model_versions?${q}&model=${ids.model.name}`);
    await ok(ws.admin, 'GET', `/api/v1/model_versions?${q}&model=${ids.model.id}&hydrate=true&sort_by=desc:number`);
    await ok(ws.admin, 'GET', `/api/v1/runs?${q}&pipeline_id=${ids.pipeline.id}&sort_by=desc:created`);
    await ok(ws.admin, 'GET', `/api/v1/artifact_versions?${q}&artifact_id=${ids.artifact.id}`);
    // An empty result is one page.
    await ok(ws.admin, 'GET', `/api/v1/pipelines?${q}&name=no-such-pipeline`);
  });

  test('single gets are hydrated by default and include resources', async () => {
    await ok(ws.admin, 'GET', `/api/v1/pipelines/${ids.pipeline.id}`);
    await ok(ws.admin, 'GET', `/api/v1/runs/${ids.run.id}`);
    await ok(ws.admin, 'GET', `/api/v1/runs/${ids.run.id}?hydrate=false`);
    await ok(ws.admin, 'GET', `/api/v1/artifacts/${ids.artifact.id}`);
    await ok(ws.admin, 'GET', `/api/v1/artifact_versions/${ids.artifactVersion.id}`);
    await ok(ws.admin, 'GET', `/api/v1/models/${ids.model.id}`);
    await ok(ws.admin, 'GET', `/api/v1/model_versions/${ids.modelVersion.id}`);
  });

  test('resources hold latest_run_status and latest_version_name; bodies do not', async () => {
    const p = (await ok(ws.admin, 'GET', `/api/v1/pipelines?project=${ids.project.name}`)).body.items.find((x: { id: string }) => x.id === ids.pipeline.id);
    assert.ok(p.resources, 'a listed pipeline has resources');
    assert.equal(typeof p.resources.latest_run_status, 'string');
    assert.equal(p.body.latest_run_status, undefined);
    const a = (await ok(ws.admin, 'GET', `/api/v1/artifacts?project=${ids.project.name}`)).body.items[0];
    assert.equal(typeof a.resources.latest_version_name, 'string');
    assert.equal(a.body.latest_version_name, undefined);
    const m = (await ok(ws.admin, 'GET', `/api/v1/models?project=${ids.project.name}`)).body.items[0];
    assert.equal(typeof m.resources.latest_version_name, 'string');
  });

  test('artifact versions carry Source objects and save_type; runs the current body', async () => {
    const v = (await ok(ws.admin, 'GET', `/api/v1/artifact_versions/${ids.artifactVersion.id}`)).body;
    assert.equal(typeof v.body.materializer.module, 'string');
    assert.equal(typeof v.body.data_type.module, 'string');
    assert.ok(['step_output', 'manual', 'preexisting', 'external'].includes(v.body.save_type));
    const r = (await ok(ws.admin, 'GET', `/api/v1/runs/${ids.run.id}`)).body;
    assert.equal(r.body.pipeline_id, ids.pipeline.id);
    assert.equal(typeof r.body.in_progress, 'boolean');
    assert.equal(typeof r.body.index, 'number');
    assert.equal(r.body.pipeline, undefined, 'the current release moved the pipeline out of the run body');
    assert.equal(r.resources.pipeline.id, ids.pipeline.id);
  });

  test('model versions need the model scope; there is no model_id filter', async () => {
    const q = `project=${ids.project.name}`;
    const none = await call(ws.admin, 'GET', `/api/v1/model_versions?${q}`, undefined, { status: 400, error: 'wrapped' });
    assert.deepEqual(none.body, { detail: ['ValueError', 'Model scope missing from the filter.'] });
    // model_id is no parameter of the route: a real server ignores it, and the scope is still missing.
    await call(ws.admin, 'GET', `/api/v1/model_versions?${q}&model_id=${ids.model.id}`, undefined, { status: 400, error: 'wrapped' });
    const byName = await ok(ws.admin, 'GET', `/api/v1/model_versions?${q}&model=${ids.model.name}`);
    assert.ok(byName.body.items.length > 0);
    for (const v of byName.body.items) assert.equal(v.body.model.id, ids.model.id);
    const byLegacyName = await ok(ws.admin, 'GET', `/api/v1/model_versions?${q}&model_name_or_id=${ids.model.name}`);
    assert.equal(byLegacyName.body.total, byName.body.total);
    await call(ws.admin, 'GET', `/api/v1/model_versions?${q}&model=no-such-model`, undefined, { status: 404, error: 'wrapped' });
  });

  test('UUID-typed paths answer 422 (a bare list) for names', async () => {
    for (const [route, name] of [
      ['pipelines', ids.pipeline.name],
      ['artifacts', ids.artifact.name],
      ['models', ids.model.name],
      ['runs', 'some-run'],
      ['artifact_versions', 'some-version'],
      ['model_versions', 'some-version'],
    ]) {
      await call(ws.admin, 'GET', `/api/v1/${route}/${name}`, undefined, { status: 422, error: 'bare' });
      await call(ws.admin, 'DELETE', `/api/v1/${route}/${name}`, undefined, { status: 422, error: 'bare' });
    }
    await call(ws.admin, 'PUT', `/api/v1/projects/${ids.project.name}`, { display_name: 'Renamed by name' }, { status: 422, error: 'bare' });
  });

  test('the two 422 forms: a bad body is a bare list, bad list parameters are wrapped', async () => {
    await call(ws.admin, 'POST', '/api/v1/projects', { name: 'Not A Slug' }, { status: 422, error: 'bare' });
    await call(ws.admin, 'PUT', `/api/v1/projects/${ids.project.id}`, { display_name: 42 }, { status: 422, error: 'bare' });
    for (const bad of ['page=0', 'size=0', 'size=10001', 'sort_by=no_such_column', 'logical_operator=xor']) {
      await call(ws.admin, 'GET', `/api/v1/projects?${bad}`, undefined, { status: 422, error: 'wrapped' });
      await call(ws.admin, 'GET', `/api/v1/pipelines?project=${ids.project.name}&${bad}`, undefined, { status: 422, error: 'wrapped' });
    }
    // hydrate is a parameter of the route itself, validated by FastAPI: a bare list.
    await call(ws.admin, 'GET', '/api/v1/projects?hydrate=maybe', undefined, { status: 422, error: 'bare' });
    await call(ws.admin, 'GET', `/api/v1/runs/${ids.run.id}?hydrate=maybe`, undefined, { status: 422, error: 'bare' });
    // A page past the end is ZenML's 400.
    await call(ws.admin, 'GET', '/api/v1/projects?page=999', undefined, { status: 400, error: 'wrapped' });
  });

  test('only_unused on artifact versions: a filter like the others, with the Page rules', async () => {
    const q = `project=${ids.project.name}`;
    const unused = await ok(ws.admin, 'GET', `/api/v1/artifact_versions?${q}&only_unused=true`);
    assert.ok(unused.body.total > 0, 'the demo has unused versions');
    const all = await ok(ws.admin, 'GET', `/api/v1/artifact_versions?${q}&only_unused=false`);
    assert.ok(all.body.total > unused.body.total);
    await ok(ws.admin, 'GET', `/api/v1/artifact_versions?${q}&only_unused=true&created=lte:2099-01-01 00:00:00&size=2&page=2&hydrate=true&sort_by=asc:created`);
    await ok(ws.admin, 'GET', `/api/v1/artifact_versions?${q}&only_unused=true&artifact_id=${ids.artifact.id}&user=ada`);
    for (const f of [`artifact=${ids.artifact.name}`, `model=${ids.model.id}`, `model_version_id=${ids.modelVersion.id}`, 'pipeline_run=feature_engineering-run-1', 'version_number=gt:2', 'has_custom_name=true', 'materializer=contains:pandas']) {
      await ok(ws.admin, 'GET', `/api/v1/artifact_versions?${q}&${f}`);
    }
    await call(ws.admin, 'GET', `/api/v1/artifact_versions?${q}&only_unused=maybe`, undefined, { status: 422, error: 'wrapped' });
  });

  test('model version links: list with every filter, create (the existing link for a pair linked already)', async () => {
    const links = await ok(ws.admin, 'GET', '/api/v1/model_version_artifacts');
    assert.ok(links.body.total > 0, 'the demo links artifact versions to model versions');
    await ok(ws.admin, 'GET', '/api/v1/model_version_artifacts?hydrate=true&size=1&page=2&sort_by=desc:created');
    const filters = [
      `model_version_id=${ids.modelVersion.id}`,
      `artifact_version_id=${links.body.items[0].body.artifact_version.id}`,
      'artifact_name=contains:features',
      'only_data_artifacts=true',
      'only_model_artifacts=true',
      'only_deployment_artifacts=false',
      'has_custom_name=true',
      'user=ada',
      `created=lte:2099-01-01&logical_operator=or&updated=gte:2000-01-01`,
    ];
    for (const f of filters) await ok(ws.admin, 'GET', `/api/v1/model_version_artifacts?${f}`);
    // A member whose role reads no artifact versions gets the project's links with the artifact
    // version dehydrated (permission_denied), as ZenML Pro answers: still the contract's page.
    const projectId = links.body.items[0].body.artifact_version.body.project_id as string;
    const reader = await ws.memberWithRole('links-model-reader', { name: 'links-model-reader', permissions: [{ resource_type: 'model', action: 'read' }] }, projectId);
    const hidden = await ok(reader.client, 'GET', '/api/v1/model_version_artifacts?hydrate=true');
    const inProject = (links.body.items as { body: { artifact_version: { body: { project_id: string } } } }[]).filter((l) => l.body.artifact_version.body.project_id === projectId);
    assert.equal(hidden.body.total, inProject.length);
    assert.ok(hidden.body.items.every((l: { body: { artifact_version: { permission_denied: boolean } } }) => l.body.artifact_version.permission_denied));
    const body = { model_version: ids.modelVersion.id, artifact_version: ids.artifactVersion.id };
    const created = await ok(ws.admin, 'POST', '/api/v1/model_version_artifacts', body);
    assert.equal(created.body.body.model_version, ids.modelVersion.id);
    assert.equal(created.body.body.artifact_version.id, ids.artifactVersion.id);
    const again = await ok(ws.admin, 'POST', '/api/v1/model_version_artifacts', body);
    assert.equal(again.body.id, created.body.id);
    await call(ws.admin, 'POST', '/api/v1/model_version_artifacts', { model_version: 'v1', artifact_version: ids.artifactVersion.id }, { status: 422, error: 'bare' });
    await call(ws.admin, 'POST', '/api/v1/model_version_artifacts', { model_version: ids.modelVersion.id }, { status: 422, error: 'bare' });
    await call(ws.admin, 'POST', '/api/v1/model_version_artifacts', { ...body, model_version: '00000000-0000-4000-8000-000000000000' }, { status: 404, error: 'wrapped' });
    await call(ws.admin, 'GET', '/api/v1/model_version_artifacts?sort_by=artifact_name', undefined, { status: 422, error: 'wrapped' });
  });

  test('deletes answer JSON null', async () => {
    const p = await ws.project('contract-deletes');
    const created = await ws.admin.post(`/api/v1/pipelines?project=${p.name}`, { name: 'doomed' });
    assert.equal(created.status, 200, created.text);
    await ok(ws.admin, 'DELETE', `/api/v1/pipelines/${created.body.id}`);
    await call(ws.admin, 'DELETE', `/api/v1/pipelines/${created.body.id}`, undefined, { status: 404, error: 'wrapped' });
    for (const route of ['runs', 'artifacts', 'artifact_versions', 'models', 'model_versions']) {
      const r = await call(ws.admin, 'DELETE', `/api/v1/${route}/00000000-0000-4000-8000-000000000000`, undefined, { error: 'wrapped' });
      assert.equal(r.status, 404);
    }
  });

  test('errors of every status have ZenML\'s form', async () => {
    const anon = await ws.anonymous.get('/api/v1/projects');
    assert.equal(anon.status, 401);
    assert.deepEqual(checkError({ status: anon.status, body: anon.body }, 'wrapped'), []);
  });
});

test('every workspace route of the contract was exercised', () => {
  const missing = WORKSPACE_ROUTES.filter((r: ContractRoute) => !exercised.has(r.id)).map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(missing, []);
});
