/**
 * The workspace database: one SQLite file opened through node-sqlite3-wasm (SQLite compiled to
 * WebAssembly with a VFS over Node's `fs`), so the same code runs under any Node or Electron ABI.
 *
 * Durability: WAL journal with `synchronous=FULL` — every COMMIT fsyncs the WAL before it
 * returns, and a response is sent only after its COMMIT, so an acknowledged write survives a
 * killed process and a power cut. The VFS has no shared-memory support, so WAL runs with
 * `locking_mode=EXCLUSIVE` (the WAL index lives in our heap); that also keeps SQLite from taking
 * and dropping its directory lock around every statement, which would cost a few syscalls each.
 */
import { closeSync, existsSync, fsyncSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database as SqliteDatabase, Statement } from 'node-sqlite3-wasm';
import { describeFsError, ensureDataFolder, requireRegularFile } from './dataFiles';
import { OwnerLock } from './ownerLock';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, MIGRATIONS } from './schema';

export const DATABASE_FILE = 'workspace.db';
const OWNER_FILE = 'server.lock';
const STATEMENT_CACHE_SIZE = 400;

export type SqlValue = string | number | bigint | null | boolean | Uint8Array;
export type Row = Record<string, SqlValue>;

/** The database file exists but cannot be used; it is left exactly as it was. */
export class DatabaseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseFileError';
  }
}

/** node-sqlite3-wasm instantiates its WebAssembly module when first required: load it lazily. */
function loadSqlite(): typeof import('node-sqlite3-wasm') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');
}

export class WorkspaceDatabase {
  /** Bumped by every committed write; caches keyed on it never serve stale data. */
  generation = 0;
  private readonly statements = new Map<string, Statement>();
  private inTransaction = false;
  private closed = false;

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly lock: OwnerLock,
    readonly file: string,
  ) {}

  /** Opens (creating if needed) the database in `dataDir`, checks it is ours, and migrates it. */
  static open(dataDir: string): WorkspaceDatabase {
    ensureDataFolder(dataDir);
    const file = join(dataDir, DATABASE_FILE);
    requireRegularFile(join(dataDir, OWNER_FILE), 'the lock file of the folder');
    const lock = OwnerLock.acquire(dataDir, join(dataDir, OWNER_FILE), `${file}.lock`);
    let db: SqliteDatabase | undefined;
    try {
      requireRegularFile(file, 'the workspace database');
      requireRegularFile(`${file}-wal`, "the workspace database's write-ahead log");
      checkFileHeader(file);
      const { Database } = loadSqlite();
      try {
        db = new Database(file);
      } catch (err) {
        throw new DatabaseFileError(`Cannot open the workspace database ${file}: ${describeFsError(err) ?? messageOf(err)}. It was left untouched: check the file and its folder's permissions, or start the server with --data pointing at another folder.`);
      }
      // Before anything that could write: exclusive locking, then look at what the file is.
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      checkIdentity(db, file);
      db.get('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = FULL');
      db.exec('PRAGMA foreign_keys = ON');
      db.exec('PRAGMA cache_size = -65536');
      const wdb = new WorkspaceDatabase(db, lock, file);
      wdb.migrate();
      // The VFS does not fsync the folder when it creates the database or its WAL: do it once so
      // the files' directory entries are as durable as their contents.
      fsyncDirectory(dataDir);
      return wdb;
    } catch (err) {
      try {
        db?.close();
      } catch {
        // Closing a database that failed to open has nothing left to release.
      }
      lock.release();
      throw err;
    }
  }

  private migrate(): void {
    const current = Number(this.get('PRAGMA user_version')?.user_version ?? 0);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      this.transaction(() => {
        this.db.exec(m.sql);
        this.db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
        this.db.exec(`PRAGMA user_version = ${m.version}`);
      });
    }
  }

  get schemaVersion(): number {
    return Number(this.get('PRAGMA user_version')?.user_version ?? 0);
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (stmt) {
      // Refresh its place in the LRU order.
      this.statements.delete(sql);
      this.statements.set(sql, stmt);
      return stmt;
    }
    if (this.closed) throw new Error('The workspace database is closed.');
    stmt = this.db.prepare(sql);
    this.statements.set(sql, stmt);
    if (this.statements.size > STATEMENT_CACHE_SIZE) {
      const [oldestSql, oldest] = this.statements.entries().next().value as [string, Statement];
      this.statements.delete(oldestSql);
      try {
        oldest.finalize();
      } catch {
        // See withStatement: freed all the same.
      }
    }
    return stmt;
  }

  /**
   * Runs `fn` on the cached statement for `sql`. A statement whose step failed keeps reporting
   * that error on its next reset (and on finalize), so a failed one is dropped from the cache.
   */
  private withStatement<T>(sql: string, fn: (stmt: Statement) => T): T {
    const stmt = this.statement(sql);
    try {
      return fn(stmt);
    } catch (err) {
      this.statements.delete(sql);
      try {
        stmt.finalize();
      } catch {
        // finalize repeats the step's error; the statement is freed all the same.
      }
      throw err;
    }
  }

  all<T = Row>(sql: string, params: readonly SqlValue[] = []): T[] {
    return this.withStatement(sql, (s) => s.all(params as SqlValue[]) as T[]);
  }

  get<T = Row>(sql: string, params: readonly SqlValue[] = []): T | undefined {
    return this.withStatement(sql, (s) => (s.get(params as SqlValue[]) as T | null) ?? undefined);
  }

  run(sql: string, params: readonly SqlValue[] = []): { changes: number } {
    const r = this.withStatement(sql, (s) => s.run(params as SqlValue[]));
    if (!this.inTransaction && r.changes > 0) this.generation++;
    return { changes: r.changes };
  }

  /** Runs several statements in one script (no parameters): schema and bulk maintenance only. */
  exec(sql: string): void {
    this.db.exec(sql);
  }

  /**
   * Runs `fn` in one write transaction; it commits (and fsyncs) before returning, or rolls back
   * if `fn` throws. `fn` must be synchronous: nothing else runs on the connection meanwhile.
   */
  transaction<T>(fn: () => T): T {
    if (this.inTransaction) return fn();
    this.db.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    try {
      const result = fn();
      this.db.exec('COMMIT');
      this.generation++;
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.inTransaction = false;
    }
  }

  /** `PRAGMA integrity_check`: 'ok' or the problems found. */
  integrityCheck(): string {
    return this.db
      .all('PRAGMA integrity_check')
      .map((r) => String((r as Row).integrity_check))
      .join('; ');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stmt of this.statements.values()) {
      try {
        stmt.finalize();
      } catch {
        // Reports an earlier step's error; the statement is freed all the same.
      }
    }
    this.statements.clear();
    try {
      // Fold the WAL back into the main file so the folder holds one self-contained file.
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
      this.lock.release();
    }
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** A non-empty file that is not SQLite is refused before SQLite may touch it. */
function checkFileHeader(file: string): void {
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  if (size === 0) return;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || !head.equals(SQLITE_HEADER)) {
    throw new DatabaseFileError(
      `${file} is not a SQLite database (its header does not match), so it is not a local workspace database. ` +
        'It was left untouched: move it away, or start the server with --data pointing at another folder.',
    );
  }
}

