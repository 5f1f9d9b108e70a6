/**
 * Reader threads answer GET requests beside the main thread. What they answer must be what the
 * main thread alone would answer: every acknowledged write is seen by the next read (projects,
 * memberships, sessions), a caller still sees only what they may see, a GET that writes is
 * answered by the writer, and a stopped server leaves no trace of its readers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NeedsWriterError, WorkspaceDatabase } from '../../local-workspace/src/db/database';
import { startTestWorkspace, type TestWorkspace } from './helpers';

describe('reader threads', () => {
  let t: TestWorkspace;
  before(async () => {
    t = await startTestWorkspace({ readers: 2 });
  });
  after(() => t.stop());

  test('the server runs the readers it was asked for', () => {
    assert.equal(t.server.readers, 2);
  });

  test('every write is seen by the reads that follow it, one after another and all at once', async () => {
    const before = (await t.admin.get('/api/v1/projects?size=1')).body.total as number;
    for (let i = 0; i < 20; i++) {
      await t.project(`seen-${i}`);
      const one = await t.admin.get(`/api/v1/projects/seen-${i}`);
      assert.equal(one.status, 200, one.text);
      const list = await t.admin.get('/api/v1/projects?size=1');
      assert.equal(list.body.total, before + i + 1);
    }
    // Writes and reads in flight together: each read starts after its own write was answered.
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        await t.project(`together-${i}`);
        const [one, list] = await Promise.all([t.admin.get(`/api/v1/projects/together-${i}`), t.admin.get('/api/v1/projects?size=1&name=contains:together')]);
        assert.equal(one.status, 200, one.text);
        assert.ok(list.body.total >= 1, list.text);
      }),
    );
    const all = await t.admin.get('/api/v1/projects?size=1&name=contains:together');
    assert.equal(all.body.total, 12);
  });

  test('a caller sees a project from the moment they are given a role, and not after it is taken away', async () => {
    const project = await t.project('guarded');
    const bob = await t.user('bob-reader');
    for (let round = 0; round < 3; round++) {
      assert.equal((await bob.client.get('/api/v1/projects/guarded')).status, 403);
      assert.ok(!((await bob.client.get('/api/v1/projects?size=100')).body.items as { name: string }[]).some((p) => p.name === 'guarded'));
      await t.assign('Project Viewer', project.id, { user_id: bob.proId });
      assert.equal((await bob.client.get('/api/v1/projects/guarded')).status, 200);
      assert.ok(((await bob.client.get('/api/v1/projects?size=100')).body.items as { name: string }[]).some((p) => p.name === 'guarded'));
      const roleId = await t.roleId('Project Viewer');
      const removed = await t.pro.delete(`/roles/${roleId}/assignments`, { workspace_id: t.workspaceId, project_id: project.id, user_id: bob.proId });
      assert.equal(removed.status, 200, removed.text);
    }
  });

  test('a GET that writes (logout) is answered by the writer, and the session ends at once', async () => {
    const carol = await t.user('carol-reader');
    assert.equal((await carol.client.get('/api/v1/current-user')).status, 200);
    assert.equal((await carol.client.get('/api/v1/logout')).status, 200);
    assert.equal((await carol.client.get('/api/v1/current-user')).status, 401);
  });
});

test('a read-only connection refuses to write, so that the writer answers instead', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-lw-reader-'));
  try {
    const db = WorkspaceDatabase.open(dir);
    try {
      const slot = db.newReader();
      assert.ok(slot, 'hard links are available in the temporary folder');
      const reader = WorkspaceDatabase.openReader(slot, db.shared.buffer);
      assert.throws(() => reader.run('INSERT INTO meta (key, value) VALUES (?, ?)', ['x', 'y']), NeedsWriterError);
      assert.throws(() => reader.transaction(() => undefined), NeedsWriterError);
      reader.close();
    } finally {
      db.close();
    }
    assert.ok(!existsSync(join(dir, 'readers')), 'the readers folder is removed on close');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a stopped server leaves only its database and keys in the data folder', async () => {
  const w = await startTestWorkspace({ readers: 1 });
  assert.equal(w.server.readers, 1);
  await w.project('left-behind');
  assert.equal((await w.admin.get('/api/v1/projects/left-behind')).status, 200);
  await w.server.close();
  const left = (await import('node:fs')).readdirSync(w.dir).sort();
  assert.deepEqual(left, ['admin-api-key', 'pro-api-key', 'workspace.db']);
  rmSync(w.dir, { recursive: true, force: true });
});
