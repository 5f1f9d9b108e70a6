/**
 * The clean-up use case (core/sync/artifactPrune.ts) against the demo local workspace, through
 * the real API client: what it lists and keeps, and how a deletion run ends — a version already
 * gone, cancellation between deletions, credentials refused halfway.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ZenmlApi } from '../../../common/api/zenmlApi';
import { countOutcomes, deleteArtifactVersions, keptReason, listUnusedArtifactVersions, pruneSucceeded, versionLabel } from '../../../core/sync/artifactPrune';
import { CLEANUP } from '../../../local-workspace/src/seed/demo';
import { startTestWorkspace, type TestWorkspace } from '../../local-workspace/helpers';

let ws: TestWorkspace;
let api: ZenmlApi;

const unused = CLEANUP.versions.flatMap((v, i) => (v.inputOf || v.modelVersion ? [] : [i + 1]));
const kept = CLEANUP.versions.findIndex((v) => v.modelVersion) + 1;

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
  api = new ZenmlApi({ url: ws.server.url, credentials: { apiKey: ws.server.adminApiKey } });
});
after(() => ws.stop());

test('lists the unused versions (artifact, version, date, creator), oldest first; keeps the model-linked one and says which model holds it', async () => {
  const progress: string[] = [];
  const l = await listUnusedArtifactVersions(api, CLEANUP.project, { onProgress: (p) => progress.push(p.phase) });
  assert.equal(l.project, 'fraud-detection');
  assert.match(l.projectUuid, /^[0-9a-f-]{36}$/);
  assert.equal(l.cutoff, null);
  assert.deepEqual(
    l.candidates.map((v) => ({ label: versionLabel(v), creator: v.creator, day: v.created.slice(0, 10) })),
    unused.map((n) => ({
      label: `fraud_features:${n}`,
      creator: CLEANUP.versions[n - 1].creator,
      day: new Date(Date.now() - CLEANUP.versions[n - 1].ageDays * 86_400_000).toISOString().slice(0, 10),
    })),
  );
  assert.deepEqual(l.kept.map(versionLabel), [`fraud_features:${kept}`]);
  assert.equal(l.kept[0].links, 1);
  assert.equal(keptReason(l.kept[0]), `linked to model fraud-classifier version ${l.kept[0].modelVersion!.version}`);
  assert.ok(progress.includes('listing') && progress.includes('checking'), progress.join());
});

test('the age filter is inclusive of the cutoff and reported', async () => {
  const now = new Date();
  const l = await listUnusedArtifactVersions(api, CLEANUP.project, { olderThanDays: 100, now });
  assert.equal(l.olderThanDays, 100);
  assert.equal(l.cutoff, new Date(now.getTime() - 100 * 86_400_000).toISOString());
  assert.deepEqual(
    l.candidates.map((v) => Number(v.version)),
    unused.filter((n) => CLEANUP.versions[n - 1].ageDays >= 100),
  );
});

test('an unknown project is the API error, not an empty list', async () => {
  await assert.rejects(listUnusedArtifactVersions(api, 'no-such-project'), (e: Error) => /no-such-project/.test(e.message));
});

test('a version deleted meanwhile is reported gone; cancelling stops between deletions, the one under way finished', async () => {
  const l = await listUnusedArtifactVersions(api, CLEANUP.project);
  const [first, second, ...rest] = l.candidates;
  const gone = await ws.admin.delete(`/api/v1/artifact_versions/${first.id}`);
  assert.equal(gone.status, 200, gone.text);
  const controller = new AbortController();
  const seen: string[] = [];
  const r = await deleteArtifactVersions(api, CLEANUP.project, l.candidates, {
    signal: controller.signal,
    onProgress: ({ done, total, outcome }) => {
      seen.push(`${done}/${total} ${outcome.result}`);
      if (done === 2) controller.abort();
    },
  });
  assert.deepEqual(seen, [`1/${l.candidates.length} gone`, `2/${l.candidates.length} deleted`]);
  assert.deepEqual(r.outcomes.map((o) => [o.version.id, o.result]), [[first.id, 'gone'], [second.id, 'deleted']]);
  assert.deepEqual(r.notAttempted.map((v) => v.id), rest.map((v) => v.id));
  assert.equal(r.stopped?.why, 'cancelled');
  assert.equal(r.stopped?.message, `Cancelled: ${rest.length} of ${l.candidates.length} artifact versions were not deleted.`);
  assert.equal(pruneSucceeded(r), false);
  assert.equal((await ws.admin.get(`/api/v1/artifact_versions/${second.id}`)).status, 404);
  assert.equal((await ws.admin.get(`/api/v1/artifact_versions/${rest[0].id}`)).status, 200, 'not attempted: still there');
});

test('credentials refused halfway stop the run with a sentence; nothing more is attempted', async () => {
  const l = await listUnusedArtifactVersions(api, CLEANUP.project);
  assert.ok(l.candidates.length >= 2, 'versions left to delete');
  const revoked = new ZenmlApi({ url: ws.server.url, credentials: { accessToken: 'revoked-access-token' } });
  const r = await deleteArtifactVersions(revoked, CLEANUP.project, l.candidates);
  assert.deepEqual(r.outcomes, []);
  assert.equal(r.notAttempted.length, l.candidates.length);
  assert.equal(r.stopped?.why, 'credentials');
  assert.match(r.stopped!.message, /credentials.*Stopped: \d+ of \d+ artifact versions were not deleted\.$/s);
  assert.deepEqual(countOutcomes(r), { deleted: 0, refused: 0, gone: 0, failed: 0, notAttempted: l.candidates.length });
  for (const v of l.candidates) assert.equal((await ws.admin.get(`/api/v1/artifact_versions/${v.id}`)).status, 200);
});

test('a run that deletes everything it was given succeeds', async () => {
  const l = await listUnusedArtifactVersions(api, CLEANUP.project);
  const r = await deleteArtifactVersions(api, CLEANUP.project, l.candidates);
  assert.equal(pruneSucceeded(r), true);
  assert.equal(countOutcomes(r).deleted, l.candidates.length);
  const after = await listUnusedArtifactVersions(api, CLEANUP.project);
  assert.deepEqual(after.candidates, []);
  assert.deepEqual(after.kept.map(versionLabel), [`fraud_features:${kept}`], 'the model-linked version stays');
});
