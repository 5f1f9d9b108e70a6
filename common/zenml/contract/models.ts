/**
 * ZenML's request and response models for everything the product uses on `/api/v1`, as JSON
 * Schemas, per ZenML version.
 *
 * Source: zenml-io/zenml-dashboard `src/types/core.ts` (openapi-typescript output of a live
 * server's `/openapi.json`), at the two commits named in `sources.ts`; every model below is the
 * `components["schemas"][...]` entry of the same name, with the fields the product may meet.
 * Where the two versions differ, the difference is spelled out next to the field. Fields a model
 * has but this product never meets (e.g. a run's `snapshot`) are left out: in strict mode our
 * own server may not send them, in tolerant mode the client ignores them.
 */
import { anyValue, arrayOf, bool, dateTime, enumOf, int, mapOf, model, nullable, str, tuple, uuid, type Schema } from './schema';
import type { ZenmlVersion } from './sources';

// Enums ----------------------------------------------------------------------------------------

/** `ExecutionStatus` in 0.84. */
export const EXECUTION_STATUS_084 = ['initializing', 'failed', 'completed', 'running', 'cached', 'retrying', 'retried', 'stopped', 'stopping'] as const;
/** `ExecutionStatus` in the current release (adds provisioning, queued, skipped, cancelling, cancelled, paused, resuming). */
export const EXECUTION_STATUS_CURRENT = [
  'initializing',
  'provisioning',
  'queued',
  'running',
  'failed',
  'completed',
  'cached',
  'skipped',
  'retrying',
  'retried',
  'cancelling',
  'cancelled',
  'paused',
  'resuming',
  'stopped',
  'stopping',
] as const;
export function executionStatuses(v: ZenmlVersion): readonly string[] {
  return v === '0.84' ? EXECUTION_STATUS_084 : EXECUTION_STATUS_CURRENT;
}
/** `ModelStages` (both versions). `latest` is a filter alias, never a stored stage. */
export const MODEL_STAGES = ['none', 'staging', 'production', 'archived', 'latest'] as const;
/** `ArtifactType` (both versions). */
export const ARTIFACT_TYPES = ['DataAnalysisArtifact', 'DataArtifact', 'ModelArtifact', 'SchemaArtifact', 'ServiceArtifact', 'StatisticsArtifact', 'BaseArtifact'] as const;
/** `ArtifactSaveType` (both versions). */
export const ARTIFACT_SAVE_TYPES = ['step_output', 'manual', 'preexisting', 'external'] as const;
/** `SourceType` (0.84) = `zenml__config__source__SourceType` (current). */
export const SOURCE_TYPES = ['user', 'builtin', 'internal', 'distribution_package', 'code_repository', 'notebook', 'unknown'] as const;
/** `ServerDeploymentType` (both versions); a ZenML Pro workspace reports `cloud`. */
export const DEPLOYMENT_TYPES = ['local', 'docker', 'kubernetes', 'aws', 'gcp', 'azure', 'alpha', 'other', 'hf_spaces', 'sandbox', 'cloud'] as const;
/** `AuthScheme` (both versions). */
export const AUTH_SCHEMES = ['NO_AUTH', 'HTTP_BASIC', 'OAUTH2_PASSWORD_BEARER', 'EXTERNAL'] as const;
/** `LogicalOperators`. */
export const LOGICAL_OPERATORS = ['and', 'or'] as const;

// Building blocks -----------------------------------------------------------------------------

/** `BaseIdentifiedResponse`: `{body?, metadata?, resources?, id, permission_denied?}` + `name` where the model has one. */
function entity(parts: { body: Schema; metadata: Schema; resources: Schema; name: 'required' | 'optional' | 'none' }): Schema {
  const optional: Record<string, Schema> = {
    body: nullable(parts.body),
    metadata: nullable(parts.metadata),
    resources: nullable(parts.resources),
    permission_denied: bool,
  };
  const required: Record<string, Schema> = { id: uuid };
  if (parts.name === 'required') required.name = str;
  if (parts.name === 'optional') optional.name = nullable(str);
  return model(required, optional);
}

