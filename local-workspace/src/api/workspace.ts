/**
 * The state every endpoint shares: the database, the workspace's identity, authentication and
 * the access checks that resolve a project and the caller's rights in it.
 */
import { checkProjectId } from '../../../common/projectId';
import type { ProjectResourceType } from '../../../common/roles';
import { AccessStore } from '../access/accessStore';
import { LoginThrottle } from './loginThrottle';
import type { ProjectRights } from '../access/rights';
import type { WorkspaceDatabase } from '../db/database';
import type { OrganizationDirectory } from '../organization';
import { forbidden, notFound, unauthorized } from '../http/errors';
import type { Caller } from '../http/router';
import { newAccessToken, parseApiKey, sameHash, sha256 } from './credentials';
import { isUuid, newId } from './ids';
import { now } from './time';

/** The ZenML server API whose paths and shapes this server follows. */
export const ZENML_API_VERSION = '0.84.0';
/** The name of a new workspace, unless `serve --name` gives another. */
export const DEFAULT_WORKSPACE_NAME = 'local';

/**
 * What the local workspace plays: `pro`, a ZenML Pro workspace (project roles, members and teams
 * behind a separate Pro management API); `oss`, a plain ZenML server, where every signed-in user
 * may act in every project and there are no members or roles.
 */
export type Edition = 'pro' | 'oss';
export const EDITIONS: readonly Edition[] = ['pro', 'oss'];
/** Every local workspace on a machine belongs to this one organization. */
export const ORGANIZATION_NAME = 'local';
/**
 * The organization's UUID, the same for every local workspace, so that two of them (on two ports,
 * with two data folders) are two workspaces of one organization, as on ZenML Pro.
 */
export const ORGANIZATION_ID = 'b5a2c7e0-2f1d-4c8e-9a6b-0c0ffee10ca1';

export interface ProjectRow {
  id: string;
  name: string;
  display_name: string;
  description: string;
  created_by: string | null;
  created: string;
  updated: string;
}

interface AuthRow {
  id: string;
  name: string;
  is_admin: number;
  active: number;
  expires_at: number;
}

export class Workspace {
  readonly access: AccessStore;
  /** Backoff for password guessing (login, and old_password when changing one). */
  readonly loginThrottle = new LoginThrottle();
  /** Set once the server listens. */
  serverUrl = '';
  proApiUrl = '';
  /** The other local workspaces of the organization, when started with `--organization DIR`. */
  organization: OrganizationDirectory | undefined;
  readonly serverId: string;
  readonly organizationId = ORGANIZATION_ID;
  /** `/info`'s `name` and the Pro workspace's name: kept in the database, changed by `serve --name`. */
  readonly name: string;
  readonly created: string;
  private authCache = new Map<string, { caller: Caller; expiresAt: number }>();
  private authGeneration = -1;

  constructor(
    readonly db: WorkspaceDatabase,
    name?: string,
    readonly edition: Edition = 'pro',
  ) {
    this.access = new AccessStore(db, edition === 'pro');
    this.serverId = this.metaValue('server_id', newId);
    if (name !== undefined) this.db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', ['workspace_name', name]);
    this.name = this.metaValue('workspace_name', () => DEFAULT_WORKSPACE_NAME);
    this.created = this.metaValue('created', now);
  }

