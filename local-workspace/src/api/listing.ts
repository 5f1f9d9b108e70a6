/**
 * Runs a parsed list query: the total (from a counter when nothing filters), the page's rows.
 * Totals are memoized until the next write, since paging through one result asks for the same
 * total on every page.
 */
import type { Row, SqlValue, WorkspaceDatabase } from '../db/database';
import { checkPageInRange, type ListQuery } from './listQuery';

export interface ListPlan {
  /** Column list, e.g. `x.*, a.name AS artifact_name`. */
  columns: string;
  /** `FROM table x JOIN ...`, shared by the count and the page query. */
  from: string;
  /** Scope and access conditions, always ANDed with the request's filters. */
  conditions: string[];
  params: SqlValue[];
  /** The total without a scan, when the request has no field filters (a maintained counter). */
  unfilteredTotal?: () => number;
}

/** Up to this many matches, the full-text index picks the page's rows; beyond, a scan in sort order does. */
const INDEXED_PAGE_LIMIT = 300;
const TOTALS_KEPT = 1000;

const totals = new WeakMap<WorkspaceDatabase, { generation: number; byQuery: Map<string, number> }>();

function countOf(db: WorkspaceDatabase, sql: string, params: SqlValue[]): number {
  let memo = totals.get(db);
  if (!memo || memo.generation !== db.generation) {
    memo = { generation: db.generation, byQuery: new Map() };
    totals.set(db, memo);
  }
  const key = `${sql}\u0000${JSON.stringify(params, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`;
  let n = memo.byQuery.get(key);
  if (n === undefined) {
    n = Number(db.get<{ n: number }>(sql, params)?.n ?? 0);
    if (memo.byQuery.size >= TOTALS_KEPT) memo.byQuery.clear();
    memo.byQuery.set(key, n);
  }
  return n;
}

export function listRows<T = Row>(db: WorkspaceDatabase, plan: ListPlan, q: ListQuery): { total: number; rows: T[] } {
  const whereOf = (filters: string) => {
    const conditions = filters ? [...plan.conditions, filters] : plan.conditions;
    return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  };
  const where = whereOf(q.where);
  const params = [...plan.params, ...q.params];
  const total = !q.where && plan.unfilteredTotal ? plan.unfilteredTotal() : countOf(db, `SELECT count(*) AS n ${plan.from}${where}`, params);
  checkPageInRange(q, total);
  if (total === 0) return { total, rows: [] };
  const useIndex = !q.indexed || total <= INDEXED_PAGE_LIMIT;
  const rows = db.all<T>(
    `SELECT ${plan.columns} ${plan.from}${useIndex ? where : whereOf(q.plainWhere)} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`,
    [...(useIndex ? params : [...plan.params, ...q.plainParams]), q.size, (q.page - 1) * q.size],
  );
  return { total, rows };
}
