/** Which contract route a request names: by API, method and path pattern. */
import { PRO_ROUTES } from './pro';
import { WORKSPACE_ROUTES, type ContractRoute } from './routes';

export const ALL_ROUTES: readonly ContractRoute[] = [...WORKSPACE_ROUTES, ...PRO_ROUTES];

const patterns = new Map<ContractRoute, RegExp>();
function patternOf(r: ContractRoute): RegExp {
  let p = patterns.get(r);
  if (!p) {
    p = new RegExp(`^${r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/]+)')}$`);
    patterns.set(r, p);
  }
  return p;
}

/** The route `method path` names on `api`, with its decoded path parameters. */
export function findRoute(method: string, path: string, api: ContractRoute['api'] = 'workspace'): { route: ContractRoute; params: Record<string, string> } | undefined {
  for (const route of ALL_ROUTES) {
    if (route.api !== api || route.method !== method) continue;
    const m = patternOf(route).exec(path);
    if (!m) continue;
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
    const params: Record<string, string> = {};
    names.forEach((n, i) => (params[n] = safeDecode(m[i + 1])));
    return { route, params };
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
