/**
 * Turns an HTTP request into a route call: match, authenticate, enforce admin-only routes, read
 * and parse the body, run the handler, and answer JSON — errors in ZenML's shapes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Workspace } from '../api/workspace';
import { checkHost, checkOrigin, type HostPolicy } from './callerOrigin';
import { ApiError, forbidden, invalid } from './errors';
import { RawJson } from './rawJson';
import { parseFormBody, parseJsonBody, readBody, rejectNul } from './request';
import { matchRoute, type CompiledRoute, type RequestContext } from './router';

export type Logger = (line: string) => void;

/**
 * The request handler of a server: `hosts` says which Host and Origin headers it answers (see
 * callerOrigin.ts); every server of the local workspace passes its own.
 */
export function createDispatcher(ws: Workspace, routes: CompiledRoute[], log: Logger, hosts: HostPolicy) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    dispatch(ws, routes, req, res).catch((err: unknown) => {
      // dispatch answers every error itself; this only guards against a failure while answering.
      log(`local workspace: could not answer ${req.method} ${pathOf(req.url)}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, 500, { detail: ['RuntimeError', 'Internal server error.'] });
      else res.destroy();
    });
  };

  async function dispatch(ws: Workspace, routes: CompiledRoute[], req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      // Before anything else, 404s included: a rebinding page learns nothing.
      checkHost(req, hosts);
      checkOrigin(req, hosts);
      const rawUrl = req.url ?? '/';
      const q = rawUrl.indexOf('?');
      let path = q < 0 ? rawUrl : rawUrl.slice(0, q);
      if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
      const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));

      let match;
      try {
        match = matchRoute(routes, req.method ?? 'GET', path);
      } catch (err) {
        if (err instanceof URIError) throw invalid(`The path '${path}' is not validly percent-encoded.`);
        throw err;
      }
      if (!match) return send(res, 404, { detail: 'Not Found' });
      if ('allowed' in match) return send(res, 405, { detail: 'Method Not Allowed' }, { allow: match.allowed.join(', ') });
      const { route, params } = match;

      const caller = route.access === 'public' ? undefined : ws.authenticate(req.headers.authorization);
      if (route.access === 'admin' && !caller!.isAdmin) {
        throw forbidden('Insufficient permissions: only workspace admins may do this.');
      }
      rejectNul(params, 'path');
      for (const [k, v] of query) rejectNul(`${k}=${v}`, 'query');

      let body: Record<string, unknown> = {};
      if (route.body !== 'none') {
        const raw = await readBody(req);
        if (raw.length === 0 && route.optionalBody) body = {};
        else if (route.body === 'json') body = parseJsonBody(req, raw);
        else body = parseFormBody(req, raw);
      }

      const ctx: RequestContext = { req, params, query, caller, body };
      const result = await route.handler(ctx);
      send(res, 200, result === undefined ? null : result);
    } catch (err) {
      if (err instanceof ApiError) {
        // A refused oversized body was not read to its end: the connection cannot be reused.
        const extra = err.status === 413 ? { ...err.headers, connection: 'close' } : err.headers;
        send(res, err.status, err.body(), extra);
        return;
      }
      log(`local workspace: ${req.method} ${pathOf(req.url)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      send(res, 500, { detail: ['RuntimeError', 'Internal server error; the server log has the details.'] });
    }
  }
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0];
}

function send(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const json = value instanceof RawJson ? value.text : JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
    ...headers,
  });
  res.end(json);
}
