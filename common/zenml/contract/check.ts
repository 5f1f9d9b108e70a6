/**
 * Checks a request or an answer against the contract: which route it is, whether its path
 * parameters, query, body and answer are what ZenML's published API says. Used by the contract
 * tests (both sides) and by the API client's decoding (tolerant mode).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { schemaOf } from './modelSchema';
import { type ContractRoute, type ModelName, type QueryKind } from './routes';
import { describeErrors } from './describeErrors';
import { findRoute } from './findRoute';
import { UUID_PATTERN, type Mode } from './schema';
import { ZENML_VERSIONS, type ZenmlVersion } from './sources';

export { describeErrors } from './describeErrors';
export { schemaOf } from './modelSchema';
export { ALL_ROUTES, findRoute } from './findRoute';

// Two validators per model: a fast one that stops at the first error (every answer the client
// reads goes through it), and one that collects every error with the offending value, run only
// on an answer already known to be wrong, to say what is wrong with it.
const fast = new Ajv({ allErrors: false, strict: false });
const detailed = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiled = new Map<string, ValidateFunction>();

export function validatorOf(name: ModelName, version: ZenmlVersion, mode: Mode, explain = false): ValidateFunction {
  const key = `${name}|${version}|${mode}|${explain}`;
  let v = compiled.get(key);
  if (!v) compiled.set(key, (v = (explain ? detailed : fast).compile(schemaOf(name, version, mode))));
  return v;
}

/** Problems of `value` against model `name` (empty when it conforms). */
export function checkModel(name: ModelName, value: unknown, version: ZenmlVersion, mode: Mode): string[] {
  if (validatorOf(name, version, mode)(value)) return [];
  const v = validatorOf(name, version, mode, true);
  v(value);
  return describeErrors(v.errors);
}


const uuidRe = new RegExp(UUID_PATTERN);
const OPERATORS = ['equals', 'notequals', 'contains', 'startswith', 'endswith', 'oneof', 'gt', 'gte', 'lt', 'lte', 'in'];

/** Why `value` is not a valid `kind` query value, or undefined. */
function queryValueProblem(kind: QueryKind, value: string): string | undefined {
  switch (kind) {
    case 'bool':
      return /^(true|false)$/i.test(value) ? undefined : `expected true or false, got '${value}'`;
    case 'page':
      return /^[1-9]\d*$/.test(value) ? undefined : `expected a page number from 1, got '${value}'`;
    case 'size':
      return /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 10_000 ? undefined : `expected a page size from 1 to 10000, got '${value}'`;
    case 'sort_by':
      return /^((asc|desc):)?\w+$/.test(value) ? undefined : `expected [asc:|desc:]field, got '${value}'`;
    case 'logical_operator':
      return value === 'and' || value === 'or' ? undefined : `expected 'and' or 'or', got '${value}'`;
    case 'name-or-uuid':
      return value.trim() ? undefined : 'expected a name or UUID, got nothing';
    case 'filter':
      return undefined;
    case 'uuid-filter': {
      const i = value.indexOf(':');
      const op = i > 0 ? value.slice(0, i) : '';
      const rest = OPERATORS.includes(op) ? value.slice(i + 1) : value;
      if (op === 'oneof' || op === 'in') return undefined;
      if (op === 'startswith' || op === 'contains' || op === 'endswith') return /^[0-9a-fA-F-]+$/.test(rest) ? undefined : `expected part of a UUID, got '${rest}'`;
      return uuidRe.test(rest) ? undefined : `expected a UUID, got '${rest}'`;
    }
  }
}

export interface RequestRecord {
  method: string;
  /** Path and query as sent, e.g. `/api/v1/runs?project=x&page=1`. */
  url: string;
  api?: ContractRoute['api'];
  /** The body: parsed JSON, or the form's fields. */
  body?: unknown;
  contentType?: string;
}

/**
 * What is wrong with a request for every version in `versions` (default: all the contract
 * knows, since the client must work against each): the route, path parameter types, query
 * names, values and required scopes, and the body.
 */
