/**
 * Who can do what in a project: every user, directly or through a team, with the roles they
 * hold and what those amount to — as declared in project.yaml beside as found in the workspace,
 * with the differences marked. Rendered as Markdown or CSV for audits.
 */
import { DEFAULT_ROLES, defaultRole, PROJECT_RESOURCE_TYPES } from '../../common/roles';
import type { ProUser } from '../../common/api/types';
import { csvCell } from '../../common/terminalText';
import { plural } from '../../common/plural';
import { effectiveRole, fileRoleName, permissionsFromPro, ProjectSpec } from './projectSpec';
import type { ZenmlApi } from '../../common/api/zenmlApi';
import { findSubject, namedUsersOf, readTeamMembers, readWorkspaceState, userDisplay, WorkspaceState } from './workspaceState';
import { workspaceDisplayName } from './workspaceTarget';

export interface Holding {
  role: string;
  /** The team the role comes through, when not held directly. */
  via?: string;
}

export type AccessStatus = 'same' | 'differs' | 'declared only' | 'workspace only';

export interface AccessRow {
  user: string;
  declared: Holding[];
  actual: Holding[];
  declaredRights: string;
  actualRights: string;
  status: AccessStatus;
}

export interface AccessReport {
  projectId: string;
  url: string;
  /** The workspace's name, as its server says. */
  workspace?: string;
  rows: AccessRow[];
  /** Teams the file names that the workspace does not know (their members cannot be listed). */
  unknownTeams: string[];
}

/** What a set of roles permits, as one line: "admin: everything", or actions per resource type. */
export function rightsOf(roles: readonly string[], customPermissions: (role: string) => Record<string, string[]> | undefined): string {
  if (!roles.length) return 'no access';
  const names = roles.map((r) => r);
  const best = effectiveRole(names);
  const builtIn = defaultRole(best);
  if (builtIn && names.every((r) => defaultRole(r))) return `${builtIn.zenmlName}: ${builtIn.summary}`;
  const union: Record<string, Set<string>> = {};
  for (const role of names) {
    const d = defaultRole(role);
    const perms = d ? Object.fromEntries(PROJECT_RESOURCE_TYPES.map((t) => [t, [...d.actions]])) : (customPermissions(role) ?? {});
    for (const [type, actions] of Object.entries(perms)) for (const a of actions) (union[type] ??= new Set()).add(a);
  }
  const parts = Object.keys(union)
    .sort()
    .map((t) => `${t}: ${[...union[t]].sort().join(', ')}`);
  return parts.length ? parts.join('; ') : 'no permissions';
}

function key(h: Holding[]): string {
  return h
    .map((x) => `${x.role}@${x.via ?? ''}`)
    .sort()
    .join('|');
}

export function buildAccessReport(spec: ProjectSpec, state: WorkspaceState, teamMembers: ReadonlyMap<string, readonly ProUser[]>): AccessReport {
  const declared = new Map<string, Holding[]>();
  const actual = new Map<string, Holding[]>();
  const add = (map: Map<string, Holding[]>, user: string, h: Holding) => map.set(user, [...(map.get(user) ?? []), h]);
  const unknownTeams: string[] = [];

  for (const m of spec.members) {
    if (m.kind === 'user') {
      const s = findSubject(state, 'user', m.name);
      add(declared, s?.display ?? m.name, { role: m.role });
    } else {
      const team = state.teams.find((t) => t.name.toLowerCase() === m.name.toLowerCase());
      if (!team) unknownTeams.push(m.name);
      for (const u of team ? (teamMembers.get(team.id) ?? []) : []) add(declared, userDisplay(u), { role: m.role, via: team!.name });
    }
  }
  for (const a of state.assignments) {
    const role = fileRoleName(spec.id, a.role.name) ?? a.role.name;
    if (a.subject.kind === 'user') add(actual, a.subject.display, { role });
    else for (const u of teamMembers.get(a.subject.id) ?? []) add(actual, userDisplay(u), { role, via: a.subject.display });
  }

  const declaredPermissions = (role: string) => spec.roles.find((r) => r.id === role)?.permissions;
  const actualPermissions = (role: string) => {
    const r = state.roles.find((x) => (fileRoleName(spec.id, x.name) ?? x.name) === role);
    return r ? permissionsFromPro(r.permissions) : undefined;
  };
  const users = [...new Set([...declared.keys(), ...actual.keys()])].sort((a, b) => a.localeCompare(b));
  const rows = users.map((user): AccessRow => {
    const d = declared.get(user) ?? [];
    const a = actual.get(user) ?? [];
    const declaredRights = d.length ? rightsOf(d.map((h) => h.role), declaredPermissions) : 'no access';
    const actualRights = a.length ? rightsOf(a.map((h) => h.role), actualPermissions) : 'no access';
    const status: AccessStatus = !a.length ? 'declared only' : !d.length ? 'workspace only' : key(d) === key(a) && declaredRights === actualRights ? 'same' : 'differs';
    return { user, declared: d, actual: a, declaredRights, actualRights, status };
  });
  return { projectId: spec.id, url: state.url, workspace: state.workspace ? workspaceDisplayName(state.workspace) : undefined, rows, unknownTeams };
}

