/**
 * The local workspace under hostile input and a hostile machine: JSON nested 200,000 levels deep
 * on every write route, a SIGTERM while it starts, a lock naming a process ID now used by an
 * unrelated process, and data-folder files that are folders, pipes or devices.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { processStartTicks } from '../../local-workspace/src/db/ownerLock';
import { DatabaseFileError, DataDirInUseError, startLocalWorkspace } from '../../local-workspace/src/index';
import { startTestWorkspace, type TestWorkspace } from './helpers';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zp-refusal-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('deeply nested JSON', () => {
  let ws: TestWorkspace;
  before(async () => {
    ws = await startTestWorkspace();
  });
  after(() => ws.stop());

  test('200,000 levels answer 422, not 500, on every write route', async () => {
    const deep = '{"a":'.repeat(100_000) + '['.repeat(100_000) + ']'.repeat(100_000) + '}'.repeat(100_000);
    const anyId = '00000000-0000-4000-8000-000000000000';
    const writes = ws.server.routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && r.path !== '/api/v1/login');
    assert.ok(writes.length >= 15, `only ${writes.length} write routes`);
    for (const r of writes) {
      const path = r.path.replace(/\{[^}]+\}/g, anyId);
      const reply = await ws.admin.request(r.method, path, deep);
      assert.equal(reply.status, 422, `${r.method} ${r.path}: ${reply.text.slice(0, 200)}`);
      assert.match(reply.text, /deeper than \d+ levels/);
    }
    // Nesting as deep as a real run configuration still works.
    const config = JSON.parse('{"a":'.repeat(30) + '1' + '}'.repeat(30));
    const run = await ws.admin.post('/api/v1/runs?project=default', { name: 'nested-config', config });
    assert.equal(run.status, 200, run.text);
    assert.equal((await ws.admin.get('/api/v1/info')).status, 200);
  });
});

describe('signals', () => {
  test('a SIGTERM while the server starts (before "listening on") stops it cleanly once it is up', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [CLI, 'workspace', 'serve', '--port', '0', '--data', dir, '--seed', 'demo'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // The folder is taken (the lock written) well before the demo seed is done and it listens.
    while (!existsSync(join(dir, 'server.lock'))) await new Promise((r) => setTimeout(r, 5));
    assert.equal(out.includes('listening on'), false, 'it listened before the signal could come early');
    child.kill('SIGTERM');
    const { code, signal } = await exited;
    assert.equal(signal, null, `killed by ${signal}: ${err}`);
    assert.equal(code, 0, err);
    assert.match(out, /Local workspace stopped\./);
    assert.ok(!existsSync(join(dir, 'server.lock')), 'the lock is released');
  });
});

describe('a stale lock', () => {
  test('a lock naming a process ID now used by an unrelated process does not keep the folder locked', { skip: process.platform !== 'linux' }, async () => {
    const dir = tempDir();
    const unrelated = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await new Promise((r) => unrelated.once('spawn', r));
      const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      // Written by a server that was killed; its process ID was given to `sleep` since.
      writeFileSync(join(dir, 'server.lock'), JSON.stringify({ pid: unrelated.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', bootId, startTicks: '12345' }));
      const s = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
      await s.close();

      // From an earlier boot, whatever the ticks: not the owner either.
      writeFileSync(join(dir, 'server.lock'), JSON.stringify({ pid: unrelated.pid, host: hostname(), started: '', bootId: 'an-earlier-boot', startTicks: processStartTicks(unrelated.pid!) }));
      await (await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined })).close();

      // The same process, same start time: a live owner, refused as before.
      writeFileSync(join(dir, 'server.lock'), JSON.stringify({ pid: unrelated.pid, host: hostname(), started: '', bootId, startTicks: processStartTicks(unrelated.pid!) }));
      await assert.rejects(startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined }), DataDirInUseError);
    } finally {
      unrelated.kill();
    }
  });
});

describe('data-folder files that are not what they should be', () => {
  const refused = async (dir: string, file: string, what: RegExp) => {
    await assert.rejects(startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined }), (e: Error) => {
      assert.ok(e instanceof DatabaseFileError, `${e.name}: ${e.message}`);
      assert.ok(e.message.includes(file), e.message);
      assert.match(e.message, what);
      assert.match(e.message, /--data/);
      assert.ok(!/\bE[A-Z]{3,}\b/.test(e.message), `a raw error code: ${e.message}`);
      return true;
    });
  };

  test('workspace.db, its log, the lock or the admin key as a folder is refused with a sentence naming the file', async () => {
    for (const name of ['workspace.db', 'workspace.db-wal', 'server.lock', 'admin-api-key']) {
      const dir = tempDir();
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'keep'), 'x');
      await refused(dir, join(dir, name), /is a folder, not a file/);
      assert.ok(statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'keep')), `${name} was changed`);
      assert.ok(!existsSync(join(dir, 'server.lock')) || name === 'server.lock', 'a refused start releases the folder');
    }
  });

  test('a named pipe or a link to a device in the place of workspace.db is refused without being opened', { skip: process.platform === 'win32' }, async () => {
    const piped = tempDir();
    execFileSync('mkfifo', [join(piped, 'workspace.db')]);
    await refused(piped, join(piped, 'workspace.db'), /named pipe/);
    const zero = tempDir();
    symlinkSync('/dev/zero', join(zero, 'workspace.db'));
    await refused(zero, join(zero, 'workspace.db'), /a device/);
  });

  test('a data folder that is a file is refused', async () => {
    const parent = tempDir();
    const file = join(parent, 'not-a-folder');
    writeFileSync(file, 'x');
    await refused(file, file, /a file of that name is in the way|not a folder/);
  });
});
