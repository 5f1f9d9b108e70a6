/**
 * What clean-up stands on: `only_unused` on artifact versions as ZenML's released filter defines
 * it (no run's output, no run's input; a model-version link does not count), the links of model
 * versions to artifact versions (`/api/v1/model_version_artifacts`), and who may delete what —
 * against the demo's own data and users, over HTTP.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACT_VERSION_FIELDS, type Client, errorText, isZenmlError, startTestWorkspace, type TestWorkspace } from './helpers';
import { CLEANUP } from '../../local-workspace/src/seed/demo';

let ws: TestWorkspace;
/** The demo's users, signed in with the passwords the seed wrote. */
const as: Record<string, Client> = {};
const P = `project=${CLEANUP.project}`;

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
  const { users } = JSON.parse(readFileSync(join(ws.dir, 'demo-credentials.json'), 'utf8')) as { users: { name: string; password: string }[] };
  for (const u of users) as[u.name] = ws.anonymous.as(await ws.anonymous.login(u.name, u.password));
});
after(() => ws.stop());

interface Version {
  id: string;
  body: { version: string; created: string; user_id: string; artifact: { name: string } };
}

async function versions(client: Client, query: string): Promise<{ total: number; names: string[]; items: Version[] }> {
  const r = await client.get(`/api/v1/artifact_versions?${P}&size=100&sort_by=asc:created&${query}`);
  assert.equal(r.status, 200, r.text);
  const items = r.body.items as Version[];
  assert.equal(items.length, r.body.total, 'one page holds them all');
  return { total: r.body.total, names: items.map((v) => `${v.body.artifact.name}/${v.body.version}`), items };
}

/** `fraud_features/N` for the demo's history versions N. */
const history = (pick: (v: (typeof CLEANUP.versions)[number]) => boolean) =>
  CLEANUP.versions.flatMap((v, i) => (pick(v) ? [`${CLEANUP.artifact}/${i + 1}`] : []));
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 19);

async function versionId(name: string): Promise<string> {
  const [artifact, version] = name.split('/');
  const r = await ws.admin.get(`/api/v1/artifact_versions?${P}&artifact=${artifact}&version=${version}`);
  assert.equal(r.body.total, 1, `${name}: ${r.text}`);
  return r.body.items[0].id;
}

