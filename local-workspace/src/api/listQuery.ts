/**
 * ZenML's list query language turned into SQL: `page`, `size`, `sort_by` (`asc:`/`desc:`),
 * `logical_operator`, `hydrate`, and field filters with operator prefixes (`contains:fraud`,
 * `gte:2025-01-01`, `oneof:["a","b"]`). Pure: values only ever reach SQL as bound parameters;
 * column names come from the endpoint's own field table, never from the request.
 */
import type { Page } from '../../../common/api/types';
import { badRequest, invalid, invalidQuery } from '../http/errors';
import { RawJson } from '../http/rawJson';
import type { SqlValue } from '../db/database';
import { isUuid } from './ids';
import { parseTimestamp } from './time';

/**
 * - `flag`: one of ZenML's custom boolean filters (`only_unused`), applied as `if self.flag:`
 *   does — `true` adds the condition in `column`, `false` adds nothing.
 * - `name-or-id`: a row of `ref.table` named by UUID or by name, with the text operators
 *   (ZenML's `generate_name_or_id_query_conditions`); `ref.match` turns the matching IDs into
 *   the condition.
 * - `never`: a filter on data the local workspace never has (tags, run metadata, stacks,
 *   builds...). ZenML's condition on a column that is always empty (NULL, or an EXISTS over no
 *   rows) is never true, so the clause is false — joined by the logical operator like any
 *   other. The value is still checked as ZenML checks a filter of type `value`.
 * - `option`: a parameter of the route that is no filter (`include_full_metadata`): a boolean
 *   checked as FastAPI checks it, adding no condition.
 */
export type FieldType = 'string' | 'uuid' | 'datetime' | 'int' | 'bool' | 'flag' | 'name-or-id' | 'never' | 'option';

/**
 * How the value of a `never` filter is written: as a filter of that type, or `key-value` —
 * ZenML's `run_metadata` entries, `key:value` or `key:operator:value`
 * (zenml models/v2/base/scoped.py, `RunMetadataFilterMixin.validate_run_metadata_format`).
 */
export type NeverValue = 'string' | 'uuid' | 'int' | 'bool' | 'name-or-id' | 'key-value';

export interface FieldSpec {
  /** SQL expression of the column, e.g. `p.name`; for a `flag`, the SQL condition it adds. */
  column: string;
  /**
   * For `name-or-id`: the table named, and the condition on a subquery of the matching IDs — used
   * exactly once, since its parameters are bound once.
   */
  ref?: {
    table: string;
    match: (ids: string) => string;
    /** Further columns a name is looked up in, as ZenML's `additional_columns` (a user's `full_name`). */
    alsoNamedBy?: readonly string[];
  };
  /** Turns the condition on `column` into the filter (a column of a linked table: `x.id IN (SELECT ... WHERE <condition>)`). */
  within?: (condition: string) => string;
  type: FieldType;
  sortable?: boolean;
  /** Allowed values (an enum such as a run status). */
  values?: readonly string[];
  /** A trigram full-text index that narrows substring filters on this column. */
  textIndex?: { table: string; column: string; rowid: string };
  /** For `never`: how its value is written. */
  value?: NeverValue;
  /**
   * Added to the query with AND whatever the logical operator, as ZenML's `apply_filter` adds
   * it outside the filter list (`scope_user`, a pipeline's `latest_run_*`).
   */
  alwaysAnd?: boolean;
  /** A bare value without operator prefix: a typed field of the filter model (`scope_user: UUID`), no filter option. */
  plain?: boolean;
}

/** A `never` filter whose values are written as `value`. */
export const never = (value: NeverValue): FieldSpec => ({ column: '0', type: 'never', value });

export type FieldTable = Record<string, FieldSpec>;

export const MAX_PAGE_SIZE = 10_000;
export const DEFAULT_PAGE_SIZE = 20;

const OPERATORS = ['equals', 'notequals', 'contains', 'startswith', 'endswith', 'oneof', 'gt', 'gte', 'lt', 'lte', 'in'] as const;
type Operator = (typeof OPERATORS)[number];

