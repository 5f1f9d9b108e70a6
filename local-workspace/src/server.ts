/** Starts the local workspace: open the database, bootstrap it, listen, and close cleanly. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { checkProjectId, describeIdProblem } from '../../common/projectId';
import { allRoutes, PRO_PREFIX } from './api/routes';
import { Workspace } from './api/workspace';
import { bootstrap } from './bootstrap';
import { defaultDataDir } from './dataDir';
import { DatabaseFileError, WorkspaceDatabase } from './db/database';
import { describeFsError } from './db/dataFiles';
import { hostPolicy } from './http/callerOrigin';
import { createDispatcher, type Logger, type ReadPool } from './http/dispatch';
import { compileRoutes, type Access } from './http/router';
import { defaultReaderCount, ReaderPool } from './reader/readerPool';
import { seedDemo, type SeedReport } from './seed/demo';
import { OrganizationDirectory } from './organization';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8237;

export interface LocalWorkspaceOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Folder of the database and the admin key; see defaultDataDir(). */
  dataDir?: string;
  /** 'demo' fills an empty workspace with example projects, users, teams and runs. */
  seed?: 'demo';
  /**
   * The workspace's name (`/info`'s `name`, what a project file's `workspace:` matches): kept in
   * the database; without it, the name given before, else 'local'. Same rule as a project ID.
   */
  name?: string;
  /**
   * A folder shared by local workspaces that form one organization: each lists the others as
   * the organization's workspaces (Pro API `GET /workspaces`) while they run.
   */
  organizationDir?: string;
  /** Where problems are reported (default: stderr). */
  log?: Logger;
  /**
   * Host names answered besides loopback names and the address listened on (e.g. a name in
   * /etc/hosts or a reverse proxy's). Others are refused (DNS rebinding).
   */
  allowHosts?: string[];
  /**
   * Reader threads that answer GET requests beside the main thread (see reader/readerPool.ts);
   * 0 answers everything on the main thread. Default: one per core beyond the first, 1 to 4.
   */
  readers?: number;
}

export interface RunningWorkspace {
  /** e.g. http://127.0.0.1:8237 — point ZENML_STORE_URL here. */
  url: string;
  /** The workspace's name. */
  name: string;
  /** The ZenML Pro-style access-control API (teams, roles, assignments). */
  proApiUrl: string;
  /** The admin's API key (also in `<dataDir>/admin-api-key`). */
  adminApiKey: string;
  dataDir: string;
  /** What `seed: 'demo'` created, when it ran. */
  seeded?: SeedReport;
  /** Reader threads answering GET requests now (0: the main thread answers everything). */
  readonly readers: number;
  /** The route table the server dispatches from: method, path pattern, access rule. */
  routes: readonly { method: string; path: string; access: Access }[];
  /** Stops accepting connections, finishes requests under way, closes the database. */
  close(): Promise<void>;
}

/** A file system error not foreseen by name still becomes a sentence naming the file and what to do. */
function inWords(err: unknown): unknown {
  const fsError = err as NodeJS.ErrnoException;
  const why = describeFsError(fsError);
  if (why && fsError.path) return new DatabaseFileError(`Cannot use ${fsError.path}: ${why}. Fix it, or start the server with --data pointing at another folder.`);
  return err;
}

export async function startLocalWorkspace(options: LocalWorkspaceOptions = {}): Promise<RunningWorkspace> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const nameProblem = options.name === undefined ? undefined : checkProjectId(options.name);
  if (nameProblem) throw new Error(describeIdProblem('A workspace name', options.name!, nameProblem));

  let db: WorkspaceDatabase;
  try {
    db = WorkspaceDatabase.open(dataDir);
  } catch (err) {
    throw inWords(err);
  }
  let server: Server | undefined;
  let readers: ReaderPool | undefined;
  try {
    const ws = new Workspace(db, options.name);
    const { adminApiKey } = bootstrap(ws, dataDir);
    const seeded = options.seed === 'demo' ? await seedDemo(ws, dataDir) : undefined;
    const routes = compileRoutes(allRoutes(ws));
    const hosts = hostPolicy(host, options.allowHosts);
    // Readers start once the server's URL is known; until then the main thread answers all.
    const readPool: ReadPool = { answer: (request) => (readers ? readers.answer(request) : Promise.resolve(undefined)) };
    server = createServer(createDispatcher(ws, routes, log, hosts, readPool));
    server.keepAliveTimeout = 5_000;
    server.headersTimeout = 30_000;
    server.requestTimeout = 60_000;
    await new Promise<void>((resolveListen, reject) => {
      server!.once('error', reject);
      server!.listen(port, host, () => {
        server!.off('error', reject);
        resolveListen();
      });
    });
    const address = server.address() as AddressInfo;
    const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${urlHost}:${address.port}`;
    ws.serverUrl = url;
    ws.proApiUrl = `${url}${PRO_PREFIX}`;
    if (options.organizationDir) {
      ws.organization = new OrganizationDirectory(resolve(options.organizationDir), { id: ws.serverId, name: ws.name, url });
      ws.organization.join();
    }
    readers = await ReaderPool.start(db, { count: options.readers ?? defaultReaderCount(), serverUrl: url, proApiUrl: ws.proApiUrl, organizationDir: ws.organization?.dir, hosts, log });

    let closing: Promise<void> | undefined;
    const running: RunningWorkspace = {
      url,
      name: ws.name,
      proApiUrl: ws.proApiUrl,
      adminApiKey,
      dataDir,
      seeded,
      get readers() {
        return readers?.size ?? 0;
      },
      routes: routes.map((r) => ({ method: r.method, path: r.path, access: r.access })),
      close: () =>
        (closing ??= new Promise<void>((resolveClose) => {
          ws.organization?.leave();
          server!.close(() => {
            void (readers?.close() ?? Promise.resolve()).then(() => {
              db.close();
              resolveClose();
            });
          });
          // Idle keep-alive connections would hold close() open; requests under way finish first.
          server!.closeIdleConnections();
        })),
    };
    return running;
  } catch (err) {
    server?.close();
    await readers?.close();
    db.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${port} on ${host} is already in use. Stop what uses it, or pick another with --port (0 picks a free one).`);
    }
    throw inWords(err);
  }
}
