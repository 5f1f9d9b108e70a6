/**
 * The clean-up use case (core/sync/artifactPrune.ts) against the demo local workspace, through
 * the real API client: what it lists and keeps, and how a deletion run ends — a version already
 * gone, one in use by the time it is deleted, cancellation between deletions, credentials refused
 * halfway, an answer lost after the request was sent. Faults are a proxy in front of the real
 * workspace.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ZenmlApi } from '../../../common/api/zenmlApi';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countOutcomes, deleteArtifactVersions, formatOutcome, keptReason, listUnusedArtifactVersions, pruneSucceeded, UNKNOWN_OUTCOME, versionLabel } from '../../../core/sync/artifactPrune';
import { CLEANUP } from '../../../local-workspace/src/seed/demo';
import { HostileProxy } from '../../lib/hostileProxy';
import { startTestWorkspace, type TestWorkspace } from '../../local-workspace/helpers';

let ws: TestWorkspace;
let api: ZenmlApi;

const unused = CLEANUP.versions.flatMap((v, i) => (v.inputOf || v.modelVersion ? [] : [i + 1]));
const kept = CLEANUP.versions.findIndex((v) => v.modelVersion) + 1;
const consumed = CLEANUP.versions.findIndex((v) => v.inputOf) + 1;

/** Runs `fn` on a demo workspace of its own, for a test that deletes what the others count on. */
async function onFreshWorkspace(fn: (ws: TestWorkspace, api: ZenmlApi) => Promise<void>): Promise<void> {
  const own = await startTestWorkspace({ seed: 'demo' });
  try {
    await fn(own, new ZenmlApi({ url: own.server.url, credentials: { apiKey: own.server.adminApiKey } }));
  } finally {
    await own.stop();
  }
}

/** The API signed in as a demo user, with the password the seed wrote. */
async function apiAs(name: string, url = ws.server.url): Promise<ZenmlApi> {
  const creds = JSON.parse(readFileSync(join(ws.dir, 'demo-credentials.json'), 'utf8')) as { users: { name: string; password: string }[] };
  return new ZenmlApi({ url, credentials: { username: name, password: creds.users.find((u) => u.name === name)!.password } });
}

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
  const k = l.kept[0];
  assert.ok(k.reason === 'model-version-link');
  assert.equal(k.links, 1);
  assert.equal(keptReason(k), `linked to model fraud-classifier version ${k.modelVersion!.version}`);
  assert.equal(l.you, 'admin');
  assert.ok(
    l.candidates.every((v) => !v.createdByYou),
    'the admin made none of them',
  );
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

test('each version is marked when the caller made it: what a Contributor may delete', async () => {
  const l = await listUnusedArtifactVersions(await apiAs('grace'), CLEANUP.project);
  assert.equal(l.you, 'grace');
  assert.deepEqual(
    l.candidates.filter((v) => v.createdByYou).map(versionLabel),
    unused.filter((n) => CLEANUP.versions[n - 1].creator === 'grace').map((n) => `fraud_features:${n}`),
  );
  assert.ok(l.candidates.some((v) => !v.createdByYou));
});

test('a role that deletes artifact versions but reads no models keeps the model-linked version', async () => {
  const project = (await ws.admin.get(`/api/v1/projects/${CLEANUP.project}`)).body;
  const u = await ws.memberWithRole(
    'cleaner-user',
    {
      name: 'cleaner',
      permissions: [
        { resource_type: 'artifact', action: 'read' },
        { resource_type: 'artifact_version', action: 'read' },
        { resource_type: 'artifact_version', action: 'delete' },
      ],
    },
    project.id,
  );
  const cleaner = new ZenmlApi({ url: ws.server.url, credentials: { accessToken: u.client.token! } });
  const l = await listUnusedArtifactVersions(cleaner, CLEANUP.project);
  assert.deepEqual(l.kept.map(versionLabel), [`fraud_features:${kept}`]);
  assert.equal(keptReason(l.kept[0]), 'linked to a model version', 'the model version itself is not readable');
  assert.ok(!l.candidates.some((v) => v.version === String(kept)));
});

test('a version whose links cannot be read is kept with the reason, never a candidate', async () => {
  const proxy = await HostileProxy.start(ws.server.url);
  try {
    const target = (await listUnusedArtifactVersions(api, CLEANUP.project)).candidates[0];
    proxy.rules.push((r) => (r.path.includes(`model_version_artifacts?`) && r.path.includes(target.id) ? { status: 500, body: { detail: ['RuntimeError', 'database is locked'] } } : undefined));
    const l = await listUnusedArtifactVersions(new ZenmlApi({ url: proxy.url, credentials: { apiKey: ws.server.adminApiKey } }), CLEANUP.project);
    assert.ok(!l.candidates.some((v) => v.id === target.id));
    const k = l.kept.find((v) => v.id === target.id);
    assert.ok(k && k.reason === 'links-unreadable', JSON.stringify(l.kept));
    assert.match(keptReason(k), /^its model links could not be read, so it is kept: .*database is locked/);
  } finally {
    await proxy.stop();
  }
});

