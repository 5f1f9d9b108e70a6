/**
 * The bundled server as users run it (`node dist/cli.js workspace serve`): its startup line,
 * the admin key file, clean shutdown, one server per data folder, and the database — every
 * acknowledged write survives `kill -9`, a corrupt or foreign file is refused and left as it was,
 * concurrent writers never lose an update.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { WorkspaceDatabase } from '../../local-workspace/src/db/database';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../local-workspace/src/db/schema';
import { DatabaseFileError, DataDirInUseError, startLocalWorkspace } from '../../local-workspace/src/index';
import { Client } from './helpers';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zenml-lw-durable-'));
  dirs.push(d);
  return d;
}

/** The bundle must include the current sources: rebuild it when any is newer. */
function ensureBundle(): void {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  const stale = !existsSync(CLI) || statSync(CLI).mtimeMs < Math.max(newest(join(ROOT, 'local-workspace', 'src')), newest(join(ROOT, 'common')));
  if (stale) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `building the bundle failed: ${r.stderr}`);
  }
}

interface Served {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function serve(dataDir: string, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'workspace', 'serve', '--port', '0', '--data', dataDir, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no startup line; stdout: ${out} stderr: ${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Local workspace listening on (http:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with ${code}: ${err}`), { code, stderr: err }));
    });
  });
}

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

before(() => ensureBundle());
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the bundled server process', () => {
  test('prints its URL on a line of its own, writes the admin key 0600, stops cleanly on SIGTERM and SIGINT', async () => {
    const dir = tempDir();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const s = await serve(dir);
      assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const key = readFileSync(join(dir, 'admin-api-key'), 'utf8').trim();
      assert.match(key, /^ZENKEY_/);
      assert.equal(statSync(join(dir, 'admin-api-key')).mode & 0o777, 0o600);
      assert.ok(!s.stdout().includes(key) && !s.stderr().includes(key), 'the key is never printed');
      const info = await new Client(s.url).get('/api/v1/info');
      assert.equal(info.body.server_url, s.url);
      assert.equal((await new Client(s.url, key).get('/api/v1/current-user')).body.name, 'admin');
      s.child.kill(signal);
      assert.equal(await s.exited, 0, s.stderr());
      assert.match(s.stdout(), /Local workspace stopped\./);
      assert.ok(!existsSync(join(dir, 'server.lock')), 'the owner lock is released');
      assert.ok(!existsSync(join(dir, 'workspace.db.lock')), "SQLite's lock is released");
      assert.ok(!existsSync(join(dir, 'workspace.db-wal')) || statSync(join(dir, 'workspace.db-wal')).size === 0, 'the WAL is folded back');
    }
    // The key survives restarts unchanged.
    const s = await serve(dir);
    assert.equal((await new Client(s.url, readFileSync(join(dir, 'admin-api-key'), 'utf8').trim()).get('/api/v1/current-user')).status, 200);
    s.child.kill('SIGTERM');
    await s.exited;
  });

  test('a second server on the same data folder is refused with a clear message', async () => {
    const dir = tempDir();
    const first = await serve(dir);
    await assert.rejects(serve(dir), (err: Error & { code?: number; stderr?: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr ?? '', /in use by another local workspace server \(process \d+\)/);
      return true;
    });
    assert.equal((await new Client(first.url).get('/api/v1/info')).status, 200, 'the first one is unharmed');
    first.child.kill('SIGTERM');
    await first.exited;
  });

  test('the bundle runs on its own: a copy of cli.js and the .wasm, no node_modules, another working directory', async () => {
    const alone = tempDir();
    copyFileSync(CLI, join(alone, 'cli.js'));
    copyFileSync(join(ROOT, 'dist', 'node-sqlite3-wasm.wasm'), join(alone, 'node-sqlite3-wasm.wasm'));
    const data = join(alone, 'data');
    const child = spawn(process.execPath, [join(alone, 'cli.js'), 'workspace', 'serve', '--port', '0', '--data', data], {
      cwd: tmpdir(),
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_PATH: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^Local workspace listening on (http:\/\/\S+)$/m.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const key = readFileSync(join(data, 'admin-api-key'), 'utf8').trim();
    assert.equal((await new Client(url, key).post('/api/v1/projects', { name: 'standalone' })).status, 200);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  test('bad options exit 64 with usage; a taken port is a clear error', async () => {
    const r = spawnSync(process.execPath, [CLI, 'workspace', 'serve', '--port', 'eighty'], { encoding: 'utf8' });
    assert.equal(r.status, 64);
    assert.match(r.stderr, /--port must be a number/);
    const r2 = spawnSync(process.execPath, [CLI, 'workspace', 'serve', '--seed', 'everything'], { encoding: 'utf8' });
    assert.equal(r2.status, 64);
    const blocker = createServer();
    await new Promise<void>((res) => blocker.listen(0, '127.0.0.1', res));
    const port = (blocker.address() as { port: number }).port;
    const r3 = spawnSync(process.execPath, [CLI, 'workspace', 'serve', '--port', String(port), '--data', tempDir()], { encoding: 'utf8' });
    blocker.close();
    assert.equal(r3.status, 1);
    assert.match(r3.stderr, new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
  });

  test('every acknowledged write survives kill -9 during a burst; the database checks ok', async () => {
    const dir = tempDir();
    let s = await serve(dir);
    const key = readFileSync(join(dir, 'admin-api-key'), 'utf8').trim();
    let api = new Client(s.url, key);
    assert.equal((await api.post('/api/v1/projects', { name: 'burst' })).status, 200);
    const pipeline = (await api.post('/api/v1/pipelines?project=burst', { name: 'p' })).body.id;
    const acknowledged: string[] = [];
    let killed = false;
    let n = 0;
    const writer = async () => {
      while (!killed) {
        const name = `run-${n++}`;
        try {
          const r = await api.post('/api/v1/runs?project=burst', { name, pipeline_id: pipeline, status: 'running' });
          if (r.status === 200) acknowledged.push(name);
          else if (!killed) assert.fail(`write refused: ${r.status} ${r.text}`);
        } catch {
          // The connection died with the server: this write was never acknowledged.
        }
        if (acknowledged.length >= 400 && !killed) {
          killed = true;
          s.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    await s.exited;
    assert.ok(acknowledged.length >= 400);
    assert.ok(existsSync(join(dir, 'server.lock')), 'the killed server left its lock behind');

    // Open the files the killed server left (stale locks, a WAL) and check them.
    const db = WorkspaceDatabase.open(dir);
    try {
      assert.equal(db.integrityCheck(), 'ok');
    } finally {
      db.close();
    }

    s = await serve(dir);
    api = new Client(s.url, key);
    const stored = await api.get('/api/v1/runs?project=burst&size=10000');
    const names = new Set((stored.body.items as { name: string }[]).map((r) => r.name));
    const lost = acknowledged.filter((a) => !names.has(a));
    assert.deepEqual(lost, [], 'no acknowledged write is lost');
    assert.equal((await api.get('/api/v1/projects/burst/statistics')).body.runs, stored.body.total, 'counters agree with the rows');
    s.child.kill('SIGTERM');
    assert.equal(await s.exited, 0);
    const again = WorkspaceDatabase.open(dir);
    try {
      assert.equal(again.integrityCheck(), 'ok');
    } finally {
      again.close();
    }
  });
});

describe('database files', () => {
  test('a fresh database gets the latest schema version; reopening keeps the data', async () => {
    const dir = tempDir();
    const a = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
    await new Client(a.url, a.adminApiKey).post('/api/v1/projects', { name: 'kept' });
    await a.close();
    const db = WorkspaceDatabase.open(dir);
    assert.equal(db.schemaVersion, LATEST_SCHEMA_VERSION);
    db.close();
    const b = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
    assert.equal(b.adminApiKey, a.adminApiKey);
    assert.equal((await new Client(b.url, b.adminApiKey).get('/api/v1/projects/kept')).status, 200);
    await b.close();
  });

  test('a database of schema 3 is upgraded in place: its versions keep their producers, and only_unused and links work', async () => {
    const dir = tempDir();
    const { Database } = require('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');
    const raw = new Database(join(dir, 'workspace.db'));
    raw.exec('PRAGMA locking_mode = EXCLUSIVE');
    raw.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    for (const m of MIGRATIONS.filter((x) => x.version <= 3)) raw.exec(m.sql);
    raw.exec('PRAGMA user_version = 3');
    const ts = '2025-06-01T10:00:00.000000';
    const [project, run, artifact, produced, loose] = ['p', 'r', 'a', 'v1', 'v2'].map((_, i) => `00000000-0000-4000-8000-00000000000${i + 1}`);
    raw.exec(`INSERT INTO projects (id, name, display_name, description, created, updated) VALUES ('${project}', 'old', 'Old', '', '${ts}', '${ts}');
      INSERT INTO pipeline_runs (id, project_id, name, status, created, updated) VALUES ('${run}', '${project}', 'r1', 'completed', '${ts}', '${ts}');
      INSERT INTO artifacts (id, project_id, name, created, updated) VALUES ('${artifact}', '${project}', 'data', '${ts}', '${ts}');
      INSERT INTO artifact_versions (id, project_id, artifact_id, version, type, uri, producer_run_id, created, updated) VALUES ('${produced}', '${project}', '${artifact}', '1', 'DataArtifact', 's3://1', '${run}', '${ts}', '${ts}');
      INSERT INTO artifact_versions (id, project_id, artifact_id, version, type, uri, created, updated) VALUES ('${loose}', '${project}', '${artifact}', '2', 'DataArtifact', 's3://2', '${ts}', '${ts}');`);
    raw.close();
    const w = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
    try {
      const admin = new Client(w.url, w.adminApiKey);
      const unused = await admin.get('/api/v1/artifact_versions?project=old&only_unused=true');
      assert.equal(unused.status, 200, unused.text);
      assert.deepEqual(unused.body.items.map((v: { id: string }) => v.id), [loose]);
      assert.equal((await admin.get('/api/v1/model_version_artifacts')).body.total, 0);
    } finally {
      await w.close();
    }
    const db = WorkspaceDatabase.open(dir);
    assert.equal(db.schemaVersion, LATEST_SCHEMA_VERSION);
    db.close();
  });

  test('a file that is not SQLite is refused and left untouched', async () => {
    const dir = tempDir();
    const file = join(dir, 'workspace.db');
    writeFileSync(file, 'this is my shopping list, not a database\n'.repeat(10));
    const before = sha(file);
    await assert.rejects(startLocalWorkspace({ port: 0, dataDir: dir }), (err: Error) => {
      assert.ok(err instanceof DatabaseFileError);
      assert.match(err.message, /is not a SQLite database.*left untouched/s);
      return true;
    });
    assert.equal(sha(file), before);
    assert.ok(!existsSync(join(dir, 'server.lock')), 'a refused start releases the folder');
    const cli = spawnSync(process.execPath, [CLI, 'workspace', 'serve', '--port', '0', '--data', dir], { encoding: 'utf8' });
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /not a SQLite database/);
    assert.ok(!cli.stderr.includes('var Module'), 'no library source in the message');
    assert.equal(sha(file), before);
  });

  test("another application's SQLite database is refused and left untouched", async () => {
    const dir = tempDir();
    const file = join(dir, 'workspace.db');
    const { Database } = require('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');
    const foreign = new Database(file);
    foreign.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');");
    foreign.close();
    const before = sha(file);
    await assert.rejects(startLocalWorkspace({ port: 0, dataDir: dir }), /another application \(application_id 0\).*left untouched/s);
    assert.equal(sha(file), before);
  });

  test('a database from a newer release is refused, not downgraded', async () => {
    const dir = tempDir();
    const a = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
    await a.close();
    const { Database } = require('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');
    const raw = new Database(join(dir, 'workspace.db'));
    // A WAL database needs shared memory, which this VFS lacks, unless locking is exclusive.
    raw.exec('PRAGMA locking_mode = EXCLUSIVE');
    raw.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = sha(join(dir, 'workspace.db'));
    await assert.rejects(startLocalWorkspace({ port: 0, dataDir: dir }), /newer than this release understands/);
    assert.equal(sha(join(dir, 'workspace.db')), before);
  });

  test('a corrupt workspace database is refused with a clear error and left untouched', async () => {
    const dir = tempDir();
    const a = await startLocalWorkspace({ port: 0, dataDir: dir, seed: 'demo', log: () => undefined });
    await a.close();
    const file = join(dir, 'workspace.db');
    const bytes = readFileSync(file);
    assert.ok(bytes.length > 8 * 4096);
    // Scribble over the middle of the file: b-tree pages, not the header.
    bytes.fill(0x5a, 4 * 4096, 6 * 4096);
    writeFileSync(file, bytes);
    const before = sha(file);
    await assert.rejects(startLocalWorkspace({ port: 0, dataDir: dir }), (err: Error) => {
      assert.ok(err instanceof DatabaseFileError, err.message);
      assert.match(err.message, /corrupt|cannot be read/);
      assert.match(err.message, /left untouched/);
      return true;
    });
    assert.equal(sha(file), before);
  });

  test('one server per folder in the same process too', async () => {
    const dir = tempDir();
    const a = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
    await assert.rejects(startLocalWorkspace({ port: 0, dataDir: dir }), (err: Error) => err instanceof DataDirInUseError);
    await a.close();
  });
});

describe('concurrent writers', () => {
  test('concurrent requests never lose an update', async () => {
    const dir = tempDir();
    const s = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
    const api = new Client(s.url, s.adminApiKey);
    await api.post('/api/v1/projects', { name: 'conc' });
    const model = (await api.post('/api/v1/models?project=conc', { name: 'm' })).body.id;
    const versions = await Promise.all(Array.from({ length: 25 }, () => api.post('/api/v1/model_versions?project=conc', { model })));
    assert.ok(versions.every((v) => v.status === 200));
    assert.deepEqual(versions.map((v) => v.body.body.number).sort((x, y) => x - y), Array.from({ length: 25 }, (_, i) => i + 1));
    // Concurrent updates of different fields of one user: each one lands.
    const user = (await api.post('/api/v1/users', { name: 'multi', password: 'pw-multi-1', active: true })).body.id;
    await Promise.all([
      api.put(`/api/v1/users/${user}`, { full_name: 'Multi Field' }),
      api.put(`/api/v1/users/${user}`, { email: 'multi@example.com' }),
      api.put(`/api/v1/users/${user}`, { password: 'new-password' }),
    ]);
    const got = (await api.get(`/api/v1/users/${user}`)).body;
    assert.equal(got.body.full_name, 'Multi Field');
    assert.equal(got.metadata.email, 'multi@example.com');
    assert.ok(await new Client(s.url).login('multi', 'new-password'));
    await s.close();
  });
});
