/**
 * The access-control part of ZenML Pro's management API, at the root of its own origin (what
 * `/info`'s `pro_api_url` names): login, the organization and workspace, users, teams and team
 * members, roles (the four default project roles and custom ones) and role assignments at project
 * scope. Lists are plain JSON arrays paged by `offset`/`limit`, as ZenML Pro sends them.
 *
 * Users are named by their **Pro user IDs** (a workspace account's `metadata.external_user_id`),
 * never by workspace user IDs. Shapes and parameters follow the Pro API reference on
 * docs.zenml.io (api-reference/pro-api): `GET /roles/{role_id}/assignments` filters only by
 * `workspace_id` and `project_id` (other parameters are ignored, as FastAPI ignores them);
 * `POST`/`DELETE` take `user_id` or `team_id`, `workspace_id` and `project_id`, and `workspace_id`
 * is required whenever `project_id` is given.
 */
import { DEFAULT_ROLES, PROJECT_RESOURCE_TYPES, ROLE_ACTIONS, shadowedDefaultRole } from '../../../common/roles';
import { isUniqueViolation, type SqlValue } from '../db/database';
import { badRequest, conflict, forbidden, invalid, notFound } from '../http/errors';
import type { Caller, RequestContext, Route } from '../http/router';
import { optNonBlank, optString, pathUuid, reqString } from '../api/bodies';
import { isUuid, newId } from '../api/ids';
import { now } from '../api/time';
import { distinctName } from '../api/lookalikeNames';
import { privateFieldsVisible, type UserRow } from '../api/users';
import { ORGANIZATION_NAME, ZENML_API_VERSION, type Workspace } from '../api/workspace';
import type { ProCaller, ProCredentials } from './proCredentials';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

interface TeamRow {
  id: string;
  name: string;
  description: string;
  created: string;
  updated: string;
  member_count?: number;
}

interface RoleRow {
  id: string;
  name: string;
  description: string;
  system_role: string | null;
  created: string;
  updated: string;
}

/** Creates the four default project roles on first start (names exactly as ZenML Pro's). */
export function ensureDefaultRoles(ws: Workspace): void {
  for (const def of DEFAULT_ROLES) {
    const ts = now();
    ws.db.run('INSERT INTO roles (id, name, description, system_role, created, updated) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
      newId(),
      def.zenmlName,
      def.summary,
      def.id,
      ts,
      ts,
    ]);
  }
}

function paging(query: URLSearchParams): { offset: number; limit: number } {
  const num = (name: string, fallback: number, max: number) => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > max) throw invalid(`${name} must be a whole number between 0 and ${max}; got '${raw}'.`);
    return Number(raw);
  };
  const limit = num('limit', DEFAULT_LIMIT, MAX_LIMIT);
  if (limit === 0) throw invalid('limit must be at least 1.');
  return { offset: num('offset', 0, Number.MAX_SAFE_INTEGER), limit };
}