function holdings(h: Holding[]): string {
  return h.length ? h.map((x) => (x.via ? `${x.role} (via ${x.via})` : x.role)).join(', ') : '—';
}

/**
 * Reads what the report needs and builds it: the project's state (with the users the file names,
 * see readWorkspaceState) and the members of every team that holds a role in the project or that
 * the file names. One use case for the CLI's `report` and the editor's access report; the state is
 * returned too, for callers that keep it (the editor's drift lens). Throws the APIs' errors.
 */
export async function readAccessReport(api: ZenmlApi, spec: ProjectSpec, signal?: AbortSignal): Promise<{ report: AccessReport; state: WorkspaceState }> {
  const state = await readWorkspaceState(api, spec.id, signal, namedUsersOf(spec));
  const teams = [
    ...state.assignments.filter((a) => a.subject.kind === 'team').map((a) => a.subject.id),
    ...state.teams.filter((t) => spec.members.some((m) => m.kind === 'team' && m.name.toLowerCase() === t.name.toLowerCase())).map((t) => t.id),
  ];
  return { report: buildAccessReport(spec, state, await readTeamMembers(api, teams, signal)), state };
}

export function accessReportMarkdown(r: AccessReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const mark = (s: AccessStatus) => (s === 'same' ? 'same' : `**${s}**`);
  const lines = [
    `# Access report: project \`${r.projectId}\``,
    '',
    `Declared in project.yaml beside what ${r.workspace ? `workspace '${r.workspace}' at ${r.url}` : `the workspace at ${r.url}`} grants. Roles held through a team are marked "via".`,
    '',
    '| user | declared roles | declared rights | workspace roles | workspace rights | status |',
    '|---|---|---|---|---|---|',
    ...r.rows.map((x) => `| ${esc(x.user)} | ${esc(holdings(x.declared))} | ${esc(x.declaredRights)} | ${esc(holdings(x.actual))} | ${esc(x.actualRights)} | ${mark(x.status)} |`),
  ];
  const differences = r.rows.filter((x) => x.status !== 'same').length;
  lines.push('', differences ? `${differences} of ${plural(r.rows.length, 'user')} ${differences === 1 ? 'differs' : 'differ'} from project.yaml.` : r.rows.length === 1 ? 'The 1 user matches project.yaml.' : `All ${r.rows.length} users match project.yaml.`);
  if (r.unknownTeams.length) lines.push('', `Teams named in project.yaml but unknown to the workspace: ${r.unknownTeams.join(', ')}.`);
  lines.push('', '## Default roles', '', ...DEFAULT_ROLES.map((d) => `- **${d.zenmlName}** (\`${d.id}\`): ${d.summary}`));
  return `${lines.join('\n')}\n`;
}

/**
 * The report as CSV. `withProject`: each row starts with its workspace and project, so that the
 * reports of several files make one table (printed with `header` for the first only).
 */
export function accessReportCsv(r: AccessReport, o: { withProject?: boolean; header?: boolean } = {}): string {
  const lead = (a: string[]) => (o.withProject ? a : []);
  const rows = o.header === false ? [] : [[...lead(['workspace', 'project']), 'user', 'declared roles', 'declared rights', 'workspace roles', 'workspace rights', 'status']];
  for (const x of r.rows) rows.push([...lead([r.workspace ?? r.url, r.projectId]), x.user, holdings(x.declared), x.declaredRights, holdings(x.actual), x.actualRights, x.status]);
  if (!rows.length) return '';
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}
