/**
 * The routes of ZenML's workspace API (`/api/v1`) that the product uses: method, path, path
 * parameter types, query parameters, body and answer.
 *
 * Sources (see `sources.ts`): paths, query parameter names, bodies and answers from the
 * dashboard's generated types (0.84 and current; a parameter only one version has says so in
 * `only`); path parameter types from zenml's routers (`x_id: UUID` → `uuid`,
 * `x_name_or_id: Union[str, UUID]` → `name-or-uuid`; FastAPI answers a non-UUID in a UUID path
 * with a request-validation 422); required scopes from zenml's filter models; hydrate defaults
 * from the routers' `hydrate: bool = False` (lists) / `= True` (single gets).
 */
import type { WorkspaceModelName } from './models';
import type { ProModelName } from './pro';
import type { ZenmlVersion } from './sources';

/** How a query parameter's value is written. */
export type QueryKind =
  /** `true` / `false` */
  | 'bool'
  /** 1-based page number */
  | 'page'
  /** 1..10000 */
  | 'size'
  /** `[asc:|desc:]field` */
  | 'sort_by'
  /** `and` | `or` */
  | 'logical_operator'
  /** a name or a UUID (a scope such as `project`, `model`) */
  | 'name-or-uuid'
  /** a filter value, optionally with an operator prefix (`contains:x`, `oneof:["a","b"]`) */
  | 'filter'
  /** a filter on a UUID column: a UUID (or a UUID prefix with `startswith:`), optionally prefixed */
  | 'uuid-filter';

/** A model of either API, by name. */
export type ModelName = WorkspaceModelName | ProModelName;

export interface QueryParam {
  kind: QueryKind;
  /** The one version that has it; absent = both. */
  only?: ZenmlVersion;
}

export interface EntityRules {
  /** `hydrate` when the request does not say: lists false, single gets true. */
  hydrateDefault: boolean;
  /**
   * `always`: the server builds every item with `resources`, hydrated or not (pipelines, runs,
   * artifacts, artifact versions, models, model versions: zenml's SQL schemas' `to_model` passes
   * `include_resources=True` on every list and get). `optional`: projects and users (null in
   * lists; not relied on).
   */
  resources: 'always' | 'optional';
}

export interface ContractRoute {
  /** A stable name, used by tests and coverage. */
  id: string;
  /** The workspace API, or ZenML Pro's management API (`pro.ts`). */
  api: 'workspace' | 'pro';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With `{param}` placeholders, e.g. `/api/v1/pipelines/{pipeline_id}`. */
  path: string;
  pathParams?: Record<string, 'uuid' | 'name-or-uuid'>;
  query?: Record<string, QueryParam>;
  /** Query parameters without which a real server refuses the call, with its answer. */
  requiredQuery?: { anyOf: string[]; status: number; message: string }[];
  /** Query parameters that need another one: `when` is given → `need` must be too. */
  requiredTogether?: { when: string; need: string }[];
  body?: { type: 'json' | 'form'; model: ModelName; required: boolean };
  /** The model of a 200 answer; `null` for routes answering JSON `null`. */
  response: ModelName | null;
  /** For entities and pages of them. */
  entity?: EntityRules;
  /** Set on list routes: the Page envelope's rules apply (see `check.ts`). */
  paged?: boolean;
}

const P = (kind: QueryKind, only?: ZenmlVersion): QueryParam => (only ? { kind, only } : { kind });

/** `BaseFilter` + paging: every list has these. */
const LIST: Record<string, QueryParam> = {
  hydrate: P('bool'),
  sort_by: P('sort_by'),
  logical_operator: P('logical_operator'),
  page: P('page'),
  size: P('size'),
  id: P('uuid-filter'),
  created: P('filter'),
  updated: P('filter'),
};
/** `ProjectScopedFilter` (+ `TaggableFilter`): the flat, project-scoped lists. */
const SCOPED: Record<string, QueryParam> = {
  ...LIST,
  tags: P('filter'),
  tag: P('filter', '0.84'),
  scope_user: P('uuid-filter'),
  user: P('name-or-uuid'),
  project: P('name-or-uuid'),
};
const ONE: Record<string, QueryParam> = { hydrate: P('bool') };
const RESOURCES: EntityRules = { hydrateDefault: false, resources: 'always' };
const RESOURCE: EntityRules = { hydrateDefault: true, resources: 'always' };