test('each version is checked again just before its DELETE: one a run reads or a model version holds by then is kept', () =>
  onFreshWorkspace(async (ws, api) => {
    const l = await listUnusedArtifactVersions(api, CLEANUP.project);
    const [linkedMeanwhile, stillUnused] = l.candidates;
    // Linked to a model version after the listing, as while the user reads the prompt.
    const mv = (await ws.admin.get(`/api/v1/model_versions?project=${CLEANUP.project}&model=fraud-classifier&size=1`)).body.items[0];
    assert.equal((await ws.admin.post('/api/v1/model_version_artifacts', { model_version: mv.id, artifact_version: linkedMeanwhile.id })).status, 200);
    // A version a run reads, given as if it had been listed unused.
    const used = (await ws.admin.get(`/api/v1/artifact_versions?project=${CLEANUP.project}&artifact=${CLEANUP.artifact}&version=${consumed}`)).body.items[0];
    const readByRun = { ...stillUnused, id: used.id, version: String(consumed) };
    const r = await deleteArtifactVersions(api, CLEANUP.project, [linkedMeanwhile, readByRun, stillUnused]);
    assert.deepEqual(
      r.outcomes.map((o) => [versionLabel(o.version), o.result]),
      [
        [versionLabel(linkedMeanwhile), 'in-use'],
        [versionLabel(readByRun), 'in-use'],
        [versionLabel(stillUnused), 'deleted'],
      ],
    );
    assert.equal(formatOutcome(r.outcomes[0]), `in use   ${versionLabel(linkedMeanwhile)}: now in use, kept: it was linked to a model version since it was listed`);
    assert.equal(formatOutcome(r.outcomes[1]), `in use   fraud_features:${consumed}: now in use, kept: a pipeline run made or read it since it was listed`);
    assert.equal(countOutcomes(r).inUse, 2);
    assert.equal(pruneSucceeded(r), true, 'keeping what is in use is what prune is for');
    assert.equal((await ws.admin.get(`/api/v1/artifact_versions/${linkedMeanwhile.id}`)).status, 200);
    assert.equal((await ws.admin.get(`/api/v1/artifact_versions/${used.id}`)).status, 200);
    assert.equal((await ws.admin.get(`/api/v1/model_version_artifacts?artifact_version_id=${linkedMeanwhile.id}`)).body.total, 1, 'its link stays');
    assert.equal((await ws.admin.get(`/api/v1/artifact_versions/${stillUnused.id}`)).status, 404);
  }));

test('a DELETE whose answer is lost after it was sent is unknown, not "not attempted"; the run stops there', () =>
  onFreshWorkspace(async (ws, api) => {
    const proxy = await HostileProxy.start(ws.server.url);
    try {
      const l = await listUnusedArtifactVersions(api, CLEANUP.project);
      assert.ok(l.candidates.length >= 2);
      const [first, ...rest] = l.candidates;
      proxy.dropAnswers.push((req) => req.method === 'DELETE');
      const r = await deleteArtifactVersions(new ZenmlApi({ url: proxy.url, credentials: { apiKey: ws.server.adminApiKey }, retries: 0 }), CLEANUP.project, l.candidates);
      assert.deepEqual(
        r.outcomes.map((o) => [o.version.id, o.result]),
        [[first.id, 'unknown']],
      );
      assert.equal(formatOutcome(r.outcomes[0]), `unknown  ${versionLabel(first)}: ${UNKNOWN_OUTCOME}`);
      assert.match(UNKNOWN_OUTCOME, /^unknown: the workspace stopped answering after the request was sent/);
      assert.deepEqual(
        r.notAttempted.map((v) => v.id),
        rest.map((v) => v.id),
      );
      assert.equal(r.stopped?.why, 'unreachable');
      assert.match(r.stopped!.message, /stopped answering after the request was sent.*Stopped: \d+ of \d+ artifact versions were not deleted\.$/s);
      assert.equal(countOutcomes(r).unknown, 1);
      assert.equal(pruneSucceeded(r), false);
      assert.equal((await ws.admin.get(`/api/v1/artifact_versions/${first.id}`)).status, 404, 'the workspace did delete it');
    } finally {
      await proxy.stop();
    }
  }));

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
  assert.deepEqual(countOutcomes(r), { deleted: 0, refused: 0, gone: 0, inUse: 0, unknown: 0, failed: 0, notAttempted: l.candidates.length });
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
