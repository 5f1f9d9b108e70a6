/**
 * Shared pieces of the local-workspace suites: a real server on 127.0.0.1 with its database in a
 * temporary folder, and a small HTTP client that speaks to it like a ZenML client would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalWorkspace, type RunningWorkspace } from '../../local-workspace/src/index';

export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class Client {
  constructor(
    readonly base: string,
    readonly token?: string,
  ) {}

  as(token: string | undefined): Client {
    return new Client(this.base, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }
  put<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('PUT', path, body);
  }
  patch<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = any>(path: string, body?: unknown) {
    return this.request<T>('DELETE', path, body);
  }

  /** ZenML's login form (or the Pro API's, at `/auth/login`); returns the access token. */
  async login(username: string, password: string, path = '/api/v1/login'): Promise<string> {
    const form = new URLSearchParams(username ? { username, password } : { password });
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const body = (await res.json()) as { access_token?: string };
    if (res.status !== 200 || !body.access_token) throw new Error(`login as '${username}' failed: ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }
}

/** A user of the test workspace: their workspace account and, in the Pro edition, their Pro user. */
export interface TestUser {
  /** The workspace account's ID. */
  id: string;
  /** The Pro user's ID (the account's `metadata.external_user_id`); what the Pro API names them by. */
  proId: string;
  /** Signed in to the workspace API. */
  client: Client;
  /** Signed in to the Pro API with a Pro token of their own. */
  pro: Client;
}

/** A custom role as the Pro API takes it. */
export interface CustomRole {
  name: string;
  description?: string;
  permissions: { resource_type: string; action: string }[];
}

export interface TestWorkspace {
  server: RunningWorkspace;
  dir: string;
  /** Signed in as the workspace admin (with its API key). */
  admin: Client;
  /** The Pro API, signed in as the admin with its Pro API key (Pro edition). */
  pro: Client;
  /** The workspace's ID, which Pro role assignments name. */
  workspaceId: string;
  anonymous: Client;
  /** Creates an active user with a password and returns clients signed in as them. */
  user(name: string): Promise<TestUser>;
  /** Creates a project as the admin; returns it. */
  project(name: string, displayName?: string): Promise<{ id: string; name: string }>;
  /** Gives `subject` (a Pro user ID or a team) `roleName` in `projectId` (through the Pro API, as the admin). */
  assign(roleName: string, projectId: string, subject: { user_id?: string; team_id?: string }): Promise<void>;
  /**
   * Creates the custom role `role` (through the Pro API, as the admin) and a user `userName`
   * holding it in `projectId`; returns the user.
   */
  memberWithRole(userName: string, role: CustomRole, projectId: string): Promise<TestUser>;
  roleId(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestWorkspace(opts: { seed?: 'demo'; name?: string; readers?: number; edition?: 'pro' | 'oss' } = {}): Promise<TestWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-lw-test-'));
  const server = await startLocalWorkspace({ host: '127.0.0.1', port: 0, dataDir: dir, seed: opts.seed, name: opts.name, readers: opts.readers, edition: opts.edition, log: () => undefined });
  const anonymous = new Client(server.url);
  const admin = anonymous.as(server.adminApiKey);
  const proAnonymous = new Client(server.proApiUrl ?? 'http://127.0.0.1:9');
  const pro = proAnonymous.as(server.proApiKey);
  const workspaceId = ((await anonymous.get('/api/v1/info')).body as { id: string }).id;
  const roleIds = new Map<string, string>();
  const t: TestWorkspace = {
    server,
    dir,
    admin,
    pro,
    workspaceId,
    anonymous,
    async user(name) {
      const password = `pw-${name}-secret`;
      const res = await admin.post('/api/v1/users', { name, password, active: true, full_name: `User ${name}` });
      if (res.status !== 200) throw new Error(`creating user ${name}: ${res.status} ${res.text}`);
      const token = await anonymous.login(name, password);
      const proToken = server.proApiUrl ? await proAnonymous.login(name, password, '/auth/login') : undefined;
      return { id: res.body.id as string, proId: res.body.metadata?.external_user_id as string, client: anonymous.as(token), pro: proAnonymous.as(proToken) };
    },
    async project(name, displayName) {
      const res = await admin.post('/api/v1/projects', { name, display_name: displayName ?? name });
      if (res.status !== 200) throw new Error(`creating project ${name}: ${res.status} ${res.text}`);
      return { id: res.body.id as string, name };
    },
    async roleId(name) {
      if (!roleIds.size || !roleIds.has(name)) {
        const roles = await pro.get('/roles?limit=1000');
        for (const r of roles.body as { id: string; name: string }[]) roleIds.set(r.name, r.id);
      }
      const id = roleIds.get(name);
      if (!id) throw new Error(`no role named ${name}`);
      return id;
    },
    async assign(roleName, projectId, subject) {
      const id = await t.roleId(roleName);
      const res = await pro.post(`/roles/${id}/assignments`, { workspace_id: workspaceId, project_id: projectId, ...subject });
      if (res.status !== 200) throw new Error(`assigning ${roleName}: ${res.status} ${res.text}`);
    },
    async memberWithRole(userName, role, projectId) {
      const res = await pro.post('/roles', role);
      if (res.status !== 200) throw new Error(`creating role ${role.name}: ${res.status} ${res.text}`);
      const u = await t.user(userName);
      await t.assign(role.name, projectId, { user_id: u.proId });
      return u;
    },
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/**
 * The fields ZenML's ArtifactVersionRequest requires besides the artifact, version and uri
 * (a materializer and data type as import paths, which ZenML turns into Source objects).
 */
export const ARTIFACT_VERSION_FIELDS = {
  type: 'DataArtifact',
  materializer: 'zenml.materializers.built_in_materializer.BuiltInMaterializer',
  data_type: 'builtins.dict',
  save_type: 'manual',
} as const;

/** `{"detail": [ExceptionName, message]}` with the given status. */
export function isZenmlError(reply: Reply, status: number, exception?: string): boolean {
  if (reply.status !== status) return false;
  // A 422 is a bare list (request validation) or wrapped (invalid list parameters).
  const detail = status === 422 && Array.isArray(reply.body) ? reply.body : reply.body?.detail;
  if (!Array.isArray(detail) || detail.length !== 2 || typeof detail[0] !== 'string' || typeof detail[1] !== 'string') return false;
  return exception === undefined || detail[0] === exception;
}

export function errorText(reply: Reply): string {
  const detail = reply.status === 422 && Array.isArray(reply.body) ? reply.body : reply.body?.detail;
  return Array.isArray(detail) ? String(detail[1]) : reply.text;
}
