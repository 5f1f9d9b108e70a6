/**
 * Contract tests of the API client: every request the product sends — the client's calls and
 * the tree's lists (common/api/resourceLists) — goes through a recording relay to the real local
 * workspace, and each recorded request is checked against ZenML's routes for 0.84 and the current
 * release (method, path, path parameter types, query names and values, required scopes, body).
 * Then the client's decoding: answers of each ZenML version (fixtures) are read from where real
 * models carry the fields; extra fields and new enum values pass; a missing field, and a 422 in
 * either form, become sentences.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZenmlApiError } from '../../common/api/apiError';
import { isKnownRunStatus, latestRunStatus, latestVersionName, runPipelineId } from '../../common/api/readEntity';
import { listArtifactVersions, listModelVersions, listRuns, listTop } from '../../common/api/resourceLists';
import { deleteArtifactVersions, listUnusedArtifactVersions } from '../../core/sync/artifactPrune';
import type { Artifact, Model, Pipeline, PipelineRun } from '../../common/api/types';
import { ZenmlApi } from '../../common/api/zenmlApi';
import { checkModel, checkRequest, findRoute, WORKSPACE_ROUTES, ZENML_VERSIONS, type ContractRoute } from '../../common/zenml/contract';
import { relayedBody, startRecordingRelay, type RecordingRelay } from '../editor/recordingRelay';
import { startTestWorkspace, type TestWorkspace } from '../local-workspace/helpers';
import { answers, IDS } from './fixtures';

/** The routes of the workspace API the product calls (the local workspace serves more). */
const CLIENT_ROUTES = [
  'info',
  'login',
  'current-user',
  'update-current-user',
  'list:projects',
  'create:projects',
  'get:projects',
  'update:projects',
  'delete:projects',
  'statistics:projects',
  'list:pipelines',
  'list:runs',
  'list:artifacts',
  'list:artifact_versions',
  'list:models',
  'list:model_versions',
  'get:model_versions',
  'list:model_version_artifacts',
  'delete:artifact_versions',
];

describe('every request the client sends is one ZenML serves', () => {
  let ws: TestWorkspace;
  let relay: RecordingRelay;
  let api: ZenmlApi;

  before(async () => {
    ws = await startTestWorkspace({ seed: 'demo' });
    relay = await startRecordingRelay(ws.server.url);
    api = new ZenmlApi({ url: relay.url, credentials: { apiKey: ws.server.adminApiKey } });
  });
  after(async () => {
    await relay.close();
    await ws.stop();
  });

  test('projects, the current user, and every list of the tree', async () => {
    await api.info();
    await api.currentUser();
    const projects = await api.listProjects({ size: 5, hydrate: true });
    await api.searchProjects('fraud', { size: 10 });
    for await (const _ of api.allProjects()) void _;
    const fraud = await api.getProject('fraud-detection');
    await api.getProject(fraud.id);
    await api.setDefaultProject(fraud.id);
    await api.projectStatistics('fraud-detection');
    const made = await api.createProject({ name: 'client-contract', display_name: 'Client Contract', description: 'x' });
    const derived = await api.createProject({ display_name: 'Derived Id' });
    await api.updateProject(made.id, { display_name: 'Client Contract 2', description: 'y' }, 'client-contract');
    await api.deleteProject(made.id);
    await api.deleteProject(derived.id);
    assert.ok(projects.items.length > 0);

    const q = { page: 1, size: 20 };
    const pipelines = await listTop(api, 'pipelines', fraud.id, q);
    const artifacts = await listTop(api, 'artifacts', fraud.id, q);
    const models = await listTop(api, 'models', fraud.id, q);
    const runs = await listRuns(api, fraud.id, pipelines.items[0].id, q);
    const versions = await listArtifactVersions(api, fraud.id, artifacts.items[0].id, q);
    const modelVersions = await listModelVersions(api, fraud.id, models.items[0].id, q);
    assert.ok(runs.items.length > 0 && versions.items.length > 0 && modelVersions.items.length > 0, 'the demo lists are not empty');
    for (const v of modelVersions.items) assert.equal(v.body?.model.id, models.items[0].id, "only that model's versions");
    for (const r of runs.items) assert.equal(runPipelineId(r), pipelines.items[0].id, "only that pipeline's runs");

    // The clean-up: unused versions by age, their model-version links, the linked model version, one deletion.
    const unused = await listUnusedArtifactVersions(api, 'fraud-detection', { olderThanDays: 100 });
    assert.ok(unused.candidates.length > 0 && unused.kept.length > 0 && unused.kept[0].reason === 'model-version-link' && unused.kept[0].modelVersion, 'the demo has unused versions and a model-linked one');
    const deletion = await deleteArtifactVersions(api, 'fraud-detection', unused.candidates.slice(0, 1));
    assert.deepEqual(deletion.outcomes.map((o) => o.result), ['deleted']);

    const workspaceRequests = relay.requests.filter((r) => r.url.startsWith('/api/v1/'));
    const problems = workspaceRequests.flatMap((r) => checkRequest({ method: r.method, url: r.url, body: relayedBody(r), contentType: r.contentType }).problems);
    assert.deepEqual(problems, [], `requests a real server would refuse or misread:\n  ${problems.join('\n  ')}`);
    const used = new Set(workspaceRequests.map((r) => findRoute(r.method, r.url.split('?')[0])?.route.id));
    assert.deepEqual(
      CLIENT_ROUTES.filter((id) => !used.has(id)),
      [],
      'every route the product uses was sent',
    );
    assert.ok(
      CLIENT_ROUTES.every((id) => WORKSPACE_ROUTES.some((r: ContractRoute) => r.id === id)),
      'the routes are the contract’s',
    );
  });

  test("a model's versions are asked for by `model`, never `model_id`", async () => {
    const since = relay.requests.length;
    const fraud = await api.getProject('fraud-detection');
    const model = (await listTop(api, 'models', fraud.id, { size: 1 })).items[0];
    await listModelVersions(api, fraud.id, model.id, { page: 1, size: 5 });
    const sent = relay.requests.slice(since).find((r) => r.url.startsWith('/api/v1/model_versions'));
    assert.ok(sent);
    const query = new URL(sent.url, 'http://x').searchParams;
    assert.equal(query.get('model'), model.id);
    assert.equal(query.has('model_id'), false);
    assert.deepEqual(checkRequest({ method: sent.method, url: sent.url }).problems, []);
  });
});

