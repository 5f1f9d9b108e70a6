/**
 * The difference between a project file and the workspace, as the changes that would make the
 * workspace match the file, in the order that is safe to apply them: the project, then custom
 * roles, then members given roles, then members losing them, then roles no longer declared.
 */
import { fileRoleName, isAdminRole, permissionsFromPro, ProjectSpec, rolesAmountTo, RoleSpec, samePermissions, workspaceRoleName } from './projectSpec';
import { findSubject, Subject, WorkspaceState } from './workspaceState';
import { WorkspaceIdentity, workspaceMatches, wrongWorkspaceMessage } from './workspaceTarget';

export type Change =
  | { kind: 'create-project'; name: string; displayName: string; description: string }
  | { kind: 'update-project'; field: 'display_name' | 'description'; from: string; to: string }
  | { kind: 'create-role'; role: RoleSpec; workspaceName: string }
  | { kind: 'update-role'; role: RoleSpec; workspaceName: string; roleId: string; from: RoleSpec }
  | { kind: 'delete-role'; role: string; workspaceName: string; roleId: string }
  | { kind: 'add-member'; subject: Subject; role: string }
  | { kind: 'change-role'; subject: Subject; from: string[]; to: string }
  | { kind: 'remove-member'; subject: Subject; roles: string[]; creator?: boolean };

export interface Plan {
  projectId: string;
  url: string;
  /** The workspace the plan was made against; apply writes only to the same server. */
  workspace?: WorkspaceIdentity;
  /** The file's `workspace:`, when it names one. */
  target?: string;
  changes: Change[];
  /** Why the plan cannot be applied (a user the workspace does not know, ...). */
  problems: string[];
  /** What the plan leaves alone on purpose (roles project.yaml does not manage). */
  notes: string[];
}

/**
 * Assignments of roles project.yaml does not manage: workspace-wide custom roles, or another
 * project's. The file cannot name them, so plans and imports leave them as they are.
 */
export function foreignAssignments(state: WorkspaceState, projectId: string): WorkspaceState['assignments'] {
  return state.assignments.filter((a) => fileRoleName(projectId, a.role.name) === undefined);
}

export function foreignNote(a: WorkspaceState['assignments'][number]): string {
  return `The ${a.subject.kind} ${a.subject.display} holds the workspace role '${a.role.name}', which project.yaml does not manage: left as it is.`;
}

/**
 * The changes that make the workspace match the file. A file whose `workspace:` is not the
 * server `state` was read from gets no changes, only the problem that says so: it is never
 * compared with another workspace.
 */
