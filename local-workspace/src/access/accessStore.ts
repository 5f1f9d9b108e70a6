/**
 * Loads a user's rights in a project from the database, and keeps `project_members` (who may see
 * which project) in step with role assignments and team membership.
 */
import type { DefaultRoleId } from '../../../common/roles';
import type { WorkspaceDatabase } from '../db/database';
import type { Caller } from '../http/router';
import { ProjectRights, type HeldRole } from './rights';

interface GrantRow {
  role_id: string;
  system_role: string | null;
  resource_type: string | null;
  action: string | null;
}

export class AccessStore {
  private cache = new Map<string, ProjectRights>();
  private cacheGeneration = -1;

  /** `enforced`: false on a plain ZenML server, which has no project roles: everyone may act. */
  constructor(
    private readonly db: WorkspaceDatabase,
    private readonly enforced = true,
  ) {}

  rights(caller: Caller, projectId: string): ProjectRights {
    if (caller.isAdmin || !this.enforced) return ProjectRights.WORKSPACE_ADMIN;
    if (this.cacheGeneration !== this.db.generation) {
      this.cache.clear();
      this.cacheGeneration = this.db.generation;
    }
    const key = `${caller.id}/${projectId}`;
    let rights = this.cache.get(key);
    if (!rights) {
      rights = this.load(caller.id, projectId);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, rights);
    }
    return rights;
  }

  private load(userId: string, projectId: string): ProjectRights {
    const rows = this.db.all<GrantRow>(
      `SELECT r.id AS role_id, r.system_role, rp.resource_type, rp.action
         FROM role_assignments a
         JOIN roles r ON r.id = a.role_id
         LEFT JOIN role_permissions rp ON rp.role_id = r.id
        WHERE a.project_id = ?
          AND (a.user_id = ? OR a.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?))`,
      [projectId, userId, userId],
    );
    const byRole = new Map<string, HeldRole & { permissions: { resourceType: string; action: string }[] }>();
    for (const row of rows) {
      let held = byRole.get(row.role_id);
      if (!held) byRole.set(row.role_id, (held = { systemRole: (row.system_role as DefaultRoleId | null) ?? null, permissions: [] }));
      if (row.resource_type && row.action) held.permissions.push({ resourceType: row.resource_type, action: row.action });
    }
    return ProjectRights.fromRoles([...byRole.values()]);
  }

  /** Rebuilds the membership table; call inside the transaction that changed access. */
  refreshMembership(): void {
    this.db.run('DELETE FROM project_members');
    this.db.run(
      `INSERT OR IGNORE INTO project_members (user_id, project_id)
         SELECT user_id, project_id FROM role_assignments WHERE user_id IS NOT NULL
         UNION
         SELECT tm.user_id, a.project_id FROM role_assignments a JOIN team_members tm ON tm.team_id = a.team_id`,
    );
  }
}