/** `BaseDatedResponseBody`. */
const dated = { created: dateTime, updated: dateTime };
/** `ProjectScopedResponseBody`: dated + `user_id?`, `project_id`. */
const scoped = { ...dated, project_id: uuid };
const scopedOptional = { user_id: nullable(uuid) };

/** `TagResponse`, as far as the product meets it (an item of `resources.tags`). */
const tag = model({ id: uuid }, { name: str, body: anyValue, metadata: anyValue, resources: anyValue, permission_denied: bool }, { open: true });

/** `Source`: `{module, attribute?, type}` and extras (0.84: `SourceType`; current: the same values). */
export const source = model({ module: str, type: enumOf(SOURCE_TYPES) }, { attribute: nullable(str) }, { open: true });

function page(item: Schema): Schema {
  return model({ index: int, max_size: int, total_pages: int, total: int, items: arrayOf(item) });
}

// Models ----------------------------------------------------------------------------------------

export interface Models {
  ServerModel: Schema;
  OAuthTokenResponse: Schema;
  UserResponse: Schema;
  ProjectResponse: Schema;
  ProjectStatistics: Schema;
  PipelineResponse: Schema;
  PipelineRunResponse: Schema;
  ArtifactResponse: Schema;
  ArtifactVersionResponse: Schema;
  ModelResponse: Schema;
  ModelVersionResponse: Schema;
  ModelVersionArtifactResponse: Schema;
  Page_ProjectResponse_: Schema;
  Page_UserResponse_: Schema;
  Page_PipelineResponse_: Schema;
  Page_PipelineRunResponse_: Schema;
  Page_ArtifactResponse_: Schema;
  Page_ArtifactVersionResponse_: Schema;
  Page_ModelResponse_: Schema;
  Page_ModelVersionResponse_: Schema;
  Page_ModelVersionArtifactResponse_: Schema;
  /** `ErrorModel`: `{"detail": …}` — ZenML's `[ExceptionName, message]`, or a plain string. */
  ErrorModel: Schema;
  /** The bare `[ExceptionName, message]` of a request-validation 422. */
  BareError: Schema;
  ProjectRequest: Schema;
  ProjectUpdate: Schema;
  UserUpdate: Schema;
  ModelVersionArtifactRequest: Schema;
  /** `Body_token_api_v1_login_post` (form fields). */
  LoginForm: Schema;
}

const cache = new Map<ZenmlVersion, Models>();

/** The models of ZenML `version`. */
export function models(version: ZenmlVersion): Models {
  let m = cache.get(version);
  if (!m) cache.set(version, (m = build(version)));
  return m;
}