describe('only_unused: no run produced or consumed it', () => {
  test("the demo's unused versions: its history, without the version a run consumes, with the one only a model version holds", async () => {
    const unused = await versions(ws.admin, 'only_unused=true');
    const expected = history((v) => !v.inputOf);
    assert.deepEqual(unused.names, expected);
    assert.ok(expected.includes(`${CLEANUP.artifact}/5`) && CLEANUP.versions[4].modelVersion, 'version 5 is linked to a model version and still unused (ZenML releases)');
    assert.ok(!unused.names.includes(`${CLEANUP.artifact}/4`), 'version 4 is an input of a run: used');
    // The current versions, outputs of a run, are used; so is every version of the other projects.
    for (const n of [8, 9, 10]) assert.ok(!unused.names.includes(`${CLEANUP.artifact}/${n}`));
    for (const p of ['recommendations', 'churn-prediction']) {
      assert.equal((await ws.admin.get(`/api/v1/artifact_versions?project=${p}&only_unused=true`)).body.total, 0, p);
    }
  });

  test('only_unused=false filters nothing, as ZenML applies the filter only when true; the totals agree', async () => {
    const all = await versions(ws.admin, '');
    assert.deepEqual((await versions(ws.admin, 'only_unused=false')).names, all.names);
    assert.equal(all.total, CLEANUP.versions.length + 3 + 3, 'fraud_features 1–10 and transactions 1–3');
    // Paging through the filtered list: the total is the filter's, not the project's counter.
    const page2 = await ws.admin.get(`/api/v1/artifact_versions?${P}&only_unused=true&size=4&page=2&sort_by=asc:created`);
    assert.equal(page2.status, 200, page2.text);
    assert.equal(page2.body.total, history((v) => !v.inputOf).length);
    assert.equal(page2.body.total_pages, 2);
    assert.deepEqual(
      page2.body.items.map((v: Version) => `${v.body.artifact.name}/${v.body.version}`),
      history((v) => !v.inputOf).slice(4),
    );
    const past = await ws.admin.get(`/api/v1/artifact_versions?${P}&only_unused=true&size=4&page=3`);
    assert.ok(isZenmlError(past, 400), past.text);
  });

  test('combined with created=lte:, artifact_id, user and the logical operator', async () => {
    const old = await versions(ws.admin, `only_unused=true&created=lte:${daysAgo(90)}`);
    assert.deepEqual(old.names, history((v) => !v.inputOf && v.ageDays > 90));
    const recent = await versions(ws.admin, `only_unused=true&created=gt:${daysAgo(90)}`);
    assert.deepEqual(recent.names, history((v) => !v.inputOf && v.ageDays <= 90));
    for (const v of old.items) assert.ok(v.body.created <= daysAgo(90).replace(' ', 'T'));

    const artifacts = (await ws.admin.get(`/api/v1/artifacts?${P}`)).body.items as { id: string; name: string }[];
    const transactions = artifacts.find((a) => a.name === 'transactions')!;
    assert.equal((await versions(ws.admin, `only_unused=true&artifact_id=${transactions.id}`)).total, 0);

    const grace = await versions(ws.admin, 'only_unused=true&user=grace');
    assert.deepEqual(grace.names, history((v) => !v.inputOf && v.creator === 'grace'));
    // `or` joins it with the other filters, as ZenML's generate_filter does with custom filters.
    const either = await versions(ws.admin, `logical_operator=or&only_unused=true&version=9`);
    assert.deepEqual(either.names.sort(), [...history((v) => !v.inputOf), `${CLEANUP.artifact}/9`].sort());
  });

  test("ArtifactVersionFilter's other filters: artifact, model, model version, run, version number, has_custom_name", async () => {
    const artifacts = (await ws.admin.get(`/api/v1/artifacts?${P}`)).body.items as { id: string; name: string }[];
    const features = artifacts.find((a) => a.name === CLEANUP.artifact)!;
    const byName = await versions(ws.admin, `artifact=${CLEANUP.artifact}`);
    assert.equal(byName.total, CLEANUP.versions.length + 3);
    assert.deepEqual((await versions(ws.admin, `artifact=${features.id}`)).names, byName.names);
    assert.equal((await versions(ws.admin, 'artifact=startswith:trans')).total, 3);
    assert.equal((await versions(ws.admin, 'artifact=no-such-artifact')).total, 0);
    // Held by the fraud-classifier model: version 5 (archived model version) and 10 (production).
    assert.deepEqual((await versions(ws.admin, 'model=fraud-classifier')).names.sort(), [`${CLEANUP.artifact}/10`, `${CLEANUP.artifact}/5`]);
    const archived = (await ws.admin.get(`/api/v1/model_versions?${P}&model=fraud-classifier&stage=archived`)).body.items[0].id;
    assert.deepEqual((await versions(ws.admin, `model_version_id=${archived}`)).names, [`${CLEANUP.artifact}/5`]);
    // A run's outputs and inputs: batch_inference-run-1 consumed version 4; feature_engineering-run-1 produced the current ones.
    const consumer = CLEANUP.versions.findIndex((v) => v.inputOf);
    assert.deepEqual((await versions(ws.admin, `pipeline_run=${CLEANUP.versions[consumer].inputOf}`)).names, [`${CLEANUP.artifact}/${consumer + 1}`]);
    assert.equal((await versions(ws.admin, 'pipeline_run=feature_engineering-run-1')).total, 6);
    assert.deepEqual((await versions(ws.admin, `artifact=${CLEANUP.artifact}&version_number=gte:9`)).names, [`${CLEANUP.artifact}/9`, `${CLEANUP.artifact}/10`].sort((x, y) => byName.names.indexOf(x) - byName.names.indexOf(y)));
    assert.equal((await versions(ws.admin, 'has_custom_name=false')).total, 0);
    assert.equal((await versions(ws.admin, 'materializer=contains:PandasMaterializer')).total, byName.total + 3);
    assert.equal((await versions(ws.admin, `artifact_store_id=${features.id}`)).total, 0, 'no artifact store holds anything here');
  });

  test('a value other than true or false is refused as the other boolean filters refuse it', async () => {
    for (const bad of ['maybe', 'contains:true', '2', '']) {
      const r = await ws.admin.get(`/api/v1/artifact_versions?${P}&only_unused=${bad}`);
      assert.ok(isZenmlError(r, 422, 'ValueError'), r.text);
      assert.match(errorText(r), /only_unused/);
      const other = await ws.admin.get(`/api/v1/artifacts?${P}&has_custom_name=${bad}`);
      assert.equal(other.status, r.status);
      assert.equal(errorText(other), errorText(r).replace('only_unused', 'has_custom_name'));
    }
  });

  test('a member whose role reads no artifact versions finds only the unused versions they made', async () => {
    const p = await ws.project('no-reads');
    const u = await ws.memberWithRole(
      'writer-only',
      {
        name: 'Artifact Writer',
        description: 'saves artifact versions, reads none but its own',
        permissions: [
          { resource_type: 'artifact', action: 'create' },
          { resource_type: 'artifact', action: 'read' },
          { resource_type: 'artifact_version', action: 'create' },
          { resource_type: 'model_version', action: 'read' },
        ],
      },
      p.id,
    );
    const mine = await u.client.post('/api/v1/artifact_versions?project=no-reads', { artifact_name: 'scratch', uri: 's3://x/1', ...ARTIFACT_VERSION_FIELDS });
    assert.equal(mine.status, 200, mine.text);
    const theirs = await ws.admin.post('/api/v1/artifact_versions?project=no-reads', { artifact_name: 'scratch', uri: 's3://x/2', ...ARTIFACT_VERSION_FIELDS });
    assert.equal((await ws.admin.get('/api/v1/artifact_versions?project=no-reads&only_unused=true')).body.total, 2);
    const seen = await u.client.get('/api/v1/artifact_versions?project=no-reads&only_unused=true');
    assert.deepEqual(seen.body.items.map((v: Version) => v.id), [mine.body.id]);
    assert.equal(seen.body.total, 1);

    // Links follow the same rule: of two links to a model version the member reads, they see the one to their own version.
    const model = await ws.admin.post('/api/v1/models?project=no-reads', { name: 'm' });
    const mv = await ws.admin.post('/api/v1/model_versions?project=no-reads', { model: model.body.id });
    for (const v of [mine.body.id, theirs.body.id]) {
      assert.equal((await ws.admin.post('/api/v1/model_version_artifacts', { model_version: mv.body.id, artifact_version: v })).status, 200);
    }
    // Links are all listed (ZenML's list route checks nothing beyond sign-in); the artifact version the member may not read is dehydrated.
    const links = (await u.client.get(`/api/v1/model_version_artifacts?model_version_id=${mv.body.id}&sort_by=asc:created`)).body;
    assert.equal(links.total, 2);
    const [own, other] = links.items;
    assert.equal(own.body.artifact_version.id, mine.body.id);
    assert.equal(own.body.artifact_version.permission_denied, false);
    assert.ok(own.body.artifact_version.body, 'their own version comes whole');
    assert.deepEqual(other.body.artifact_version, { id: theirs.body.id, permission_denied: true, body: null, metadata: null, resources: null });
    assert.equal(other.body.model_version, mv.body.id);
    assert.equal((await ws.admin.get(`/api/v1/model_version_artifacts?model_version_id=${mv.body.id}`)).body.total, 2);
  });
});

