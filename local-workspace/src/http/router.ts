/**
 * The route table: every endpoint with its method, path pattern, who may call it and the body it
 * takes. The server dispatches from this table alone, and the access test enumerates it, so an
 * endpoint cannot exist without a declared access rule.
 */
import type { IncomingMessage } from 'node:http';
import type { BodyKind } from './request';

/**
 * - public: anyone (server info, login).
 * - user: any signed-in user; the handler shows only what the caller may see.
 * - admin: workspace admins only (checked by the server before the handler runs).
 * - project: the handler resolves the target project and checks the caller's rights in it.
 */
export type Access = 'public' | 'user' | 'admin' | 'project';

export interface Caller {
  id: string;
  name: string;
  isAdmin: boolean;
}

export interface RequestContext {
  req: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Undefined only on public routes. */
  caller: Caller | undefined;
  /** The parsed body: a JSON object, form fields, or {} for routes without a body. */
  body: Record<string, unknown>;
}

export type Handler = (ctx: RequestContext) => unknown;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** e.g. `/api/v1/projects/{project_name_or_id}` */
  path: string;
  access: Access;
  body: BodyKind;
  /** A body may be sent but is not required (e.g. an assignment given in the query or the body). */
  optionalBody?: boolean;
  handler: Handler;
}

export interface CompiledRoute extends Route {
  pattern: RegExp;
  paramNames: string[];
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  const seen = new Set<string>();
  return routes.map((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) throw new Error(`Route declared twice: ${key}`);
    seen.add(key);
    const paramNames: string[] = [];
    const source = r.path
      .split('/')
      .map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        paramNames.push(m[1]);
        return '([^/]+)';
      })
      .join('/');
    return { ...r, pattern: new RegExp(`^${source}$`), paramNames };
  });
}

export type Match = { route: CompiledRoute; params: Record<string, string> } | { allowed: string[] } | undefined;

/** The route for `method path`, the methods allowed on the path (405), or undefined (404). */
export function matchRoute(routes: CompiledRoute[], method: string, path: string): Match {
  const allowed: string[] = [];
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    route.paramNames.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1]);
    });
    return { route, params };
  }
  return allowed.length ? { allowed } : undefined;
}