describe('the contract judges requests as real servers do', () => {
  test('a model_id filter and a missing model scope are refused; names in UUID paths too', () => {
    const p = checkRequest({ method: 'GET', url: `/api/v1/model_versions?project=x&model_id=${IDS.model}` }).problems.join('\n');
    assert.match(p, /query parameter 'model_id' does not exist/);
    assert.match(p, /needs query parameter 'model' or 'model_name_or_id'.*400 "Model scope missing from the filter\."/);
    assert.match(checkRequest({ method: 'PUT', url: '/api/v1/projects/fraud-detection', body: {} }).problems.join(), /must be a UUID/);
    assert.match(checkRequest({ method: 'GET', url: '/api/v1/models/classifier' }).problems.join(), /must be a UUID/);
    assert.deepEqual(checkRequest({ method: 'GET', url: '/api/v1/projects/fraud-detection' }).problems, []);
  });
  test('a parameter only one version has is flagged for the other', () => {
    const p = checkRequest({ method: 'GET', url: '/api/v1/runs?project=x&in_progress=true' }).problems;
    assert.deepEqual(p, ["GET /api/v1/runs: query parameter 'in_progress' does not exist (ZenML 0.84)"]);
  });
});

/** A server answering `answer(req)` as JSON with `status`. */
async function fixtureServer(answer: (req: IncomingMessage) => { status?: number; body: unknown }) {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const a = answer(req);
    res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Serves a version's fixtures by route. */
async function zenmlServer(v: (typeof ZENML_VERSIONS)[number], patch: (routeId: string, body: any) => unknown = (_, b) => b) {
  const fixtures = answers(v);
  return fixtureServer((req) => {
    const path = (req.url ?? '').split('?')[0];
    const id = findRoute(req.method ?? 'GET', path)?.route.id ?? '';
    const body = fixtures[id];
    return body === undefined ? { status: 404, body: { detail: ['KeyError', `no fixture for ${id}`] } } : { body: patch(id, structuredClone(body)) };
  });
}

async function failure(p: Promise<unknown>): Promise<ZenmlApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ZenmlApiError, `expected a ZenmlApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('the call succeeded');
}

describe("the client reads each ZenML version's answers", () => {
  for (const v of ZENML_VERSIONS) {
    test(`the fixtures of ZenML ${v} are what its models say (strict)`, () => {
      for (const [id, body] of Object.entries(answers(v))) {
        const route = WORKSPACE_ROUTES.find((r) => r.id === id)!;
        assert.deepEqual(checkModel(route.response!, body, v, 'strict'), [], `${v} ${id}`);
      }
    });

    test(`ZenML ${v}: the tree's fields are read from resources, runs from either body`, async () => {
      const s = await zenmlServer(v);
      try {
        const api = new ZenmlApi({ url: s.url, credentials: { accessToken: 't' } });
        assert.equal((await api.info()).deployment_type, 'cloud');
        assert.equal((await api.currentUser()).metadata?.external_user_id, 'f5ca0d9c-bed1-4aef-8c7d-8e9fa0b1c2d3');
        const pipelines = await listTop(api, 'pipelines', IDS.project, { page: 1 });
        assert.equal(latestRunStatus(pipelines.items[0] as Pipeline), 'completed');
        assert.equal(latestVersionName((await listTop(api, 'artifacts', IDS.project, {})).items[0] as Artifact), '3');
        assert.equal(latestVersionName((await listTop(api, 'models', IDS.project, {})).items[0] as Model), 'v2');
        const runs = await listRuns(api, IDS.project, IDS.pipeline, {});
        assert.deepEqual(runs.items.map((r: PipelineRun) => runPipelineId(r)), [IDS.pipeline, IDS.pipeline]);
        const av = (await listArtifactVersions(api, IDS.project, IDS.artifact, {})).items[0];
        assert.equal(av.body?.materializer.attribute, 'PandasMaterializer');
        assert.equal(av.body?.save_type, 'step_output');
        assert.equal((await listModelVersions(api, IDS.project, IDS.model, {})).items[0].body?.stage, 'production');
      } finally {
        await s.close();
      }
    });
  }

  test('fields the client does not know, and statuses newer than it, pass', async () => {
    const s = await zenmlServer('current', (id, body) => {
      if (id !== 'list:runs') return body;
      body.items[0].body.status = 'hibernating';
      body.items[0].body.brand_new_field = { nested: true };
      body.items[0].resources.another = [1, 2];
      body.new_envelope_field = 'x';
      return body;
    });
    try {
      const api = new ZenmlApi({ url: s.url, credentials: { accessToken: 't' } });
      const runs = await listRuns(api, IDS.project, IDS.pipeline, {});
      assert.equal(runs.items[0].body?.status, 'hibernating');
      assert.equal(isKnownRunStatus('hibernating'), false, 'shown as sent, with a note');
    } finally {
      await s.close();
    }
  });

  test('a missing field or a wrong type is a sentence that says where, before anything reads it', async () => {
    const s = await zenmlServer('current', (id, body) => {
      if (id === 'list:pipelines') delete body.items[0].body.project_id;
      if (id === 'list:models') body.items[0].id = 42;
      if (id === 'list:projects') delete body.total_pages;
      return body;
    });
    try {
      const api = new ZenmlApi({ url: s.url, credentials: { accessToken: 't' } });
      const a = await failure(listTop(api, 'pipelines', IDS.project, {}));
      assert.equal(a.failure, 'invalid-response');
      assert.match(a.message, /^Could not list the pipelines: the server at http:\/\/127\.0\.0\.1:\d+ answered in a form this extension does not understand — items\.0\.body: required field 'project_id' is missing\. It is tested against ZenML 0\.84 and the current release/);
      assert.match((await failure(listTop(api, 'models', IDS.project, {}))).message, /items\.0\.id: expected string, got number/);
      assert.match((await failure(api.listProjects())).message, /required field 'total_pages' is missing/);
    } finally {
      await s.close();
    }
  });

  test('a 422 in either form is a sentence with the server’s reason', async () => {
    const s = await fixtureServer((req) =>
      req.method === 'POST'
        ? { status: 422, body: ['ValueError', "Invalid project name: 'Bad Name' must contain only lowercase letters"] }
        : { status: 422, body: { detail: ['ValueError', 'Invalid page 0: pages start at 1.'] } },
    );
    try {
      const api = new ZenmlApi({ url: s.url, credentials: { accessToken: 't' } });
      const bare = await failure(api.createProject({ name: 'Bad Name' }));
      assert.equal(bare.status, 422);
      assert.equal(bare.message, "Could not create project 'Bad Name': invalid project name: 'Bad Name' must contain only lowercase letters.");
      const wrapped = await failure(api.listProjects({ page: 0 }));
      assert.equal(wrapped.message, 'Could not list the projects: invalid page 0: pages start at 1.');
    } finally {
      await s.close();
    }
  });
});
