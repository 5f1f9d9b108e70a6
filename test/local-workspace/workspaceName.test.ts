/**
 * `workspace serve --name`: the name `/info` and the Pro API report, kept in the database across
 * restarts, the same organization for every local workspace, and names ZenML would refuse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseServeArgs, UsageError } from '../../local-workspace/src/cli';
import { startLocalWorkspace } from '../../local-workspace/src/index';
import { Client } from './helpers';

async function info(url: string) {
  return (await new Client(url).get('/api/v1/info')).body;
}

test('a workspace keeps the name it was served with; without one it is local', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-lw-name-'));
  try {
    let ws = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
    assert.equal(ws.name, 'local');
    assert.equal((await info(ws.url)).name, 'local');
    await ws.close();
    ws = await startLocalWorkspace({ port: 0, dataDir: dir, name: 'staging', log: () => undefined });
    const first = await info(ws.url);
    assert.deepEqual([first.name, first.pro_workspace_name, first.pro_workspace_id], ['staging', 'staging', first.id]);
    const proWorkspaces = (await new Client(ws.proApiUrl!, ws.proApiKey).get('/workspaces')).body as { name: string }[];
    assert.deepEqual(proWorkspaces.map((w) => w.name), ['staging']);
    await ws.close();
    ws = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
    assert.equal((await info(ws.url)).name, 'staging', 'the name is kept, as a server setting is');
    await ws.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every local workspace is a workspace of one organization', async () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'zenml-lw-org-')), mkdtempSync(join(tmpdir(), 'zenml-lw-org-'))];
  const [one, two] = await Promise.all(dirs.map((d, i) => startLocalWorkspace({ port: 0, dataDir: d, name: `ws-${i}`, log: () => undefined })));
  try {
    const [i1, i2] = await Promise.all([info(one.url), info(two.url)]);
    assert.equal(i1.pro_organization_id, i2.pro_organization_id);
    assert.equal(i1.pro_organization_name, 'local');
    assert.notEqual(i1.pro_workspace_id, i2.pro_workspace_id);
  } finally {
    await Promise.all([one.close(), two.close()]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('local workspaces sharing --organization list each other in the Pro API while they run', async () => {
  const org = mkdtempSync(join(tmpdir(), 'zenml-lw-orgdir-'));
  const dirs = [mkdtempSync(join(tmpdir(), 'zenml-lw-orgws-')), mkdtempSync(join(tmpdir(), 'zenml-lw-orgws-'))];
  const [prod, staging] = await Promise.all(dirs.map((d, i) => startLocalWorkspace({ port: 0, dataDir: d, name: ['acme-prod', 'acme-staging'][i], organizationDir: org, log: () => undefined })));
  const alone = mkdtempSync(join(tmpdir(), 'zenml-lw-alone-'));
  const solo = await startLocalWorkspace({ port: 0, dataDir: alone, name: 'solo', log: () => undefined });
  try {
    const list = async (w: typeof prod) => ((await new Client(w.proApiUrl!, w.proApiKey).get('/workspaces')).body as { id: string; name: string; zenml_service: { status: { server_url: string } } }[]).map((x) => [x.name, x.zenml_service.status.server_url]);
    assert.deepEqual(await list(prod), [['acme-prod', prod.url], ['acme-staging', staging.url]]);
    assert.deepEqual(await list(staging), [['acme-staging', staging.url], ['acme-prod', prod.url]]);
    assert.deepEqual(await list(solo), [['solo', solo.url]], 'without --organization a workspace is an organization of one');
    const stagingId = (await info(staging.url)).id;
    assert.equal((await new Client(prod.proApiUrl!, prod.proApiKey).get(`/workspaces/${stagingId}`)).body.name, 'acme-staging');
    await staging.close();
    assert.deepEqual(await list(prod), [['acme-prod', prod.url]], 'a stopped workspace leaves the organization');
  } finally {
    await Promise.all([prod.close(), staging.close(), solo.close()]);
    for (const d of [...dirs, org, alone]) rmSync(d, { recursive: true, force: true });
  }
});

test('a name ZenML would refuse is refused, before anything is written', async () => {
  assert.throws(() => parseServeArgs(['--name', 'Acme Prod']), (e: Error) => e instanceof UsageError && /--name may only contain lowercase letters, digits, '-' and '_'/.test(e.message));
  assert.throws(() => parseServeArgs(['--name=']), /--name needs a value/);
  assert.equal(parseServeArgs(['--name', 'acme-prod']).name, 'acme-prod');
  assert.equal(parseServeArgs(['--organization', '/tmp/org']).organizationDir, '/tmp/org');
  const dir = mkdtempSync(join(tmpdir(), 'zenml-lw-badname-'));
  try {
    await assert.rejects(startLocalWorkspace({ port: 0, dataDir: dir, name: 'UPPER', log: () => undefined }), /A workspace name may only contain lowercase/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