/** The kinds listed on ZenML's flat, project-scoped routes, by path segment. */
const SCOPED_KINDS = [
  {
    segment: 'pipelines',
    id: 'pipeline_id',
    name: 'Pipeline',
    query: { name: P('filter'), latest_run_status: P('filter'), latest_run_user: P('name-or-uuid', 'current'), project_name_or_id: P('name-or-uuid') },
  },
  {
    segment: 'runs',
    id: 'run_id',
    name: 'PipelineRun',
    query: {
      project_name_or_id: P('name-or-uuid'),
      run_metadata: P('filter'),
      name: P('filter'),
      orchestrator_run_id: P('filter'),
      pipeline_id: P('uuid-filter'),
      stack_id: P('uuid-filter'),
      schedule_id: P('uuid-filter'),
      build_id: P('uuid-filter'),
      code_repository_id: P('uuid-filter'),
      template_id: P('uuid-filter'),
      model_version_id: P('uuid-filter'),
      status: P('filter'),
      start_time: P('filter'),
      end_time: P('filter'),
      pipeline_name: P('filter'),
      pipeline: P('name-or-uuid'),
      stack: P('name-or-uuid'),
      code_repository: P('name-or-uuid'),
      model: P('name-or-uuid'),
      stack_component: P('name-or-uuid'),
      deployment_id: P('uuid-filter', '0.84'),
      unlisted: P('bool', '0.84'),
      include_full_metadata: P('bool', 'current'),
      index: P('filter', 'current'),
      snapshot_id: P('uuid-filter', 'current'),
      source_snapshot_id: P('uuid-filter', 'current'),
      linked_to_model_version_id: P('uuid-filter', 'current'),
      in_progress: P('bool', 'current'),
      triggered_by_step_run_id: P('uuid-filter', 'current'),
      triggered_by_deployment_id: P('uuid-filter', 'current'),
      trigger_id: P('uuid-filter', 'current'),
      parent_run_id: P('uuid-filter', 'current'),
      root_runs_only: P('bool', 'current'),
      templatable: P('bool', 'current'),
    },
  },
  { segment: 'artifacts', id: 'artifact_id', name: 'Artifact', query: { name: P('filter'), has_custom_name: P('bool') } },
  {
    segment: 'artifact_versions',
    id: 'artifact_version_id',
    name: 'ArtifactVersion',
    query: {
      run_metadata: P('filter'),
      artifact: P('name-or-uuid'),
      artifact_id: P('uuid-filter'),
      version: P('filter'),
      version_number: P('filter'),
      uri: P('filter'),
      materializer: P('filter'),
      type: P('filter'),
      data_type: P('filter'),
      artifact_store_id: P('uuid-filter'),
      model_version_id: P('uuid-filter'),
      only_unused: P('bool'),
      has_custom_name: P('bool'),
      model: P('name-or-uuid'),
      pipeline_run: P('name-or-uuid'),
    },
  },
  { segment: 'models', id: 'model_id', name: 'Model', query: { name: P('filter') } },
  {
    segment: 'model_versions',
    id: 'model_version_id',
    name: 'ModelVersion',
    query: { model_name_or_id: P('name-or-uuid'), run_metadata: P('filter'), name: P('filter'), number: P('filter'), stage: P('filter'), model: P('name-or-uuid') },
  },
] as const;

function scopedRoutes(): ContractRoute[] {
  return SCOPED_KINDS.flatMap((k): ContractRoute[] => {
    const base = `/api/v1/${k.segment}`;
    const one = `${base}/{${k.id}}`;
    const list: ContractRoute = {
      id: `list:${k.segment}`,
      api: 'workspace',
      method: 'GET',
      path: base,
      query: { ...SCOPED, ...k.query },
      response: `Page_${k.name}Response_` as ModelName,
      entity: RESOURCES,
      paged: true,
    };
    if (k.segment === 'model_versions') {
      // ModelVersionFilter's model scope (zenml models/v2/core/model_version.py): without it the
      // store raises ValueError → 400. The router copies `model_name_or_id` into it.
      list.requiredQuery = [{ anyOf: ['model', 'model_name_or_id'], status: 400, message: 'Model scope missing from the filter.' }];
    }
    return [
      list,
      { id: `get:${k.segment}`, api: 'workspace', method: 'GET', path: one, pathParams: { [k.id]: 'uuid' }, query: ONE, response: `${k.name}Response` as ModelName, entity: RESOURCE },
      { id: `delete:${k.segment}`, api: 'workspace', method: 'DELETE', path: one, pathParams: { [k.id]: 'uuid' }, response: null },
    ];
  });
}

