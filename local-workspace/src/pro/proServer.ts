/**
 * The ZenML Pro management API of the local workspace, served at an origin of its own (its own
 * port), as ZenML Pro serves it apart from its workspaces (cloudapi.zenml.io vs. each
 * workspace's URL). It authenticates with Pro credentials only (see proCredentials.ts).
 *
 * It is a module of its own so that the Pro edition's workspace server starts it next to itself,
 * and so that one organization's Pro API could stand beside several workspace servers.
 */
import type { Workspace } from '../api/workspace';
import type { HostPolicy } from '../http/callerOrigin';
import { createDispatcher, type Logger } from '../http/dispatch';
import { listen } from '../http/listen';
import { compileRoutes, type Access } from '../http/router';
import { ProCredentials } from './proCredentials';
import { proRoutes } from './proRoutes';

export interface RunningProApi {
  /** The Pro API's base URL, e.g. `http://127.0.0.1:8238` (what `/info`'s `pro_api_url` says). */
  url: string;
  credentials: ProCredentials;
  routes: readonly { method: string; path: string; access: Access }[];
  close(): Promise<void>;
}

/** `hosts`: the Host and Origin headers answered, as the workspace server's (see callerOrigin.ts). */
export async function startProApi(ws: Workspace, options: { host: string; port: number; log: Logger; hosts: HostPolicy }): Promise<RunningProApi> {
  const credentials = new ProCredentials(ws);
  const routes = compileRoutes(proRoutes(ws, credentials));
  const listening = await listen(createDispatcher((h) => credentials.authenticate(h), routes, options.log, options.hosts), options.host, options.port);
  return {
    url: listening.url,
    credentials,
    routes: routes.map((r) => ({ method: r.method, path: r.path, access: r.access })),
    close: listening.close,
  };
}
