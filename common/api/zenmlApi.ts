/**
 * The ZenML workspace API, typed: the one client the extension, the CLI and the tests share.
 * Paths and shapes follow ZenML's REST API; access control follows ZenML Pro's management API,
 * found through `/info`'s `pro_api_url`.
 */
import { HttpClient, HttpClientOptions } from './httpClient';
import { ProApi, ProApiError, type AssignmentTarget } from './proApi';
import {
  Artifact,
  ArtifactVersion,
  Model,
  ModelVersion,
  ModelVersionArtifact,
  Page,
  Pipeline,
  PipelineRun,
  ProPermission,
  ProRole,
  ProRoleAssignment,
  ProTeam,
  ProUser,
  ProWorkspace,
  Project,
  RESOURCE_ROUTES,
  ResourceKind,
  ServerInfo,
  User,
} from './types';

export interface ListQuery {
  page?: number;
  size?: number;
  /** `created`, `desc:created`, `asc:name`... */
  sort_by?: string;
  hydrate?: boolean;
  logical_operator?: 'and' | 'or';
  /** Field filters with ZenML's operator prefixes, e.g. `{ name: 'contains:fraud' }`. */
  filters?: Record<string, string>;
}

export interface ResourceTypes {
  pipelines: Pipeline;
  runs: PipelineRun;
  artifacts: Artifact;
  artifactVersions: ArtifactVersion;
  models: Model;
  modelVersions: ModelVersion;
}

export interface ProjectFields {
  name?: string;
  display_name?: string;
  description?: string;
}

export interface ZenmlApiOptions extends HttpClientOptions {
  /**
   * The ZenML Pro credential (a Pro API key or a personal access token), asked for each time the
   * Pro API is first needed after a reset; undefined when there is none.
   */
  proCredential?: (proApiUrl: string) => string | undefined | Promise<string | undefined>;
  /** What to do to give a Pro credential, said when there is none or it is refused. */
  proSignInHint?: string;
}

function listParams(q: ListQuery = {}): Record<string, string | number | boolean | undefined> {
  return { page: q.page, size: q.size, sort_by: q.sort_by, hydrate: q.hydrate, logical_operator: q.logical_operator, ...(q.filters ?? {}) };
}

export class ZenmlApi {
  readonly http: HttpClient;
  private infoCache: Promise<ServerInfo> | undefined;
  private proClient: { url: string; credential: string; api: ProApi } | undefined;

  constructor(private readonly options: ZenmlApiOptions) {
    this.http = new HttpClient(options);
  }

  get url(): string {
    return this.http.url;
  }

  info(signal?: AbortSignal): Promise<ServerInfo> {
    const p = this.http.request<ServerInfo>('GET', '/api/v1/info', { signal, anonymous: true, intent: { action: 'read the workspace information' } });
    // A failed read is forgotten, so the next caller tries again; handled here, so that a
    // failure nobody else waits for is no unhandled rejection.
    this.infoCache = p;
    p.catch(() => {
      if (this.infoCache === p) this.infoCache = undefined;
    });
    return p;
  }

  /** `/info` as read last (once per client), else read now. */
  serverInfo(signal?: AbortSignal): Promise<ServerInfo> {
    return this.infoCache ?? this.info(signal);
  }

  currentUser(signal?: AbortSignal): Promise<User> {
    return this.http.request('GET', '/api/v1/current-user', { signal, intent: { action: 'read your user' } });
  }

  setDefaultProject(projectId: string, signal?: AbortSignal): Promise<User> {
    return this.http.request('PUT', '/api/v1/current-user', { json: { default_project_id: projectId }, signal, intent: { action: 'set your default project' } });
  }

  /**
   * The workspace users with exactly this e-mail address (ZenML's `GET /users?email=`, hydrated so
   * `metadata.email` and `metadata.external_user_id` come along). Whoever does not see others'
   * addresses may still look up one whole address they know; the answer is [] or the one user.
   */
  async usersByEmail(email: string, signal?: AbortSignal): Promise<User[]> {
    const page = await this.http.request<Page<User>>('GET', '/api/v1/users', { query: { email: `equals:${email}`, hydrate: true }, signal, intent: { action: 'look up a user by e-mail' } });
    return page.items;
  }

  listProjects(q?: ListQuery, signal?: AbortSignal): Promise<Page<Project>> {
    return this.http.request('GET', '/api/v1/projects', { query: listParams(q), signal, intent: { action: 'list the projects' } });
  }

  /** Projects whose ID or display name contains `text`, searched on the server. */
  searchProjects(text: string, q: ListQuery = {}, signal?: AbortSignal): Promise<Page<Project>> {
    const t = text.trim();
    if (!t) return this.listProjects(q, signal);
    return this.listProjects({ ...q, logical_operator: 'or', filters: { ...q.filters, name: `contains:${t}`, display_name: `contains:${t}` } }, signal);
  }

