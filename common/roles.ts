/**
 * The role catalogue of ZenML Pro projects: the default project roles, the resource types a
 * project role can grant rights on, and the actions. One source for the schema checks, hover
 * texts, the local workspace's access control and the client's menus.
 */

/** Project-scoped resource types known to the ZenML server. */
export const PROJECT_RESOURCE_TYPES = [
  'pipeline',
  'pipeline_run',
  'artifact',
  'artifact_version',
  'model',
  'model_version',
  'run_metadata',
  'pipeline_build',
  'pipeline_deployment',
  'run_template',
  'service',
  'code_repository',
  'trigger',
  'event_source',
  'action',
] as const;
export type ProjectResourceType = (typeof PROJECT_RESOURCE_TYPES)[number];

/** Actions a custom role may grant per resource type. */
export const ROLE_ACTIONS = ['create', 'read', 'update', 'delete', 'share'] as const;
export type RoleAction = (typeof ROLE_ACTIONS)[number];

export type DefaultRoleId = 'admin' | 'developer' | 'contributor' | 'viewer';

export interface DefaultRole {
  /** The short ID used in project.yaml. */
  id: DefaultRoleId;
  /** The name ZenML Pro gives the role. */
  zenmlName: string;
  /** One line: what the role is for. */
  summary: string;
  /** What the role may do, in plain words. */
  may: string[];
  /** What the role may not do. */
  mayNot: string[];
  /** Resource actions the role grants on every project resource type. */
  actions: readonly RoleAction[];
  /** Whether the role may modify resources it did not create. */
  modifiesOthers: boolean;
  /** Whether the role manages members, roles and project settings. */
  managesProject: boolean;
}

export const DEFAULT_ROLES: readonly DefaultRole[] = [
  {
    id: 'admin',
    zenmlName: 'Project Admin',
    summary: 'Full rights in the project; manages members, roles and settings.',
    may: ['create, read, update, delete and share every resource', 'manage members and roles', 'configure project settings'],
    mayNot: [],
    actions: ROLE_ACTIONS,
    modifiesOthers: true,
    managesProject: true,
  },
  {
    id: 'developer',
    zenmlName: 'Project Developer',
    summary: 'Creates and views resources; no settings or members.',
    may: ['create, read, update and delete resources'],
    mayNot: ['manage members or roles', 'change project settings'],
    actions: ['create', 'read', 'update', 'delete'],
    modifiesOthers: true,
    managesProject: false,
  },
  {
    id: 'contributor',
    zenmlName: 'Project Contributor',
    summary: 'Creates resources; cannot modify existing ones (keeps full rights on what it created).',
    may: ['create resources', 'read resources', 'modify and delete the resources it created'],
    mayNot: ['modify or delete resources others created', 'manage members or roles', 'change project settings'],
    actions: ['create', 'read'],
    modifiesOthers: false,
    managesProject: false,
  },
  {
    id: 'viewer',
    zenmlName: 'Project Viewer',
    summary: 'Read-only access to the project.',
    may: ['read resources'],
    mayNot: ['create, modify or delete anything', 'manage members or roles', 'change project settings'],
    actions: ['read'],
    modifiesOthers: false,
    managesProject: false,
  },
];

export const DEFAULT_ROLE_IDS: readonly DefaultRoleId[] = DEFAULT_ROLES.map((r) => r.id);

export function defaultRole(id: string): DefaultRole | undefined {
  return DEFAULT_ROLES.find((r) => r.id === id);
}

/**
 * Names a custom role may not take because they denote a default role: the short ID,
 * ZenML's own name, and that name as a slug ("project-admin", "project_admin").
 */
export function shadowedDefaultRole(roleId: string): DefaultRole | undefined {
  const key = roleId.toLowerCase().replace(/[\s_-]+/g, '');
  return DEFAULT_ROLES.find((r) => key === r.id || key === `project${r.id}` || key === r.zenmlName.toLowerCase().replace(/\s+/g, ''));
}
