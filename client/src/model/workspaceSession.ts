/**
 * What the extension knows about the connected workspace, shared by the tree, the status bar and
 * the commands: the projects seen so far (by UUID and by ID), the role catalogue, the signed-in
 * user's roles per project and each project's members. Plain TypeScript over the API client;
 * every lookup takes an AbortSignal, and a failed or cancelled lookup is not cached.
 */
import { ProApiError } from '../../../common/api/proApi';
import type { Project, ProRole, ProRoleAssignment, ServerInfo, User } from '../../../common/api/types';
import type { ZenmlApi } from '../../../common/api/zenmlApi';
import { canonicalUuid } from '../../../common/zenml/projectUuid';
import { ALL_CAPABILITIES, capabilitiesFromRoles, type Capabilities } from './capabilities';
import { projectDashboardUrl, dashboardBase } from './dashboard';
import { membersFromAssignments, type Member } from './members';

/** On a plain ZenML server everyone may do everything, except manage members: there are none. */
const WITHOUT_ACCESS_CONTROL: Capabilities = Object.freeze({ ...ALL_CAPABILITIES, manageMembers: false });

export class WorkspaceSession {
  private readonly byUuid = new Map<string, Project>();
  private roleCatalogue: Promise<ProRole[]> | undefined;
  private myRoles: Promise<Map<string, ProRole[]> | undefined> | undefined;
  private readonly memberLists = new Map<string, Promise<Member[]>>();

  constructor(
    readonly api: ZenmlApi,
    readonly info: ServerInfo,
    readonly user: User,
  ) {}

  get isWorkspaceAdmin(): boolean {
    return this.user.body?.is_admin === true;
  }

  /** The workspace has ZenML Pro's access control: members and roles. */
  get hasAccessControl(): boolean {
    return !!this.info.pro_api_url;
  }

  /**
   * Who the signed-in workspace user is in ZenML Pro: their account's `metadata.external_user_id`.
   * On ZenML Pro the workspace account and the Pro user are two records with different IDs, so
   * "is this me?" is always asked through this ID, never by comparing the two IDs directly.
   */
  get proUserId(): string | undefined {
    return this.user.metadata?.external_user_id ?? undefined;
  }

  /** Whether a Pro user ID (a member, an assignment's user) is the signed-in user. */
  isMe(proUserId: string): boolean {
    return this.proUserId !== undefined && proUserId === this.proUserId;
  }

  /** A ZenML Pro workspace (as opposed to a self-hosted or local one). */
  get isPro(): boolean {
    return this.info.deployment_type === 'cloud';
  }

  /**
   * Creating projects is a workspace-level right: admins have it; on ZenML Pro it comes with a
   * workspace role this API does not show, so it is offered and the server decides.
   */
  get canCreateProjects(): boolean {
    return this.isWorkspaceAdmin || this.isPro || !this.hasAccessControl;
  }

  get hasDashboard(): boolean {
    return dashboardBase(this.info) !== undefined;
  }

  dashboardUrl(project: Project): string | undefined {
    return projectDashboardUrl(this.info, project);
  }

  // Projects --------------------------------------------------------------------------------

  remember(project: Project): Project {
    this.byUuid.set(canonicalUuid(project.id) ?? project.id, project);
    return project;
  }

  forget(uuid: string): void {
    this.byUuid.delete(canonicalUuid(uuid) ?? uuid);
    this.memberLists.delete(uuid);
  }

  /** A project seen before, by UUID (any form) or ID. */
  known(ref: string): Project | undefined {
    const uuid = canonicalUuid(ref);
    if (uuid) return this.byUuid.get(uuid);
    for (const p of this.byUuid.values()) if (p.name === ref) return p;
    return undefined;
  }

  /** A project by UUID or ID: from what was seen, else from the workspace. */
  async project(ref: string, signal?: AbortSignal): Promise<Project> {
    return this.known(ref) ?? this.remember(await this.api.getProject(ref, signal));
  }

  /** Reads the project again (after an edit elsewhere). */
  async reload(ref: string, signal?: AbortSignal): Promise<Project> {
    return this.remember(await this.api.getProject(ref, signal));
  }

  // Access control --------------------------------------------------------------------------

  roles(signal?: AbortSignal): Promise<ProRole[]> {
    return (this.roleCatalogue ??= this.cached(() => this.api.roles(signal), () => (this.roleCatalogue = undefined)));
  }

