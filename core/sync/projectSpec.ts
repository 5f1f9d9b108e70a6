/**
 * A project as project.yaml declares it, in plain data — what plan, apply and import compare
 * and write. Custom roles live in the workspace under `<project-id>:<role-id>`, so that two
 * projects' roles of the same name never collide.
 */
import { defaultRole, DefaultRoleId, DEFAULT_ROLES } from '../../common/roles';
import type { ProPermission } from '../../common/api/types';

export interface RoleSpec {
  id: string;
  description: string;
  /** Resource type → actions, both in a stable order. */
  permissions: Record<string, string[]>;
}

export interface MemberSpec {
  kind: 'user' | 'team';
  /** A user's e-mail or username; a team's name. */
  name: string;
  /** A default role (`admin`...) or a custom role's ID. */
  role: string;
}

export interface ProjectSpec {
  id: string;
  name?: string;
  description?: string;
  workspace?: string;
  roles: RoleSpec[];
  members: MemberSpec[];
}

/** Builds a spec from the value of a project file that validated without errors. */
export function specFromValue(value: unknown): ProjectSpec {
  const v = (value ?? {}) as Record<string, unknown>;
  const roles = Array.isArray(v.roles) ? v.roles : [];
  const members = Array.isArray(v.members) ? v.members : [];
  return {
    id: String(v.id),
    name: typeof v.name === 'string' ? v.name : undefined,
    description: typeof v.description === 'string' ? v.description : undefined,
    workspace: typeof v.workspace === 'string' ? v.workspace : undefined,
    roles: roles.map((r: Record<string, unknown>) => ({
      id: String(r.id),
      description: typeof r.description === 'string' ? r.description : '',
      permissions: normalisePermissions((r.permissions ?? {}) as Record<string, string[]>),
    })),
    members: members.map((m: Record<string, unknown>) => ({
      kind: typeof m.team === 'string' ? 'team' : 'user',
      name: String(m.team ?? m.user),
      role: String(m.role),
    })),
  };
}

export function normalisePermissions(p: Record<string, readonly string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const type of Object.keys(p).sort()) out[type] = [...new Set(p[type])].sort();
  return out;
}

export function permissionsToPro(p: Record<string, string[]>): ProPermission[] {
  return Object.entries(p).flatMap(([resource_type, actions]) => actions.map((action) => ({ resource_type, action })));
}

export function permissionsFromPro(list: readonly ProPermission[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of list ?? []) (out[p.resource_type] ??= []).push(p.action);
  return normalisePermissions(out);
}

export function samePermissions(a: Record<string, string[]>, b: Record<string, string[]>): boolean {
  return JSON.stringify(normalisePermissions(a)) === JSON.stringify(normalisePermissions(b));
}

export const CUSTOM_ROLE_SEPARATOR = ':';

/** The workspace's name of a role of the file: "Project Admin", or `<project-id>:<role-id>`. */
export function workspaceRoleName(projectId: string, role: string): string {
  return defaultRole(role)?.zenmlName ?? `${projectId}${CUSTOM_ROLE_SEPARATOR}${role}`;
}

/** The file's name of a workspace role, or undefined for a custom role of another project. */
export function fileRoleName(projectId: string, workspaceName: string): string | undefined {
  const builtIn = DEFAULT_ROLES.find((r) => r.zenmlName === workspaceName);
  if (builtIn) return builtIn.id;
  const prefix = `${projectId}${CUSTOM_ROLE_SEPARATOR}`;
  return workspaceName.startsWith(prefix) ? workspaceName.slice(prefix.length) : undefined;
}

export function isAdminRole(role: string): role is DefaultRoleId {
  return role === 'admin';
}

/** Default roles from weakest to strongest: each grants everything the ones before it do. */
const RANK: readonly string[] = ['viewer', 'contributor', 'developer', 'admin'];

/**
 * Whether holding `held` gives exactly the rights of `role`: it includes `role`, and every other
 * role held is a default role `role` already covers (permissions add up in ZenML Pro).
 */
export function rolesAmountTo(held: readonly string[], role: string): boolean {
  if (!held.includes(role)) return false;
  const rank = RANK.indexOf(role);
  return held.every((h) => h === role || (rank >= 0 && RANK.indexOf(h) >= 0 && RANK.indexOf(h) < rank));
}

/** The one role that stands for several held at once: the strongest default role, when it covers the rest. */
export function effectiveRole(held: readonly string[]): string {
  const sorted = [...held].sort((a, b) => RANK.indexOf(b) - RANK.indexOf(a));
  return sorted.find((r) => rolesAmountTo(held, r)) ?? sorted[0];
}
