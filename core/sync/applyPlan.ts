/**
 * Applies a plan in its order, stopping at the first failure, and says exactly what was applied
 * and what was not. Role and subject IDs are looked up as the steps need them, so a role created
 * by an earlier step can be given by a later one.
 */
import type { ProRole } from '../../common/api/types';
import type { ZenmlApi } from '../../common/api/zenmlApi';
import { Change, leavesNoAdmin, Plan } from './plan';
import { permissionsToPro, ProjectSpec, workspaceRoleName } from './projectSpec';
import { WorkspaceState } from './workspaceState';
import { checkApplyTarget, workspaceIdentity, WrongWorkspaceError } from './workspaceTarget';

export interface ApplyResult {
  applied: Change[];
  failed?: { change: Change; error: string };
  notApplied: Change[];
}

export class RefusedPlanError extends Error {}

export async function applyPlan(
  api: ZenmlApi,
  spec: ProjectSpec,
  plan: Plan,
  state: WorkspaceState,
  options: { force?: boolean; signal?: AbortSignal; onStep?: (change: Change) => void; file?: string } = {},
): Promise<ApplyResult> {
  if (plan.problems.length) throw new RefusedPlanError(`The plan cannot be applied:\n${plan.problems.map((p) => `  - ${p}`).join('\n')}`);
  if (!options.force && leavesNoAdmin(spec, plan)) {
    throw new RefusedPlanError(`Applying this would leave project '${spec.id}' without a Project Admin (project.yaml gives nobody the admin role). Add an admin member, or apply with --force.`);
  }
  // Asked afresh, not from a cache: the server behind the URL must be the file's workspace and
  // the one planned against, whatever happened since the plan.
  if (plan.changes.length) {
    const fresh = workspaceIdentity(await api.info(options.signal), api.url);
    try {
      checkApplyTarget(options.file ?? 'The project file', spec.workspace, plan.workspace, fresh);
    } catch (e) {
      throw e instanceof WrongWorkspaceError ? new RefusedPlanError(e.message) : e;
    }
  }
  const roles = new Map<string, ProRole>(state.roles.map((r) => [r.name, r]));
  let projectUuid = state.project?.id;
  const roleId = (role: string): string => {
    // A file's name ("admin", "reviewer"), or a workspace role of another project held here.
    const r = roles.get(workspaceRoleName(spec.id, role)) ?? roles.get(role);
    if (!r) throw new Error(`The role '${role}' does not exist in the workspace.`);
    return r.id;
  };
  const target = (subject: { kind: 'user' | 'team'; id: string }) => ({ [subject.kind === 'user' ? 'user_id' : 'team_id']: subject.id, project_id: projectUuid! });
  const { signal } = options;
  const run = async (c: Change): Promise<void> => {
    switch (c.kind) {
      case 'create-project':
        projectUuid = (await api.createProject({ name: c.name, display_name: c.displayName, description: c.description }, signal)).id;
        return;
      case 'update-project':
        await api.updateProject(projectUuid!, { [c.field]: c.to }, spec.id, signal);
        return;
      case 'create-role':
        roles.set(c.workspaceName, await api.createRole({ name: c.workspaceName, description: c.role.description, permissions: permissionsToPro(c.role.permissions) }, signal));
        return;
      case 'update-role':
        await api.updateRole(c.roleId, { description: c.role.description, permissions: permissionsToPro(c.role.permissions) }, signal);
        return;
      case 'delete-role':
        await api.deleteRole(c.roleId, c.workspaceName, signal);
        return;
      case 'add-member':
        await api.assignRole(roleId(c.role), target(c.subject), spec.id, signal);
        return;
      case 'change-role':
        // Grant first, then revoke: the member is never left without a role in between.
        await api.assignRole(roleId(c.to), target(c.subject), spec.id, signal);
        for (const old of c.from) if (old !== c.to) await api.unassignRole(roleId(old), target(c.subject), spec.id, signal);
        return;
      case 'remove-member':
        for (const old of c.roles) await api.unassignRole(roleId(old), target(c.subject), spec.id, signal);
        return;
    }
  };
  const applied: Change[] = [];
  for (let i = 0; i < plan.changes.length; i++) {
    const change = plan.changes[i];
    options.onStep?.(change);
    try {
      await run(change);
    } catch (e) {
      return { applied, failed: { change, error: e instanceof Error ? e.message : String(e) }, notApplied: plan.changes.slice(i + 1) };
    }
    applied.push(change);
  }
  return { applied, notApplied: [] };
}
