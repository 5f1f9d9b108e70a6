/** The shapes of ZenML's REST API that the extension, the CLI and the tests use. */

export interface Page<T> {
  index: number;
  max_size: number;
  total_pages: number;
  total: number;
  items: T[];
}

/**
 * Every ZenML entity: `body` always (null only when RBAC hides it), `metadata` when hydrated,
 * `resources` on the kinds whose lists and gets always carry it (see common/zenml/contract).
 * The field sets below are what the product reads, named and placed as ZenML's models have them;
 * answers may carry more, which the client ignores.
 */
export interface Entity<B = Record<string, unknown>, M = Record<string, unknown>, R = Record<string, unknown>> {
  id: string;
  name?: string;
  permission_denied?: boolean;
  body: (B & { created: string; updated: string }) | null;
  metadata?: M | null;
  resources?: (R & Record<string, unknown>) | null;
}

/** ZenML's `Source`: an import path split into module and attribute. */
export interface Source {
  module: string;
  attribute?: string | null;
  type: string;
}

type Scoped = { user_id?: string | null; project_id: string };
type Tagged = { tags?: unknown[]; user?: Entity | null };

export type Project = Entity<{ display_name: string }, { description?: string }>;
export type User = Entity<
  { active?: boolean; full_name?: string; is_admin: boolean; is_service_account: boolean; default_project_id?: string | null },
  { email?: string | null; external_user_id?: string | null }
>;
export type Pipeline = Entity<Scoped, { description?: string | null }, Tagged & { latest_run_id?: string | null; latest_run_status?: string | null; latest_run_user?: Entity | null }>;
/**
 * A run: ZenML 0.84 embeds the `pipeline` in the body; the current release sends `pipeline_id`,
 * `in_progress` and `index` there and the pipeline in `resources`. Read it through `readEntity`.
 */
export type PipelineRun = Entity<
  Scoped & { status: string; in_progress?: boolean; index?: number; pipeline_id?: string | null; pipeline?: Pipeline | null },
  { start_time?: string | null; end_time?: string | null },
  Tagged & { pipeline?: Pipeline | null }
>;
export type Artifact = Entity<Scoped, { has_custom_name?: boolean }, Tagged & { latest_version_name?: string | null; latest_version_id?: string | null }>;
export type ArtifactVersion = Entity<
  Scoped & { artifact: Artifact; version: string; type: string; uri: string; materializer: Source; data_type: Source; save_type: string },
  Record<string, unknown>,
  Tagged & { producer_pipeline_run_id?: string | null }
>;
/**
 * A link between a model version and an artifact version (ZenML's `ModelVersionArtifactResponse`):
 * the model version by UUID, the artifact version whole. It has no name.
 */
export type ModelVersionArtifact = Entity<{ model_version: string; artifact_version: ArtifactVersion }>;
export type Model = Entity<Scoped, { description?: string | null }, Tagged & { latest_version_name?: string | null; latest_version_id?: string | null }>;
export type ModelVersion = Entity<Scoped & { model: Model; number: number; stage?: string | null }, { description?: string | null }, Tagged>;

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

/** A ZenML Pro user; its `id` is what a workspace account's `metadata.external_user_id` holds. */
export interface ProUser {
  id: string;
  /** The full name (ZenML Pro) — or the username when there is none. */
  name?: string;
  username?: string;
  email?: string | null;
  is_superuser?: boolean;
  is_service_account?: boolean;
  organization_id?: string | null;
}

/**
 * A workspace of the organization, as ZenML Pro's `GET /workspaces` lists it (ZenML's
 * `WorkspaceRead`, `ZenMLServiceRead` and `ZenMLServiceStatus` in `src/zenml/login/pro/`).
 */
export interface ProWorkspace {
  id: string;
  name: string;
  display_name?: string | null;
  organization?: { id: string; name: string } | null;
  /** Where the workspace's ZenML server is: `zenml_service.status.server_url`. */
  zenml_service?: { status?: { server_url?: string | null } | null } | null;
}

export interface ProTeam {
  id: string;
  name: string;
  description?: string | null;
}

/** An item of `GET /roles/{role_id}/assignments` (Pro API reference): `organization_id` always. */
export interface ProRoleAssignment {
  role?: ProRole;
  invitation?: unknown;
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
