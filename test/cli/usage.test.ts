/**
 * `zenml-projects usage` against the demo local workspace: the counts per project from the
 * statistics endpoint and list totals, runs in the last 30 days and the newest run's date.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliAgainst } from '../lib/cliAgainst';
import { startTestWorkspace, TestWorkspace } from '../local-workspace/helpers';

let ws: TestWorkspace;

const cli = (args: string[]) => cliAgainst(ws, args);

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
});
after(() => ws.stop());

test('usage of named projects as JSON: the counts the workspace reports', async () => {
  const r = await cli(['usage', 'fraud-detection', 'churn-prediction', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const [fraud, churn] = JSON.parse(r.out);
  const total = async (route: string, project: string) => (await ws.admin.get(`/api/v1/${route}?project=${project}&size=1`)).body.total as number;
  assert.deepEqual(
    { ...fraud, newestRun: typeof fraud.newestRun },
    { project: 'fraud-detection', pipelines: 3, runs: await total('runs', 'fraud-detection'), artifacts: await total('artifacts', 'fraud-detection'), models: 1, recentRuns: await total('runs', 'fraud-detection'), recentDays: 30, newestRun: 'string' },
  );
  assert.equal(fraud.artifacts, 2);
  assert.equal(churn.pipelines, 2);
  // The demo's runs were all made just now: every run is recent, and the newest is from today.
  assert.equal(churn.recentRuns, churn.runs);
  assert.equal(fraud.newestRun.slice(0, 10), new Date().toISOString().slice(0, 10));
});

test('usage of every project as text, one line each', async () => {
  const r = await cli(['usage']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.ok(lines.some((l) => /^fraud-detection: 3 pipelines, 12 runs \(12 in the last 30 days, newest run \d{4}-\d\d-\d\d\), 2 artifacts, 1 model$/.test(l)), r.out);
  assert.ok(lines.some((l) => /^default: 0 pipelines, 0 runs \(0 in the last 30 days, no runs yet\), 0 artifacts, 0 models$/.test(l)), r.out);
});

test('an unknown project is an error with the workspace\'s sentence', async () => {
  const r = await cli(['usage', 'no-such-project']);
  assert.equal(r.code, 1);
  assert.match(r.err, /no-such-project/);
});
