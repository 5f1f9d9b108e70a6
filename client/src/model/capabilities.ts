/**
 * What the signed-in user may do with a project, from what the workspace says about them: a
 * workspace admin may do everything; a workspace without access control (ZenML OSS) refuses
 * nothing; otherwise the project roles they hold, directly and through their teams, add up.
 * Menus offer only what this allows; the server still decides.
 */
import { DEFAULT_ROLES, type DefaultRole } from '../../../common/roles';
import type { ProRole } from '../../../common/api/types';

export interface Capabilities {
  /** Change the project's name, ID and description (its settings). */
  edit: boolean;
  delete: boolean;
  manageMembers: boolean;
  /** Create, update and delete the project's resources (pipelines, runs, models...). */
  editResources: boolean;
}

export const ALL_CAPABILITIES: Capabilities = Object.freeze({ edit: true, delete: true, manageMembers: true, editResources: true });
export const NO_CAPABILITIES: Capabilities = Object.freeze({ edit: false, delete: false, manageMembers: false, editResources: false });

/** The default role a ZenML Pro role is, by the name ZenML Pro gives it. */
export function defaultRoleOf(role: Pick<ProRole, 'name'>): DefaultRole | undefined {
  return DEFAULT_ROLES.find((d) => d.zenmlName === role.name);
}

/** The actions a role grants, whichever of ZenML Pro's two permission shapes it is sent in. */
export function grantedActions(role: ProRole): string[] {
  const perms = (role.permissions ?? []) as { action?: string }[];
  return perms.map((p) => p.action).filter((a): a is string => typeof a === 'string');
}

/**
 * Whether the roles let their holder read every run of the project: a default role (each grants
 * `read` on every resource type) or a custom role granting `read` on `pipeline_run`. Without it,
 * ZenML lists a member only the runs they made (its RBAC filter admits the caller's own
 * resources), so a busy project can look idle to them.
 */
export function readsAllRuns(roles: readonly ProRole[]): boolean {
  return roles.some((r) => defaultRoleOf(r)?.actions.includes('read') || (r.permissions ?? []).some((p) => p.resource_type === 'pipeline_run' && p.action === 'read'));
}

export function capabilitiesFromRoles(roles: readonly ProRole[]): Capabilities {
  const c = { ...NO_CAPABILITIES };
  for (const role of roles) {
    const def = defaultRoleOf(role);
    if (def) {
      if (def.managesProject) return { ...ALL_CAPABILITIES };
      if (def.modifiesOthers) c.editResources = true;
    } else if (grantedActions(role).some((a) => a === 'update' || a === 'delete')) {
      // A custom role grants rights on resource types only, never on the project's settings.
      c.editResources = true;
    }
  }
  return c;
}

/** The words a contextValue carries, so that menus can match them (`viewItem =~ /canDelete/`). */
export function capabilityWords(c: Capabilities): string[] {
  const words: string[] = [];
  if (c.edit) words.push('canEdit');
  if (c.delete) words.push('canDelete');
  if (c.manageMembers) words.push('canManageMembers');
  if (c.editResources) words.push('canEditResources');
  return words;
}