  getProject(nameOrId: string, signal?: AbortSignal): Promise<Project> {
    return this.http.request('GET', `/api/v1/projects/${encodeURIComponent(nameOrId)}`, { signal, intent: { action: 'read the project', project: nameOrId } });
  }

  createProject(fields: ProjectFields, signal?: AbortSignal): Promise<Project> {
    const id = fields.name ?? fields.display_name ?? '';
    return this.http.request('POST', '/api/v1/projects', {
      json: { name: fields.name, display_name: fields.display_name ?? fields.name, description: fields.description ?? '' },
      signal,
      intent: { action: `create project '${id}'`, conflict: `a project with ID '${id}'` },
    });
  }

  /** Updates a project; `uuid` is its UUID (real servers type the path as one). */
  updateProject(uuid: string, fields: ProjectFields, current?: string, signal?: AbortSignal): Promise<Project> {
    const name = current ?? uuid;
    return this.http.request('PUT', `/api/v1/projects/${encodeURIComponent(uuid)}`, {
      json: fields,
      signal,
      intent: { action: 'update the project', project: name, conflict: fields.name ? `a project with ID '${fields.name}'` : undefined },
    });
  }

  deleteProject(nameOrId: string, signal?: AbortSignal): Promise<null> {
    return this.http.request('DELETE', `/api/v1/projects/${encodeURIComponent(nameOrId)}`, { signal, intent: { action: 'delete the project', project: nameOrId } });
  }

  projectStatistics(nameOrId: string, signal?: AbortSignal): Promise<{ pipelines: number; runs: number }> {
    return this.http.request('GET', `/api/v1/projects/${encodeURIComponent(nameOrId)}/statistics`, { signal, intent: { action: 'read the project statistics', project: nameOrId } });
  }

  /** A page of a project-scoped resource list. */
  listResources<K extends ResourceKind>(kind: K, project: string, q: ListQuery = {}, signal?: AbortSignal): Promise<Page<ResourceTypes[K]>> {
    return this.http.request('GET', `/api/v1/${RESOURCE_ROUTES[kind]}`, {
      query: { ...listParams(q), project },
      signal,
      intent: { action: `list the ${RESOURCE_ROUTES[kind].replace('_', ' ')}`, project },
    });
  }

  /** One model version by UUID (hydrated, as ZenML's single gets are by default). */
  modelVersion(uuid: string, project?: string, signal?: AbortSignal): Promise<ModelVersion> {
    return this.http.request('GET', `/api/v1/model_versions/${encodeURIComponent(uuid)}`, { signal, intent: { action: 'read the model version', project } });
  }

  /**
   * A page of the links between model versions and artifact versions (ZenML's
   * `GET /model_version_artifacts`, which is not project-scoped: filter by `artifact_version_id`
   * or `model_version_id`, UUIDs).
   */
  modelVersionArtifacts(filters: { artifact_version_id?: string; model_version_id?: string }, q: ListQuery = {}, project?: string, signal?: AbortSignal): Promise<Page<ModelVersionArtifact>> {
    return this.http.request('GET', '/api/v1/model_version_artifacts', {
      query: { ...listParams(q), ...filters },
      signal,
      intent: { action: 'read the model versions an artifact version is linked to', project },
    });
  }

  /**
   * Deletes one artifact version's metadata (ZenML's `DELETE /artifact_versions/{id}`, a UUID);
   * the artifact store's files stay, and so does its artifact. `shown` names it in errors
   * (`name:version`).
   */
  deleteArtifactVersion(uuid: string, shown: string, project?: string, signal?: AbortSignal): Promise<null> {
    return this.http.request('DELETE', `/api/v1/artifact_versions/${encodeURIComponent(uuid)}`, { signal, intent: { action: `delete the artifact version ${shown}`, project } });
  }

  /** Every item of a list, page after page, fetched as the caller consumes them. */
  async *pages<T>(fetchPage: (page: number) => Promise<Page<T>>): AsyncGenerator<T> {
    for (let page = 1; ; page++) {
      const p = await fetchPage(page);
      yield* p.items;
      if (page >= p.total_pages || p.items.length === 0) return;
    }
  }

  allProjects(q: ListQuery = {}, signal?: AbortSignal): AsyncGenerator<Project> {
    return this.pages((page) => this.listProjects({ size: 100, ...q, page }, signal));
  }

  // ZenML Pro access control -----------------------------------------------------------------
  // Members and roles live in ZenML Pro's management API, at its own origin and with its own
  // credential (see proApi.ts); the workspace's token is never sent there.

  /** The management API's base URL, or undefined when the workspace has no access control. */
  async proApiUrl(signal?: AbortSignal): Promise<string | undefined> {
    const info = await this.serverInfo(signal);
    return info.pro_api_url ? info.pro_api_url.replace(/\/+$/, '') : undefined;
  }

