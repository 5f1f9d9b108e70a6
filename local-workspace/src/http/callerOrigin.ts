/**
 * Who may talk to the local workspace from a browser: a web page must not reach it through DNS
 * rebinding (its own host name resolving to 127.0.0.1) nor by posting a form or a fetch from its
 * own origin.
 *
 * - **Host:** only the names the server was bound for are answered — loopback names, the address
 *   it listens on, when it listens on every interface any IP address and this machine's name,
 *   plus the names the user allows (`--allow-host`). Others get 421 Misdirected Request (RFC 9110
 *   §15.5.20). A request without a Host header comes from no browser and is answered.
 * - **Origin:** a request that carries credentials or changes anything (everything but a GET or
 *   HEAD without an Authorization header) from a browser page of another origin (its `Origin`
 *   header, or `Sec-Fetch-Site: cross-site`) is refused with 403. ZenML's own clients send
 *   no Origin header.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { ApiError, forbidden } from './errors';

export interface HostPolicy {
  /** Lower-case host names and addresses answered (IPv6 without brackets). */
  readonly names: ReadonlySet<string>;
  /** Listening on every interface: any IP address is a name of this server. */
  readonly anyAddress: boolean;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The policy for a server bound to `listenHost`, with the extra names the user allows. */
export function hostPolicy(listenHost: string, allowHosts: readonly string[] = []): HostPolicy {
  const bare = (h: string) => h.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  const anyAddress = listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '[::]';
  const names = new Set([...LOOPBACK_NAMES, bare(listenHost), ...allowHosts.map(bare)]);
  if (anyAddress) names.add(hostname().toLowerCase());
  return { names, anyAddress };
}

function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

function answers(policy: HostPolicy, name: string | undefined): boolean {
  if (!name) return false;
  if (policy.names.has(name)) return true;
  // Every 127.x.y.z is this machine's loopback; an address literal never comes from rebinding.
  if (/^127\.\d+\.\d+\.\d+$/.test(name)) return true;
  return policy.anyAddress && isIP(name) !== 0;
}

/** Throws 421 when the request names a host this server was not bound for. */
export function checkHost(req: IncomingMessage, policy: HostPolicy): void {
  const header = req.headers.host;
  if (header === undefined) return;
  const name = hostnameOf(header);
  if (answers(policy, name)) return;
  throw new ApiError(
    421,
    'IllegalOperationError',
    `This local workspace does not answer for the host '${(name ?? header).slice(0, 100)}': it answers only for ${[...policy.names].slice(0, 6).join(', ')}. ` +
      `If you reach it under that name on purpose, start it with --allow-host ${(name ?? header).slice(0, 100)}.`,
  );
}

/**
 * Throws 403 when a browser page of another origin sends credentials or a change. Same origin
 * means http, a host name this server answers, and the port the request came in on.
 */
export function checkOrigin(req: IncomingMessage, policy: HostPolicy): void {
  const method = req.method ?? 'GET';
  const credentialed = req.headers.authorization !== undefined || req.headers.cookie !== undefined || (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS');
  if (!credentialed) return;
  const origin = req.headers.origin;
  let foreign = false;
  if (origin !== undefined) {
    try {
      const u = new URL(origin);
      foreign = u.protocol !== 'http:' || !answers(policy, u.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1')) || Number(u.port || 80) !== req.socket.localPort;
    } catch {
      foreign = true; // "null" (sandboxed frames, file: pages) or garbage
    }
  } else if (req.headers['sec-fetch-site'] === 'cross-site') {
    foreign = true;
  }
  if (foreign) {
    throw forbidden(
      `Refused a request from the web page at ${String(origin ?? 'another site').slice(0, 100)}: the local workspace takes credentials and changes only from its own clients, not from other sites' pages.`,
    );
  }
}
