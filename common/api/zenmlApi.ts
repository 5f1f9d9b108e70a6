/**
 * The ZenML workspace API, typed: the one client the extension, the CLI and the tests share.
 * Paths and shapes follow ZenML's REST API; access control follows ZenML Pro's management API,
 * found through `/info`'s `pro_api_url`.
 */
import { ZenmlApiError } from './apiError';
import { HttpClient, HttpClientOptions } from './httpClient';
import {
  Artifact,
  ArtifactVersion,
  Model,
  ModelVersion,
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

/** ZenML Pro's lists are paged by offset/limit; this many at a time. */
const PRO_PAGE = 1000;

function listParams(q: ListQuery = {}): Record<string, string | number | boolean | undefined> {
  return { page: q.page, size: q.size, sort_by: q.sort_by, hydrate: q.hydrate, logical_operator: q.logical_operator, ...(q.filters ?? {}) };
}

export class ZenmlApi {
  readonly http: HttpClient;
  private infoCache: Promise<ServerInfo> | undefined;

  constructor(options: HttpClientOptions) {
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

  /** The management API's base URL, or undefined when the workspace has no access control. */
  async proApiUrl(signal?: AbortSignal): Promise<string | undefined> {
    const info = await this.serverInfo(signal);
    return info.pro_api_url ? info.pro_api_url.replace(/\/+$/, '') : undefined;
  }

  private async pro<T>(method: string, path: string, action: string, o: { query?: Record<string, string | number | undefined>; json?: unknown; project?: string; signal?: AbortSignal } = {}): Promise<T> {
    const base = await this.proApiUrl(o.signal);
    if (!base) throw new ZenmlApiError('http', `Could not ${action}: this workspace has no access control (members and roles come with ZenML Pro).`, 404);
    return this.http.request<T>(method, path, { base, query: o.query, json: o.json, signal: o.signal, intent: { action, project: o.project } });
  }

  /** Every item of a Pro list, fetched `PRO_PAGE` at a time. */
  private async proList<T>(path: string, action: string, query: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T[]> {
    const all: T[] = [];
    for (let offset = 0; ; offset += PRO_PAGE) {
      const page = await this.pro<T[]>('GET', path, action, { query: { ...query, offset, limit: PRO_PAGE }, signal });
      all.push(...page);
      if (page.length < PRO_PAGE) return all;
    }
  }

  roles(signal?: AbortSignal): Promise<ProRole[]> {
    return this.proList('/roles', 'list the roles', {}, signal);
  }

  createRole(role: { name: string; description?: string; permissions: ProPermission[] }, signal?: AbortSignal): Promise<ProRole> {
    return this.pro('POST', '/roles', `create role '${role.name}'`, { json: { ...role, level: 'project' }, signal });
  }

  updateRole(roleId: string, fields: { name?: string; description?: string; permissions?: ProPermission[] }, signal?: AbortSignal): Promise<ProRole> {
    return this.pro('PATCH', `/roles/${encodeURIComponent(roleId)}`, `update role '${fields.name ?? roleId}'`, { json: fields, signal });
  }

  deleteRole(roleId: string, name?: string, signal?: AbortSignal): Promise<null> {
    return this.pro('DELETE', `/roles/${encodeURIComponent(roleId)}`, `delete role '${name ?? roleId}'`, { signal });
  }

  roleAssignments(roleId: string, filter: { project_id?: string; user_id?: string; team_id?: string }, signal?: AbortSignal): Promise<ProRoleAssignment[]> {
    return this.proList(`/roles/${encodeURIComponent(roleId)}/assignments`, 'list role assignments', filter, signal);
  }

  assignRole(roleId: string, to: { user_id?: string; team_id?: string; project_id: string }, projectName?: string, signal?: AbortSignal): Promise<ProRoleAssignment> {
    return this.pro('POST', `/roles/${encodeURIComponent(roleId)}/assignments`, 'give a role', { query: to, project: projectName, signal });
  }

  unassignRole(roleId: string, from: { user_id?: string; team_id?: string; project_id: string }, projectName?: string, signal?: AbortSignal): Promise<null> {
    return this.pro('DELETE', `/roles/${encodeURIComponent(roleId)}/assignments`, 'take a role away', { query: from, project: projectName, signal });
  }

  teams(signal?: AbortSignal): Promise<ProTeam[]> {
    return this.proList('/teams', 'list the teams', {}, signal);
  }

  teamMembers(teamId: string, signal?: AbortSignal): Promise<ProUser[]> {
    return this.proList(`/teams/${encodeURIComponent(teamId)}/members`, 'list the team members', {}, signal);
  }

  proUsers(signal?: AbortSignal): Promise<ProUser[]> {
    return this.proList('/users', 'list the users', {}, signal);
  }

  /** The organization's workspaces (ZenML Pro's `GET /workspaces`). */
  proWorkspaces(signal?: AbortSignal): Promise<ProWorkspace[]> {
    return this.proList('/workspaces', 'list the workspaces', {}, signal);
  }

  proMe(signal?: AbortSignal): Promise<ProUser> {
    return this.pro('GET', '/users/me', 'read your user', { signal });
  }
}