export function checkRequest(req: RequestRecord, versions: readonly ZenmlVersion[] = ZENML_VERSIONS): { route?: ContractRoute; problems: string[] } {
  const u = new URL(req.url, 'http://contract.invalid');
  const found = findRoute(req.method, u.pathname, req.api ?? 'workspace');
  const what = `${req.method} ${u.pathname}`;
  if (!found) return { problems: [`${what}: no such route in ZenML's API`] };
  const { route, params } = found;
  const problems: string[] = [];
  for (const [name, type] of Object.entries(route.pathParams ?? {})) {
    if (type === 'uuid' && !uuidRe.test(params[name])) problems.push(`${what}: path parameter '${name}' must be a UUID on real servers, got '${params[name]}'`);
  }
  for (const v of versions) {
    const tag = versions.length > 1 ? ` (ZenML ${v})` : '';
    for (const [name, value] of u.searchParams) {
      const spec = route.query?.[name];
      if (!spec || (spec.only && spec.only !== v)) {
        problems.push(`${what}: query parameter '${name}' does not exist${tag}`);
        continue;
      }
      const p = queryValueProblem(spec.kind, value);
      if (p) problems.push(`${what}: query parameter '${name}': ${p}`);
    }
    for (const rq of route.requiredQuery ?? []) {
      if (!rq.anyOf.some((n) => u.searchParams.has(n))) problems.push(`${what}: needs query parameter ${rq.anyOf.map((n) => `'${n}'`).join(' or ')} (a real server answers ${rq.status} "${rq.message}")`);
    }
    for (const t of route.requiredTogether ?? []) {
      if (u.searchParams.has(t.when) && !u.searchParams.has(t.need)) problems.push(`${what}: '${t.when}' needs '${t.need}' too`);
    }
    if (route.body) {
      if (req.body === undefined) {
        if (route.body.required) problems.push(`${what}: a ${route.body.type} body is required`);
      } else {
        if (req.contentType && !req.contentType.includes(route.body.type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded')) {
          problems.push(`${what}: body sent as ${req.contentType}, the route takes ${route.body.type}`);
        }
        for (const p of checkModel(route.body.model, req.body, v, 'strict')) problems.push(`${what}: body${tag}: ${p}`);
      }
    } else if (req.body !== undefined && req.body !== null && !(typeof req.body === 'object' && Object.keys(req.body).length === 0)) {
      problems.push(`${what}: the route takes no body`);
    }
  }
  return { route, problems: [...new Set(problems)] };
}

export interface AnswerRecord {
  status: number;
  body: unknown;
}

/** The error forms of ZenML: request validation answers a bare list, everything else wraps it. */
export type ErrorForm = 'bare' | 'wrapped';

/**
 * What is wrong with the answer to `req` on `route`: the model (in `mode`), the entity rules
 * (`body` always; `metadata` exactly when hydrated; `resources` where the route always has it),
 * and the Page rules. Errors are checked for their form (`expectError`, default: either).
 */
export function checkAnswer(route: ContractRoute, req: { url: string }, answer: AnswerRecord, version: ZenmlVersion, mode: Mode, expectError?: ErrorForm): string[] {
  const u = new URL(req.url, 'http://contract.invalid');
  const what = `${route.method} ${u.pathname}${u.search}`;
  if (answer.status !== 200) return checkError(answer, expectError).map((p) => `${what}: ${p}`);
  if (route.response === null) return answer.body === null ? [] : [`${what}: expected JSON null, got ${JSON.stringify(answer.body).slice(0, 80)}`];
  const problems = checkModel(route.response, answer.body, version, mode).map((p) => `${what}: ${p}`);
  if (problems.length) return problems;
  if (route.paged) problems.push(...pageProblems(u.searchParams, answer.body as PageLike).map((p) => `${what}: ${p}`));
  if (route.entity) {
    const hydrateRaw = u.searchParams.get('hydrate');
    const hydrate = hydrateRaw === null ? route.entity.hydrateDefault : /^true$/i.test(hydrateRaw);
    const items = route.paged ? (answer.body as PageLike).items : [answer.body];
    items.forEach((item, i) => {
      const at = route.paged ? `items.${i}` : '(the entity)';
      for (const p of entityProblems(item as EntityLike, hydrate, route.entity!.resources)) problems.push(`${what}: ${at}: ${p}`);
    });
  }
  return problems;
}

interface PageLike {
  index: number;
  max_size: number;
  total_pages: number;
  total: number;
  items: unknown[];
}
interface EntityLike {
  permission_denied?: boolean;
  body?: unknown;
  metadata?: unknown;
  resources?: unknown;
}

/** ZenML's Page: index = page asked, max_size = size asked, total_pages ≥ 1, items fit. */
export function pageProblems(query: URLSearchParams, page: PageLike): string[] {
  const out: string[] = [];
  const asked = Number(query.get('page') ?? 1);
  const size = Number(query.get('size') ?? 20);
  if (page.index !== asked) out.push(`index is ${page.index}, the page asked for was ${asked}`);
  if (page.max_size !== size) out.push(`max_size is ${page.max_size}, the size asked for was ${size}`);
  const pages = Math.max(1, Math.ceil(page.total / page.max_size));
  if (page.total_pages !== pages) out.push(`total_pages is ${page.total_pages}; ${page.total} items in pages of ${page.max_size} make ${pages}`);
  const expected = Math.max(0, Math.min(page.max_size, page.total - (page.index - 1) * page.max_size));
  if (page.items.length !== expected) out.push(`${page.items.length} items on page ${page.index}; expected ${expected}`);
  return out;
}

function entityProblems(e: EntityLike, hydrate: boolean, resources: 'always' | 'optional'): string[] {
  if (e.permission_denied) return [];
  const out: string[] = [];
  if (e.body === null || e.body === undefined) out.push('body is missing');
  if (hydrate && (e.metadata === null || e.metadata === undefined)) out.push('metadata is missing though hydrated');
  if (!hydrate && e.metadata !== null && e.metadata !== undefined) out.push('metadata is present though not hydrated');
  if (resources === 'always' && (e.resources === null || e.resources === undefined)) out.push('resources is missing (real servers always include it for this kind)');
  return out;
}

/** An error answer's form: `{"detail": [Class, message] | text}` or, for request validation, a bare `[Class, message]`. */
export function checkError(answer: AnswerRecord, expect?: ErrorForm): string[] {
  const bare = checkModel('BareError', answer.body, 'current', 'strict').length === 0;
  const wrapped = checkModel('ErrorModel', answer.body, 'current', 'strict').length === 0;
  const shown = JSON.stringify(answer.body).slice(0, 120);
  if (!bare && !wrapped) return [`HTTP ${answer.status} answered ${shown}, which is neither ZenML's {"detail": …} nor a bare [Class, message]`];
  if (expect === 'bare' && !bare) return [`HTTP ${answer.status} should be a bare [Class, message] (request validation), got ${shown}`];
  if (expect === 'wrapped' && !wrapped) return [`HTTP ${answer.status} should be wrapped as {"detail": [Class, message]}, got ${shown}`];
  return [];
}
