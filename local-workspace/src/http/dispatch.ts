/**
 * Turns an HTTP request into a route call: match, authenticate, enforce admin-only routes, read
 * and parse the body, run the handler, and answer JSON — errors in ZenML's shapes.
 *
 * `answer` is the whole of it, from a plain request to a plain answer, so that it runs the same
 * on the main thread and on a reader thread (../reader/): route handlers do not know where they
 * run. The handler `createDispatcher` makes sends GET requests to the readers when there are
 * some, and everything else — and any GET whose handler turns out to write — to the writer.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { NeedsWriterError } from '../db/database';
import { checkHost, checkOrigin, type HostPolicy } from './callerOrigin';
import { ApiError, forbidden, invalid } from './errors';
import { RawJson } from './rawJson';
import { parseFormBody, parseJsonBody, readBody, rejectNul } from './request';
import { matchRoute, type Caller, type CompiledRoute, type RequestContext } from './router';

export type Logger = (line: string) => void;

/** What `answer` reads of a request: enough to cross to another thread. */
export interface PlainRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** What handlers and checks read of the connection: the caller's address (the throttle of
   * password guessing counts by it) and the port it came in on (same-origin checks). */
  socket: { remoteAddress: string | undefined; localPort: number | undefined };
}

/** A complete answer, ready to write. */
export interface PlainAnswer {
  status: number;
  headers: Record<string, string | number>;
  body: string;
}

/** Answers GET requests on other threads; undefined from `answer` means "the writer must". */
export interface ReadPool {
  answer(request: PlainRequest): Promise<PlainAnswer | undefined>;
}

/** Names the caller of a non-public route from its Authorization header, or throws a 401. */
export type Authenticate = (authorization: string | undefined) => Caller;

/**
 * The request handler of one HTTP server — the workspace API and the Pro API each have one, with
 * their own routes and their own way of telling who calls (`authenticate`): `hosts` says which
 * Host and Origin headers it answers (see callerOrigin.ts); every server of the local workspace
 * passes its own. `readers`, when given, answers GET requests.
 */
export function createDispatcher(authenticate: Authenticate, routes: CompiledRoute[], log: Logger, hosts: HostPolicy, readers?: ReadPool) {
  const onWriter = (req: IncomingMessage, res: ServerResponse) => answer(authenticate, routes, hosts, log, plain(req), () => readBody(req)).then((a) => write(res, a));
  return (req: IncomingMessage, res: ServerResponse): void => {
    const done =
      readers && req.method === 'GET'
        ? readers.answer(plain(req)).then((a) => (a ? write(res, a) : onWriter(req, res)))
        : onWriter(req, res);
    done.catch((err: unknown) => {
      // answer answers every error itself; this only guards against a failure while answering.
      log(`local workspace: could not answer ${req.method} ${pathOf(req.url)}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) write(res, json(500, { detail: ['RuntimeError', 'Internal server error.'] }));
      else res.destroy();
    });
  };
}

function plain(req: IncomingMessage): PlainRequest {
  return { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, socket: { remoteAddress: req.socket.remoteAddress, localPort: req.socket.localPort } };
}

/**
 * The answer to `req`. `body` reads the request's body (only routes that take one ask).
 * Throws NeedsWriterError when the handler runs on a reader and writes; answers every other
 * error in ZenML's shapes.
 */
export async function answer(authenticate: Authenticate, routes: CompiledRoute[], hosts: HostPolicy, log: Logger, req: PlainRequest, body: () => Promise<Buffer>): Promise<PlainAnswer> {
  // Handlers and checks read only what a PlainRequest carries of an IncomingMessage.
  const asMessage = req as unknown as IncomingMessage;
  try {
    // Before anything else, 404s included: a rebinding page learns nothing.
    checkHost(asMessage, hosts);
    checkOrigin(asMessage, hosts);
    const rawUrl = req.url;
    const q = rawUrl.indexOf('?');
    let path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));

    let match;
    try {
      match = matchRoute(routes, req.method, path);
    } catch (err) {
      if (err instanceof URIError) throw invalid(`The path '${path}' is not validly percent-encoded.`);
      throw err;
    }
    if (!match) return json(404, { detail: 'Not Found' });
    if ('allowed' in match) return json(405, { detail: 'Method Not Allowed' }, { allow: match.allowed.join(', ') });
    const { route, params } = match;

    const caller = route.access === 'public' ? undefined : authenticate(req.headers.authorization);
    if (route.access === 'admin' && !caller!.isAdmin) {
      throw forbidden('Insufficient permissions: only workspace admins may do this.');
    }
    rejectNul(params, 'path');
    for (const [k, v] of query) rejectNul(`${k}=${v}`, 'query');

    let parsed: Record<string, unknown> = {};
    if (route.body !== 'none') {
      const raw = await body();
      if (raw.length === 0 && route.optionalBody) parsed = {};
      else if (route.body === 'json') parsed = parseJsonBody(asMessage, raw);
      else parsed = parseFormBody(asMessage, raw);
    }

    const ctx: RequestContext = { req: asMessage, params, query, caller, body: parsed };
    const result = await route.handler(ctx);
    return json(200, result === undefined ? null : result);
  } catch (err) {
    if (err instanceof NeedsWriterError) throw err;
    if (err instanceof ApiError) {
      // A refused oversized body was not read to its end: the connection cannot be reused.
      const extra = err.status === 413 ? { ...err.headers, connection: 'close' } : err.headers;
      return json(err.status, err.body(), extra);
    }
    log(`local workspace: ${req.method} ${pathOf(req.url)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return json(500, { detail: ['RuntimeError', 'Internal server error; the server log has the details.'] });
  }
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0];
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): PlainAnswer {
  const body = value instanceof RawJson ? value.text : JSON.stringify(value);
  return { status, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }, body };
}

function write(res: ServerResponse, a: PlainAnswer): void {
  res.writeHead(a.status, a.headers);
  res.end(a.body);
}