/** Every `/api/v1` route the product calls, or that its local workspace serves for it. */
export const WORKSPACE_ROUTES: readonly ContractRoute[] = [
  { id: 'info', api: 'workspace', method: 'GET', path: '/api/v1/info', response: 'ServerModel' },
  { id: 'login', api: 'workspace', method: 'POST', path: '/api/v1/login', body: { type: 'form', model: 'LoginForm', required: false }, response: 'OAuthTokenResponse' },
  { id: 'current-user', api: 'workspace', method: 'GET', path: '/api/v1/current-user', response: 'UserResponse', entity: { hydrateDefault: true, resources: 'optional' } },
  {
    id: 'update-current-user',
    api: 'workspace',
    method: 'PUT',
    path: '/api/v1/current-user',
    body: { type: 'json', model: 'UserUpdate', required: true },
    response: 'UserResponse',
    entity: { hydrateDefault: true, resources: 'optional' },
  },
  {
    id: 'list:users',
    api: 'workspace',
    method: 'GET',
    path: '/api/v1/users',
    query: { ...LIST, name: P('filter'), full_name: P('filter'), email: P('filter'), active: P('filter'), email_opted_in: P('filter'), external_user_id: P('uuid-filter') },
    response: 'Page_UserResponse_',
    entity: { hydrateDefault: false, resources: 'optional' },
    paged: true,
  },
  {
    id: 'get:users',
    api: 'workspace',
    method: 'GET',
    path: '/api/v1/users/{user_name_or_id}',
    pathParams: { user_name_or_id: 'name-or-uuid' },
    query: ONE,
    response: 'UserResponse',
    entity: { hydrateDefault: true, resources: 'optional' },
  },
  {
    id: 'list:projects',
    api: 'workspace',
    method: 'GET',
    path: '/api/v1/projects',
    query: { ...LIST, name: P('filter'), display_name: P('filter') },
    response: 'Page_ProjectResponse_',
    entity: { hydrateDefault: false, resources: 'optional' },
    paged: true,
  },
  {
    id: 'create:projects',
    api: 'workspace',
    method: 'POST',
    path: '/api/v1/projects',
    body: { type: 'json', model: 'ProjectRequest', required: true },
    response: 'ProjectResponse',
    entity: { hydrateDefault: true, resources: 'optional' },
  },
  {
    id: 'get:projects',
    api: 'workspace',
    method: 'GET',
    path: '/api/v1/projects/{project_name_or_id}',
    pathParams: { project_name_or_id: 'name-or-uuid' },
    query: ONE,
    response: 'ProjectResponse',
    entity: { hydrateDefault: true, resources: 'optional' },
  },
  {
    // The router names it project_name_or_id but types it UUID.
    id: 'update:projects',
    api: 'workspace',
    method: 'PUT',
    path: '/api/v1/projects/{project_name_or_id}',
    pathParams: { project_name_or_id: 'uuid' },
    body: { type: 'json', model: 'ProjectUpdate', required: true },
    response: 'ProjectResponse',
    entity: { hydrateDefault: true, resources: 'optional' },
  },
  { id: 'delete:projects', api: 'workspace', method: 'DELETE', path: '/api/v1/projects/{project_name_or_id}', pathParams: { project_name_or_id: 'name-or-uuid' }, response: null },
  {
    id: 'statistics:projects',
    api: 'workspace',
    method: 'GET',
    path: '/api/v1/projects/{project_name_or_id}/statistics',
    pathParams: { project_name_or_id: 'name-or-uuid' },
    response: 'ProjectStatistics',
  },
  ...scopedRoutes(),
  {
    // The links of model versions to artifact versions (zenml routers/model_versions_endpoints.py,
    // `model_version_artifacts_router`; ModelVersionArtifactFilter in
    // models/v2/core/model_version_artifact.py): not project-scoped (a BaseFilter, no `project`).
    id: 'list:model_version_artifacts',
    api: 'workspace',
    method: 'GET',
    path: '/api/v1/model_version_artifacts',
    query: {
      ...LIST,
      model_version_id: P('uuid-filter'),
      artifact_version_id: P('uuid-filter'),
      artifact_name: P('filter'),
      only_data_artifacts: P('bool'),
      only_model_artifacts: P('bool'),
      only_deployment_artifacts: P('bool'),
      has_custom_name: P('bool'),
      user: P('name-or-uuid'),
    },
    response: 'Page_ModelVersionArtifactResponse_',
    // The schema's to_model builds no resources; metadata is the empty BaseResponseMetadata.
    entity: { hydrateDefault: false, resources: 'optional' },
    paged: true,
  },
  {
    id: 'create:model_version_artifacts',
    api: 'workspace',
    method: 'POST',
    path: '/api/v1/model_version_artifacts',
    body: { type: 'json', model: 'ModelVersionArtifactRequest', required: true },
    response: 'ModelVersionArtifactResponse',
    entity: { hydrateDefault: true, resources: 'optional' },
  },
];
