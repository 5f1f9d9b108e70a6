/**
 * Add Member, Change Member Role and Remove Member: a project's role assignments through ZenML
 * Pro's access-control API (users and teams, default and custom project roles). Each takes the
 * member and role as arguments when given them, else asks; the workspace decides who may.
 */
import * as vscode from 'vscode';
import { roleSummary } from '../model/roleSummary';
import { showInformationMessage, showWarningMessage } from '../notify';
import type { Ctx } from '../ctx';
import { ProApiError } from '../../../common/api/proApi';
import type { Project, ProRole, ProTeam, ProUser } from '../../../common/api/types';
import { DEFAULT_ROLES } from '../../../common/roles';
import { defaultRoleOf } from '../model/capabilities';
import type { Member } from '../model/members';
import type { WorkspaceSession } from '../model/workspaceSession';
import { Dismissed, required, withProgress } from './commandSupport';
import { asArgs, nodeOf, resolveProject } from './targets';


export interface MemberArgs {
  project?: string;
  /** A user: username, e-mail or ID. */
  user?: string;
  /** A team: name or ID. */
  team?: string;
  /** A role: its name ("Project Admin"), a default role's short ID ("admin"), or its ID. */
  role?: string;
  /** Skip the confirmation of Remove Member. */
  confirmed?: boolean;
}

type Subject = { kind: 'user'; id: string; name: string } | { kind: 'team'; id: string; name: string };

function userName(u: ProUser): string {
  return u.username ?? u.name ?? u.email ?? u.id;
}

/**
 * Members and roles need ZenML Pro's API and its own credential: on a plain ZenML server this
 * says why there are none; without a Pro credential it asks for one (the first time members or
 * roles are needed), and keeps it in the "ZenML Pro" account.
 */
async function requireAccessControl(ctx: Ctx, session: WorkspaceSession): Promise<void> {
  if (!session.hasAccessControl) {
    throw new Error(vscode.l10n.t('The workspace at {0} is a ZenML server without ZenML Pro: it has no project members or roles (they come with ZenML Pro).', session.api.url));
  }
  try {
    await session.api.pro();
  } catch (e) {
    if (!(e instanceof ProApiError && e.proFailure === 'no-credential')) throw e;
    await ctx.connection.signInToPro();
  }
}

export function findRole(roles: readonly ProRole[], wanted: string): ProRole {
  const w = wanted.trim().toLowerCase();
  const byDefault = DEFAULT_ROLES.find((d) => d.id === w);
  const role = roles.find((r) => r.id.toLowerCase() === w || r.name.toLowerCase() === w || (byDefault && r.name === byDefault.zenmlName));
  if (!role) throw new Error(vscode.l10n.t("There is no role '{0}' on this workspace. Roles: {1}.", wanted, roles.map((r) => r.name).join(', ')));
  return role;
}

async function findSubject(session: WorkspaceSession, args: MemberArgs, signal?: AbortSignal): Promise<Subject | undefined> {
  if (args.user) {
    const w = args.user.toLowerCase();
    const u = (await session.api.proUsers(signal)).find((x) => [x.id, x.username, x.name, x.email].some((v) => v?.toLowerCase() === w));
    if (!u) throw new Error(vscode.l10n.t("There is no user '{0}' on this workspace.", args.user));
    return { kind: 'user', id: u.id, name: userName(u) };
  }
  if (args.team) {
    const w = args.team.toLowerCase();
    const t = (await session.api.teams(signal)).find((x) => x.id.toLowerCase() === w || x.name.toLowerCase() === w);
    if (!t) throw new Error(vscode.l10n.t("There is no team '{0}' on this workspace.", args.team));
    return { kind: 'team', id: t.id, name: t.name };
  }
  return undefined;
}

function memberAsSubject(m: Member): Subject {
  return { kind: m.kind, id: m.id, name: m.name };
}

