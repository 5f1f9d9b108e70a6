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

  /** ZenML's login form; returns the access token. */
  async login(username: string, password: string): Promise<string> {
    const form = new URLSearchParams(username ? { username, password } : { password });
    const res = await fetch(this.base + '/api/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const body = (await res.json()) as { access_token?: string };
    if (res.status !== 200 || !body.access_token) throw new Error(`login as '${username}' failed: ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }
}

export interface TestWorkspace {
  server: RunningWorkspace;
  dir: string;
  /** Signed in as the workspace admin (with its API key). */
  admin: Client;
  anonymous: Client;
  /** Creates an active user with a password and returns a client signed in as them. */
  user(name: string): Promise<{ id: string; client: Client }>;
  /** Creates a project as the admin; returns it. */
  project(name: string, displayName?: string): Promise<{ id: string; name: string }>;
  /** Gives `subject` `roleName` in `projectId` (through the Pro API, as the admin). */
  assign(roleName: string, projectId: string, subject: { user_id?: string; team_id?: string }): Promise<void>;
  roleId(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestWorkspace(opts: { seed?: 'demo'; name?: string; readers?: number } = {}): Promise<TestWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-lw-test-'));
  const server = await startLocalWorkspace({ host: '127.0.0.1', port: 0, dataDir: dir, seed: opts.seed, name: opts.name, readers: opts.readers, log: () => undefined });
  const anonymous = new Client(server.url);
  const admin = anonymous.as(server.adminApiKey);
  const roleIds = new Map<string, string>();
  const t: TestWorkspace = {
    server,
    dir,
    admin,
    anonymous,
    async user(name) {
      const password = `pw-${name}-secret`;
      const res = await admin.post('/api/v1/users', { name, password, active: true, full_name: `User ${name}` });
      if (res.status !== 200) throw new Error(`creating user ${name}: ${res.status} ${res.text}`);
      const token = await anonymous.login(name, password);
      return { id: res.body.id as string, client: anonymous.as(token) };
    },
    async project(name, displayName) {
      const res = await admin.post('/api/v1/projects', { name, display_name: displayName ?? name });
      if (res.status !== 200) throw new Error(`creating project ${name}: ${res.status} ${res.text}`);
      return { id: res.body.id as string, name };
    },
    async roleId(name) {
      if (!roleIds.size || !roleIds.has(name)) {
        const roles = await admin.get('/pro/roles?limit=1000');
        for (const r of roles.body as { id: string; name: string }[]) roleIds.set(r.name, r.id);
      }
      const id = roleIds.get(name);
      if (!id) throw new Error(`no role named ${name}`);
      return id;
    },
    async assign(roleName, projectId, subject) {
      const id = await t.roleId(roleName);
      const res = await admin.post(`/pro/roles/${id}/assignments`, { project_id: projectId, ...subject });
      if (res.status !== 200) throw new Error(`assigning ${roleName}: ${res.status} ${res.text}`);
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
