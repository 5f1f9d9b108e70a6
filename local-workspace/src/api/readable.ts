/**
 * Which rows of one resource kind a member's lists show in one project: every row when their
 * roles grant `read` on the kind, else only the rows they created. The one rule for the lists and
 * for the statistics that count them (ZenML's lists and `get_project_statistics` both filter with
 * `configure_rbac(authenticated_user_id=…, id=get_allowed_resource_ids(…))`).
 */
import type { ProjectResourceType } from '../../../common/roles';
import type { ProjectRights } from '../access/rights';
import type { SqlValue } from '../db/database';
import type { Caller } from '../http/router';
import type { ProjectRow, Workspace } from './workspace';

/** A project-scoped table (`project_id`, `user_id`) and the resource type roles grant rights on. */
export interface ReadableKind {
  type: ProjectResourceType;
  table: string;
}

/** The conditions (on alias `x`) that limit a list of `type` to what the caller may read; none when they read all. */
export function readableRows(rights: ProjectRights, type: ProjectResourceType, caller: Caller): { readsAll: boolean; conditions: string[]; params: SqlValue[] } {
  if (rights.can(type, 'read')) return { readsAll: true, conditions: [], params: [] };
  return { readsAll: false, conditions: ['x.user_id = ?'], params: [caller.id] };
}

/** How many rows of `kind` in `project` the caller's unfiltered list holds: its `total`. */
export function readableTotal(ws: Workspace, project: ProjectRow, rights: ProjectRights, caller: Caller, kind: ReadableKind): number {
  const { readsAll, conditions, params } = readableRows(rights, kind.type, caller);
  // Every row: the counter the schema's triggers keep, without a scan.
  if (readsAll) return Number(ws.db.get<{ n: number }>('SELECT n FROM resource_counts WHERE project_id = ? AND kind = ?', [project.id, kind.table])?.n ?? 0);
  return Number(ws.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${kind.table} x WHERE ${['x.project_id = ?', ...conditions].join(' AND ')}`, [project.id, ...params])?.n ?? 0);
}