  /** Forgets the Pro client, so that the next call looks the Pro credential up again (after a sign-in or sign-out). */
  resetPro(): void {
    this.proClient = undefined;
  }

  /**
   * The Pro API client, made with the credential `proCredential` gives. Throws a ProApiError
   * saying why when the workspace is not a Pro one or there is no credential.
   */
  async pro(signal?: AbortSignal): Promise<ProApi> {
    const info = await (this.infoCache ?? this.info(signal));
    const url = info.pro_api_url?.replace(/\/+$/, '');
    if (!url) {
      throw new ProApiError('not-pro', `The workspace at ${this.url} is a ZenML server without ZenML Pro: it has no project members or roles (they come with ZenML Pro).`);
    }
    const credential = (await this.options.proCredential?.(url))?.trim();
    if (!credential) {
      throw new ProApiError('no-credential', `Members and roles are kept by the ZenML Pro API at ${url}, which takes a credential of its own, not the workspace's. ${this.proHint}`);
    }
    if (this.proClient?.url !== url || this.proClient.credential !== credential) {
      this.proClient = { url, credential, api: new ProApi({ url, credential, howToSignIn: this.proHint, notFoundHint: this.options.notFoundHint, timeoutMs: this.options.timeoutMs, fetch: this.options.fetch }) };
    }
    return this.proClient.api;
  }

  private get proHint(): string {
    return this.options.proSignInHint ?? 'Give a ZenML Pro API key (ZENPROKEY_...) or a personal access token.';
  }

  /** The workspace's ID in ZenML Pro (`/info`'s `pro_workspace_id`), which role assignments name. */
  private async workspaceId(signal?: AbortSignal): Promise<string> {
    const info = await (this.infoCache ?? this.info(signal));
    return info.pro_workspace_id ?? info.id;
  }

  async roles(signal?: AbortSignal): Promise<ProRole[]> {
    return (await this.pro(signal)).roles(signal);
  }

  async createRole(role: { name: string; description?: string; permissions: ProPermission[] }, signal?: AbortSignal): Promise<ProRole> {
    return (await this.pro(signal)).createRole(role, signal);
  }

  async updateRole(roleId: string, fields: { name?: string; description?: string; permissions?: ProPermission[] }, signal?: AbortSignal): Promise<ProRole> {
    return (await this.pro(signal)).updateRole(roleId, fields, signal);
  }

  async deleteRole(roleId: string, name?: string, signal?: AbortSignal): Promise<null> {
    return (await this.pro(signal)).deleteRole(roleId, name, signal);
  }

  /** A role's assignments in this workspace (in one project of it, given `project_id`). */
  async roleAssignments(roleId: string, scope: { project_id?: string } = {}, signal?: AbortSignal): Promise<ProRoleAssignment[]> {
    const pro = await this.pro(signal);
    return pro.roleAssignments(roleId, { workspace_id: await this.workspaceId(signal), ...scope }, signal);
  }

  /** Gives a Pro user or team a role in a project of this workspace. */
  async assignRole(roleId: string, to: ProjectSubject, projectName?: string, signal?: AbortSignal): Promise<null> {
    const pro = await this.pro(signal);
    return pro.assignRole(roleId, { ...to, workspace_id: await this.workspaceId(signal) } as AssignmentTarget, projectName, signal);
  }

  async unassignRole(roleId: string, from: ProjectSubject, projectName?: string, signal?: AbortSignal): Promise<null> {
    const pro = await this.pro(signal);
    return pro.unassignRole(roleId, { ...from, workspace_id: await this.workspaceId(signal) } as AssignmentTarget, projectName, signal);
  }

  async teams(signal?: AbortSignal): Promise<ProTeam[]> {
    return (await this.pro(signal)).teams(signal);
  }

  async teamMembers(teamId: string, signal?: AbortSignal): Promise<ProUser[]> {
    return (await this.pro(signal)).teamMembers(teamId, signal);
  }

  async proUsers(signal?: AbortSignal): Promise<ProUser[]> {
    return (await this.pro(signal)).users(signal);
  }

  /** The Pro user of the Pro credential (not necessarily the workspace user: compare through `external_user_id`). */
  async proMe(signal?: AbortSignal): Promise<ProUser> {
    return (await this.pro(signal)).me(signal);
  }

  /** The organization's workspaces (ZenML Pro's `GET /workspaces`). */
  async proWorkspaces(signal?: AbortSignal): Promise<ProWorkspace[]> {
    return (await this.pro(signal)).workspaces(signal);
  }
}

/** A Pro user or team in a project (the workspace is added by the client). */
export type ProjectSubject = { user_id?: string; team_id?: string; project_id: string };
