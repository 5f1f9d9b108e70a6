/** The shapes of ZenML's REST API that the extension, the CLI and the tests use. */

export interface Page<T> {
  index: number;
  max_size: number;
  total_pages: number;
  total: number;
  items: T[];
}

/** Every ZenML entity: `body` always, `metadata` when hydrated, nulls when RBAC hides it. */
export interface Entity<B = Record<string, unknown>, M = Record<string, unknown>> {
  id: string;
  name?: string;
  permission_denied?: boolean;
  body: (B & { created: string; updated: string }) | null;
  metadata?: M | null;
  resources?: Record<string, unknown> | null;
}

export type Project = Entity<{ display_name: string }, { description?: string }>;
export type User = Entity<{ active: boolean; full_name?: string; is_admin?: boolean; is_service_account?: boolean; default_project_id?: string | null }, { email?: string | null }>;
export type Pipeline = Entity<{ user_id?: string | null; project_id: string; latest_run_status?: string | null }>;
export type PipelineRun = Entity<{ user_id?: string | null; project_id: string; status: string; pipeline?: { id: string; name: string } | null }>;
export type Artifact = Entity<{ project_id: string; latest_version_name?: string | null; latest_version_id?: string | null }>;
export type ArtifactVersion = Entity<{ project_id: string; artifact: { id: string; name: string }; version: string; type?: string; uri?: string }>;
export type Model = Entity<{ project_id: string; latest_version_name?: string | null }>;
export type ModelVersion = Entity<{ project_id: string; model: { id: string; name: string }; number: number; stage?: string | null }>;

export interface ServerInfo {
  id: string;
  name: string;
  version: string;
  deployment_type: string;
  auth_scheme?: string;
  server_url?: string;
  dashboard_url?: string;
  pro_api_url?: string | null;
  pro_dashboard_url?: string | null;
  pro_organization_id?: string | null;
  pro_organization_name?: string | null;
  pro_workspace_id?: string | null;
  pro_workspace_name?: string | null;
  metadata?: Record<string, string>;
}

export interface LoginResponse {
  access_token: string;
  token_type: string;
  expires_in?: number | null;
  refresh_token?: string | null;
}

/** ZenML Pro management API (plain JSON, paged by offset/limit). */
export interface ProRole {
  id: string;
  name: string;
  description?: string | null;
  type?: string;
  system_managed?: boolean;
  level?: string;
  permissions?: ProPermission[];
}

/** One right a role grants: an action on a project resource type. */
export interface ProPermission {
  resource_type: string;
  action: string;
}

export interface ProUser {
  id: string;
  /** The full name (ZenML Pro) — or the username when there is none. */
  name?: string;
  username?: string;
  email?: string | null;
  is_superuser?: boolean;
}

export interface ProTeam {
  id: string;
  name: string;
  description?: string | null;
}

export interface ProRoleAssignment {
  id?: string;
  role?: ProRole;
  user?: ProUser | null;
  team?: ProTeam | null;
  organization_id?: string | null;
  workspace_id?: string | null;
  project_id?: string | null;
}

/** Project-scoped resource lists, by route. */
export const RESOURCE_ROUTES = {
  pipelines: 'pipelines',
  runs: 'runs',
  artifacts: 'artifacts',
  artifactVersions: 'artifact_versions',
  models: 'models',
  modelVersions: 'model_versions',
} as const;
export type ResourceKind = keyof typeof RESOURCE_ROUTES;
