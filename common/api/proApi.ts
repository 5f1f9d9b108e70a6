/**
 * ZenML Pro's management API (members, teams, roles, role assignments), at its own origin — the
 * `pro_api_url` a Pro workspace's `/info` names — and with its own credential, never the
 * workspace's token:
 * - a Pro API key (`ZENPROKEY_…`, a Pro service account's), exchanged at `{pro_api_url}/auth/login`
 *   (form `password=<key>`) for a token that lasts an hour and is renewed before it expires;
 * - anything else is taken for a personal access token and sent as the bearer token.
 * (docs.zenml.io/pro/access-management/service-accounts and …/personal-access-tokens.)
 *
 * Lists are plain JSON arrays paged by `offset`/`limit`. Role assignments are read per role,
 * filtered only by `workspace_id` and `project_id` — the only filters ZenML Pro has — and written
 * with `workspace_id` whenever `project_id` is given, as ZenML Pro requires (Pro API reference,
 * docs.zenml.io/api-reference/pro-api/pro-api/roles/assignments).
 */
import { ZenmlApiError, type Intent } from './apiError';
import { HttpClient, type Credentials } from './httpClient';
import type { ProPermission, ProRole, ProRoleAssignment, ProTeam, ProUser, ProWorkspace } from './types';

export const PRO_API_KEY_PREFIX = 'ZENPROKEY_';

/** Why the Pro API could not be used. */
export type ProFailure = 'not-pro' | 'no-credential' | 'refused' | 'unreachable';

/**
 * A failure of the Pro API that leaves the workspace usable: projects and resources still work;
 * only members and roles need the Pro API. The message says what happened and what to do.
 */
export class ProApiError extends ZenmlApiError {
  constructor(
    readonly proFailure: ProFailure,
    message: string,
    cause?: ZenmlApiError,
  ) {
    super(cause?.failure ?? 'http', message, cause?.status, cause?.exception, cause?.detail);
    this.name = 'ProApiError';
  }
}

/** How a Pro credential is sent: a Pro API key is exchanged at /auth/login, anything else is a bearer token. */
export function proCredentialsFor(secret: string): Credentials {
  const s = secret.trim();
  return s.startsWith(PRO_API_KEY_PREFIX) ? { apiKey: s } : { accessToken: s };
}

/** What to do when the Pro API refuses the credential: said in the client's and the CLI's words. */
export interface ProApiOptions {
  url: string;
  credential: string;
  /** The sentence's last part: how to give a new Pro credential ("Run … Sign In to ZenML Pro"). */
  howToSignIn: string;
  /** What to do after a 404 (HttpClientOptions.notFoundHint). */
  notFoundHint?: (intent: Intent) => string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** ZenML Pro's lists are paged by offset/limit; this many at a time. */
const PAGE = 1000;

export class ProApi {
  readonly http: HttpClient;

  constructor(options: ProApiOptions) {
    this.http = new HttpClient({
      url: options.url,
      credentials: proCredentialsFor(options.credential),
      loginPath: '/auth/login',
      serviceName: 'the ZenML Pro API',
      api: 'pro',
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
      notFoundHint: options.notFoundHint,
      unauthorized: (intent) =>
        `Could not ${intent.action}: the ZenML Pro API at ${this.url} did not accept your ZenML Pro credential (expired, revoked, or not a Pro API key or personal access token). ${options.howToSignIn}`,
    });
  }

  get url(): string {
    return this.http.url;
  }

  private async call<T>(method: string, path: string, action: string, o: { query?: Record<string, string | number | undefined>; json?: unknown; project?: string; signal?: AbortSignal } = {}): Promise<T> {
    try {
      // `base` marks the request as the Pro API's (for answer decoding against the Pro contract).
      return await this.http.request<T>(method, path, { base: this.url, query: o.query, json: o.json, signal: o.signal, intent: { action, project: o.project } });
    } catch (e) {
      if (!(e instanceof ZenmlApiError) || e.failure === 'cancelled') throw e;
      if (e.status === 401) throw new ProApiError('refused', e.message, e);
      if (e.failure === 'unreachable' || e.failure === 'timeout') {
        throw new ProApiError('unreachable', `${e.message} Projects and resources still work; members and roles need the ZenML Pro API.`, e);
      }
      throw e;
    }
  }

