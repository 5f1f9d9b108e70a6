/**
 * A reader thread of the local workspace: the same routes over a read-only connection to the
 * same database, answering the GET requests the main thread hands it (see readerPool.ts). Every
 * request is one read transaction (WorkspaceDatabase.reading); a handler that writes is sent
 * back, to be answered by the writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { allRoutes } from '../api/routes';
import { Workspace } from '../api/workspace';
import { NeedsWriterError, WorkspaceDatabase } from '../db/database';
import { answer, type PlainRequest } from '../http/dispatch';
import { compileRoutes } from '../http/router';
import type { ReaderData, ToReader, FromReader } from './readerProtocol';
import { OrganizationDirectory } from '../organization';

async function main(): Promise<void> {
  const data = workerData as ReaderData;
  const port = parentPort!;
  const post = (m: FromReader) => port.postMessage(m);
  const log = (line: string) => post({ kind: 'log', line });
  const db = WorkspaceDatabase.openReader(data.reader, data.state);
  const ws = await db.reading(() => new Workspace(db, undefined, data.edition));
  ws.serverUrl = data.serverUrl;
  ws.proApiUrl = data.proApiUrl;
  // Lists the organization's workspaces as the main thread does; only the main thread joins it.
  if (data.organizationDir) ws.organization = new OrganizationDirectory(data.organizationDir, { id: ws.serverId, name: ws.name, url: data.serverUrl });
  const routes = compileRoutes(allRoutes(ws));
  const hosts = { names: new Set(data.hosts.names), anyAddress: data.hosts.anyAddress };
  const noBody = () => Promise.reject(new NeedsWriterError());

  port.on('message', (m: ToReader) => {
    if (m.kind === 'close') {
      db.close();
      port.close();
      return;
    }
    const request: PlainRequest = m.request;
    db.reading(() => answer((h) => ws.authenticate(h), routes, hosts, log, request, noBody)).then(
      (a) => post({ kind: 'answer', id: m.id, answer: a }),
      (err: unknown) => {
        if (!(err instanceof NeedsWriterError)) log(`local workspace reader: ${request.method} ${request.url.split('?')[0]} failed: ${err instanceof Error ? err.message : String(err)}`);
        post({ kind: 'writer', id: m.id });
      },
    );
  });
  post({ kind: 'ready' });
}

main().catch((err: unknown) => parentPort!.postMessage({ kind: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies FromReader));