function queryUuid(query: URLSearchParams, body: Record<string, unknown>, name: string): string | undefined {
  const raw = query.get(name) ?? (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  if (body[name] !== undefined && body[name] !== null && typeof body[name] !== 'string') throw invalid(`'${name}' must be a UUID string.`);
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (!isUuid(raw)) throw invalid(`'${name}' must be a UUID; got '${raw}'.`);
  return raw.toLowerCase();
}

export function proRoutes(ws: Workspace, credentials: ProCredentials): Route[] {
  const organization = () => ({
    id: ws.organizationId,
    name: ORGANIZATION_NAME,
    display_name: 'Local organization',
    description: 'The organization of this local workspace.',
    created: ws.created,
    updated: ws.created,
  });
  /** A workspace of the organization: this one, or another local one of the same `--organization`. */
  const workspace = (w: { id: string; name: string; url: string } = { id: ws.serverId, name: ws.name, url: ws.serverUrl }) => ({
    id: w.id,
    name: w.name,
    display_name: w.name === 'local' ? 'Local workspace' : `Local workspace ${w.name}`,
    description: 'A ZenML-compatible workspace running on this machine.',
    organization: organization(),
    status: 'available',
    zenml_service: { configuration: { version: ZENML_API_VERSION }, status: { server_url: w.url, version: ZENML_API_VERSION } },
    created: ws.created,
    updated: ws.created,
  });
  const workspaces = () => (ws.organization ? ws.organization.members().map((m) => workspace(m)) : [workspace()]);
  /** A user as the Pro API shapes it — by its Pro user ID — for a viewer: e-mail addresses follow privateFieldsVisible. */
  const userRead = (u: UserRow, sees: (userId: string) => boolean) => ({
    id: u.external_user_id,
    username: u.name,
    name: u.full_name || u.name,
    email: sees(String(u.id)) ? (u.email ?? null) : null,
    avatar_url: null,
    is_active: u.active === 1,
    is_superuser: u.is_admin === 1,
    is_service_account: false,
    organization_id: ws.organizationId,
    created: u.created,
    updated: u.updated,
  });
  const teamRead = (t: TeamRow) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    organization_id: ws.organizationId,
    member_count: Number(t.member_count ?? ws.db.get<{ n: number }>('SELECT count(*) AS n FROM team_members WHERE team_id = ?', [t.id])?.n ?? 0),
    created: t.created,
    updated: t.updated,
  });
  const roleRead = (r: RoleRow) => {
    const def = r.system_role ? DEFAULT_ROLES.find((d) => d.id === r.system_role) : undefined;
    const permissions = def
      ? PROJECT_RESOURCE_TYPES.flatMap((t) => def.actions.map((a) => ({ resource_type: t, action: a })))
      : ws.db
          .all<{ resource_type: string; action: string }>('SELECT resource_type, action FROM role_permissions WHERE role_id = ? ORDER BY resource_type, action', [r.id])
          .map((p) => ({ resource_type: p.resource_type, action: p.action }));
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      organization_id: ws.organizationId,
      level: 'project',
      system_managed: r.system_role !== null,
      permissions,
      created: r.created,
      updated: r.updated,
    };
  };

  const findTeam = (id: string): TeamRow => {
    const t = ws.db.get<TeamRow>('SELECT * FROM teams WHERE id = ?', [pathUuid(id, 'The team ID')]);
    if (!t) throw notFound(`No team with the ID '${id}' exists.`);
    return t;
  };
  const findRole = (id: string): RoleRow => {
    const r = ws.db.get<RoleRow>('SELECT * FROM roles WHERE id = ?', [pathUuid(id, 'The role ID')]);
    if (!r) throw notFound(`No role with the ID '${id}' exists.`);
    return r;
  };
  const findUserById = (id: string): UserRow => {
    const u = ws.db.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
    if (!u) throw notFound(`No user with the ID '${id}' exists.`);
    return u;
  };
  /** The workspace account of the Pro user `proId`. */
  const findUserByProId = (proId: string): UserRow => {
    const u = ws.db.get<UserRow>('SELECT * FROM users WHERE external_user_id = ?', [proId]);
    if (!u) throw notFound(`No user with the ID '${proId}' exists in this organization.`);
    return u;
  };

  const parsePermissions = (body: Record<string, unknown>): { resource_type: string; action: string }[] | undefined => {
    const raw = body.permissions;
    if (raw === undefined || raw === null) return undefined;
    if (!Array.isArray(raw)) throw invalid("'permissions' must be a list of {resource_type, action} objects.");
    const seen = new Set<string>();
    const out: { resource_type: string; action: string }[] = [];
    for (const p of raw) {
      const type = (p as Record<string, unknown>)?.resource_type;
      const action = (p as Record<string, unknown>)?.action;
      if (typeof type !== 'string' || !(PROJECT_RESOURCE_TYPES as readonly string[]).includes(type)) {
        throw invalid(`Unknown resource_type ${JSON.stringify(type)} in 'permissions'; project roles grant rights on: ${PROJECT_RESOURCE_TYPES.join(', ')}.`);
      }
      if (typeof action !== 'string' || !(ROLE_ACTIONS as readonly string[]).includes(action)) {
        throw invalid(`Unknown action ${JSON.stringify(action)} in 'permissions'; a custom role may grant: ${ROLE_ACTIONS.join(', ')}.`);
      }
      const key = `${type}/${action}`;
      if (!seen.has(key)) out.push({ resource_type: type, action });
      seen.add(key);
    }
    return out;
  };
  const checkRoleName = (name: string) => {
    const shadow = shadowedDefaultRole(name);
    if (shadow && shadow.zenmlName !== name) {
      throw invalid(`The role name '${name}' denotes the default role '${shadow.zenmlName}'; give a custom role a name of its own.`);
    }
  };
  const writePermissions = (roleId: string, perms: { resource_type: string; action: string }[]) => {
    ws.db.run('DELETE FROM role_permissions WHERE role_id = ?', [roleId]);
    for (const p of perms) ws.db.run('INSERT INTO role_permissions (role_id, resource_type, action) VALUES (?, ?, ?)', [roleId, p.resource_type, p.action]);
  };

  /** The project and subject of an assignment request; the caller must manage that project. */
  const assignmentTarget = (ctx: RequestContext) => {
    const role = findRole(ctx.params.role_id);
    const workspaceId = queryUuid(ctx.query, ctx.body, 'workspace_id');
    const projectId = queryUuid(ctx.query, ctx.body, 'project_id');
    const proUserId = queryUuid(ctx.query, ctx.body, 'user_id');
    const teamId = queryUuid(ctx.query, ctx.body, 'team_id');
    // ZenML Pro's own rule: a project is named within a workspace.
    if (projectId && !workspaceId) throw badRequest("'workspace_id' is required when 'project_id' is given: a project is named within its workspace.");
    if (workspaceId && workspaceId !== ws.serverId) throw notFound(`No workspace with the ID '${workspaceId}' exists in this organization.`);
    if (!projectId) throw invalid("Role assignments here are at project scope: send 'workspace_id' and 'project_id' (the project's UUID).");
    if ((proUserId === undefined) === (teamId === undefined)) throw invalid("Send exactly one of 'user_id' and 'team_id'.");
    const project = ws.findProject(projectId);
    const rights = ws.memberOf(ctx.caller!, project, 'manage members of');
    if (!rights.manages) throw forbidden(`Insufficient permissions to manage members of project '${project.name}': only its Project Admins may.`);
    const userId = proUserId ? findUserByProId(proUserId).id : null;
    if (teamId) findTeam(teamId);
    return { role, project, userId, teamId: teamId ?? null };
  };
  /** Team names are names of principals too (project files name teams): no look-alikes. */
  const teamName = (name: string, selfId?: string) => distinctName('team', name, ws.db.all<{ id: string; name: string }>('SELECT id, name FROM teams'), selfId);
  const assignmentRead = (a: { role_id: string; user_id: string | null; team_id: string | null; project_id: string }, sees: (userId: string) => boolean) => ({
    user: a.user_id ? userRead(findUserById(a.user_id), sees) : null,
    team: a.team_id ? teamRead(findTeam(a.team_id)) : null,
    invitation: null,
    role: roleRead(findRole(a.role_id)),
    organization_id: ws.organizationId,
    workspace_id: ws.serverId,
    project_id: a.project_id,
  });

  const P = '';
  return [
    {
      method: 'POST',
      path: '/auth/login',
      access: 'public',
      body: 'form',
      handler: ({ body }) => credentials.login(body as Record<string, string>),
    },
    { method: 'GET', path: `${P}/organizations`, access: 'user', body: 'none', handler: () => [organization()] },
    {
      method: 'GET',
      path: `${P}/organizations/{organization_id}`,
      access: 'user',
      body: 'none',
      handler: ({ params }) => {
        if (pathUuid(params.organization_id, 'The organization ID') !== ws.organizationId) throw notFound(`No organization '${params.organization_id}'.`);
        return organization();
      },
    },
    { method: 'GET', path: `${P}/workspaces`, access: 'user', body: 'none', handler: () => workspaces() },
    {
      method: 'GET',
      path: `${P}/workspaces/{workspace_id}`,
      access: 'user',
      body: 'none',
      handler: ({ params }) => {
        const id = pathUuid(params.workspace_id, 'The workspace ID');
        const found = workspaces().find((w) => w.id === id);
        if (!found) throw notFound(`No workspace '${params.workspace_id}'.`);
        return found;
      },
    },
    { method: 'GET', path: `${P}/users/me`, access: 'user', body: 'none', handler: ({ caller }) => userRead(findUserByProId((caller as ProCaller).proUserId), privateFieldsVisible(ws, caller!)) },
    {
      method: 'GET',
      path: `${P}/users`,
      access: 'user',
      body: 'none',
      handler: ({ query, caller }) => {
        const { offset, limit } = paging(query);
        const sees = privateFieldsVisible(ws, caller!);
        return ws.db.all<UserRow>('SELECT * FROM users ORDER BY created, rowid LIMIT ? OFFSET ?', [limit, offset]).map((u) => userRead(u, sees));
      },
    },
    // ---- teams ----
    {
      method: 'GET',
      path: `${P}/teams`,
      access: 'user',
      body: 'none',
      handler: ({ query }) => {
        const { offset, limit } = paging(query);
        const name = query.get('name');
        const where = name ? "WHERE t.name LIKE ? ESCAPE '\\'" : '';
        const params: SqlValue[] = name ? [`%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] : [];
        return ws.db
          .all<TeamRow>(
            `SELECT t.*, (SELECT count(*) FROM team_members m WHERE m.team_id = t.id) AS member_count FROM teams t ${where} ORDER BY t.created, t.rowid LIMIT ? OFFSET ?`,
            [...params, limit, offset],
          )
          .map(teamRead);
      },
    },
    {
      method: 'POST',
      path: `${P}/teams`,
      access: 'admin',
      body: 'json',
      handler: ({ body }) => {
        const name = teamName(reqString(body, 'name'));
        const ts = now();
        const team: TeamRow = { id: newId(), name, description: optString(body, 'description', 1000) ?? '', created: ts, updated: ts };
        try {
          ws.db.run('INSERT INTO teams (id, name, description, created, updated) VALUES (?, ?, ?, ?, ?)', [team.id, team.name, team.description, ts, ts]);
        } catch (err) {
          if (isUniqueViolation(err)) throw conflict(`A team named '${name}' already exists.`);
          throw err;
        }
        return teamRead(team);
      },
    },
    { method: 'GET', path: `${P}/teams/{team_id}`, access: 'user', body: 'none', handler: ({ params }) => teamRead(findTeam(params.team_id)) },
    {
      method: 'PATCH',
      path: `${P}/teams/{team_id}`,
      access: 'admin',
      body: 'json',
      handler: ({ params, body }) => {
        const team = findTeam(params.team_id);
        const given = optNonBlank(body, 'name');
        const name = given === undefined ? undefined : teamName(given, team.id);
        const description = optString(body, 'description', 1000);
        try {
          ws.db.run('UPDATE teams SET name = coalesce(?, name), description = coalesce(?, description), updated = ? WHERE id = ?', [
            name ?? null,
            description ?? null,
            now(),
            team.id,
          ]);
        } catch (err) {
          if (isUniqueViolation(err)) throw conflict(`A team named '${name}' already exists.`);
          throw err;
        }
        return teamRead(findTeam(team.id));
      },
    },
    {
      method: 'DELETE',
      path: `${P}/teams/{team_id}`,
      access: 'admin',
      body: 'none',
      handler: ({ params }) => {
        const team = findTeam(params.team_id);
        ws.db.transaction(() => {
          ws.db.run('DELETE FROM teams WHERE id = ?', [team.id]);
          ws.access.refreshMembership();
        });
        return null;
      },
    },
    {
      method: 'GET',
      path: `${P}/teams/{team_id}/members`,
      access: 'user',
      body: 'none',
      handler: ({ params, query, caller }) => {
        const team = findTeam(params.team_id);
        const { offset, limit } = paging(query);
        const sees = privateFieldsVisible(ws, caller!);
        return ws.db
          .all<UserRow>('SELECT u.* FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = ? ORDER BY m.created LIMIT ? OFFSET ?', [
            team.id,
            limit,
            offset,
          ])
          .map((u) => userRead(u, sees));
      },
    },
    {
      method: 'POST',
      path: `${P}/teams/{team_id}/members`,
      access: 'admin',
      body: 'json',
      optionalBody: true,
      handler: ({ params, query, body, caller }) => {
        const team = findTeam(params.team_id);
        const proUserId = queryUuid(query, body, 'user_id');
        if (!proUserId) throw invalid("Send the member's 'user_id' (their ZenML Pro user ID).");
        const user = findUserByProId(proUserId);
        ws.db.transaction(() => {
          ws.db.run('INSERT INTO team_members (team_id, user_id, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [team.id, user.id, now()]);
          ws.access.refreshMembership();
        });
        return userRead(user, privateFieldsVisible(ws, caller!));
      },
    },
    {
      method: 'DELETE',
      path: `${P}/teams/{team_id}/members`,
      access: 'admin',
      body: 'json',
      optionalBody: true,
      handler: ({ params, query, body, caller }) => {
        const team = findTeam(params.team_id);
        const proUserId = queryUuid(query, body, 'user_id');
        if (!proUserId) throw invalid("Send the member's 'user_id' (their ZenML Pro user ID).");
        const userId = findUserByProId(proUserId).id;
        const removed = ws.db.transaction(() => {
          const r = ws.db.run('DELETE FROM team_members WHERE team_id = ? AND user_id = ?', [team.id, userId]);
          ws.access.refreshMembership();
          return r.changes;
        });
        if (!removed) throw notFound(`User '${proUserId}' is not a member of team '${team.name}'.`);
        return null;
      },
    },
    // ---- roles ----
    {
      method: 'GET',
      path: `${P}/roles`,
      access: 'user',
      body: 'none',
      handler: ({ query }) => {
        const { offset, limit } = paging(query);
        const name = query.get('name');
        return ws.db
          .all<RoleRow>(`SELECT * FROM roles ${name ? 'WHERE name = ?' : ''} ORDER BY system_role IS NULL, created, rowid LIMIT ? OFFSET ?`, [
            ...(name ? [name] : []),
            limit,
            offset,
          ])
          .map(roleRead);
      },
    },
    {
      method: 'POST',
      path: `${P}/roles`,
      access: 'admin',
      body: 'json',
      handler: ({ body }) => {
        const name = reqString(body, 'name');
        checkRoleName(name);
        const permissions = parsePermissions(body) ?? [];
        const ts = now();
        const role: RoleRow = { id: newId(), name, description: optString(body, 'description', 1000) ?? '', system_role: null, created: ts, updated: ts };
        try {
          ws.db.transaction(() => {
            ws.db.run('INSERT INTO roles (id, name, description, system_role, created, updated) VALUES (?, ?, ?, NULL, ?, ?)', [
              role.id,
              role.name,
              role.description,
              ts,
              ts,
            ]);
            writePermissions(role.id, permissions);
          });
        } catch (err) {
          if (isUniqueViolation(err)) throw conflict(`A role named '${name}' already exists.`);
          throw err;
        }
        return roleRead(role);
      },
    },
    { method: 'GET', path: `${P}/roles/{role_id}`, access: 'user', body: 'none', handler: ({ params }) => roleRead(findRole(params.role_id)) },
    {
      method: 'PATCH',
      path: `${P}/roles/{role_id}`,
      access: 'admin',
      body: 'json',
      handler: ({ params, body }) => {
        const role = findRole(params.role_id);
        if (role.system_role) throw forbidden(`'${role.name}' is a default role; it cannot be changed. Create a custom role instead.`);
        const name = optNonBlank(body, 'name');
        if (name !== undefined) checkRoleName(name);
        const description = optString(body, 'description', 1000);
        const permissions = parsePermissions(body);
        try {
          ws.db.transaction(() => {
            ws.db.run('UPDATE roles SET name = coalesce(?, name), description = coalesce(?, description), updated = ? WHERE id = ?', [
              name ?? null,
              description ?? null,
              now(),
              role.id,
            ]);
            if (permissions) writePermissions(role.id, permissions);
          });
        } catch (err) {
          if (isUniqueViolation(err)) throw conflict(`A role named '${name}' already exists.`);
          throw err;
        }
        return roleRead(findRole(role.id));
      },
    },
    {
      method: 'DELETE',
      path: `${P}/roles/{role_id}`,
      access: 'admin',
      body: 'none',
      handler: ({ params }) => {
        const role = findRole(params.role_id);
        if (role.system_role) throw forbidden(`'${role.name}' is a default role; it cannot be deleted.`);
        ws.db.transaction(() => {
          ws.db.run('DELETE FROM roles WHERE id = ?', [role.id]);
          ws.access.refreshMembership();
        });
        return null;
      },
    },
    // ---- role assignments (project scope) ----
    {
      method: 'GET',
      path: `${P}/roles/{role_id}/assignments`,
      access: 'user',
      body: 'none',
      handler: ({ params, query, caller }) => {
        const role = findRole(params.role_id);
        const { offset, limit } = paging(query);
        const conditions = ['a.role_id = ?'];
        const values: SqlValue[] = [role.id];
        // Only these two filters exist on ZenML Pro; any other parameter is ignored, as there.
        const workspaceId = queryUuid(query, {}, 'workspace_id');
        if (workspaceId && workspaceId !== ws.serverId) return [];
        const projectId = queryUuid(query, {}, 'project_id');
        if (projectId) {
          conditions.push('a.project_id = ?');
          values.push(projectId);
        }
        const sees = privateFieldsVisible(ws, caller as Caller);
        const visible = ws.visibleProjectsClause(caller as Caller, 'a.project_id');
        if (visible.sql) {
          conditions.push(visible.sql);
          values.push(...visible.params);
        }
        return ws.db
          .all<{ role_id: string; user_id: string | null; team_id: string | null; project_id: string }>(
            `SELECT a.role_id, a.user_id, a.team_id, a.project_id FROM role_assignments a WHERE ${conditions.join(' AND ')} ORDER BY a.created, a.rowid LIMIT ? OFFSET ?`,
            [...values, limit, offset],
          )
          .map((a) => assignmentRead(a, sees));
      },
    },
    {
      method: 'POST',
      path: `${P}/roles/{role_id}/assignments`,
      access: 'project',
      body: 'json',
      optionalBody: true,
      handler: (ctx) => {
        const t = assignmentTarget(ctx);
        ws.db.transaction(() => {
          // Assigning a role the subject already holds is not an error: the result is the same.
          ws.db.run(
            `INSERT INTO role_assignments (id, role_id, project_id, user_id, team_id, created) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
            [newId(), t.role.id, t.project.id, t.userId, t.teamId, now()],
          );
          ws.access.refreshMembership();
        });
        // ZenML Pro answers an assignment with JSON null (the contract's pro:assign); read it back with GET.
        return null;
      },
    },
    {
      method: 'DELETE',
      path: `${P}/roles/{role_id}/assignments`,
      access: 'project',
      body: 'json',
      optionalBody: true,
      handler: (ctx) => {
        const t = assignmentTarget(ctx);
        const removed = ws.db.transaction(() => {
          const r = ws.db.run(
            `DELETE FROM role_assignments WHERE role_id = ? AND project_id = ? AND user_id IS ? AND team_id IS ?`,
            [t.role.id, t.project.id, t.userId, t.teamId],
          );
          ws.access.refreshMembership();
          return r.changes;
        });
        if (!removed) throw notFound(`That ${t.userId ? 'user' : 'team'} does not hold the role '${t.role.name}' in project '${t.project.name}'.`);
        return null;
      },
    },
  ];
}