const TEXT_OPS: readonly Operator[] = ['equals', 'notequals', 'contains', 'startswith', 'endswith', 'oneof', 'in'];
const ORDERED_OPS: readonly Operator[] = ['equals', 'notequals', 'gt', 'gte', 'lt', 'lte', 'oneof', 'in'];

export interface ListQuery {
  page: number;
  size: number;
  hydrate: boolean;
  /** The field filters joined by the logical operator, or '' when there are none. */
  where: string;
  params: SqlValue[];
  /**
   * The same filters without the full-text narrowing: cheaper when most rows match, because
   * a scan in sort order stops after one page, while the index must hand over every match.
   */
  plainWhere: string;
  plainParams: SqlValue[];
  /** Whether `where` uses a full-text index at all. */
  indexed: boolean;
  orderBy: string;
}

/** Query parameters that are not field filters. */
const CONTROL = new Set(['page', 'size', 'sort_by', 'logical_operator', 'hydrate']);

/**
 * Every query parameter a list route handles: the paging and sorting parameters, the fields'
 * filters, and `scope` — the parameters the route reads itself (its project, a model).
 */
export function handledParams(fields: FieldTable, scope: readonly string[] = []): string[] {
  return [...new Set([...CONTROL, ...Object.keys(fields), ...scope])];
}

export function parseListQuery(
  query: URLSearchParams,
  fields: FieldTable,
  opts: { ignore?: readonly string[]; defaultHydrate?: boolean; tiebreak: string },
): ListQuery {
  const page = intParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  const size = intParam(query, 'size', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const hydrate = boolParam(query, 'hydrate', opts.defaultHydrate ?? false);

  const logical = (query.get('logical_operator') ?? 'and').toLowerCase();
  if (logical !== 'and' && logical !== 'or') throw invalidQuery(`logical_operator must be 'and' or 'or', not '${logical}'.`);

  // The filters joined by the logical operator, and those ZenML adds with AND regardless; each
  // with its own parameters, bound in the order the SQL names them.
  const indexedSql = { clauses: [] as string[], params: [] as SqlValue[], scopes: [] as string[], scopeParams: [] as SqlValue[] };
  const plainSql = { clauses: [] as string[], params: [] as SqlValue[], scopes: [] as string[], scopeParams: [] as SqlValue[] };
  let indexed = false;
  for (const [name, spec] of Object.entries(fields)) {
    const raw = query.get(name);
    if (raw === null || opts.ignore?.includes(name) || CONTROL.has(name)) continue;
    if (spec.type === 'option') {
      boolParam(query, name, false);
      continue;
    }
    if (spec.type === 'never') for (const each of query.getAll(name)) checkNeverValue(name, spec.value ?? 'string', each);
    const clause = filterClause(name, spec, raw, spec.alwaysAnd ? indexedSql.scopeParams : indexedSql.params, true);
    // A flag set to false filters nothing (ZenML adds its condition only when it is true).
    if (!clause) continue;
    (spec.alwaysAnd ? indexedSql.scopes : indexedSql.clauses).push(clause);
    const plain = filterClause(name, spec, raw, spec.alwaysAnd ? plainSql.scopeParams : plainSql.params, false);
    (spec.alwaysAnd ? plainSql.scopes : plainSql.clauses).push(plain);
    indexed ||= plain !== clause;
  }
  const join = (sql: typeof plainSql): [string, SqlValue[]] => {
    const parts = sql.clauses.length ? [`(${sql.clauses.join(logical === 'and' ? ' AND ' : ' OR ')})`, ...sql.scopes] : sql.scopes;
    const where = parts.length > 1 ? `(${parts.join(' AND ')})` : parts.length ? (sql.clauses.length ? parts[0] : `(${parts[0]})`) : '';
    return [where, [...sql.params, ...sql.scopeParams]];
  };
  const [where, params] = join(indexedSql);
  const [plainWhere, plainParams] = join(plainSql);

  const orderBy = sortClause(query.get('sort_by') ?? 'created', fields, opts.tiebreak);
  return { page, size, hydrate, where, params, plainWhere, plainParams, indexed, orderBy };
}

/** Checks one value of a `never` filter as ZenML checks a filter of that type (the same 422s). */
function checkNeverValue(name: string, value: NeverValue, raw: string): void {
  if (value === 'name-or-id') return;
  if (value === 'key-value') {
    if (!raw.includes(':')) {
      throw invalidQuery(`Invalid ${name} entry format: '${raw}'. Entry must be in format 'key:value' or 'key:operator:value'.`);
    }
    return;
  }
  columnClause(name, { column: 'NULL', type: value }, raw, [], false);
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw invalidQuery(`${name} must be a whole number, not '${raw}'.`);
  const n = Number(raw);
  if (n < min || n > max) throw invalidQuery(`${name} must be between ${min} and ${max}; got ${raw}.`);
  return n;
}

/** A boolean route parameter (`hydrate`): FastAPI validates it itself, so a bad one is a bare 422. */
export function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const v = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw invalid(`${name} must be true or false, not '${raw}'.`);
}