describe('used and unused follow the runs', () => {
  test("a run's output is used until the run is deleted; then it is unused (its output link went with it)", async () => {
    const q = 'project=lifecycle';
    await ws.project('lifecycle');
    const run = await ws.admin.post(`/api/v1/runs?${q}`, { name: 'producer', status: 'completed' });
    assert.equal(run.status, 200, run.text);
    const out = await ws.admin.post(`/api/v1/artifact_versions?${q}`, { artifact_name: 'model_input', uri: 's3://x/out', ...ARTIFACT_VERSION_FIELDS, save_type: 'step_output', producer_run_id: run.body.id });
    assert.equal(out.status, 200, out.text);
    const loose = await ws.admin.post(`/api/v1/artifact_versions?${q}`, { artifact_name: 'model_input', uri: 's3://x/loose', ...ARTIFACT_VERSION_FIELDS });
    const unused = async () => ((await ws.admin.get(`/api/v1/artifact_versions?${q}&only_unused=true`)).body.items as Version[]).map((v) => v.id);
    assert.deepEqual(await unused(), [loose.body.id]);
    assert.equal((await ws.admin.delete(`/api/v1/runs/${run.body.id}`)).status, 200);
    assert.deepEqual((await unused()).sort(), [out.body.id, loose.body.id].sort());
    assert.equal((await ws.admin.get(`/api/v1/artifact_versions/${out.body.id}`)).body.resources.producer_pipeline_run_id, null);
  });

  test('a version linked to a model version stays unused (ZenML releases), and the link does not make it used', async () => {
    const q = 'project=lifecycle';
    const model = await ws.admin.post(`/api/v1/models?${q}`, { name: 'm' });
    const mv = await ws.admin.post(`/api/v1/model_versions?${q}`, { model: model.body.id });
    const v = await ws.admin.post(`/api/v1/artifact_versions?${q}`, { artifact_name: 'weights', uri: 's3://x/w', ...ARTIFACT_VERSION_FIELDS, type: 'ModelArtifact' });
    const link = await ws.admin.post('/api/v1/model_version_artifacts', { model_version: mv.body.id, artifact_version: v.body.id });
    assert.equal(link.status, 200, link.text);
    const unused = (await ws.admin.get(`/api/v1/artifact_versions?${q}&only_unused=true&artifact=weights`)).body.items as Version[];
    assert.deepEqual(unused.map((x) => x.id), [v.body.id]);
  });

  test("the demo's consumed version becomes unused when its consuming run is deleted", async () => {
    const consumer = CLEANUP.versions.findIndex((v) => v.inputOf);
    const name = `${CLEANUP.artifact}/${consumer + 1}`;
    const runs = (await ws.admin.get(`/api/v1/runs?${P}&name=${CLEANUP.versions[consumer].inputOf}`)).body.items;
    assert.equal(runs.length, 1);
    assert.ok(!(await versions(ws.admin, 'only_unused=true')).names.includes(name));
    assert.equal((await ws.admin.delete(`/api/v1/runs/${runs[0].id}`)).status, 200);
    assert.ok((await versions(ws.admin, 'only_unused=true')).names.includes(name), 'its input link went with the run');
  });
});

