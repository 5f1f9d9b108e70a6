/**
 * No endpoint without a check: every route of the server's own tables (the workspace API and the
 * Pro API, each at its own origin) refuses an anonymous caller (401), and a signed-in user who is
 * not a member of the target project is refused (403) or, on routes any user may call, shown
 * nothing of that project. The Pro API refuses every workspace credential.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACT_VERSION_FIELDS, Client, isZenmlError, startTestWorkspace, type TestUser, type TestWorkspace } from './helpers';

let w: TestWorkspace;
let outsider: TestUser;
/** IDs and names of the target project and everything in it: none may leak to the outsider. */
const secret: Record<string, string> = {};

before(async () => {
  w = await startTestWorkspace();
  const p = await w.project('guarded', 'Guarded Project');
  secret.project = p.id;
  secret.projectName = 'guarded';
  const a = w.admin;
  const make = async (path: string, body: object) => {
    const r = await a.post(`${path}?project=guarded`, body);
    assert.equal(r.status, 200, r.text);
    return r.body.id as string;
  };
  secret.pipeline = await make('/api/v1/pipelines', { name: 'guarded-pipeline' });
  secret.run = await make('/api/v1/runs', { name: 'guarded-run', pipeline_id: secret.pipeline });
  secret.artifact = await make('/api/v1/artifacts', { name: 'guarded-artifact' });
  secret.artifactVersion = await make('/api/v1/artifact_versions', { ...ARTIFACT_VERSION_FIELDS, artifact_id: secret.artifact, uri: 's3://guarded' });
  secret.model = await make('/api/v1/models', { name: 'guarded-model' });
  secret.modelVersion = await make('/api/v1/model_versions', { model: secret.model, name: 'guarded-version' });
  const link = await a.post('/api/v1/model_version_artifacts', { model_version: secret.modelVersion, artifact_version: secret.artifactVersion });
  assert.equal(link.status, 200, link.text);
  secret.link = link.body.id;
  const member = await w.user('member-of-g');
  secret.member = member.id;
  await w.assign('Project Developer', p.id, { user_id: member.proId });
  const team = await w.pro.post('/teams', { name: 'team-of-g' });
  secret.team = team.body.id;
  await w.assign('Project Viewer', p.id, { team_id: secret.team });
  outsider = await w.user('outsider');
  // The outsider is a member elsewhere, so "not a member" is about the target project only.
  const elsewhere = await w.project('outsiders-own');
  await w.assign('Project Admin', elsewhere.id, { user_id: outsider.proId });
});
after(async () => {
  await w.stop();
});

interface Sample {
  path: string;
  body?: unknown;
  /** Form-encoded instead of JSON. */
  form?: boolean;
}

/** A request on each route aimed at the guarded project (or its members and resources). */
async function sampleFor(method: string, pattern: string): Promise<Sample> {
  const info = (await w.anonymous.get('/api/v1/info')).body;
  const viewerRole = await w.roleId('Project Viewer');
  const values: Record<string, string> = {
    project_name_or_id: secret.project,
    pipeline_id: secret.pipeline,
    run_id: secret.run,
    artifact_id: secret.artifact,
    artifact_version_id: secret.artifactVersion,
    model_id: secret.model,
    model_version_id: secret.modelVersion,
    user_name_or_id: secret.member,
    team_id: secret.team,
    role_id: viewerRole,
    organization_id: info.pro_organization_id,
    workspace_id: info.pro_workspace_id,
  };
  let path = pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
    assert.ok(values[name], `the test knows no value for {${name}} in ${pattern}: add one`);
    return values[name];
  });
  const scoped = /^\/api\/v1\/(pipelines|runs|artifacts|artifact_versions|models|model_versions)$/.test(pattern);
  if (scoped) path += '?project=guarded';
  let body: unknown;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE') {
    const bodies: Record<string, unknown> = {
      '/api/v1/pipelines': { name: 'intruder' },
      '/api/v1/runs': { name: 'intruder', pipeline_id: secret.pipeline },
      '/api/v1/artifacts': { name: 'intruder' },
      '/api/v1/artifact_versions': { ...ARTIFACT_VERSION_FIELDS, artifact_id: secret.artifact, uri: 's3://x' },
      '/api/v1/models': { name: 'intruder' },
      '/api/v1/model_versions': { model: secret.model },
      '/api/v1/model_version_artifacts': { model_version: secret.modelVersion, artifact_version: secret.artifactVersion },
      '/api/v1/projects': { name: 'intruder-project' },
      '/api/v1/users': { name: 'intruder-user', password: 'x-password', active: true, is_admin: true },
      '/api/v1/current-user': { default_project_id: secret.project },
      '/teams': { name: 'intruder-team' },
      '/roles': { name: 'Intruder', permissions: [] },
      '/roles/{role_id}/assignments': { workspace_id: info.id, project_id: secret.project, user_id: outsider.proId },
      '/teams/{team_id}/members': { user_id: outsider.proId },
    };
    body = bodies[pattern] ?? (method === 'DELETE' ? undefined : { name: 'renamed-by-intruder', description: 'x', status: 'failed' });
  }
  if (pattern === '/api/v1/login') return { path, body: 'username=outsider&password=wrong', form: true };
  return { path, body };
}

