/**
 * The workspace database: one SQLite file opened through node-sqlite3-wasm (SQLite compiled to
 * WebAssembly with a VFS over Node's `fs`), so the same code runs under any Node or Electron ABI.
 *
 * One writer connection (the server's main thread) and any number of read-only connections
 * (reader threads, see ../reader/): reads run beside each other and beside the main thread's
 * HTTP work, on other cores.
 *
 * Durability: a rollback journal (`journal_mode=TRUNCATE`) with `synchronous=FULL` — every COMMIT
 * fsyncs the journal and then the database before it returns, and a response is sent only after
 * its COMMIT, so an acknowledged write survives a killed process and a power cut. (WAL would need
 * shared memory, which this VFS lacks, for a second connection to read the file.)
 *
 * Isolation between connections: the VFS's lock is one exclusive lock directory per file name, so
 * each reader opens the database under a name of its own (a hard link in `readers/`), and
 * SharedDatabaseState's readers-writer lock keeps every read transaction apart from every write.
 */
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Database as SqliteDatabase, Statement } from 'node-sqlite3-wasm';
import { describeFsError, ensureDataFolder, requireRegularFile } from './dataFiles';
import { OwnerLock } from './ownerLock';
import { MAX_READERS, SharedDatabaseState } from './sharedState';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, MIGRATIONS } from './schema';

export const DATABASE_FILE = 'workspace.db';
const OWNER_FILE = 'server.lock';
/** Where the readers' names for the database file live (hard links, removed on close). */
const READERS_FOLDER = 'readers';
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

/**
 * A read-only connection was asked to write (a GET handler that records something): the request
 * must be answered by the writer instead.
 */
export class NeedsWriterError extends Error {
  constructor() {
    super('This request writes to the database; the writer connection must answer it.');
    this.name = 'NeedsWriterError';
  }
}

/** node-sqlite3-wasm instantiates its WebAssembly module when first required: load it lazily. */
function loadSqlite(): typeof import('node-sqlite3-wasm') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');
}

export class WorkspaceDatabase {
  private readonly statements = new Map<string, Statement>();
  private inTransaction = false;
  private closed = false;
  private nextReader = 0;
  /** On a reader: its number (see SharedDatabaseState). */
  private readerIndex = -1;

  private constructor(
    private readonly db: SqliteDatabase,
    /** The writer's hold on the data folder; undefined on a reader. */
    private readonly lock: OwnerLock | undefined,
    readonly file: string,
    readonly shared: SharedDatabaseState,
  ) {}

  /** Bumped by every committed write; caches keyed on it never serve stale data. */
  get generation(): number {
    return this.shared.generation;
  }

  get readOnly(): boolean {
    return this.lock === undefined;
  }

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
      requireRegularFile(`${file}-journal`, "the workspace database's rollback journal");
      checkFileHeader(file);
      // Readers' names left by a server that was killed: nothing uses them now.
      rmSync(join(dataDir, READERS_FOLDER), { recursive: true, force: true });
      const { Database } = loadSqlite();
      try {
        db = new Database(file);
      } catch (err) {
        throw new DatabaseFileError(`Cannot open the workspace database ${file}: ${describeFsError(err) ?? messageOf(err)}. It was left untouched: check the file and its folder's permissions, or start the server with --data pointing at another folder.`);
      }
      // Before anything that could write: exclusive locking (a database that an older release
      // left in WAL mode can only be read so), then look at what the file is.
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      checkIdentity(db, file);
      db.get('PRAGMA journal_mode = TRUNCATE');
      db.exec('PRAGMA synchronous = FULL');
      db.exec('PRAGMA foreign_keys = ON');
      db.exec('PRAGMA cache_size = -65536');
      // Normal locking: SQLite then records every commit in the file's change counter, which is
      // how a reader's connection learns that its cached pages are stale.
      db.exec('PRAGMA locking_mode = NORMAL');
      const wdb = new WorkspaceDatabase(db, lock, file, new SharedDatabaseState());
      wdb.migrate();
      // The VFS does not fsync the folder when it creates the database or its journal: do it
      // once so the files' directory entries are as durable as their contents.
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

