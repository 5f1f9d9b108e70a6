/** Starts the local workspace: open the database, bootstrap it, listen, and close cleanly. */
import { resolve } from 'node:path';
import { checkProjectId, describeIdProblem } from '../../common/projectId';
import { allRoutes } from './api/routes';
import { Workspace, type Edition } from './api/workspace';
import { bootstrap, ensureProApiKey } from './bootstrap';
import { defaultDataDir } from './dataDir';
import { DatabaseFileError, WorkspaceDatabase } from './db/database';
import { describeFsError } from './db/dataFiles';
import { hostPolicy } from './http/callerOrigin';
import { createDispatcher, type Logger, type ReadPool } from './http/dispatch';
import { listen, type Listening } from './http/listen';
import { compileRoutes, type Access } from './http/router';
import { startProApi, type RunningProApi } from './pro/proServer';
import { defaultReaderCount, ReaderPool } from './reader/readerPool';
import { seedDemo, type SeedReport } from './seed/demo';
import { OrganizationDirectory } from './organization';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8237;
export const DEFAULT_EDITION: Edition = 'pro';
/** The Pro API listens this far above the workspace's port: clear of workspaces on neighbouring ports. */
export const PRO_PORT_OFFSET = 1000;

export interface LocalWorkspaceOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** `pro` (default): a ZenML Pro workspace with its Pro API; `oss`: a plain ZenML server. */
  edition?: Edition;
  /** The Pro API's port (Pro edition): default `port` + PRO_PORT_OFFSET, or a free one when `port` is 0. */
  proPort?: number;
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

type RouteList = readonly { method: string; path: string; access: Access }[];

export interface RunningWorkspace {
  /** e.g. http://127.0.0.1:8237 — point ZENML_STORE_URL here. */
  url: string;
  /** The workspace's name. */
  name: string;
  edition: Edition;
  /** The ZenML Pro management API (teams, roles, assignments) at its own origin; Pro edition only. */
  proApiUrl?: string;
  /** The admin's ZenML Pro API key (also in `<dataDir>/pro-api-key`); Pro edition only. */
  proApiKey?: string;
  /** The admin's API key (also in `<dataDir>/admin-api-key`). */
  adminApiKey: string;
  dataDir: string;
  /** What `seed: 'demo'` created, when it ran. */
  seeded?: SeedReport;
  /** Reader threads answering GET requests now (0: the main thread answers everything). */
  readonly readers: number;
  /** The workspace API's route table: method, path pattern, access rule. */
  routes: RouteList;
  /** The Pro API's route table (empty in the OSS edition). */
  proRoutes: RouteList;
  /**
   * Issues a ZenML Pro personal access token for the user `userName` (Pro edition), as a user
   * makes one in ZenML Pro's settings; `name` replaces an earlier token of that name.
   */
  issuePersonalAccessToken(userName: string, name?: string): string;
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
  const edition = options.edition ?? DEFAULT_EDITION;
  const proPort = options.proPort ?? (port === 0 ? 0 : port + PRO_PORT_OFFSET);
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
  let workspaceServer: Listening | undefined;
  let pro: RunningProApi | undefined;
  let readers: ReaderPool | undefined;
  let binding = { port, flag: '--port' };
  try {
    const ws = new Workspace(db, options.name, edition);
    const { adminApiKey, adminId } = bootstrap(ws, dataDir);
    const seeded = options.seed === 'demo' ? await seedDemo(ws, dataDir) : undefined;
    const routes = compileRoutes(allRoutes(ws));
    const hosts = hostPolicy(host, options.allowHosts);
    // Readers start once the servers' URLs are known; until then the main thread answers all.
    const readPool: ReadPool = { answer: (request) => (readers ? readers.answer(request) : Promise.resolve(undefined)) };
    workspaceServer = await listen(createDispatcher((h) => ws.authenticate(h), routes, log, hosts, readPool), host, port);
    ws.serverUrl = workspaceServer.url;
    let proApiKey: string | undefined;
    if (edition === 'pro') {
      binding = { port: proPort, flag: '--pro-port' };
      pro = await startProApi(ws, { host, port: proPort, log, hosts });
      ws.proApiUrl = pro.url;
      proApiKey = ensureProApiKey(pro.credentials, dataDir, adminId);
    }
    if (options.organizationDir) {
      ws.organization = new OrganizationDirectory(resolve(options.organizationDir), { id: ws.serverId, name: ws.name, url: ws.serverUrl });
      ws.organization.join();
    }
    readers = await ReaderPool.start(db, { count: options.readers ?? defaultReaderCount(), serverUrl: ws.serverUrl, proApiUrl: ws.proApiUrl, edition, organizationDir: ws.organization?.dir, hosts, log });
    const servers = [workspaceServer, pro].filter((s) => s !== undefined);
    let closing: Promise<void> | undefined;
    return {
      url: workspaceServer.url,
      name: ws.name,
      edition,
      proApiUrl: pro?.url,
      proApiKey,
      adminApiKey,
      dataDir,
      seeded,
      get readers() {
        return readers?.size ?? 0;
      },
      routes: routes.map((r) => ({ method: r.method, path: r.path, access: r.access })),
      proRoutes: pro?.routes ?? [],
      issuePersonalAccessToken(userName, name = 'personal-access-token') {
        if (!pro) throw new Error('Personal access tokens belong to ZenML Pro: start the workspace with --edition pro.');
        const user = db.get<{ id: string }>('SELECT id FROM users WHERE name = ?', [userName]);
        if (!user) throw new Error(`No user named '${userName}'.`);
        return pro.credentials.issue(user.id, 'personal_access_token', name);
      },
      // Requests under way finish first; then the readers, then the database.
      close: () =>
        (closing ??= (ws.organization?.leave(), Promise.all(servers.map((s) => s.close()))).then(async () => {
          await readers?.close();
          db.close();
        })),
    };
  } catch (err) {
    await Promise.all([workspaceServer?.close(), pro?.close()]);
    await readers?.close();
    db.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const what = binding.flag === '--port' ? '' : ' (for the Pro API)';
      throw new Error(`Port ${binding.port} on ${host}${what} is already in use. Stop what uses it, or pick another with ${binding.flag} (0 picks a free one).`);
    }
    throw inWords(err);
  }
}