function sortClause(raw: string, fields: FieldTable, tiebreak: string): string {
  let dir = 'ASC';
  let field = raw;
  const m = /^(asc|desc):(.*)$/i.exec(raw);
  if (m) {
    dir = m[1].toUpperCase();
    field = m[2];
  }
  const spec = fields[field];
  if (!spec || !spec.sortable) {
    const sortable = Object.keys(fields).filter((k) => fields[k].sortable);
    throw invalidQuery(`Cannot sort by '${field}'. Sortable fields: ${sortable.join(', ')} (prefix with asc: or desc:).`);
  }
  return `${spec.column} ${dir}, ${tiebreak} ${dir}`;
}

/** Splits `op:value`; a prefix that is no operator is part of the value (names may hold ':'). */
function splitOperator(raw: string): [Operator, string] {
  const i = raw.indexOf(':');
  if (i > 0) {
    const op = raw.slice(0, i).toLowerCase();
    if ((OPERATORS as readonly string[]).includes(op)) return [op as Operator, raw.slice(i + 1)];
  }
  return ['equals', raw];
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filterClause(name: string, spec: FieldSpec, raw: string, params: SqlValue[], useIndex: boolean): string {
  const clause = columnClause(name, spec, raw, params, useIndex);
  return clause && spec.within ? spec.within(clause) : clause;
}

function columnClause(name: string, spec: FieldSpec, raw: string, params: SqlValue[], useIndex: boolean): string {
  if (spec.type === 'never') return '0';
  if (spec.type === 'flag') {
    // Written as the other boolean filters are (`true`, `equals:true`, ...).
    const [op, text] = splitOperator(raw);
    if (op !== 'equals') throw invalidQuery(`The filter on '${name}' cannot use '${op}'; it takes: equals.`);
    return convert(name, { ...spec, type: 'bool' }, text) ? `(${spec.column})` : '';
  }
  if (spec.type === 'name-or-id') {
    // A UUID names the row by ID; anything else by name (or a further column), with the text operators.
    let condition: string;
    if (isUuid(raw)) {
      params.push(raw.toLowerCase());
      condition = 'n.id = ?';
    } else {
      const columns = ['name', ...(spec.ref!.alsoNamedBy ?? [])];
      condition = columns.map((c) => columnClause(name, { column: `n.${c}`, type: 'string' }, raw, params, false)).join(' OR ');
    }
    return spec.ref!.match(`SELECT n.id FROM ${spec.ref!.table} n WHERE ${condition}`);
  }
  const [op, text] = spec.plain ? (['equals', raw] as const) : splitOperator(raw);
  const col = spec.column;
  // ZenML's `_define_uuid_filter` (zenml models/v2/base/filter.py): equality needs a whole UUID.
  if (spec.type === 'uuid' && (op === 'equals' || spec.plain) && !isUuid(text)) {
    throw invalidQuery(`Invalid value passed as UUID query parameter: the filter on '${name}' needs a UUID; got '${text}'.`);
  }
  const allowed = spec.type === 'string' || spec.type === 'uuid' ? TEXT_OPS : spec.type === 'bool' ? ['equals'] : ORDERED_OPS;
  if (!allowed.includes(op)) {
    throw invalidQuery(`The filter on '${name}' cannot use '${op}'; it takes: ${allowed.join(', ')}.`);
  }
  if (op === 'oneof' || op === 'in') {
    let list: unknown;
    try {
      list = JSON.parse(text);
    } catch {
      list = undefined;
    }
    if (!Array.isArray(list) || list.length === 0 || list.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
      throw invalidQuery(`The filter on '${name}' needs a non-empty JSON list after '${op}:', e.g. ${name}=${op}:["a","b"].`);
    }
    for (const v of list) params.push(convert(name, spec, String(v)));
    return `${col} IN (${list.map(() => '?').join(', ')})`;
  }
  if (op === 'contains' || op === 'startswith' || op === 'endswith') {
    const pattern = op === 'contains' ? `%${escapeLike(text)}%` : op === 'startswith' ? `${escapeLike(text)}%` : `%${escapeLike(text)}`;
    const plain = `${col} LIKE ? ESCAPE '\\'`;
    // A trigram phrase query finds the rows holding the text (3+ characters) anywhere in the
    // column — a superset of what the LIKE keeps, which gives the exact semantics.
    if (useIndex && spec.textIndex && [...text].length >= 3) {
      const t = spec.textIndex;
      params.push(`${t.column} : "${text.replace(/"/g, '""')}"`, pattern);
      return `(${t.rowid} IN (SELECT rowid FROM ${t.table} WHERE ${t.table} MATCH ?) AND ${plain})`;
    }
    params.push(pattern);
    return plain;
  }
  const sqlOp = { equals: '=', notequals: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' }[op as 'equals'];
  params.push(convert(name, spec, text));
  return `${col} ${sqlOp} ?`;
}

function convert(name: string, spec: FieldSpec, text: string): SqlValue {
  switch (spec.type) {
    case 'string':
      if (spec.values && !spec.values.includes(text)) {
        throw invalidQuery(`'${text}' is not a valid ${name}; expected one of: ${spec.values.join(', ')}.`);
      }
      return text;
    case 'uuid':
      return isUuid(text) ? text.toLowerCase() : text;
    case 'datetime': {
      const ts = parseTimestamp(text);
      if (!ts) throw invalidQuery(`The filter on '${name}' needs a date such as '2025-01-31 12:00:00' or ISO-8601; got '${text}'.`);
      return ts;
    }
    case 'int':
      if (!/^-?\d+$/.test(text)) throw invalidQuery(`The filter on '${name}' needs a whole number; got '${text}'.`);
      return Number(text);
    case 'bool':
      if (!['true', 'false', '1', '0'].includes(text.toLowerCase())) throw invalidQuery(`The filter on '${name}' needs true or false; got '${text}'.`);
      return ['true', '1'].includes(text.toLowerCase()) ? 1 : 0;
    case 'flag':
    case 'name-or-id':
    case 'never':
    case 'option':
      // Handled whole by filterClause or parseListQuery.
      throw new Error(`no single value for '${name}'`);
  }
}

/** ZenML's page envelope: the same type the clients read. */
export type { Page } from '../../../common/api/types';

/** The envelope; a page past the end is ZenML's 400. */
export function pageOf<T>(q: ListQuery, total: number, items: T[]): Page<T> {
  return { index: q.page, max_size: q.size, total_pages: totalPages(total, q.size), total, items };
}

/** The envelope around items that are JSON text already. */
export function rawPageOf(q: ListQuery, total: number, items: string[]): RawJson {
  return new RawJson(
    `{"index":${q.page},"max_size":${q.size},"total_pages":${totalPages(total, q.size)},"total":${total},"items":[${items.join(',')}]}`,
  );
}

export function totalPages(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

export function checkPageInRange(q: ListQuery, total: number): void {
  const pages = totalPages(total, q.size);
  if (q.page > pages) {
    throw badRequest(
      `Invalid page ${q.page}. The requested page size is ${q.size} and there are a total of ${total} items ` +
        `for this query. The maximum page value therefore is ${pages}.`,
    );
  }
}