  /**
   * What the user may do in a project (by UUID). When the Pro API cannot tell (no Pro credential
   * yet, or it is unreachable), everything is offered and the workspace decides.
   */
  async capabilities(projectUuid: string, signal?: AbortSignal): Promise<Capabilities> {
    // A server without ZenML Pro has no members to manage, whoever asks.
    if (!this.hasAccessControl) return WITHOUT_ACCESS_CONTROL;
    if (this.isWorkspaceAdmin) return ALL_CAPABILITIES;
    const mine = await this.rolesByProject(signal);
    return mine ? capabilitiesFromRoles(mine.get(canonicalUuid(projectUuid) ?? projectUuid) ?? []) : ALL_CAPABILITIES;
  }

  /** The roles the user holds in a project, directly or through a team (none known without the Pro API). */
  async myRolesIn(projectUuid: string, signal?: AbortSignal): Promise<ProRole[]> {
    if (!this.hasAccessControl) return [];
    return (await this.rolesByProject(signal))?.get(canonicalUuid(projectUuid) ?? projectUuid) ?? [];
  }

  /**
   * Every project role the user holds in this workspace, by project UUID: assignments to their
   * Pro user or to a team they are in. ZenML Pro filters assignments only by workspace and
   * project, so each role's assignments in the workspace are read once and matched here, through
   * `external_user_id`. Undefined when the Pro API cannot be used.
   */
  private rolesByProject(signal?: AbortSignal): Promise<Map<string, ProRole[]> | undefined> {
    return (this.myRoles ??= this.cached(
      async () => {
        const me = this.proUserId;
        const result = new Map<string, ProRole[]>();
        try {
          const [roles, teams] = await Promise.all([this.roles(signal), this.api.teams(signal)]);
          if (!me) return result;
          const myTeams = new Set(
            (await Promise.all(teams.map(async (t) => ((await this.api.teamMembers(t.id, signal)).some((u) => u.id === me) ? t.id : undefined)))).filter((t) => !!t),
          );
          await Promise.all(
            roles.map(async (role) => {
              for (const a of await this.api.roleAssignments(role.id, {}, signal)) {
                const mine = (a.user && a.user.id === me) || (a.team && myTeams.has(a.team.id));
                const key = a.project_id ? (canonicalUuid(a.project_id) ?? a.project_id) : undefined;
                if (!mine || !key) continue;
                const held = result.get(key) ?? [];
                if (!held.some((r) => r.id === role.id)) held.push(role);
                result.set(key, held);
              }
            }),
          );
          return result;
        } catch (e) {
          // Projects and resources do not wait for the Pro API: the Members node says why it is missing.
          if (e instanceof ProApiError) return undefined;
          throw e;
        }
      },
      () => (this.myRoles = undefined),
    ));
  }

  /** The project's members with their roles (empty without access control). */
  members(projectUuid: string, signal?: AbortSignal): Promise<Member[]> {
    if (!this.hasAccessControl) return Promise.resolve([]);
    let list = this.memberLists.get(projectUuid);
    if (!list) {
      list = this.cached(
        async () => {
          const roles = await this.roles(signal);
          const perRole: { role: ProRole; assignments: ProRoleAssignment[] }[] = await Promise.all(
            roles.map(async (role) => ({ role, assignments: await this.api.roleAssignments(role.id, { project_id: projectUuid }, signal) })),
          );
          return membersFromAssignments(perRole);
        },
        () => this.memberLists.delete(projectUuid),
      );
      this.memberLists.set(projectUuid, list);
    }
    return list;
  }

  /** Forgets what was read about roles and members (after a change, or on refresh). */
  invalidateAccess(projectUuid?: string): void {
    this.myRoles = undefined;
    if (projectUuid) this.memberLists.delete(projectUuid);
    else {
      this.memberLists.clear();
      this.roleCatalogue = undefined;
    }
  }

  /** Forgets everything read so far. */
  clear(): void {
    this.byUuid.clear();
    this.invalidateAccess();
  }

  /** A promise that is forgotten (by `drop`) when it fails, so that the next caller tries again. */
  private cached<T>(load: () => Promise<T>, drop: () => void): Promise<T> {
    const p = load();
    p.catch(() => drop());
    return p;
  }
}