  /**
   * A new reader's number and its own name for the database file (see openReader), or undefined
   * when the file system cannot make one (no hard links): then the writer answers every request.
   */
  newReader(): { file: string; index: number } | undefined {
    if (this.readOnly) throw new Error('Only the writer makes readers.');
    if (this.nextReader >= MAX_READERS) return undefined;
    const folder = join(this.file, '..', READERS_FOLDER);
    const index = this.nextReader++;
    const file = join(folder, `reader-${index}.db`);
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      rmSync(file, { force: true });
      linkSync(this.file, file);
      return { file, index };
    } catch {
      return undefined;
    }
  }

  /**
   * A read-only connection to the writer's database through `reader` (from newReader),
   * sharing `state` (the writer's `shared.buffer`). Run every read through `reading`.
   */
  static openReader(reader: { file: string; index: number }, state: SharedArrayBuffer): WorkspaceDatabase {
    const { Database } = loadSqlite();
    const db = new Database(reader.file, { readOnly: true, fileMustExist: true });
    db.exec('PRAGMA cache_size = -16384');
    const rdb = new WorkspaceDatabase(db, undefined, reader.file, new SharedDatabaseState(state));
    rdb.readerIndex = reader.index;
    return rdb;
  }

  /**
   * Runs `read` as one read transaction of a reader connection: it sees every write acknowledged
   * before it began and none that commits while it runs. `read` must not wait on the writer.
   */
  async reading<T>(read: () => T | Promise<T>): Promise<T> {
    this.shared.beginRead(this.readerIndex);
    try {
      this.db.exec('BEGIN');
      try {
        return await read();
      } finally {
        this.db.exec('COMMIT');
      }
    } finally {
      this.shared.endRead(this.readerIndex);
    }
  }

  /** Runs `write` with every reader kept out (see SharedDatabaseState). */
  private writing<T>(write: () => T): T {
    if (this.readOnly) throw new NeedsWriterError();
    this.shared.beginWrite();
    try {
      return write();
    } finally {
      this.shared.endWrite();
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
      if (this.readOnly && /readonly database/i.test(messageOf(err))) throw new NeedsWriterError();
      throw err;
    }
  }

  all<T = Row>(sql: string, params: readonly SqlValue[] = []): T[] {
    return this.withStatement(sql, (s) => s.all(params as SqlValue[]) as T[]);
  }

  get<T = Row>(sql: string, params: readonly SqlValue[] = []): T | undefined {
    return this.withStatement(sql, (s) => {
      const rows = s.iterate(params as SqlValue[]);
      const first = rows.next();
      // A statement stopped after its first row is still under way, and keeps its connection's
      // read transaction open: a reader would go on seeing that moment's data. End it.
      const reset = (s as unknown as { _reset?: () => boolean })._reset;
      if (!first.done) {
        if (typeof reset === 'function') reset.call(s);
        else for (const _ of rows); // eslint-disable-line no-empty
      }
      return first.done ? undefined : (first.value as T);
    });
  }

  run(sql: string, params: readonly SqlValue[] = []): { changes: number } {
    if (this.inTransaction) return { changes: this.withStatement(sql, (s) => s.run(params as SqlValue[])).changes };
    return this.writing(() => {
      const r = this.withStatement(sql, (s) => s.run(params as SqlValue[]));
      if (r.changes > 0) this.shared.bumpGeneration();
      return { changes: r.changes };
    });
  }

  /** Runs several statements in one script (no parameters): schema and bulk maintenance only. */
  exec(sql: string): void {
    if (this.inTransaction) this.db.exec(sql);
    else
      this.writing(() => {
        this.db.exec(sql);
        this.shared.bumpGeneration();
      });
  }

  /**
   * Runs `fn` in one write transaction; it commits (and fsyncs) before returning, or rolls back
   * if `fn` throws. `fn` must be synchronous: nothing else runs on the connection meanwhile.
   */
  transaction<T>(fn: () => T): T {
    if (this.inTransaction) return fn();
    return this.writing(() => {
      this.db.exec('BEGIN IMMEDIATE');
      this.inTransaction = true;
      try {
        const result = fn();
        this.db.exec('COMMIT');
        this.shared.bumpGeneration();
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      } finally {
        this.inTransaction = false;
      }
    });
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
    if (!this.lock) {
      this.db.close();
      return;
    }
    try {
      this.db.close();
      // The folder keeps one self-contained file: no readers' names, no empty journal.
      rmSync(join(this.file, '..', READERS_FOLDER), { recursive: true, force: true });
      const journal = `${this.file}-journal`;
      if (existsSync(journal) && statSync(journal).size === 0) unlinkSync(journal);
    } finally {
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