async function pickSubject(session: WorkspaceSession, project: Project, members: readonly Member[]): Promise<Subject> {
  const [users, teams] = await withProgress(vscode.l10n.t('Reading users and teams…'), (signal) => Promise.all([session.api.proUsers(signal), session.api.teams(signal)]));
  const rolesOf = (kind: 'user' | 'team', id: string) => members.find((m) => m.kind === kind && m.id === id)?.roles.map((r) => r.name).join(', ');
  type Item = vscode.QuickPickItem & { subject?: Subject };
  const items: Item[] = [
    { label: vscode.l10n.t('Users'), kind: vscode.QuickPickItemKind.Separator },
    ...users.map((u: ProUser): Item => ({
      label: userName(u),
      description: [u.name !== userName(u) ? u.name : undefined, rolesOf('user', u.id)].filter(Boolean).join(' · '),
      detail: u.email ?? undefined,
      iconPath: new vscode.ThemeIcon('person'),
      subject: { kind: 'user', id: u.id, name: userName(u) },
    })),
    { label: vscode.l10n.t('Teams'), kind: vscode.QuickPickItemKind.Separator },
    ...teams.map((t: ProTeam): Item => ({
      label: t.name,
      description: rolesOf('team', t.id) ?? '',
      detail: t.description ?? undefined,
      iconPath: new vscode.ThemeIcon('organization'),
      subject: { kind: 'team', id: t.id, name: t.name },
    })),
  ];
  const pick = required(await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Add a Member to {0}', project.name ?? project.id), placeHolder: vscode.l10n.t('A user or a team'), matchOnDescription: true, matchOnDetail: true }));
  if (!pick.subject) throw new Dismissed();
  return pick.subject;
}

async function pickRole(session: WorkspaceSession, title: string, current: readonly ProRole[]): Promise<ProRole> {
  const roles = await withProgress(vscode.l10n.t('Reading roles…'), (signal) => session.roles(signal));
  const items = roles.map((r) => ({
    label: r.name,
    description: current.some((c) => c.id === r.id) ? vscode.l10n.t('current') : defaultRoleOf(r) ? '' : vscode.l10n.t('custom role'),
    detail: (defaultRoleOf(r) && roleSummary(defaultRoleOf(r)!)) ?? r.description ?? undefined,
    role: r,
  }));
  return required(await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('The role') })).role;
}

/** The member a command is about: the node's, the one the arguments name, or asked for. */
async function resolveMember(session: WorkspaceSession, project: Project, arg: unknown, title: string): Promise<Member> {
  const node = nodeOf(arg);
  if (node?.kind === 'member') return node.member;
  session.invalidateAccess(project.id);
  const members = await withProgress(vscode.l10n.t('Reading the members of {0}…', project.name ?? project.id), (signal) => session.members(project.id, signal));
  const subject = await findSubject(session, asArgs(arg) as MemberArgs);
  if (subject) {
    const m = members.find((x) => x.kind === subject.kind && x.id === subject.id);
    if (!m) throw new Error(vscode.l10n.t("{0} '{1}' is not a member of the project '{2}'.", subject.kind === 'user' ? vscode.l10n.t('The user') : vscode.l10n.t('The team'), subject.name, project.name ?? project.id));
    return m;
  }
  if (!members.length) throw new Error(vscode.l10n.t("The project '{0}' has no members yet.", project.name ?? project.id));
  const pick = required(
    await vscode.window.showQuickPick(
      members.map((m) => ({ label: m.name, description: m.roles.map((r) => r.name).join(', '), iconPath: new vscode.ThemeIcon(m.kind === 'team' ? 'organization' : 'person'), member: m })),
      { title },
    ),
  );
  return pick.member;
}

function subjectQuery(s: Subject, projectUuid: string): { user_id?: string; team_id?: string; project_id: string } {
  return s.kind === 'user' ? { user_id: s.id, project_id: projectUuid } : { team_id: s.id, project_id: projectUuid };
}

/** After a change: members are read again, and the user's own rights when they may have changed. */
function changed(ctx: Ctx, session: WorkspaceSession, project: Project): void {
  session.invalidateAccess(project.id);
  ctx.tree.reload(`project:${project.id}/members`);
  ctx.tree.reload('workspace');
}

export interface MemberResult {
  project: string;
  member: { kind: 'user' | 'team'; name: string };
  role?: string;
  removedRoles?: string[];
}