  private metaValue(key: string, make: () => string): string {
    const row = this.db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]);
    if (row) return row.value;
    const value = make();
    this.db.run('INSERT INTO meta (key, value) VALUES (?, ?)', [key, value]);
    return value;
  }

  // ---- authentication -------------------------------------------------------------------

  /** The caller named by an `Authorization: Bearer` header (access token or API key). */
  authenticate(header: string | undefined): Caller {
    if (!header) {
      throw unauthorized("Authentication error: no credentials. Log in at /api/v1/login and send 'Authorization: Bearer <token>'.");
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw unauthorized("Authentication error: the Authorization header must be 'Bearer <token>'.");
    const token = m[1];
    if (this.authGeneration !== this.db.generation) {
      this.authCache.clear();
      this.authGeneration = this.db.generation;
    }
    const key = sha256(token);
    const cached = this.authCache.get(key);
    const nowMs = Date.now();
    if (cached && cached.expiresAt > nowMs) return cached.caller;

    let row: AuthRow | undefined;
    const apiKey = parseApiKey(token);
    if (apiKey) {
      const k = this.db.get<AuthRow & { key_hash: string }>(
        `SELECT u.id, u.name, u.is_admin, u.active, k.key_hash, 0 AS expires_at
           FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = ?`,
        [apiKey.id.toLowerCase()],
      );
      if (k && sameHash(k.key_hash, sha256(apiKey.secret))) row = { ...k, expires_at: Number.MAX_SAFE_INTEGER };
    } else {
      row = this.db.get<AuthRow>(
        `SELECT u.id, u.name, u.is_admin, u.active, t.expires_at
           FROM access_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
        [key],
      );
    }
    if (!row) throw unauthorized('Authentication error: the token or API key is not valid. Log in again to get a new token.');
    if (row.expires_at <= nowMs) throw unauthorized('Authentication error: the access token has expired. Log in again to get a new one.');
    if (!row.active) throw unauthorized(`Authentication error: the user '${row.name}' is not active.`);
    const caller: Caller = { id: row.id, name: row.name, isAdmin: row.is_admin === 1 };
    if (this.authCache.size > 10_000) this.authCache.clear();
    this.authCache.set(key, { caller, expiresAt: Math.min(row.expires_at, nowMs + 60_000) });
    return caller;
  }

  issueToken(userId: string, ttlSeconds: number): string {
    const token = newAccessToken();
    this.db.transaction(() => {
      this.db.run('DELETE FROM access_tokens WHERE expires_at <= ?', [Date.now()]);
      this.db.run('INSERT INTO access_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)', [
        sha256(token),
        userId,
        Date.now() + ttlSeconds * 1000,
      ]);
    });
    return token;
  }

  /**
   * Ends a user's sessions: deletes their access tokens, except the one in `keepHeader` (the
   * request's own `Authorization`, so that whoever changed a password stays signed in).
   * API keys are not sessions and stay valid.
   */
  revokeTokensOf(userId: string, keepHeader: string | undefined): void {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(keepHeader ?? '');
    this.db.run('DELETE FROM access_tokens WHERE user_id = ? AND token_hash <> ?', [userId, m ? sha256(m[1]) : '']);
    this.authCache.clear();
  }

  revokeToken(header: string | undefined): void {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (m) this.db.run('DELETE FROM access_tokens WHERE token_hash = ?', [sha256(m[1])]);
  }

  // ---- projects and rights --------------------------------------------------------------

  /** A project by name or UUID: 422 when the text is neither, 404 when there is none. */
  findProject(nameOrId: string): ProjectRow {
    const byId = isUuid(nameOrId);
    // Not a name any project can have: ZenML looks it up all the same and answers 404.
    if (!byId && checkProjectId(nameOrId)) {
      throw notFound(`No project with the name '${nameOrId}' exists (project names are lowercase letters, digits, '-' and '_').`);
    }
    const row = byId
      ? this.db.get<ProjectRow>('SELECT * FROM projects WHERE id = ?', [nameOrId.toLowerCase()])
      : this.db.get<ProjectRow>('SELECT * FROM projects WHERE name = ?', [nameOrId]);
    if (!row) throw notFound(`No project with the ${byId ? 'ID' : 'name'} '${nameOrId}' exists.`);
    return row;
  }

  /** The project and the caller's rights in it; 403 when the caller is not a member. */
  memberOf(caller: Caller, project: ProjectRow, what = 'access'): ProjectRights {
    const rights = this.access.rights(caller, project.id);
    if (!rights.member) {
      // The name is not repeated: a non-member learns nothing about the project from the answer.
      throw forbidden(`Insufficient permissions to ${what} this project: you are not a member of it. Ask one of its admins for a role.`);
    }
    return rights;
  }

  /**
   * Rows of a project-scoped table (aliased `alias`, with `project_id` and `user_id`) the caller
   * may read, as SQL: every row of the projects where their roles grant `read` on `type`, and
   * their own rows in the other projects they belong to ('' when they may read everything).
   * For lists that are not scoped to one project (ZenML's link lists).
   */
  readableClause(caller: Caller, type: ProjectResourceType, alias: string): { sql: string; params: string[] } {
    if (caller.isAdmin || this.edition === 'oss') return { sql: '', params: [] };
    const all: string[] = [];
    const own: string[] = [];
    for (const { project_id } of this.db.all<{ project_id: string }>('SELECT project_id FROM project_members WHERE user_id = ?', [caller.id])) {
      const rights = this.access.rights(caller, project_id);
      if (rights.can(type, 'read')) all.push(project_id);
      else if (rights.member) own.push(project_id);
    }
    return {
      sql: `(${alias}.project_id IN (SELECT value FROM json_each(?)) OR (${alias}.project_id IN (SELECT value FROM json_each(?)) AND ${alias}.user_id = ?))`,
      params: [JSON.stringify(all), JSON.stringify(own), caller.id],
    };
  }

  /** Project IDs the caller may see, as SQL: a condition on `column`, with its parameters. */
  visibleProjectsClause(caller: Caller, column: string): { sql: string; params: string[] } {
    if (caller.isAdmin || this.edition === 'oss') return { sql: '', params: [] };
    return { sql: `${column} IN (SELECT project_id FROM project_members WHERE user_id = ?)`, params: [caller.id] };
  }
}