function checkIdentity(db: SqliteDatabase, file: string): void {
  let appId: number;
  let version: number;
  let tables: number;
  try {
    appId = Number((db.get('PRAGMA application_id') as Row).application_id);
    version = Number((db.get('PRAGMA user_version') as Row).user_version);
    tables = Number((db.get("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'") as Row).n);
  } catch (err) {
    throw new DatabaseFileError(
      `The workspace database ${file} cannot be read (${messageOf(err)}); it may be corrupt. ` +
        'It was left untouched: restore it from a backup, or move it away to start an empty workspace.',
    );
  }
  const fresh = appId === 0 && version === 0 && tables === 0;
  if (!fresh && appId !== APPLICATION_ID) {
    throw new DatabaseFileError(
      `${file} is a SQLite database of another application (application_id ${appId}), not a local workspace database. ` +
        'It was left untouched: move it away, or start the server with --data pointing at another folder.',
    );
  }
  if (version > LATEST_SCHEMA_VERSION) {
    throw new DatabaseFileError(
      `The workspace database ${file} has schema version ${version}, newer than this release understands (${LATEST_SCHEMA_VERSION}). ` +
        'Upgrade zenml-projects to open it; the file was left untouched.',
    );
  }
  if (!fresh) {
    const check = (db.all('PRAGMA quick_check') as Row[]).map((r) => String(r.quick_check));
    if (check.length !== 1 || check[0] !== 'ok') {
      throw new DatabaseFileError(
        `The workspace database ${file} is corrupt (${check.slice(0, 3).join('; ')}). ` +
          'It was left untouched: restore it from a backup, or move it away to start an empty workspace.',
      );
    }
  }
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; their file systems journal it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed|PRIMARY KEY constraint failed/.test(err.message);
}