export async function addMember(ctx: Ctx, arg: unknown): Promise<MemberResult> {
  const { session, project } = await resolveProject(ctx, arg, vscode.l10n.t('Add Member'));
  await requireAccessControl(ctx, session);
  const args = asArgs(arg) as MemberArgs;
  const members = args.user || args.team ? [] : await session.members(project.id);
  const subject = (await findSubject(session, args)) ?? (await pickSubject(session, project, members));
  const roles = await session.roles();
  const role = args.role ? findRole(roles, args.role) : await pickRole(session, vscode.l10n.t('Role of {0} in {1}', subject.name, project.name ?? project.id), []);
  await withProgress(vscode.l10n.t("Giving {0} the role '{1}'…", subject.name, role.name), (signal) =>
    session.api.assignRole(role.id, subjectQuery(subject, project.id), project.name, signal),
  );
  changed(ctx, session, project);
  void showInformationMessage(vscode.l10n.t("{0} is now {1} of the project '{2}'.", subject.name, role.name, project.name ?? project.id));
  return { project: project.name ?? project.id, member: { kind: subject.kind, name: subject.name }, role: role.name };
}

export async function changeMemberRole(ctx: Ctx, arg: unknown): Promise<MemberResult> {
  const { session, project } = await resolveProject(ctx, arg, vscode.l10n.t('Change Member Role'));
  await requireAccessControl(ctx, session);
  const member = await resolveMember(session, project, arg, vscode.l10n.t('Change the Role of a Member of {0}', project.name ?? project.id));
  const args = asArgs(arg) as MemberArgs;
  const roles = await session.roles();
  const role = args.role ? findRole(roles, args.role) : await pickRole(session, vscode.l10n.t('New role of {0} in {1}', member.name, project.name ?? project.id), member.roles);
  const subject = memberAsSubject(member);
  const old = member.roles.filter((r) => r.id !== role.id);
  await withProgress(vscode.l10n.t("Changing the role of {0} to '{1}'…", member.name, role.name), async (signal) => {
    // The new role first: the member never loses access in between.
    if (!member.roles.some((r) => r.id === role.id)) await session.api.assignRole(role.id, subjectQuery(subject, project.id), project.name, signal);
    for (const r of old) await session.api.unassignRole(r.id, subjectQuery(subject, project.id), project.name, signal);
  });
  changed(ctx, session, project);
  void showInformationMessage(vscode.l10n.t("{0} is now {1} of the project '{2}'.", member.name, role.name, project.name ?? project.id));
  return { project: project.name ?? project.id, member: { kind: member.kind, name: member.name }, role: role.name, removedRoles: old.map((r) => r.name) };
}

export async function removeMember(ctx: Ctx, arg: unknown): Promise<MemberResult> {
  const { session, project } = await resolveProject(ctx, arg, vscode.l10n.t('Remove Member'));
  await requireAccessControl(ctx, session);
  const member = await resolveMember(session, project, arg, vscode.l10n.t('Remove a Member of {0}', project.name ?? project.id));
  if ((asArgs(arg) as MemberArgs).confirmed !== true) {
    const yes = vscode.l10n.t('Remove');
    const choice = await showWarningMessage(
      vscode.l10n.t("Remove {0} from the project '{1}'?", member.name, project.name ?? project.id),
      { modal: true, detail: vscode.l10n.t('They lose the roles {0} in it.', member.roles.map((r) => r.name).join(', ')) },
      yes,
    );
    if (choice !== yes) throw new Dismissed();
  }
  const subject = memberAsSubject(member);
  await withProgress(vscode.l10n.t('Removing {0}…', member.name), async (signal) => {
    for (const r of member.roles) await session.api.unassignRole(r.id, subjectQuery(subject, project.id), project.name, signal);
  });
  changed(ctx, session, project);
  void showInformationMessage(vscode.l10n.t("Removed {0} from the project '{1}'.", member.name, project.name ?? project.id));
  return { project: project.name ?? project.id, member: { kind: member.kind, name: member.name }, removedRoles: member.roles.map((r) => r.name) };
}
