/** `/api/v1/projects`: list, create, get, update, delete, statistics. */
import { checkProjectId, deriveProjectId, describeIdProblem, DESCRIPTION_MAX_LENGTH, DISPLAY_NAME_MAX_LENGTH } from '../../../common/projectId';
import { isUniqueViolation } from '../db/database';
import { conflict, forbidden, invalid } from '../http/errors';
import type { Caller, Route } from '../http/router';
import { optString, pathUuid } from './bodies';
import { entity, type Entity } from './entity';
import { newId } from './ids';
import { listRows } from './listing';
import { readableTotal } from './readable';
import { boolParam, parseListQuery, rawPageOf, type FieldTable } from './listQuery';
import { entitySql } from './sqlJson';
import { now } from './time';
import type { ProjectRow, Workspace } from './workspace';

export const DEFAULT_PROJECT = 'default';

export const PROJECT_FIELDS: FieldTable = {
  id: { column: 'p.id', type: 'uuid', sortable: true },
  name: { column: 'p.name', type: 'string', sortable: true, textIndex: { table: 'projects_text', column: 'name', rowid: 'p.rowid' } },
  display_name: {
    column: 'p.display_name',
    type: 'string',
    sortable: true,
    textIndex: { table: 'projects_text', column: 'display_name', rowid: 'p.rowid' },
  },
  created: { column: 'p.created', type: 'datetime', sortable: true },
  updated: { column: 'p.updated', type: 'datetime', sortable: true },
};

export function projectEntity(p: ProjectRow, hydrate: boolean): Entity {
  return entity(p.id, p.name, { created: p.created, updated: p.updated, display_name: p.display_name }, hydrate, () => ({
    description: p.description,
  }));
}

/** The same shape built by SQLite, for list pages. */
const PROJECT_JSON = [false, true].map((hydrate) =>
  entitySql({
    id: 'p.id',
    name: 'p.name',
    body: { created: 'p.created', updated: 'p.updated', display_name: 'p.display_name' },
    hydrate,
    metadata: { description: 'p.description' },
  }),
);
const projectJson = (hydrate: boolean) => PROJECT_JSON[hydrate ? 1 : 0];

function checkName(name: string): string {
  const problem = checkProjectId(name);
  if (problem) throw invalid(describeIdProblem('Project name', name, problem));
  return name;
}