describe('model version links', () => {
  /** The links of the demo's project (the tests above made others elsewhere). */
  let demoLinks: { id: string; body: { model_version: string; artifact_version: { id: string; body: { version: string; user_id: string } } } }[];
  before(async () => {
    const r = await ws.admin.get('/api/v1/model_version_artifacts?size=100');
    assert.equal(r.status, 200, r.text);
    const fraud = (await ws.admin.get(`/api/v1/projects/${CLEANUP.project}`)).body.id;
    demoLinks = r.body.items.filter((l: { body: { artifact_version: { body: { project_id: string } } } }) => l.body.artifact_version.body.project_id === fraud);
  });

  test('the demo links the production model to the newest features and the archived one to version 5', async () => {
    const ten = await versionId(`${CLEANUP.artifact}/10`);
    const five = await versionId(`${CLEANUP.artifact}/5`);
    assert.deepEqual(demoLinks.map((l) => l.body.artifact_version.id).sort(), [ten, five].sort());
    const stageOf = async (artifactVersionId: string) => {
      const byVersion = await ws.admin.get(`/api/v1/model_version_artifacts?artifact_version_id=${artifactVersionId}`);
      assert.equal(byVersion.body.total, 1);
      return (await ws.admin.get(`/api/v1/model_versions/${byVersion.body.items[0].body.model_version}`)).body.body.stage;
    };
    assert.equal(await stageOf(ten), 'production');
    assert.equal(await stageOf(five), 'archived');
  });

  test('filters: model version, artifact name, artifact type, creator, has_custom_name; sorting and paging', async () => {
    const mv = demoLinks[0].body.model_version;
    const byMv = await ws.admin.get(`/api/v1/model_version_artifacts?model_version_id=${mv}`);
    assert.ok(byMv.body.items.every((l: { body: { model_version: string } }) => l.body.model_version === mv));
    const total = (await ws.admin.get('/api/v1/model_version_artifacts')).body.total;
    assert.equal((await ws.admin.get('/api/v1/model_version_artifacts?artifact_name=fraud_features')).body.total, (await ws.admin.get('/api/v1/model_version_artifacts?artifact_name=startswith:fraud')).body.total);
    assert.equal((await ws.admin.get('/api/v1/model_version_artifacts?artifact_name=no-such')).body.total, 0);
    const data = (await ws.admin.get('/api/v1/model_version_artifacts?only_data_artifacts=true')).body.total;
    const models = (await ws.admin.get('/api/v1/model_version_artifacts?only_model_artifacts=true')).body.total;
    const deployments = (await ws.admin.get('/api/v1/model_version_artifacts?only_deployment_artifacts=true')).body.total;
    assert.equal(data + models + deployments, total, 'every link is data, model or deployment by its artifact type');
    assert.ok(models >= 1, 'the ModelArtifact linked above');
    assert.equal((await ws.admin.get('/api/v1/model_version_artifacts?only_model_artifacts=false')).body.total, total);
    const grace = (await ws.admin.get('/api/v1/model_version_artifacts?user=grace')).body.items;
    assert.ok(grace.length >= 1 && grace.every((l: (typeof demoLinks)[number]) => l.body.artifact_version.body.user_id === grace[0].body.artifact_version.body.user_id));
    assert.equal((await ws.admin.get('/api/v1/model_version_artifacts?has_custom_name=false')).body.total, 0, 'every demo artifact has a custom name');
    const page = await ws.admin.get('/api/v1/model_version_artifacts?size=1&page=2&sort_by=desc:created&hydrate=true');
    assert.equal(page.body.items.length, 1);
    assert.deepEqual(page.body.items[0].metadata, {});
    const bad = await ws.admin.get('/api/v1/model_version_artifacts?only_model_artifacts=perhaps');
    assert.ok(isZenmlError(bad, 422), bad.text);
  });

  test('a member gets every link of their projects, counted in total; someone of no project gets none', async () => {
    const all = (await ws.admin.get('/api/v1/model_version_artifacts?size=100')).body;
    const kenProjects = new Set(((await as.ken.get('/api/v1/projects?size=100')).body.items as { id: string }[]).map((p) => p.id));
    type Link = { id: string; body: { artifact_version: { permission_denied: boolean; body: { project_id: string } | null } } };
    const expected = (all.items as Link[]).filter((l) => kenProjects.has(l.body.artifact_version.body!.project_id));
    const fraud = (await ws.admin.get(`/api/v1/projects/${CLEANUP.project}`)).body.id;
    assert.ok(expected.some((l) => l.body.artifact_version.body!.project_id === fraud), 'the demo links versions of fraud-detection, where ken is a Viewer');
    const kens = (await as.ken.get('/api/v1/model_version_artifacts?size=100')).body;
    assert.equal(kens.total, expected.length);
    assert.deepEqual((kens.items as Link[]).map((l) => l.id), expected.map((l) => l.id));
    assert.ok((kens.items as Link[]).every((l) => !l.body.artifact_version.permission_denied), 'a Viewer reads every version of their projects');
    // ZenML would list the links dehydrated; the local workspace tells a non-member nothing of a project.
    const outsider = await ws.user('outsider');
    const hidden = await outsider.client.get('/api/v1/model_version_artifacts?size=100');
    assert.equal(hidden.status, 200);
    assert.equal(hidden.body.total, 0);
    assert.equal((await ws.anonymous.get('/api/v1/model_version_artifacts')).status, 401);
  });

  test('a role that deletes artifact versions but reads no models still finds their model links', async () => {
    const project = (await ws.admin.get(`/api/v1/projects/${CLEANUP.project}`)).body;
    const u = await ws.memberWithRole(
      'links-cleaner',
      {
        name: 'links-cleaner',
        permissions: [
          { resource_type: 'artifact', action: 'read' },
          { resource_type: 'artifact_version', action: 'read' },
          { resource_type: 'artifact_version', action: 'delete' },
        ],
      },
      project.id,
    );
    const linked = CLEANUP.versions.findIndex((v) => v.modelVersion) + 1;
    const [v] = (await versions(ws.admin, `artifact=${CLEANUP.artifact}&version=${linked}`)).items;
    const mvs = await u.client.get(`/api/v1/models?${P}`);
    assert.ok(mvs.status === 403 || mvs.body.total === 0, `the role reads no models: ${mvs.text}`);
    const links = await u.client.get(`/api/v1/model_version_artifacts?artifact_version_id=${v.id}`);
    assert.equal(links.status, 200, links.text);
    assert.equal(links.body.total, 1);
    assert.equal(links.body.items[0].body.artifact_version.id, v.id);
    assert.equal(links.body.items[0].body.artifact_version.permission_denied, false);
  });

  test('creating a link needs update rights on the model version: a Viewer and a Contributor on others’ versions are refused', async () => {
    const mvs = (await ws.admin.get(`/api/v1/model_versions?${P}&model=fraud-classifier&sort_by=asc:number`)).body.items;
    const staging = mvs.find((m: { body: { stage: string } }) => m.body.stage === 'staging').id;
    const v1 = await versionId(`${CLEANUP.artifact}/1`);
    const byViewer = await as.ken.post('/api/v1/model_version_artifacts', { model_version: staging, artifact_version: v1 });
    assert.ok(isZenmlError(byViewer, 403), byViewer.text);
    const byContributor = await as.grace.post('/api/v1/model_version_artifacts', { model_version: staging, artifact_version: v1 });
    assert.ok(isZenmlError(byContributor, 403), byContributor.text);
    assert.match(errorText(byContributor), /update others' model versions/);
    // A Contributor links to a model version of their own.
    const mine = await as.grace.post(`/api/v1/model_versions?${P}`, { model: mvs[0].body.model.id });
    assert.equal(mine.status, 200, mine.text);
    const linked = await as.grace.post('/api/v1/model_version_artifacts', { model_version: mine.body.id, artifact_version: v1 });
    assert.equal(linked.status, 200, linked.text);
    // A Developer may link to anyone's.
    assert.equal((await as.alan.post('/api/v1/model_version_artifacts', { model_version: staging, artifact_version: v1 })).status, 200);
    // A non-member learns nothing; an artifact version of another project does not exist here.
    const outsider = await ws.user('outsider-2');
    assert.ok(isZenmlError(await outsider.client.post('/api/v1/model_version_artifacts', { model_version: staging, artifact_version: v1 }), 403));
    const elsewhere = (await ws.admin.get('/api/v1/artifact_versions?project=recommendations&size=1')).body.items[0].id;
    const cross = await ws.admin.post('/api/v1/model_version_artifacts', { model_version: staging, artifact_version: elsewhere });
    assert.ok(isZenmlError(cross, 404, 'KeyError'), cross.text);
  });
});

describe('deleting unused versions: by role, and through links', () => {
  test('a Viewer may delete nothing; a Contributor only what they made; a Developer anything', async () => {
    const v1 = await versionId(`${CLEANUP.artifact}/1`); // ada's
    const v2 = await versionId(`${CLEANUP.artifact}/2`); // grace's
    const v3 = await versionId(`${CLEANUP.artifact}/3`); // alan's
    const v6 = await versionId(`${CLEANUP.artifact}/6`); // barbara's
    assert.deepEqual(
      [CLEANUP.versions[0].creator, CLEANUP.versions[1].creator, CLEANUP.versions[2].creator, CLEANUP.versions[5].creator],
      ['ada', 'grace', 'alan', 'barbara'],
    );
    const byViewer = await as.ken.delete(`/api/v1/artifact_versions/${v2}`);
    assert.ok(isZenmlError(byViewer, 403), byViewer.text);
    const othersByContributor = await as.grace.delete(`/api/v1/artifact_versions/${v1}`);
    assert.ok(isZenmlError(othersByContributor, 403), othersByContributor.text);
    assert.equal((await as.grace.delete(`/api/v1/artifact_versions/${v2}`)).status, 200);
    assert.equal((await as.alan.delete(`/api/v1/artifact_versions/${v6}`)).status, 200, "a Developer deletes barbara's");
    assert.equal((await as.alan.delete(`/api/v1/artifact_versions/${v3}`)).status, 200);
    // Outside the project: edsger is a Viewer of recommendations only.
    const outside = await as.edsger.delete(`/api/v1/artifact_versions/${v1}`);
    assert.equal(outside.status, 403, outside.text);
    const left = (await versions(ws.admin, 'only_unused=true')).names;
    for (const gone of [2, 3, 6]) assert.ok(!left.includes(`${CLEANUP.artifact}/${gone}`));
    assert.ok(left.includes(`${CLEANUP.artifact}/1`));
  });

  test('a version a model version holds is deleted with its link, by its creator', async () => {
    const five = await versionId(`${CLEANUP.artifact}/5`);
    assert.equal((await ws.admin.get(`/api/v1/model_version_artifacts?artifact_version_id=${five}`)).body.total, 1);
    // grace made version 5; ada's model version holds it: the link does not stop its creator.
    const r = await as.grace.delete(`/api/v1/artifact_versions/${five}`);
    assert.equal(r.status, 200, r.text);
    assert.equal((await ws.admin.get(`/api/v1/model_version_artifacts?artifact_version_id=${five}`)).body.total, 0);
    assert.equal((await ws.admin.get(`/api/v1/artifact_versions/${five}`)).status, 404);
  });

  test('a version a run consumes is deleted with its input link; the run stays', async () => {
    // A workspace of its own: the one above deleted the demo's consuming run.
    const w2 = await startTestWorkspace({ seed: 'demo' });
    try {
      const consumer = CLEANUP.versions.findIndex((v) => v.inputOf);
      const [artifact, version] = [CLEANUP.artifact, String(consumer + 1)];
      const v = (await w2.admin.get(`/api/v1/artifact_versions?${P}&artifact=${artifact}&version=${version}&only_unused=false`)).body.items[0];
      assert.equal((await w2.admin.get(`/api/v1/artifact_versions?${P}&only_unused=true&version=${version}&artifact=${artifact}`)).body.total, 0, 'used: a run consumes it');
      const run = (await w2.admin.get(`/api/v1/runs?${P}&name=${CLEANUP.versions[consumer].inputOf}`)).body.items[0];
      assert.equal((await w2.admin.delete(`/api/v1/artifact_versions/${v.id}`)).status, 200);
      assert.equal((await w2.admin.get(`/api/v1/artifact_versions/${v.id}`)).status, 404);
      assert.equal((await w2.admin.get(`/api/v1/runs/${run.id}`)).status, 200);
      // The run can go now too, with nothing left to unlink.
      assert.equal((await w2.admin.delete(`/api/v1/runs/${run.id}`)).status, 200);
    } finally {
      await w2.stop();
    }
  });
});