function send(c: Client, method: string, s: Sample) {
  return c.request(method, s.path, s.body, s.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {});
}

/** Both APIs: each route table with the origin it is served at, and the outsider's client there. */
function apis() {
  return [
    { name: 'workspace API', routes: w.server.routes, anonymous: w.anonymous, outsider: outsider.client },
    { name: 'Pro API', routes: w.server.proRoutes, anonymous: new Client(w.server.proApiUrl!), outsider: outsider.pro },
  ];
}

test('the route tables cover the whole APIs and declare who may call each route', () => {
  const routes = w.server.routes;
  assert.ok(routes.length >= 40, `expected the full surface, got ${routes.length} routes`);
  const publicRoutes = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(publicRoutes.sort(), ['GET /api/v1/info', 'POST /api/v1/login']);
  assert.ok(w.server.proRoutes.length >= 20, `expected the Pro API, got ${w.server.proRoutes.length} routes`);
  assert.deepEqual(w.server.proRoutes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`), ['POST /auth/login']);
  assert.ok(!routes.some((r) => /roles|teams/.test(r.path)), 'members and roles are not on the workspace API');
  for (const r of [...routes, ...w.server.proRoutes]) assert.ok(['public', 'user', 'admin', 'project'].includes(r.access), `${r.method} ${r.path}`);
});

test('every non-public route refuses an anonymous caller with 401', async () => {
  for (const api of apis()) {
    for (const r of api.routes.filter((x) => x.access !== 'public')) {
      const s = await sampleFor(r.method, r.path);
      const res = await send(api.anonymous, r.method, s);
      assert.ok(isZenmlError(res, 401, 'AuthorizationException'), `${api.name}: ${r.method} ${r.path} → ${res.status} ${res.text}`);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
  }
});

test('the Pro API refuses every workspace credential: API key, access token', async () => {
  const token = await w.anonymous.login('', w.server.adminApiKey);
  const pro = new Client(w.server.proApiUrl!);
  for (const credential of [w.server.adminApiKey, token]) {
    for (const r of w.server.proRoutes.filter((x) => x.access !== 'public')) {
      const res = await send(pro.as(credential), r.method, await sampleFor(r.method, r.path));
      assert.ok(isZenmlError(res, 401, 'AuthorizationException'), `${r.method} ${r.path} → ${res.status} ${res.text}`);
    }
  }
  // And the workspace API takes no Pro credential.
  assert.equal((await w.anonymous.as(w.server.proApiKey).get('/api/v1/current-user')).status, 401);
});

test('every admin or project route refuses a non-member with 403', async () => {
  let count = 0;
  for (const api of apis()) {
    for (const r of api.routes.filter((x) => x.access === 'admin' || x.access === 'project')) {
      count++;
      const s = await sampleFor(r.method, r.path);
      const res = await send(api.outsider, r.method, s);
      assert.ok(isZenmlError(res, 403), `${api.name}: ${r.method} ${r.path} → ${res.status} ${res.text}`);
    }
  }
  assert.ok(count >= 30);
});

test('routes open to every user show a non-member nothing of the project', async () => {
  const open = apis().flatMap((api) => api.routes.filter((r) => r.access === 'user' && r.path !== '/api/v1/logout').map((r) => ({ ...r, client: api.outsider })));
  assert.ok(open.length >= 10);
  for (const r of open) {
    const s = await sampleFor(r.method, r.path);
    const res = await send(r.client, r.method, s);
    assert.notEqual(res.status, 401, `${r.method} ${r.path}`);
    assert.ok(res.status < 500, `${r.method} ${r.path} → ${res.status} ${res.text}`);
    for (const [what, value] of Object.entries(secret)) {
      if (what === 'member' || what === 'team') continue; // users and teams are workspace-wide
      assert.ok(!res.text.includes(value), `${r.method} ${r.path} reveals the project's ${what}: ${res.text.slice(0, 300)}`);
    }
    if (r.method !== 'GET') assert.equal(res.status, 403, `${r.method} ${r.path} changes something for a non-member: ${res.text}`);
  }
  // The guarded project's assignments stay hidden even when asked for by project.
  const viewerRole = await w.roleId('Project Viewer');
  const asked = await outsider.pro.get(`/roles/${viewerRole}/assignments?project_id=${secret.project}`);
  assert.deepEqual(asked.body, []);
  // Logout is the last open route: it only ever ends the caller's own session.
  const res = await outsider.client.get('/api/v1/logout');
  assert.equal(res.status, 200);
  assert.equal((await outsider.client.get('/api/v1/current-user')).status, 401);
});
