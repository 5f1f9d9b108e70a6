/** Runs a parsed list query: the total (from a counter when nothing filters), the page's rows. */
import type { Row, SqlValue, WorkspaceDatabase } from '../db/database';
import { checkPageInRange, type ListQuery } from './listQuery';

export interface ListPlan {
  /** Column list, e.g. `x.*, p.name AS pipeline_name`. */
  columns: string;
  /** `FROM table x LEFT JOIN ...`, shared by the count and the page query. */
  from: string;
  /** Scope and access conditions, always ANDed with the request's filters. */
  conditions: string[];
  params: SqlValue[];
  /** The total without a scan, when the request has no field filters (a maintained counter). */
  unfilteredTotal?: () => number;
}

export function listRows<T = Row>(db: WorkspaceDatabase, plan: ListPlan, q: ListQuery): { total: number; rows: T[] } {
  const conditions = q.where ? [...plan.conditions, q.where] : plan.conditions;
  const params = [...plan.params, ...q.params];
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const total =
    !q.where && plan.unfilteredTotal ? plan.unfilteredTotal() : Number(db.get<{ n: number }>(`SELECT count(*) AS n ${plan.from}${where}`, params)?.n ?? 0);
  checkPageInRange(q, total);
  if (total === 0) return { total, rows: [] };
  const rows = db.all<T>(`SELECT ${plan.columns} ${plan.from}${where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`, [
    ...params,
    q.size,
    (q.page - 1) * q.size,
  ]);
  return { total, rows };
}