export function planProject(spec: ProjectSpec, state: WorkspaceState, file = 'The project file'): Plan {
  const base = { projectId: spec.id, url: state.url, workspace: state.workspace, target: spec.workspace };
  if (spec.workspace !== undefined && state.workspace && !workspaceMatches(spec.workspace, state.workspace)) {
    return { ...base, changes: [], problems: [wrongWorkspaceMessage(file, spec.workspace, state.workspace)], notes: [] };
  }
  const changes: Change[] = [];
  const problems: string[] = [];
  const notes = foreignAssignments(state, spec.id).map(foreignNote);
  const project = state.project;
  const displayName = spec.name ?? spec.id;
  const description = spec.description ?? '';

  if (!project) changes.push({ kind: 'create-project', name: spec.id, displayName, description });
  else {
    const currentName = project.body?.display_name ?? '';
    const currentDescription = String(project.metadata?.description ?? '');
    if (spec.name !== undefined && currentName !== displayName) changes.push({ kind: 'update-project', field: 'display_name', from: currentName, to: displayName });
    if (spec.description !== undefined && currentDescription !== description) changes.push({ kind: 'update-project', field: 'description', from: currentDescription, to: description });
  }

  if (!state.accessControl) {
    if (spec.roles.length || spec.members.length) problems.push(`The workspace at ${state.url} has no access control (members and roles come with ZenML Pro), so the file's roles and members cannot be applied.`);
    return { ...base, changes, problems, notes };
  }

  // Custom roles.
  const byName = new Map(state.roles.map((r) => [r.name, r]));
  for (const role of spec.roles) {
    const workspaceName = workspaceRoleName(spec.id, role.id);
    const existing = byName.get(workspaceName);
    if (!existing) changes.push({ kind: 'create-role', role, workspaceName });
    else {
      const from: RoleSpec = { id: role.id, description: existing.description ?? '', permissions: permissionsFromPro(existing.permissions) };
      if (from.description !== role.description || !samePermissions(from.permissions, role.permissions)) changes.push({ kind: 'update-role', role, workspaceName, roleId: existing.id, from });
    }
  }

  // Members: what each subject holds now, and what the file says it should hold.
  const held = new Map<string, { subject: Subject; roles: string[] }>();
  for (const a of state.assignments) {
    const role = fileRoleName(spec.id, a.role.name);
    if (role === undefined) continue;
    const key = `${a.subject.kind}:${a.subject.id}`;
    const entry = held.get(key) ?? { subject: a.subject, roles: [] };
    entry.roles.push(role);
    held.set(key, entry);
  }
  const wanted = new Set<string>();
  const grants: Change[] = [];
  for (const m of spec.members) {
    const subject = findSubject(state, m.kind, m.name);
    if (!subject) {
      problems.push(`The ${m.kind} '${m.name}' does not exist in the workspace at ${state.url}; ${m.kind === 'user' ? 'invite them first' : 'create the team first'}, or fix the name.`);
      continue;
    }
    const key = `${subject.kind}:${subject.id}`;
    wanted.add(key);
    const now = held.get(key)?.roles ?? [];
    if (now.length === 0) grants.push({ kind: 'add-member', subject: { ...subject, display: m.name }, role: m.role });
    else if (!rolesAmountTo(now, m.role)) grants.push({ kind: 'change-role', subject: { ...subject, display: m.name }, from: [...now].sort(), to: m.role });
  }
  changes.push(...grants);
  for (const [key, entry] of held) if (!wanted.has(key)) changes.push({ kind: 'remove-member', subject: entry.subject, roles: [...entry.roles].sort() });
  // A project that does not exist yet gets its creator as Project Admin; unless the file names
  // the caller, that assignment is removed again so that a second plan finds nothing to do.
  if (!project && state.me && !spec.members.some((m) => m.kind === 'user' && findSubject(state, 'user', m.name)?.id === state.me!.id)) {
    changes.push({ kind: 'remove-member', subject: { kind: 'user', id: state.me.id, display: state.me.email || state.me.username || state.me.id }, roles: ['admin'], creator: true });
  }

  // Custom roles of this project that the file no longer declares.
  const declared = new Set(spec.roles.map((r) => workspaceRoleName(spec.id, r.id)));
  for (const role of state.roles) {
    const own = fileRoleName(spec.id, role.name);
    if (own !== undefined && !role.system_managed && !declared.has(role.name)) changes.push({ kind: 'delete-role', role: own, workspaceName: role.name, roleId: role.id });
  }
  return { ...base, changes, problems, notes };
}

/** Whether applying `plan` would leave the project without a Project Admin. */
export function leavesNoAdmin(spec: ProjectSpec, plan: Plan): boolean {
  const removesAdmin = plan.changes.some((c) => (c.kind === 'remove-member' && c.roles.includes('admin') && !c.creator) || (c.kind === 'change-role' && c.from.includes('admin') && !isAdminRole(c.to)));
  return removesAdmin && !spec.members.some((m) => isAdminRole(m.role));
}

export function countChanges(plan: Plan): { add: number; change: number; remove: number } {
  let add = 0;
  let change = 0;
  let remove = 0;
  for (const c of plan.changes) {
    if (c.kind.startsWith('create') || c.kind === 'add-member') add++;
    else if (c.kind.startsWith('update') || c.kind === 'change-role') change++;
    else remove++;
  }
  return { add, change, remove };
}