/** Creates a project; its creator becomes its Project Admin (as in ZenML Pro). */
export function createProject(ws: Workspace, caller: Caller | null, body: Record<string, unknown>): ProjectRow {
  const givenName = optString(body, 'name', 1000);
  const givenDisplay = optString(body, 'display_name', DISPLAY_NAME_MAX_LENGTH);
  const description = optString(body, 'description', DESCRIPTION_MAX_LENGTH) ?? '';
  if (givenName === undefined && (givenDisplay === undefined || givenDisplay.trim() === '')) {
    throw invalid("A project needs a 'name' (its Project ID) or a 'display_name' to derive it from.");
  }
  const name = checkName(givenName ?? deriveProjectId(givenDisplay!));
  const displayName = givenDisplay ?? name;
  const ts = now();
  const row: ProjectRow = { id: newId(), name, display_name: displayName, description, created_by: caller?.id ?? null, created: ts, updated: ts };
  try {
    ws.db.transaction(() => {
      ws.db.run('INSERT INTO projects (id, name, display_name, description, created_by, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        row.id,
        row.name,
        row.display_name,
        row.description,
        row.created_by,
        row.created,
        row.updated,
      ]);
      if (caller) {
        ws.db.run(
          `INSERT INTO role_assignments (id, role_id, project_id, user_id, team_id, created)
           SELECT ?, id, ?, ?, NULL, ? FROM roles WHERE system_role = 'admin'`,
          [newId(), row.id, caller.id, ts],
        );
        ws.access.refreshMembership();
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A project named '${name}' already exists. Choose another name.`);
    throw err;
  }
  return row;
}

export function projectRoutes(ws: Workspace): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/projects',
      access: 'user',
      body: 'none',
      handler: ({ query, caller }) => {
        const q = parseListQuery(query, PROJECT_FIELDS, { tiebreak: 'p.rowid' });
        const visible = ws.visibleProjectsClause(caller!, 'p.id');
        const { total, rows } = listRows<{ e: string }>(
          ws.db,
          {
            columns: `${projectJson(q.hydrate)} AS e`,
            from: 'FROM projects p',
            conditions: visible.sql ? [visible.sql] : [],
            params: visible.params,
          },
          q,
        );
        return rawPageOf(q, total, rows.map((r) => r.e));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/projects',
      access: 'admin',
      body: 'json',
      handler: ({ caller, body }) => projectEntity(createProject(ws, caller!, body), true),
    },
    {
      method: 'GET',
      path: '/api/v1/projects/{project_name_or_id}',
      access: 'project',
      body: 'none',
      handler: ({ params, query, caller }) => {
        const project = ws.findProject(params.project_name_or_id);
        ws.memberOf(caller!, project, 'read');
        return projectEntity(project, boolParam(query, 'hydrate', true));
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/projects/{project_name_or_id}',
      access: 'project',
      body: 'json',
      // ZenML names the parameter project_name_or_id but types it UUID: a name is a 422.
      handler: ({ params, caller, body }) => {
        const project = ws.findProject(pathUuid(params.project_name_or_id, 'The project ID in the path'));
        const rights = ws.memberOf(caller!, project, 'update');
        if (!rights.manages) throw forbidden(`Insufficient permissions to update project '${project.name}': only its Project Admins may change its settings.`);
        const name = optString(body, 'name', 1000);
        const displayName = optString(body, 'display_name', DISPLAY_NAME_MAX_LENGTH);
        const description = optString(body, 'description', DESCRIPTION_MAX_LENGTH);
        if (name !== undefined) checkName(name);
        if (name !== undefined && name !== project.name && project.name === DEFAULT_PROJECT) {
          throw forbidden(`The default project '${DEFAULT_PROJECT}' cannot be renamed.`);
        }
        const next: ProjectRow = {
          ...project,
          name: name ?? project.name,
          display_name: displayName ?? project.display_name,
          description: description ?? project.description,
          updated: now(),
        };
        try {
          ws.db.run('UPDATE projects SET name = ?, display_name = ?, description = ?, updated = ? WHERE id = ?', [
            next.name,
            next.display_name,
            next.description,
            next.updated,
            next.id,
          ]);
        } catch (err) {
          if (isUniqueViolation(err)) throw conflict(`A project named '${next.name}' already exists. Choose another name.`);
          throw err;
        }
        return projectEntity(next, true);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/projects/{project_name_or_id}',
      access: 'project',
      body: 'none',
      handler: ({ params, caller }) => {
        const project = ws.findProject(params.project_name_or_id);
        const rights = ws.memberOf(caller!, project, 'delete');
        if (!rights.manages) throw forbidden(`Insufficient permissions to delete project '${project.name}': only its Project Admins may delete it.`);
        if (project.name === DEFAULT_PROJECT) throw forbidden(`The default project '${DEFAULT_PROJECT}' cannot be deleted.`);
        ws.db.transaction(() => {
          ws.db.run('DELETE FROM projects WHERE id = ?', [project.id]);
          ws.access.refreshMembership();
        });
        return null;
      },
    },
    {
      method: 'GET',
      path: '/api/v1/projects/{project_name_or_id}/statistics',
      access: 'project',
      body: 'none',
      handler: ({ params, caller }) => {
        const project = ws.findProject(params.project_name_or_id);
        const rights = ws.memberOf(caller!, project, 'read');
        // What the caller's lists hold, not every row: ZenML's get_project_statistics
        // (src/zenml/zen_server/routers/projects_endpoints.py) filters both counts with
        // configure_rbac(authenticated_user_id=…, id=get_allowed_resource_ids(…)), as its lists.
        return {
          pipelines: readableTotal(ws, project, rights, caller!, { type: 'pipeline', table: 'pipelines' }),
          runs: readableTotal(ws, project, rights, caller!, { type: 'pipeline_run', table: 'pipeline_runs' }),
        };
      },
    },
  ];
}
