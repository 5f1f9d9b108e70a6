/**
 * What a user may do in one project, from the roles they hold there directly and through teams.
 * Pure: the rights of every role add up; a resource's creator keeps full rights on it while a
 * member of its project (as in ZenML Pro); workspace admins may do everything.
 */
import { DEFAULT_ROLES, PROJECT_RESOURCE_TYPES, type DefaultRoleId, type ProjectResourceType, type RoleAction } from '../../../common/roles';

/** One role held in the project: a default role of the catalogue, or a custom role's grants. */
export interface HeldRole {
  systemRole: DefaultRoleId | null;
  permissions: readonly { resourceType: string; action: string }[];
}

export class ProjectRights {
  private constructor(
    /** Holds at least one role in the project (or is a workspace admin). */
    readonly member: boolean,
    /** Manages members, roles and settings (Project Admin, or a workspace admin). */
    readonly manages: boolean,
    private readonly actions: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly all: boolean,
  ) {}

  static readonly NONE = new ProjectRights(false, false, new Map(), false);
  static readonly WORKSPACE_ADMIN = new ProjectRights(true, true, new Map(), true);

  static fromRoles(roles: readonly HeldRole[]): ProjectRights {
    if (roles.length === 0) return ProjectRights.NONE;
    const actions = new Map<string, Set<string>>();
    const grant = (type: string, action: string) => {
      let set = actions.get(type);
      if (!set) actions.set(type, (set = new Set()));
      set.add(action);
    };
    let manages = false;
    for (const role of roles) {
      if (role.systemRole) {
        const def = DEFAULT_ROLES.find((r) => r.id === role.systemRole);
        if (!def) continue;
        manages ||= def.managesProject;
        for (const type of PROJECT_RESOURCE_TYPES) for (const a of def.actions) grant(type, a);
      } else {
        for (const p of role.permissions) grant(p.resourceType, p.action);
      }
    }
    return new ProjectRights(true, manages, actions, false);
  }

  /** The role grants `action` on every resource of `type` in the project. */
  can(type: ProjectResourceType, action: RoleAction): boolean {
    if (this.all) return true;
    return this.actions.get(type)?.has(action) ?? false;
  }

  /**
   * May act on one existing resource: by role, or as its creator. Creators lose their rights
   * once they are no longer members (as ZenML Pro revokes a removed member's access).
   */
  canOn(type: ProjectResourceType, action: RoleAction, creatorId: string | null, callerId: string): boolean {
    if (!this.member) return false;
    return this.can(type, action) || (creatorId !== null && creatorId === callerId);
  }

  /** The actions granted on `type`, for responses that tell the caller what it may do. */
  actionsOn(type: ProjectResourceType): RoleAction[] {
    if (this.all) return ['create', 'read', 'update', 'delete', 'share'];
    return [...(this.actions.get(type) ?? [])] as RoleAction[];
  }
}