function build(v: ZenmlVersion): Models {
  const ServerModel = model(
    { version: str, auth_scheme: enumOf(AUTH_SCHEMES) },
    {
      id: uuid,
      name: nullable(str),
      active: bool,
      debug: bool,
      deployment_type: enumOf(DEPLOYMENT_TYPES),
      database_type: str,
      secrets_store_type: str,
      server_url: str,
      dashboard_url: str,
      analytics_enabled: bool,
      // 0.84: {[key]: unknown}; current: {[key]: string}.
      metadata: mapOf(v === '0.84' ? anyValue : str),
      last_user_activity: nullable(dateTime),
      pro_dashboard_url: nullable(str),
      pro_api_url: nullable(str),
      pro_organization_id: nullable(uuid),
      pro_organization_name: nullable(str),
      pro_workspace_id: nullable(uuid),
      pro_workspace_name: nullable(str),
    },
  );

  const OAuthTokenResponse = model(
    { access_token: str, token_type: str },
    { expires_in: nullable(int), refresh_token: nullable(str), csrf_token: nullable(str), scope: nullable(str), device_id: nullable(uuid), device_metadata: nullable(mapOf(anyValue)) },
    { open: true },
  );

  const UserResponse = entity({
    name: 'required',
    body: model(
      { ...dated, is_service_account: bool, is_admin: bool },
      { active: bool, activation_token: nullable(str), full_name: str, email_opted_in: nullable(bool), default_project_id: nullable(uuid), avatar_url: nullable(str) },
    ),
    metadata: model({}, { email: nullable(str), external_user_id: nullable(uuid), user_metadata: mapOf(anyValue) }),
    resources: model({}, {}, { open: true }),
  });

  const ProjectResponse = entity({
    name: 'required',
    body: model({ ...dated, display_name: str }),
    metadata: model({}, { description: str }),
    resources: model({}, {}, { open: true }),
  });

  const ProjectStatistics = model({ pipelines: int, runs: int });

  const PipelineResponse = entity({
    name: 'required',
    body: model(scoped, scopedOptional),
    metadata: model({}, { description: nullable(str) }),
    // Not in the body: latest_run_* live here (both versions).
    resources: model(
      { tags: arrayOf(tag) },
      { user: nullable(UserResponse), latest_run_user: nullable(UserResponse), latest_run_id: nullable(uuid), latest_run_status: nullable(enumOf(executionStatuses(v))) },
      { open: true },
    ),
  });

  const runBody =
    v === '0.84'
      ? // 0.84: the pipeline (and stack, build, …) embedded in the body; no in_progress or index.
        model(
          { ...scoped, status: enumOf(executionStatuses(v)) },
          { ...scopedOptional, pipeline: nullable(PipelineResponse), stack: anyValue, build: anyValue, schedule: anyValue, code_reference: anyValue, deployment_id: nullable(uuid), trigger_execution: anyValue, model_version_id: nullable(uuid) },
        )
      : // current: `pipeline_id`, `in_progress` and `index` in the body; the pipeline moved to resources.
        model(
          { ...scoped, status: enumOf(executionStatuses(v)), in_progress: bool, index: int },
          { ...scopedOptional, status_reason: nullable(str), pipeline_id: nullable(uuid), child_key: nullable(str), root_run_id: nullable(uuid) },
        );
  const runMetadata = model(
    // current adds the required `enable_heartbeat`.
    v === '0.84' ? { config: mapOf(anyValue) } : { config: mapOf(anyValue), enable_heartbeat: bool },
    {
      run_metadata: mapOf(anyValue),
      start_time: nullable(dateTime),
      end_time: nullable(dateTime),
      client_environment: mapOf(anyValue),
      orchestrator_environment: mapOf(anyValue),
      orchestrator_run_id: nullable(str),
      code_path: nullable(str),
      template_id: nullable(uuid),
      is_templatable: bool,
    },
  );
  const runResources = model(
    { tags: arrayOf(tag) },
    v === '0.84'
      ? { user: nullable(UserResponse), model_version: anyValue, logs: anyValue, log_collection: anyValue }
      : { user: nullable(UserResponse), pipeline: nullable(PipelineResponse), stack: anyValue, build: anyValue, schedule: anyValue, code_reference: anyValue, model_version: anyValue, log_collection: anyValue },
    { open: true },
  );
  const PipelineRunResponse = entity({ name: 'required', body: runBody, metadata: runMetadata, resources: runResources });

  const ArtifactResponse = entity({
    name: 'required',
    body: model(scoped, scopedOptional),
    metadata: model({}, { has_custom_name: bool }),
    resources: model({ tags: arrayOf(tag) }, { user: nullable(UserResponse), latest_version_name: nullable(str), latest_version_id: nullable(uuid) }, { open: true }),
  });

  const ArtifactVersionResponse = entity({
    name: 'none',
    body: model(
      {
        ...scoped,
        artifact: ArtifactResponse,
        version: str,
        uri: str,
        type: enumOf(ARTIFACT_TYPES),
        // Source objects, not strings.
        materializer: source,
        data_type: source,
        save_type: enumOf(ARTIFACT_SAVE_TYPES),
      },
      // current adds content_hash and item_count.
      v === '0.84' ? { ...scopedOptional, artifact_store_id: nullable(uuid) } : { ...scopedOptional, artifact_store_id: nullable(uuid), content_hash: nullable(str), item_count: nullable(int) },
    ),
    metadata: model({}, { visualizations: nullable(arrayOf(anyValue)), run_metadata: mapOf(anyValue) }),
    resources: model({ tags: arrayOf(tag) }, { user: nullable(UserResponse), producer_step_run_id: nullable(uuid), producer_pipeline_run_id: nullable(uuid) }, { open: true }),
  });

  const ModelResponse = entity({
    name: 'required',
    body: model(scoped, scopedOptional),
    metadata: model(
      {},
      {
        license: nullable(str),
        description: nullable(str),
        audience: nullable(str),
        use_cases: nullable(str),
        limitations: nullable(str),
        trade_offs: nullable(str),
        ethics: nullable(str),
        save_models_to_registry: bool,
      },
    ),
    resources: model({ tags: arrayOf(tag) }, { user: nullable(UserResponse), latest_version_name: nullable(str), latest_version_id: nullable(uuid) }, { open: true }),
  });

  const ModelVersionResponse = entity({
    name: 'optional',
    body: model({ ...scoped, number: int, model: ModelResponse }, { ...scopedOptional, stage: nullable(enumOf(MODEL_STAGES)) }),
    metadata: model({}, { description: nullable(str), run_metadata: mapOf(anyValue) }),
    resources: model({ services: page(anyValue) }, { user: nullable(UserResponse), tags: arrayOf(tag) }, { open: true }),
  });

  // The same in both versions: a link's body embeds the artifact version; its metadata is
  // `BaseResponseMetadata` (no fields); its resources an open object.
  const ModelVersionArtifactResponse = entity({
    name: 'none',
    body: model({ ...dated, model_version: uuid, artifact_version: ArtifactVersionResponse }),
    metadata: model({}, {}),
    resources: model({}, {}, { open: true }),
  });
  const ModelVersionArtifactRequest = model({ model_version: uuid, artifact_version: uuid });

  const exceptionPair = tuple(str, str);
  const ErrorModel = model({ detail: { anyOf: [exceptionPair, str] } });

  const ProjectRequest = {
    // pydantic's before-validator derives `name` from `display_name` (and the reverse), so one of
    // the two is enough (zenml models/v2/core/project.py).
    ...model({}, { name: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[a-z0-9_-]+$' }, display_name: { type: 'string', maxLength: 255 }, description: { type: 'string', maxLength: 255 } }),
    anyOf: [{ required: ['name'] }, { required: ['display_name'] }],
  };
  const ProjectUpdate = model(
    {},
    {
      name: nullable({ type: 'string', minLength: 1, maxLength: 50, pattern: '^[a-z0-9_-]+$' }),
      display_name: nullable({ type: 'string', maxLength: 255 }),
      description: nullable({ type: 'string', maxLength: 255 }),
    },
  );
  const UserUpdate = model(
    {},
    {
      email: nullable(str),
      email_opted_in: nullable(bool),
      password: nullable(str),
      activation_token: nullable(str),
      external_user_id: nullable(uuid),
      user_metadata: nullable(mapOf(anyValue)),
      avatar_url: nullable(str),
      name: nullable(str),
      full_name: nullable(str),
      is_admin: nullable(bool),
      active: nullable(bool),
      old_password: nullable(str),
      default_project_id: nullable(uuid),
    },
  );
  const LoginForm = model({}, { grant_type: nullable(str), username: nullable(str), password: nullable(str), client_id: nullable(str), device_code: nullable(str) });

  return {
    ServerModel,
    OAuthTokenResponse,
    UserResponse,
    ProjectResponse,
    ProjectStatistics,
    PipelineResponse,
    PipelineRunResponse,
    ArtifactResponse,
    ArtifactVersionResponse,
    ModelResponse,
    ModelVersionResponse,
    ModelVersionArtifactResponse,
    Page_ProjectResponse_: page(ProjectResponse),
    Page_UserResponse_: page(UserResponse),
    Page_PipelineResponse_: page(PipelineResponse),
    Page_PipelineRunResponse_: page(PipelineRunResponse),
    Page_ArtifactResponse_: page(ArtifactResponse),
    Page_ArtifactVersionResponse_: page(ArtifactVersionResponse),
    Page_ModelResponse_: page(ModelResponse),
    Page_ModelVersionResponse_: page(ModelVersionResponse),
    Page_ModelVersionArtifactResponse_: page(ModelVersionArtifactResponse),
    ErrorModel,
    BareError: exceptionPair,
    ProjectRequest,
    ProjectUpdate,
    UserUpdate,
    ModelVersionArtifactRequest,
    LoginForm,
  };
}

export type WorkspaceModelName = keyof Models;
