/**
 * What the writer connection (main thread) and the read-only connections (reader threads) of one
 * database share, in a SharedArrayBuffer: a readers-writer lock and the write generation.
 *
 * Why a lock of our own: SQLite's locks go through node-sqlite3-wasm's VFS, which locks a whole
 * file with one `<file>.lock` directory — exclusive even for readers — and has no shared memory
 * for WAL. Each reader therefore opens the database under a name of its own (see
 * WorkspaceDatabase.openReader) and this lock keeps every read transaction apart from every write
 * transaction: a reader never sees a half-written file, and a write acknowledged before a read
 * began is seen by it. Writers are preferred: a waiting write keeps new reads out.
 */

const WRITER = 0;
const GENERATION = 1;
/** Then one cell per reader: 1 while that reader is inside a read transaction. */
const FIRST_READER = 2;
/** More readers than any machine this runs on needs (see defaultReaderCount). */
export const MAX_READERS = 16;

/** How long one wait may sleep before the condition is checked again (ms); wake-ups are notified. */
const WAIT_SLICE_MS = 50;

export class SharedDatabaseState {
  private readonly cells: Int32Array;

  /** `buffer`: the state of an existing writer (a reader thread passes the one it was given). */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer((FIRST_READER + MAX_READERS) * Int32Array.BYTES_PER_ELEMENT)) {
    this.cells = new Int32Array(buffer);
  }

  /** Bumped by every committed write: caches keyed on it never serve stale data, on any thread. */
  get generation(): number {
    return Atomics.load(this.cells, GENERATION);
  }

  bumpGeneration(): void {
    Atomics.add(this.cells, GENERATION, 1);
  }

  /** Waits until no read transaction is under way; new ones wait until endWrite. Not re-entrant. */
  beginWrite(): void {
    Atomics.store(this.cells, WRITER, 1);
    for (let i = FIRST_READER; i < this.cells.length; i++) {
      while (Atomics.load(this.cells, i) === 1) Atomics.wait(this.cells, i, 1, WAIT_SLICE_MS);
    }
  }

  endWrite(): void {
    Atomics.store(this.cells, WRITER, 0);
    Atomics.notify(this.cells, WRITER);
  }

  /** Reader `reader` (0-based) waits until no write is under way or waiting, then goes in. */
  beginRead(reader: number): void {
    const cell = FIRST_READER + reader;
    for (;;) {
      while (Atomics.load(this.cells, WRITER) === 1) Atomics.wait(this.cells, WRITER, 1, WAIT_SLICE_MS);
      Atomics.store(this.cells, cell, 1);
      // Both sides announce themselves before they look at the other (sequentially consistent
      // atomics), so a writer and a reader can never both go ahead.
      if (Atomics.load(this.cells, WRITER) === 0) return;
      this.endRead(reader);
    }
  }

  endRead(reader: number): void {
    const cell = FIRST_READER + reader;
    Atomics.store(this.cells, cell, 0);
    Atomics.notify(this.cells, cell);
  }

  /** A reader thread ended (perhaps inside a read): the writer no longer waits for it. */
  forgetReader(reader: number): void {
    this.endRead(reader);
  }
}
