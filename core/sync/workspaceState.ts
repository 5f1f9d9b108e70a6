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
  /**
   * Who is calling: the Pro user the workspace account links to (its `metadata.external_user_id`),
   * when access control is there — the one ZenML Pro makes Project Admin of a project it creates.
   */
  me?: ProUser;
}

export function userDisplay(u: ProUser): string {
  return u.email || u.username || u.name || u.id;
}

/**
 * What the workspace holds for project `projectId`. `namedUsers`: how a project file names its
 * users (e-mail, username or name) — those named by an e-mail address the caller may not see are
 * looked up one by one (see withUsersNamedByEmail).
 */
export async function readWorkspaceState(api: ZenmlApi, projectId: string, signal?: AbortSignal, namedUsers: Iterable<string> = []): Promise<WorkspaceState> {
  const workspace = workspaceIdentity(await api.serverInfo(signal), api.url);
  let project: Project | undefined;
  try {
    project = await api.getProject(projectId, signal);
  } catch (e) {
    if (!(e instanceof ZenmlApiError && e.status === 404)) throw e;
  }
  const accessControl = !!(await api.proApiUrl(signal));
  if (!accessControl) return { url: api.url, workspace, project, accessControl, roles: [], users: [], teams: [], assignments: [] };
  const [roles, listed, teams, account] = await Promise.all([api.roles(signal), api.proUsers(signal), api.teams(signal), api.currentUser(signal)]);
  const users = await withUsersNamedByEmail(api, listed, namedUsers, signal);
  // The workspace account and the Pro user have different IDs; external_user_id links them.
  const external = account.metadata?.external_user_id;
  const me = external ? users.find((u) => u.id === external) : undefined;
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

/**
 * `users` with the e-mail address filled in for each address in `names` that no listed user shows:
 * e-mail addresses are shown only to those who manage members, yet project files name users by
 * them, so whoever plans or reports must still find the user behind an address they already know.
 * ZenML Pro's public API reference documents no e-mail filter on `GET /users`, so the lookup uses
 * the workspace's (ZenML's `GET /api/v1/users?email=`) and maps the workspace user to the Pro user
 * through `metadata.external_user_id` (a Pro user's account in a workspace is a separate user
 * whose external_user_id is the Pro user's id; on a server without it the ids are the same).
 * A server that refuses the lookup leaves the address unmatched, as before.
 */
async function withUsersNamedByEmail(api: ZenmlApi, users: ProUser[], names: Iterable<string>, signal?: AbortSignal): Promise<ProUser[]> {
  const shown = new Set(users.map((u) => u.email?.toLowerCase()).filter((e): e is string => !!e));
  const missing = [...new Set([...names].filter((n) => n.includes('@')).map((n) => n.toLowerCase()))].filter((n) => !shown.has(n));
  if (missing.length === 0) return users;
  const byId = new Map(users.map((u) => [u.id, u]));
  const found = await Promise.all(
    missing.map(async (email) => {
      try {
        const matches = await api.usersByEmail(email, signal);
        return matches.filter((w) => w.metadata?.email?.toLowerCase() === email).map((w) => ({ email: w.metadata!.email!, id: w.metadata?.external_user_id || w.id }));
      } catch (e) {
        if (e instanceof ZenmlApiError && e.status !== undefined && e.status >= 400 && e.status < 500) return [];
        throw e;
      }
    }),
  );
  for (const { id, email } of found.flat()) {
    const u = byId.get(id);
    if (u) byId.set(id, { ...u, email });
  }
  return users.map((u) => byId.get(u.id) ?? u);
}

/** The names a project file gives its users (for readWorkspaceState's `namedUsers`). */
export function namedUsersOf(spec: { members: readonly { kind: string; name: string }[] }): string[] {
  return spec.members.filter((m) => m.kind === 'user').map((m) => m.name);
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
