/**
 * `zenml-projects usage` against the demo local workspace: the counts per project from the
 * statistics endpoint and list totals (artifact versions too), runs in the last 30 days and the
 * newest run's date — and, for a member whose role reads only the runs they created, statistics
 * and lists that agree.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliAgainst } from '../lib/cliAgainst';
import { startTestWorkspace, TestWorkspace } from '../local-workspace/helpers';

let ws: TestWorkspace;

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => cliAgainst(ws, args, process.cwd(), env);

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
});
after(() => ws.stop());

/** A list's total for the project, as `as` (the admin by default) may list it. */
async function total(route: string, project: string, as = ws.admin): Promise<number> {
  const res = await as.get(`/api/v1/${route}?project=${project}&size=1`);
  assert.equal(res.status, 200, res.text);
  return res.body.total as number;
}

test('usage of named projects as JSON: the counts the workspace reports', async () => {
  const r = await cli(['usage', 'fraud-detection', 'churn-prediction', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const [fraud, churn] = JSON.parse(r.out);
  assert.deepEqual(
    { ...fraud, newestRun: typeof fraud.newestRun },
    {
      project: 'fraud-detection',
      pipelines: 3,
      runs: await total('runs', 'fraud-detection'),
      artifacts: await total('artifacts', 'fraud-detection'),
      artifactVersions: await total('artifact_versions', 'fraud-detection'),
      models: 1,
      recentRuns: await total('runs', 'fraud-detection'),
      recentDays: 30,
      newestRun: 'string',
    },
  );
  assert.equal(fraud.artifacts, 2);
  assert.ok(fraud.artifactVersions > fraud.artifacts, 'the demo keeps several versions of its artifacts');
  assert.equal(churn.pipelines, 2);
  // The demo's runs were all made just now: every run is recent, and the newest is from today.
  assert.equal(churn.recentRuns, churn.runs);
  assert.equal(fraud.newestRun.slice(0, 10), new Date().toISOString().slice(0, 10));
});

test('usage of every project as text, one line each', async () => {
  const r = await cli(['usage']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  const versions = await total('artifact_versions', 'fraud-detection');
  const fraud = new RegExp(`^fraud-detection: 3 pipelines, 12 runs \\(12 in the last 30 days, newest run \\d{4}-\\d\\d-\\d\\d\\), 2 artifacts \\(${versions} versions\\), 1 model$`);
  assert.ok(lines.some((l) => fraud.test(l)), r.out);
  assert.ok(lines.some((l) => /^default: 0 pipelines, 0 runs \(0 in the last 30 days, no runs yet\), 0 artifacts \(0 versions\), 0 models$/.test(l)), r.out);
});

test('a member whose role reads no runs: the statistics and the lists count the runs they created', async () => {
  const project = (await ws.admin.get('/api/v1/projects/fraud-detection')).body.id as string;
  const member = await ws.memberWithRole(
    'run-blind',
    {
      name: 'Pipeline Reader',
      description: 'reads pipelines, artifacts and models, makes runs, reads only its own',
      permissions: [...['pipeline', 'artifact', 'model'].map((resource_type) => ({ resource_type, action: 'read' })), { resource_type: 'pipeline_run', action: 'create' }],
    },
    project,
  );
  const pipeline = (await member.client.get('/api/v1/pipelines?project=fraud-detection&size=1')).body.items[0].id as string;
  const run = await member.client.post('/api/v1/runs', { project, pipeline_id: pipeline, name: 'run-blind-1', status: 'completed' });
  assert.equal(run.status, 200, run.text);
  const token = await ws.anonymous.login('run-blind', 'pw-run-blind-secret');
  const as = { ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: token };

  const runs = await total('runs', 'fraud-detection', member.client);
  assert.equal(runs, 1, 'the member lists the one run they created');
  assert.ok(runs < (await total('runs', 'fraud-detection')), 'of more in the project');

  const r = await cli(['usage', 'fraud-detection', '--format', 'json'], as);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out), [
    {
      project: 'fraud-detection',
      pipelines: await total('pipelines', 'fraud-detection', member.client),
      runs,
      artifacts: await total('artifacts', 'fraud-detection', member.client),
      artifactVersions: await total('artifact_versions', 'fraud-detection', member.client),
      models: await total('models', 'fraud-detection', member.client),
      recentRuns: runs,
      recentDays: 30,
      newestRun: run.body.body.created,
    },
  ]);

  const text = await cli(['usage', 'fraud-detection'], as);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, new RegExp(`^fraud-detection: 3 pipelines, 1 run \\(1 in the last 30 days, newest run ${run.body.body.created.slice(0, 10)}\\), `));
});

test('an unknown project is an error with the workspace\'s sentence', async () => {
  const r = await cli(['usage', 'no-such-project']);
  assert.equal(r.code, 1);
  assert.match(r.err, /no-such-project/);
});