  /** Every item of a list, `PAGE` at a time. */
  private async list<T>(path: string, action: string, query: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T[]> {
    const all: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.call<T[]>('GET', path, action, { query: { ...query, offset, limit: PAGE }, signal });
      if (!Array.isArray(page)) throw new ZenmlApiError('invalid-response', `Could not ${action}: the ZenML Pro API at ${this.url} did not answer with a list.`);
      all.push(...page);
      if (page.length < PAGE) return all;
    }
  }

  /** The Pro user the credential belongs to. */
  me(signal?: AbortSignal): Promise<ProUser> {
    return this.call('GET', '/users/me', 'read your ZenML Pro user', { signal });
  }

  users(signal?: AbortSignal): Promise<ProUser[]> {
    return this.list('/users', 'list the users', {}, signal);
  }

  /** The organization's workspaces. */
  workspaces(signal?: AbortSignal): Promise<ProWorkspace[]> {
    return this.list('/workspaces', 'list the workspaces', {}, signal);
  }

  teams(signal?: AbortSignal): Promise<ProTeam[]> {
    return this.list('/teams', 'list the teams', {}, signal);
  }

  teamMembers(teamId: string, signal?: AbortSignal): Promise<ProUser[]> {
    return this.list(`/teams/${encodeURIComponent(teamId)}/members`, 'list the team members', {}, signal);
  }

  roles(signal?: AbortSignal): Promise<ProRole[]> {
    return this.list('/roles', 'list the roles', {}, signal);
  }

  createRole(role: { name: string; description?: string; permissions: ProPermission[] }, signal?: AbortSignal): Promise<ProRole> {
    return this.call('POST', '/roles', `create role '${role.name}'`, { json: { ...role, level: 'project' }, signal });
  }

  updateRole(roleId: string, fields: { name?: string; description?: string; permissions?: ProPermission[] }, signal?: AbortSignal): Promise<ProRole> {
    return this.call('PATCH', `/roles/${encodeURIComponent(roleId)}`, `update role '${fields.name ?? roleId}'`, { json: fields, signal });
  }

  deleteRole(roleId: string, name?: string, signal?: AbortSignal): Promise<null> {
    return this.call('DELETE', `/roles/${encodeURIComponent(roleId)}`, `delete role '${name ?? roleId}'`, { signal });
  }

  /** A role's assignments in a workspace, optionally in one project of it. */
  roleAssignments(roleId: string, scope: { workspace_id: string; project_id?: string }, signal?: AbortSignal): Promise<ProRoleAssignment[]> {
    return this.list(`/roles/${encodeURIComponent(roleId)}/assignments`, 'list role assignments', scope, signal);
  }

  /** Answers JSON null, as ZenML Pro does. */
  assignRole(roleId: string, to: AssignmentTarget, projectName?: string, signal?: AbortSignal): Promise<null> {
    return this.call('POST', `/roles/${encodeURIComponent(roleId)}/assignments`, 'give a role', { query: { ...to }, project: projectName, signal });
  }

  unassignRole(roleId: string, from: AssignmentTarget, projectName?: string, signal?: AbortSignal): Promise<null> {
    return this.call('DELETE', `/roles/${encodeURIComponent(roleId)}/assignments`, 'take a role away', { query: { ...from }, project: projectName, signal });
  }
}

/** Who gets or loses a role where: a Pro user or team, in a project of a workspace. */
export type AssignmentTarget = ({ user_id: string; team_id?: undefined } | { team_id: string; user_id?: undefined }) & { workspace_id: string; project_id: string };
