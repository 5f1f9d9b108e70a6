/** What the workspace holds for one project: the project, its roles and who holds them. */
import { ZenmlApiError } from '../../common/api/apiError';
import type { Project, ProRole, ProTeam, ProUser } from '../../common/api/types';
import type { ZenmlApi } from '../../common/api/zenmlApi';
import { WorkspaceIdentity, workspaceIdentity } from './workspaceTarget';

export interface Subject {
  kind: 'user' | 'team';
  id: string;
  /** How project.yaml names it: a user's e-mail (else username); a team's name. */
  display: string;
}

export interface Assignment {
  role: ProRole;
  subject: Subject;
}

export interface WorkspaceState {
  url: string;
  /** Who the server is, from `/info`. */
  workspace: WorkspaceIdentity;
  /** Undefined when the project does not exist yet. */
  project?: Project;
  /** Whether the workspace has ZenML Pro's access control (roles, members). */
  accessControl: boolean;
  roles: ProRole[];
  users: ProUser[];
  teams: ProTeam[];
  assignments: Assignment[];
  /** Who is calling (the API key's user), when access control is there. */
  me?: ProUser;
}

export function userDisplay(u: ProUser): string {
  return u.email || u.username || u.name || u.id;
}

export async function readWorkspaceState(api: ZenmlApi, projectId: string, signal?: AbortSignal): Promise<WorkspaceState> {
  const workspace = workspaceIdentity(await api.serverInfo(signal), api.url);
  let project: Project | undefined;
  try {
    project = await api.getProject(projectId, signal);
  } catch (e) {
    if (!(e instanceof ZenmlApiError && e.status === 404)) throw e;
  }
  const accessControl = !!(await api.proApiUrl(signal));
  if (!accessControl) return { url: api.url, workspace, project, accessControl, roles: [], users: [], teams: [], assignments: [] };
  const [roles, users, teams, me] = await Promise.all([api.roles(signal), api.proUsers(signal), api.teams(signal), api.proMe(signal)]);
  const assignments: Assignment[] = [];
  if (project) {
    const usersById = new Map(users.map((u) => [u.id, u]));
    const teamsById = new Map(teams.map((t) => [t.id, t]));
    const perRole = await Promise.all(roles.map((role) => api.roleAssignments(role.id, { project_id: project!.id }, signal).then((list) => ({ role, list }))));
    for (const { role, list } of perRole) {
      for (const a of list) {
        if (a.user) assignments.push({ role, subject: { kind: 'user', id: a.user.id, display: userDisplay(usersById.get(a.user.id) ?? a.user) } });
        else if (a.team) assignments.push({ role, subject: { kind: 'team', id: a.team.id, display: (teamsById.get(a.team.id) ?? a.team).name } });
      }
    }
  }
  return { url: api.url, workspace, project, accessControl, roles, users, teams, assignments, me };
}

/** The workspace user or team a project file names, matched by e-mail, username or name. */
export function findSubject(state: WorkspaceState, kind: 'user' | 'team', name: string): Subject | undefined {
  const n = name.toLowerCase();
  if (kind === 'team') {
    const t = state.teams.find((x) => x.name.toLowerCase() === n);
    return t && { kind, id: t.id, display: t.name };
  }
  const u = state.users.find((x) => [x.email, x.username, x.name].some((v) => v?.toLowerCase() === n));
  return u && { kind, id: u.id, display: userDisplay(u) };
}

/** The members of the teams a report needs, by team ID. */
export async function readTeamMembers(api: ZenmlApi, teamIds: Iterable<string>, signal?: AbortSignal): Promise<Map<string, ProUser[]>> {
  const ids = [...new Set(teamIds)];
  const lists = await Promise.all(ids.map((id) => api.teamMembers(id, signal)));
  return new Map(ids.map((id, i) => [id, lists[i]]));
}
