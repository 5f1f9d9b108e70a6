/** The messages between the main thread and a reader thread (readerPool.ts, readerWorker.ts). */
import type { Edition } from '../api/workspace';
import type { PlainAnswer, PlainRequest } from '../http/dispatch';

/** What a reader thread starts from. */
export interface ReaderData {
  /** The reader's number and own name for the database file (WorkspaceDatabase.newReader). */
  reader: { file: string; index: number };
  /** The writer's SharedDatabaseState buffer. */
  state: SharedArrayBuffer;
  serverUrl: string;
  proApiUrl: string;
  /** Which server the workspace plays: the readers check rights as the writer does. */
  edition: Edition;
  /** The folder of the workspace's organization (`--organization`), when it has one. */
  organizationDir?: string;
  /** The server's HostPolicy, as plain data. */
  hosts: { names: string[]; anyAddress: boolean };
}

export type ToReader = { kind: 'request'; id: number; request: PlainRequest } | { kind: 'close' };

export type FromReader =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'answer'; id: number; answer: PlainAnswer }
  /** The handler writes: the writer must answer this request. */
  | { kind: 'writer'; id: number }
  | { kind: 'log'; line: string };
