/**
 * Reader threads: GET requests are answered beside the main thread, on other cores, each by a
 * reader thread with its own read-only connection to the database (readerWorker.ts). The main
 * thread keeps the HTTP work and every write. A request goes to the reader with the fewest
 * requests under way; one the reader cannot answer (its handler writes, or the reader failed)
 * comes back `undefined`, and the writer answers it.
 */
import type { Edition } from '../api/workspace';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkspaceDatabase } from '../db/database';
import type { HostPolicy } from '../http/callerOrigin';
import type { Logger, PlainAnswer, PlainRequest, ReadPool } from '../http/dispatch';
import type { FromReader, ReaderData, ToReader } from './readerProtocol';

/** The reader thread's script: the bundle's (dist/workspaceReader.js), or the source under tsx. */
function readerScript(): string | undefined {
  for (const file of [join(__dirname, 'workspaceReader.js'), join(__dirname, 'readerWorker.ts')]) if (existsSync(file)) return file;
  return undefined;
}

/** The script in a new thread; from source (tests run under tsx), with tsx's require hook. */
function startWorker(script: string, workerData: ReaderData): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, { workerData });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData });
}

/** One reader per core beyond the main thread's, at least one, at most four. */
export function defaultReaderCount(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

interface Reader {
  worker: Worker;
  index: number;
  db: WorkspaceDatabase;
  pending: Map<number, (a: PlainAnswer | undefined) => void>;
  alive: boolean;
}

export class ReaderPool implements ReadPool {
  private nextId = 0;

  private constructor(
    private readonly readers: Reader[],
    private readonly log: Logger,
  ) {}

  /**
   * Starts `count` readers of `db` (the writer), or none — undefined — when the platform cannot
   * give them their own names for the database file or their script is missing.
   */
  static async start(
    db: WorkspaceDatabase,
    options: { count: number; serverUrl: string; proApiUrl: string; edition: Edition; organizationDir?: string; hosts: HostPolicy; log: Logger },
  ): Promise<ReaderPool | undefined> {
    const script = readerScript();
    if (!script || options.count < 1) return undefined;
    const readers: Reader[] = [];
    const pool = new ReaderPool(readers, options.log);
    for (let i = 0; i < options.count; i++) {
      const slot = db.newReader();
      if (!slot) break;
      const data: ReaderData = {
        reader: slot,
        state: db.shared.buffer,
        serverUrl: options.serverUrl,
        proApiUrl: options.proApiUrl,
        edition: options.edition,
        organizationDir: options.organizationDir,
        hosts: { names: [...options.hosts.names], anyAddress: options.hosts.anyAddress },
      };
      const reader: Reader = { worker: startWorker(script, data), pending: new Map(), alive: false, index: slot.index, db };
      const ready = await new Promise<boolean>((resolve) => {
        reader.worker.on('message', (m: FromReader) => {
          if (m.kind === 'ready') resolve((reader.alive = true));
          else if (m.kind === 'failed') {
            options.log(`local workspace: a reader thread could not start (${m.message}); the main thread answers its share.`);
            resolve(false);
          } else pool.onMessage(reader, m);
        });
        reader.worker.on('error', (err) => {
          options.log(`local workspace: a reader thread failed: ${err.message}`);
          pool.retire(reader);
          resolve(false);
        });
        reader.worker.on('exit', () => {
          pool.retire(reader);
          resolve(false);
        });
      });
      if (ready) readers.push(reader);
      else await reader.worker.terminate();
    }
    return readers.length ? pool : undefined;
  }

  get size(): number {
    return this.readers.filter((r) => r.alive).length;
  }

  answer(request: PlainRequest): Promise<PlainAnswer | undefined> {
    let best: Reader | undefined;
    for (const r of this.readers) if (r.alive && (!best || r.pending.size < best.pending.size)) best = r;
    if (!best) return Promise.resolve(undefined);
    const reader = best;
    const id = this.nextId++;
    return new Promise((resolve) => {
      reader.pending.set(id, resolve);
      reader.worker.postMessage({ kind: 'request', id, request } satisfies ToReader);
    });
  }

  private onMessage(reader: Reader, m: FromReader): void {
    if (m.kind === 'log') this.log(m.line);
    else if (m.kind === 'answer' || m.kind === 'writer') {
      const resolve = reader.pending.get(m.id);
      reader.pending.delete(m.id);
      resolve?.(m.kind === 'answer' ? m.answer : undefined);
    }
  }

  /** A reader that stopped: what it had under way goes to the writer. */
  private retire(reader: Reader): void {
    reader.alive = false;
    // It may have ended inside a read: the writer must not wait for it.
    reader.db.shared.forgetReader(reader.index);
    for (const resolve of reader.pending.values()) resolve(undefined);
    reader.pending.clear();
  }

  /** Stops every reader (requests under way go to the writer) and waits for them to end. */
  async close(): Promise<void> {
    await Promise.all(
      this.readers.map(async (r) => {
        if (r.alive) r.worker.postMessage({ kind: 'close' } satisfies ToReader);
        this.retire(r);
        await r.worker.terminate();
      }),
    );
  }
}
