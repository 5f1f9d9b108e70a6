/**
 * Bad input gets a clear 4xx, never a 500 or a changed database: malformed JSON, oversized
 * bodies, wrong content types, values of the wrong type, and SQL metacharacters in every string
 * field (stored and returned verbatim, matched literally by filters).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { ARTIFACT_VERSION_FIELDS, errorText, isZenmlError, startTestWorkspace, type TestWorkspace } from './helpers';

let w: TestWorkspace;
before(async () => {
  w = await startTestWorkspace();
});
after(async () => {
  await w.stop();
});

const NASTY = [
  "x'; DROP TABLE projects; --",
  'x" OR "1"="1',
  "%' OR 1=1 --",
  '_%\\',
  'Robert\'); DELETE FROM users WHERE (\'1\'=\'1',
  '; PRAGMA writable_schema=1; /*',
  'ünïcödé ✓ 😀',
];

describe('request bodies', () => {
  test('malformed JSON is a 422 that says so', async () => {
    for (const raw of ['{', '{"name": }', 'not json', '{"name":"a",}']) {
      const r = await w.admin.request('POST', '/api/v1/projects', raw);
      assert.ok(isZenmlError(r, 422, 'ValueError'), `${raw} → ${r.status}`);
      assert.match(errorText(r), /not valid JSON/);
    }
    for (const raw of ['[]', '"a string"', '42', 'null']) {
      const r = await w.admin.request('POST', '/api/v1/projects', raw);
      assert.ok(isZenmlError(r, 422), `${raw} → ${r.status}`);
      assert.match(errorText(r), /JSON object/);
    }
  });

  test('wrong content types are 422: JSON endpoints want JSON, login wants a form', async () => {
    const asForm = await w.admin.request('POST', '/api/v1/projects', 'name=formy', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.ok(isZenmlError(asForm, 422));
    assert.match(errorText(asForm), /application\/json/);
    const asText = await w.admin.request('POST', '/api/v1/projects', '{"name":"texty"}', { 'content-type': 'text/plain' });
    assert.ok(isZenmlError(asText, 422));
    const noType = await new Promise<number>((resolve, reject) => {
      const url = new URL(w.server.url + '/api/v1/projects');
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${w.server.adminApiKey}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{"name":"typeless"}');
    });
    assert.equal(noType, 422);
    const jsonLogin = await w.anonymous.request('POST', '/api/v1/login', { password: w.server.adminApiKey });
    assert.ok(isZenmlError(jsonLogin, 422));
    assert.match(errorText(jsonLogin), /x-www-form-urlencoded/);
    assert.equal((await w.admin.get('/api/v1/projects?name=oneof:["formy","texty","typeless"]')).body.total, 0, 'nothing was created');
  });

  test('an oversized body is refused with 413 without being read to the end', async () => {
    const big = JSON.stringify({ name: 'big', description: 'x'.repeat(2 * 1024 * 1024) });
    const r = await w.admin.request('POST', '/api/v1/projects', big);
    assert.equal(r.status, 413);
    assert.match(errorText(r), /at most/);
    // Declared too large without a Content-Length match: the streamed check catches it too.
    const chunked = await new Promise<number>((resolve, reject) => {
      const url = new URL(w.server.url + '/api/v1/projects');
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${w.server.adminApiKey}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve(413) : reject(err)));
      const chunk = 'x'.repeat(64 * 1024);
      req.write('{"name":"chunky","description":"');
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end('"}');
    });
    assert.equal(chunked, 413);
    assert.equal((await w.admin.get('/api/v1/projects/big')).status, 404);
    assert.equal((await w.admin.get('/api/v1/info')).status, 200, 'the server is fine afterwards');
  });

  test('fields of the wrong type are 422 naming the field', async () => {
    const p = await w.project('typed');
    const cases: [string, unknown, RegExp][] = [
      ['/api/v1/projects', { name: ['a'] }, /'name' must be a string/],
      ['/api/v1/projects', { name: 'ok-name', description: 5 }, /'description'/],
      ['/api/v1/pipelines?project=typed', { name: null }, /'name' is required/],
      ['/api/v1/runs?project=typed', { name: 'r', status: 'done' }, /'status' must be one of/],
      ['/api/v1/runs?project=typed', { name: 'r', pipeline_id: 'nope' }, /'pipeline_id' must be a UUID/],
      ['/api/v1/runs?project=typed', { name: 'r', start_time: 'tuesday' }, /'start_time'/],
      ['/api/v1/runs?project=typed', { name: 'r', config: [1] }, /'config' must be a JSON object/],
      ['/api/v1/users', { name: 'u', active: 'yes' }, /'active' must be true or false/],
      ['/api/v1/artifact_versions?project=typed', { ...ARTIFACT_VERSION_FIELDS, artifact_name: 'a' }, /'uri' is required/],
      ['/api/v1/artifact_versions?project=typed', { ...ARTIFACT_VERSION_FIELDS, artifact_name: 'a', uri: 's3://a', save_type: 'later' }, /'save_type' must be one of/],
      ['/api/v1/artifact_versions?project=typed', { ...ARTIFACT_VERSION_FIELDS, artifact_name: 'a', uri: 's3://a', materializer: undefined }, /'materializer' is required/],
      ['/teams', { name: '' }, /'name' must not be empty/],
    ];
    for (const [path, body, message] of cases) {
      const r = await (path.startsWith('/api/') ? w.admin : w.pro).post(path, body);
      assert.ok(isZenmlError(r, 422), `${path} ${JSON.stringify(body)} → ${r.status} ${r.text}`);
      assert.match(errorText(r), message);
    }
    assert.equal((await w.admin.get(`/api/v1/projects/${p.id}/statistics`)).body.runs, 0);
  });

  test('a NUL character (which SQLite would cut the text at) is refused, not stored cut short', async () => {
    const body = await w.admin.post('/api/v1/projects', { name: 'nul-proj', display_name: 'a\u0000b' });
    assert.ok(isZenmlError(body, 422));
    assert.match(errorText(body), /NUL/);
    assert.ok(isZenmlError(await w.admin.post('/api/v1/projects', { name: 'nul-proj', extra: { 'k\u0000': 1 } }), 422));
    assert.ok(isZenmlError(await w.admin.get('/api/v1/projects?name=a%00b'), 422));
    assert.ok(isZenmlError(await w.admin.get('/api/v1/users/admin%00x'), 422));
    const form = await w.anonymous.request('POST', '/api/v1/login', 'username=admin%00x&password=y', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.ok(isZenmlError(form, 422));
    assert.equal((await w.admin.get('/api/v1/projects/nul-proj')).status, 404);
  });

  test('bad percent-encoding in a path is a 422, not a crash', async () => {
    const r = await w.admin.get('/api/v1/projects/%E0%A4%A');
    assert.equal(r.status, 422);
  });
});

describe('SQL metacharacters in every string field', () => {
  test('are stored and returned verbatim, and filters match them literally', async () => {
    const before = (await w.admin.get('/api/v1/projects?size=1000')).body.total;
    let i = 0;
    for (const nasty of NASTY) {
      i++;
      const project = await w.admin.post('/api/v1/projects', { name: `nasty-${i}`, display_name: nasty, description: nasty });
      assert.equal(project.status, 200, project.text);
      assert.equal(project.body.body.display_name, nasty);
      assert.equal(project.body.metadata.description, nasty);
      assert.equal((await w.admin.put(`/api/v1/projects/${project.body.id}`, { description: nasty + '!' })).body.metadata.description, nasty + '!');
      const scope = `?project=nasty-${i}`;
      const pipe = await w.admin.post(`/api/v1/pipelines${scope}`, { name: nasty, description: nasty });
      assert.equal(pipe.body.name, nasty);
      const run = await w.admin.post(`/api/v1/runs${scope}`, { name: nasty, pipeline_id: pipe.body.id, orchestrator_run_id: nasty, config: { [nasty]: nasty } });
      assert.equal(run.body.name, nasty);
      assert.equal(run.body.metadata.orchestrator_run_id, nasty);
      assert.deepEqual(run.body.metadata.config, { [nasty]: nasty });
      const art = await w.admin.post(`/api/v1/artifact_versions${scope}`, { ...ARTIFACT_VERSION_FIELDS, artifact_name: nasty, version: nasty, uri: nasty, materializer: nasty, data_type: nasty });
      assert.equal(art.status, 200, art.text);
      assert.equal(art.body.body.artifact.name, nasty);
      assert.equal(art.body.body.version, nasty);
      assert.equal(art.body.body.uri, nasty);
      const model = await w.admin.post(`/api/v1/models${scope}`, { name: nasty, description: nasty, license: nasty, audience: nasty, use_cases: nasty, limitations: nasty, trade_offs: nasty, ethics: nasty });
      assert.equal(model.body.metadata.ethics, nasty);
      const mv = await w.admin.post(`/api/v1/model_versions${scope}`, { model: model.body.id, name: nasty, description: nasty });
      assert.equal(mv.body.name, nasty);
      const user = await w.admin.post('/api/v1/users', { name: `user-${i}-${nasty}`.trim(), full_name: nasty, email: nasty, password: `${nasty}-password`, active: true });
      assert.equal(user.status, 200, user.text);
      assert.equal(user.body.body.full_name, nasty);
      assert.ok(await w.anonymous.login(`user-${i}-${nasty}`.trim(), `${nasty}-password`), 'a password with metacharacters works');
      const team = await w.pro.post('/teams', { name: `team ${nasty}`, description: nasty });
      assert.equal(team.body.description, nasty);
      const role = await w.pro.post('/roles', { name: `role ${nasty}`, description: nasty });
      assert.equal(role.body.description, nasty);

      // Filters treat the text literally: each finds exactly its own row.
      const enc = encodeURIComponent;
      for (const op of ['', 'equals:', 'contains:', 'startswith:', 'endswith:']) {
        const pipes = await w.admin.get(`/api/v1/pipelines${scope}&name=${enc(op + nasty)}`);
        assert.equal(pipes.body.total, 1, `pipelines name=${op}${nasty}`);
      }
      assert.equal((await w.admin.get(`/api/v1/projects?display_name=${enc('contains:' + nasty)}`)).body.total, 1, `display_name contains ${nasty}`);
      assert.equal((await w.admin.get(`/api/v1/users?full_name=${enc(nasty)}`)).body.total, 1);
      assert.equal((await w.pro.get(`/teams?name=${enc(nasty)}`)).body.length, 1);
      assert.equal((await w.admin.get(`/api/v1/models${scope}&name=${enc(nasty)}`)).body.items[0]?.id, model.body.id, 'models by a name with metacharacters');
      assert.equal((await w.admin.get(`/api/v1/model_versions${scope}&model=${enc(nasty)}`)).body.total, 1, 'model versions scoped by that name');
    }
    assert.equal((await w.admin.get('/api/v1/projects?size=1000')).body.total, before + NASTY.length, 'no table was dropped or emptied');
    assert.equal((await w.admin.get('/api/v1/users?name=admin')).body.total, 1);
  });
});
