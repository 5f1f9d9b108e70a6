/**
 * Project-scoped resources: pipelines, runs, artifacts, artifact versions, models and model
 * versions, on ZenML's flat routes (`/api/v1/runs?project=...`). Each kind is a table of facts
 * (columns, filters, shape, create/update rules); the routes and every access check are shared.
 */
import type { ProjectResourceType, RoleAction } from '../../../common/roles';
import { ARTIFACT_SAVE_TYPES, ARTIFACT_TYPES, EXECUTION_STATUS_CURRENT, SOURCE_TYPES } from '../../../common/zenml/contract/models';
import type { ProjectRights } from '../access/rights';
import { isUniqueViolation, type Row, type SqlValue } from '../db/database';
import { badRequest, conflict, forbidden, invalid, notFound } from '../http/errors';
import type { Caller, RequestContext, Route } from '../http/router';
import { optBool, optEnum, optNonBlank, optObject, optString, optTimestamp, optUuid, pathUuid, reqString } from './bodies';
import { isUuid, newId } from './ids';
import { listRows } from './listing';
import { readableRows, readableTotal } from './readable';
import { boolParam, handledParams, never, parseListQuery, rawPageOf, type FieldSpec, type FieldTable } from './listQuery';
import { RawJson } from '../http/rawJson';
import { EMPTY_LIST, EMPTY_OBJECT, entitySql, FALSE, obj, sub, TRUE } from './sqlJson';
import { DEFAULT_PROJECT } from './projects';
import { now } from './time';
import type { ProjectRow, Workspace } from './workspace';

/** ZenML's `ExecutionStatus` of the current release (the contract's). */
export const RUN_STATUSES = EXECUTION_STATUS_CURRENT;
/** ZenML's finished statuses; a run in any other is `in_progress`. */
const FINISHED = ['completed', 'failed', 'cached', 'skipped', 'stopped', 'cancelled', 'retried'];
/** Whether run `x` is in progress, as SQL. */
const IN_PROGRESS = `(x.status NOT IN (${FINISHED.map((st) => `'${st}'`).join(', ')}))`;
/** `ModelStages` a version can hold (`latest` is only a filter alias). */
export const MODEL_STAGES = ['none', 'staging', 'production', 'archived'] as const;
/** Stages a single version of a model may hold at a time. */
const EXCLUSIVE_STAGES = new Set(['staging', 'production']);
const LONG_TEXT = 65_535;

type Body = Record<string, unknown>;

interface Kind {
  /** Path segment under /api/v1. */
  path: string;
  table: string;
  /** What the messages call one of these. */
  label: string;
  type: ProjectResourceType;
  idParam: string;
  /**
   * A scope a list requires besides the project (model versions: the model), as a SQL condition
   * on `x`; throws ZenML's error when it is missing.
   */
  listScope?(ws: Workspace, project: ProjectRow, query: URLSearchParams): { condition: string; params: SqlValue[] };
  /** The query parameters `listScope` reads. */
  listScopeParams?: readonly string[];
  /**
   * The query parameters naming the project of a list, the first given winning: `project`, and
   * on the routes whose router still takes it, `project_name_or_id` before it (the routers set
   * `filter_model.project = project_name_or_id` when it is given: zenml
   * zen_server/routers/pipelines_endpoints.py and runs_endpoints.py, `list_pipelines`/`list_runs`).
   */
  projectParams: readonly string[];
  fields: FieldTable;
  /** `FROM` clause; the kind's table is `x`. */
  from: string;
  /** SQL building the entity as ZenML shapes it (see sqlJson). */
  json(hydrate: boolean): string;
  /** Inserts the resource (inside a transaction) and returns its ID. */
  create(ws: Workspace, caller: Caller, project: ProjectRow, rights: ProjectRights, body: Body): string;
  /**
   * Applies an update (inside a transaction); absent when ZenML has no update for the kind. The
   * caller's rights are checked on `row` already; an update that changes other resources too
   * checks them on those.
   */
  update?(ws: Workspace, row: Row, body: Body, who: Acting): void;
  /**
   * What deleting one of these does to other resources (the schema's ON DELETE rules): each
   * needs the caller's right on every resource it touches, not only on the one named.
   */
  dependents?: readonly Dependent[];
}

/** Who is acting, and their rights in the resource's project. */
interface Acting {
  caller: Caller;
  rights: ProjectRights;
}

interface Dependent {
  table: string;
  type: ProjectResourceType;
  label: string;
  /** The column that points at the deleted resource. */
  column: string;
  /** 'delete' when they go with it (CASCADE), 'update' when they are detached (SET NULL). */
  action: 'delete' | 'update';
}

const common = (x: string): FieldTable => ({
  id: { column: `${x}.id`, type: 'uuid', sortable: true },
  created: { column: `${x}.created`, type: 'datetime', sortable: true },
  updated: { column: `${x}.updated`, type: 'datetime', sortable: true },
  user_id: { column: `${x}.user_id`, type: 'uuid' },
  // ProjectScopedFilter's `user`: the creator, by name or UUID.
  user: namedUser((ids) => `${x}.user_id IN (${ids})`),
  // UserScopedFilter's `scope_user: Optional[UUID]`: the rows this user created, added with AND
  // in `apply_filter` (zenml models/v2/base/scoped.py).
  scope_user: { column: `${x}.user_id`, type: 'uuid', plain: true, alwaysAnd: true },
  // TaggableFilter's `tags` (and 0.84's `tag`): an EXISTS over the resource's tags
  // (zenml models/v2/base/scoped.py, `get_custom_filters`). The local workspace keeps no tags.
  tags: never('string'),
  tag: never('string'),
});

/**
 * RunMetadataFilterMixin's `run_metadata` (runs, artifact versions, model versions): an EXISTS
 * over the resource's metadata (zenml models/v2/base/scoped.py). The local workspace records none.
 */
const RUN_METADATA: FieldTable = { run_metadata: never('key-value') };

/** A `name-or-id` filter on `table`. */
export const named = (table: string, match: (ids: string) => string): FieldSpec => ({ column: '', type: 'name-or-id', ref: { table, match } });

/**
 * A user by UUID, name or full name: ZenML looks users up with
 * `generate_name_or_id_query_conditions(..., additional_columns=["full_name"])` in every user
 * filter (zenml models/v2/base/scoped.py `UserScopedFilter`, pipeline.py, model_version_artifact.py).
 */
export const namedUser = (match: (ids: string) => string): FieldSpec => ({ column: '', type: 'name-or-id', ref: { table: 'users', match, alsoNamedBy: ['full_name'] } });

/**
 * ZenML's `only_unused` (zenml models/v2/core/artifact_version.py, `get_custom_filters`, in
 * 0.84 and the current release): the version is no step run's output and no step run's input.
 * Outputs are `producer_run_id` (cleared when the run is deleted, as ZenML's output rows go with
 * the run); inputs are `run_input_artifacts`. A link to a model version does not count, as in
 * those releases.
 */
export const UNUSED_ARTIFACT_VERSION =
  'x.producer_run_id IS NULL AND NOT EXISTS (SELECT 1 FROM run_input_artifacts i WHERE i.artifact_version_id = x.id)';

const str = (v: SqlValue | undefined): string | null => (v === null || v === undefined ? null : String(v));

const SCOPED_BODY = { created: 'x.created', updated: 'x.updated', user_id: 'x.user_id', project_id: 'x.project_id' };
/** An embedded user (the creator, `resources.user`), not hydrated. */
const userRef = (idExpr: string) =>
  sub(`SELECT ${obj({ id: 'u.id', name: 'u.name', permission_denied: FALSE, body: 'NULL', metadata: 'NULL', resources: 'NULL' })} FROM users u WHERE u.id = ${idExpr}`);
const USER_RESOURCES = {
  user: userRef('x.user_id'),
  tags: EMPTY_LIST,
};
/** An empty `Page` (a model version's `resources.services`: the local workspace runs no services). */
const EMPTY_PAGE = "json('{\"index\":1,\"max_size\":20,\"total_pages\":1,\"total\":0,\"items\":[]}')";

/**
 * A `Source` object `{module, attribute, type}` from its column: stored as JSON; a bare import
 * path from databases before Source objects were kept is shown whole as the module.
 */
const sourceSql = (col: string) =>
  `CASE WHEN json_valid(${col}) AND json_type(${col}) = 'object' THEN json(${col}) ELSE json_object('module', coalesce(${col}, 'unknown'), 'attribute', NULL, 'type', 'unknown') END`;

/**
 * A `Source` from a request: an object `{module, attribute?, type}`, or an import path
 * `"package.module.Class"` as ZenML's own validator also takes it (its type then `unknown`).
 */
function reqSource(body: Body, key: string): string {
  const v = body[key];
  if (typeof v === 'string') {
    if (!v.trim() || v.length > LONG_TEXT) throw invalid(`'${key}' must be an import path such as 'package.module.Class', or a Source object.`);
    const dot = v.lastIndexOf('.');
    return JSON.stringify(dot > 0 ? { module: v.slice(0, dot), attribute: v.slice(dot + 1), type: 'unknown' } : { module: v, attribute: null, type: 'unknown' });
  }
  if (v === undefined || v === null) throw invalid(`'${key}' is required: a Source object {module, attribute, type} or an import path.`);
  const src = optObject(body, key)!;
  const module = optString(src, 'module', LONG_TEXT);
  if (!module) throw invalid(`'${key}.module' is required.`);
  const attribute = optString(src, 'attribute', LONG_TEXT) ?? null;
  const type = optEnum(src, 'type', SOURCE_TYPES) ?? 'unknown';
  return JSON.stringify({ ...src, module, attribute, type });
}

/** Finds a resource of `table` by ID inside `project`: other projects' resources do not exist here. */
function inProject(ws: Workspace, table: string, label: string, id: string, project: ProjectRow): Row {
  const row = isUuid(id) ? ws.db.get<Row>(`SELECT * FROM ${table} WHERE id = ? AND project_id = ?`, [id.toLowerCase(), project.id]) : undefined;
  if (!row) throw notFound(`No ${label} with the ID '${id}' exists in project '${project.name}'.`);
  return row;
}

function insert(ws: Workspace, table: string, values: Record<string, SqlValue | undefined>, label: string, name: string): void {
  const cols = Object.keys(values);
  try {
    ws.db.run(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      Object.values(values).map((v) => (v === undefined ? null : v)),
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A ${label} named '${name}' already exists in this project.`);
    throw err;
  }
}

function updateColumns(ws: Workspace, table: string, id: string, values: Record<string, SqlValue | undefined>, label: string): void {
  const set = Object.entries(values).filter(([, v]) => v !== undefined) as [string, SqlValue][];
  set.push(['updated', now()]);
  try {
    ws.db.run(`UPDATE ${table} SET ${set.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`, [...set.map(([, v]) => v), id]);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`Another ${label} of this project already has the name '${String(values.name)}'.`);
    throw err;
  }
}

/** A column of pipeline `x`'s latest run. */
const LATEST_RUN = (column: string) => `(SELECT r.${column} FROM pipeline_runs r WHERE r.pipeline_id = x.id ORDER BY r.created DESC LIMIT 1)`;

const pipelines: Kind = {
  path: 'pipelines',
  table: 'pipelines',
  label: 'pipeline',
  type: 'pipeline',
  idParam: 'pipeline_id',
  projectParams: ['project_name_or_id', 'project'],
  fields: {
    ...common('x'),
    name: { column: 'x.name', type: 'string', sortable: true },
    // PipelineFilter's filters on the latest run (zenml models/v2/core/pipeline.py,
    // `apply_filter`): joined to the run with the latest `created`, always with AND; a pipeline
    // without runs matches neither. The status takes the text operators, the user a name or UUID.
    latest_run_status: { column: LATEST_RUN('status'), type: 'string', alwaysAnd: true },
    latest_run_user: { ...namedUser((ids) => `${LATEST_RUN('user_id')} IN (${ids})`), alwaysAnd: true },
  },
  from: 'FROM pipelines x',
  json: (hydrate) =>
    entitySql({
      id: 'x.id',
      name: 'x.name',
      body: SCOPED_BODY,
      hydrate,
      metadata: { description: 'x.description' },
      // The latest run lives in resources, not the body (ZenML's PipelineResponseResources).
      resources: {
        ...USER_RESOURCES,
        latest_run_id: LATEST_RUN('id'),
        latest_run_status: LATEST_RUN('status'),
        latest_run_user: userRef(LATEST_RUN('user_id')),
      },
      alwaysResources: true,
    }),
  create(ws, caller, project, _rights, body) {
    const id = newId();
    const name = reqString(body, 'name');
    const ts = now();
    insert(
      ws,
      'pipelines',
      { id, project_id: project.id, user_id: caller.id, name, description: optString(body, 'description', LONG_TEXT) ?? '', created: ts, updated: ts },
      'pipeline',
      name,
    );
    return id;
  },
  dependents: [{ table: 'pipeline_runs', type: 'pipeline_run', label: 'pipeline run', column: 'pipeline_id', action: 'update' }],
  update(ws, row, body) {
    const name = optNonBlank(body, 'name');
    updateColumns(ws, 'pipelines', String(row.id), { name, description: optString(body, 'description', LONG_TEXT) }, 'pipeline');
  },
};

const runs: Kind = {
  path: 'runs',
  table: 'pipeline_runs',
  label: 'pipeline run',
  type: 'pipeline_run',
  idParam: 'run_id',
  projectParams: ['project_name_or_id', 'project'],
  // PipelineRunFilter (zenml models/v2/core/pipeline_run.py; 0.84's `unlisted` and
  // `deployment_id` from that release's file).
  fields: {
    ...common('x'),
    ...RUN_METADATA,
    name: { column: 'x.name', type: 'string', sortable: true },
    status: { column: 'x.status', type: 'string', sortable: true, values: RUN_STATUSES },
    pipeline_id: { column: 'x.pipeline_id', type: 'uuid' },
    start_time: { column: 'x.start_time', type: 'datetime', sortable: true },
    end_time: { column: 'x.end_time', type: 'datetime', sortable: true },
    orchestrator_run_id: { column: 'x.orchestrator_run_id', type: 'string' },
    index: { column: 'x.run_index', type: 'int' },
    in_progress: { column: IN_PROGRESS, type: 'bool' },
    // The pipeline by name (`pipeline_name`, text operators) or by name or UUID (`pipeline`).
    pipeline_name: { column: 'p.name', type: 'string', within: (condition) => `x.pipeline_id IN (SELECT p.id FROM pipelines p WHERE ${condition})` },
    pipeline: named('pipelines', (ids) => `x.pipeline_id IN (${ids})`),
    // 0.84: true → runs without a pipeline, false → runs with one.
    unlisted: { column: '(x.pipeline_id IS NULL)', type: 'bool' },
    // `parent_run_id IS NULL` when true: every local run is a root run; false adds nothing.
    root_runs_only: { column: '1', type: 'flag' },
    // true → the run's snapshot has a non-local build on a stack; false → it has no snapshot or
    // no such build. Local runs have no snapshot: never templatable.
    templatable: { column: '0', type: 'bool' },
    // A router parameter (how much metadata to send), no filter.
    include_full_metadata: { column: '', type: 'option' },
    // Runs here have no stack, schedule, build, code repository, template, snapshot, deployment,
    // trigger, parent run, stack component or model version (directly or through a step).
    stack_id: never('uuid'),
    schedule_id: never('uuid'),
    build_id: never('uuid'),
    code_repository_id: never('uuid'),
    template_id: never('uuid'),
    model_version_id: never('uuid'),
    linked_to_model_version_id: never('uuid'),
    deployment_id: never('uuid'),
    snapshot_id: never('uuid'),
    source_snapshot_id: never('uuid'),
    triggered_by_step_run_id: never('uuid'),
    triggered_by_deployment_id: never('uuid'),
    trigger_id: never('uuid'),
    parent_run_id: never('uuid'),
    stack: never('name-or-id'),
    code_repository: never('name-or-id'),
    model: never('name-or-id'),
    stack_component: never('name-or-id'),
  },
  from: 'FROM pipeline_runs x',
  json: (hydrate) =>
    entitySql({
      id: 'x.id',
      name: 'x.name',
      // The current release's run body: pipeline_id, in_progress and index; the pipeline itself
      // moved to resources (0.84 embedded it in the body).
      body: {
        ...SCOPED_BODY,
        status: 'x.status',
        in_progress: `CASE WHEN ${IN_PROGRESS} THEN ${TRUE} ELSE ${FALSE} END`,
        index: 'x.run_index',
        pipeline_id: 'x.pipeline_id',
      },
      hydrate,
      metadata: {
        start_time: 'x.start_time',
        end_time: 'x.end_time',
        orchestrator_run_id: 'x.orchestrator_run_id',
        config: 'json(x.config)',
        run_metadata: EMPTY_OBJECT,
        client_environment: EMPTY_OBJECT,
        orchestrator_environment: EMPTY_OBJECT,
        enable_heartbeat: FALSE,
      },
      resources: {
        ...USER_RESOURCES,
        pipeline: sub(
          `SELECT ${entitySql({
            id: 'p.id',
            name: 'p.name',
            body: { created: 'p.created', updated: 'p.updated', user_id: 'p.user_id', project_id: 'p.project_id' },
            hydrate: false,
            metadata: {},
          })} FROM pipelines p WHERE p.id = x.pipeline_id`,
        ),
      },
      alwaysResources: true,
    }),
  create(ws, caller, project, _rights, body) {
    const pipelineId = optUuid(body, 'pipeline_id') ?? optUuid(body, 'pipeline');
    const pipeline = pipelineId ? inProject(ws, 'pipelines', 'pipeline', pipelineId, project) : undefined;
    const status = optEnum(body, 'status', RUN_STATUSES) ?? 'initializing';
    const ts = now();
    const name = optString(body, 'name') ?? `${pipeline ? String(pipeline.name) : 'run'}-${ts.replace(/[-:.T]/g, '')}`;
    if (name.trim() === '') throw invalid("'name' must not be empty.");
    const config = optObject(body, 'config') ?? {};
    const id = newId();
    insert(
      ws,
      'pipeline_runs',
      {
        id,
        project_id: project.id,
        user_id: caller.id,
        pipeline_id: pipeline ? String(pipeline.id) : null,
        name,
        status,
        start_time: optTimestamp(body, 'start_time') ?? (status === 'initializing' ? null : ts),
        end_time: optTimestamp(body, 'end_time') ?? null,
        orchestrator_run_id: optString(body, 'orchestrator_run_id') ?? null,
        config: JSON.stringify(config),
        run_index: runIndex(ws, project.id, pipeline ? String(pipeline.id) : null),
        created: ts,
        updated: ts,
      },
      'pipeline run',
      name,
    );
    return id;
  },
  dependents: [{ table: 'artifact_versions', type: 'artifact_version', label: 'artifact version', column: 'producer_run_id', action: 'update' }],
  update(ws, row, body) {
    const name = optNonBlank(body, 'name');
    updateColumns(
      ws,
      'pipeline_runs',
      String(row.id),
      {
        name,
        status: optEnum(body, 'status', RUN_STATUSES),
        start_time: optTimestamp(body, 'start_time'),
        end_time: optTimestamp(body, 'end_time'),
        orchestrator_run_id: optString(body, 'orchestrator_run_id'),
      },
      'pipeline run',
    );
  },
};

const artifacts: Kind = {
  path: 'artifacts',
  table: 'artifacts',
  label: 'artifact',
  type: 'artifact',
  idParam: 'artifact_id',
  projectParams: ['project'],
  fields: { ...common('x'), name: { column: 'x.name', type: 'string', sortable: true }, has_custom_name: { column: 'x.has_custom_name', type: 'bool' } },
  from: 'FROM artifacts x',
  json: (hydrate) =>
    entitySql({
      id: 'x.id',
      name: 'x.name',
      body: SCOPED_BODY,
      hydrate,
      metadata: { has_custom_name: `CASE WHEN x.has_custom_name THEN ${TRUE} ELSE ${FALSE} END` },
      resources: {
        ...USER_RESOURCES,
        latest_version_name: '(SELECT v.version FROM artifact_versions v WHERE v.artifact_id = x.id ORDER BY v.created DESC LIMIT 1)',
        latest_version_id: '(SELECT v.id FROM artifact_versions v WHERE v.artifact_id = x.id ORDER BY v.created DESC LIMIT 1)',
      },
      alwaysResources: true,
    }),
  create(ws, caller, project, _rights, body) {
    const id = newId();
    const name = reqString(body, 'name');
    const ts = now();
    insert(
      ws,
      'artifacts',
      { id, project_id: project.id, user_id: caller.id, name, has_custom_name: optBool(body, 'has_custom_name') === false ? 0 : 1, created: ts, updated: ts },
      'artifact',
      name,
    );
    return id;
  },
  dependents: [{ table: 'artifact_versions', type: 'artifact_version', label: 'artifact version', column: 'artifact_id', action: 'delete' }],
  update(ws, row, body) {
    const name = optNonBlank(body, 'name');
    updateColumns(ws, 'artifacts', String(row.id), { name }, 'artifact');
  },
};

/** An artifact version's body (`ArtifactVersionResponseBody`), from `x` (the version) and `a` (its artifact). */
const ARTIFACT_VERSION_BODY = {
  ...SCOPED_BODY,
  artifact: entitySql({
    id: 'a.id',
    name: 'a.name',
    body: { created: 'a.created', updated: 'a.updated', user_id: 'a.user_id', project_id: 'a.project_id' },
    hydrate: false,
    metadata: {},
  }),
  version: 'x.version',
  uri: 'x.uri',
  type: 'x.type',
  materializer: sourceSql('x.materializer'),
  data_type: sourceSql('x.data_type'),
  save_type: 'x.save_type',
};

/**
 * An artifact version embedded in another answer, as ZenML's `ArtifactVersionSchema.to_model()`
 * builds it there: body only (no metadata, no resources). `x` is the version, `a` its artifact.
 */
export const ARTIFACT_VERSION_REF = entitySql({ id: 'x.id', body: ARTIFACT_VERSION_BODY, hydrate: false, metadata: {} });

const artifactVersions: Kind = {
  path: 'artifact_versions',
  table: 'artifact_versions',
  label: 'artifact version',
  type: 'artifact_version',
  idParam: 'artifact_version_id',
  projectParams: ['project'],
  fields: {
    ...common('x'),
    ...RUN_METADATA,
    artifact_id: { column: 'x.artifact_id', type: 'uuid' },
    name: { column: 'a.name', type: 'string', sortable: true },
    version: { column: 'x.version', type: 'string', sortable: true },
    type: { column: 'x.type', type: 'string', sortable: true },
    uri: { column: 'x.uri', type: 'string' },
    producer_run_id: { column: 'x.producer_run_id', type: 'uuid' },
    only_unused: { column: UNUSED_ARTIFACT_VERSION, type: 'flag' },
    // ArtifactVersionFilter's other filters (zenml models/v2/core/artifact_version.py): the
    // artifact by name or UUID, its has_custom_name; the version as a number; the Source
    // objects as text; the model versions holding it, and the models (by name or UUID); the
    // runs that produced or consumed it (by name or UUID). No artifact store: none matches.
    artifact: named('artifacts', (ids) => `x.artifact_id IN (${ids})`),
    has_custom_name: { column: 'a.has_custom_name', type: 'bool' },
    version_number: { column: "CASE WHEN x.version GLOB '[0-9]*' AND x.version NOT GLOB '*[^0-9]*' THEN CAST(x.version AS INTEGER) END", type: 'int' },
    materializer: { column: 'x.materializer', type: 'string' },
    data_type: { column: 'x.data_type', type: 'string' },
    artifact_store_id: never('uuid'),
    model_version_id: {
      column: 'l.model_version_id',
      type: 'uuid',
      within: (condition) => `x.id IN (SELECT l.artifact_version_id FROM model_version_artifacts l WHERE ${condition})`,
    },
    model: named(
      'models',
      (ids) => `x.id IN (SELECT l.artifact_version_id FROM model_version_artifacts l JOIN model_versions mv ON mv.id = l.model_version_id WHERE mv.model_id IN (${ids}))`,
    ),
    pipeline_run: named(
      'pipeline_runs',
      (ids) => `EXISTS (SELECT 1 FROM (${ids}) r WHERE r.id = x.producer_run_id OR r.id IN (SELECT i.run_id FROM run_input_artifacts i WHERE i.artifact_version_id = x.id))`,
    ),
  },
  from: 'FROM artifact_versions x JOIN artifacts a ON a.id = x.artifact_id',
  json: (hydrate) =>
    entitySql({
      id: 'x.id',
      body: ARTIFACT_VERSION_BODY,
      hydrate,
      metadata: { run_metadata: EMPTY_OBJECT },
      resources: { ...USER_RESOURCES, producer_pipeline_run_id: 'x.producer_run_id' },
      alwaysResources: true,
    }),
  create(ws, caller, project, rights, body) {
    const artifactId = optUuid(body, 'artifact_id') ?? optUuid(body, 'artifact');
    let artifact: Row;
    if (artifactId) {
      artifact = inProject(ws, 'artifacts', 'artifact', artifactId, project);
    } else {
      // ZenML's artifact_name form: the artifact is created with its first version.
      const artifactName = optString(body, 'artifact_name');
      if (!artifactName) throw invalid("An artifact version needs 'artifact_id' (or 'artifact_name').");
      const existing = ws.db.get<Row>('SELECT * FROM artifacts WHERE project_id = ? AND name = ?', [project.id, artifactName]);
      if (existing) artifact = existing;
      else {
        if (!rights.can('artifact', 'create')) throw forbidden(`Insufficient permissions to create artifacts in project '${project.name}'.`);
        const id = artifacts.create(ws, caller, project, rights, { name: artifactName });
        artifact = ws.db.get<Row>('SELECT * FROM artifacts WHERE id = ?', [id])!;
      }
    }
    const rawVersion = body.version;
    let version: string;
    if (rawVersion === undefined || rawVersion === null) {
      const max = ws.db.get<{ n: number | null }>(
        "SELECT max(CAST(version AS INTEGER)) AS n FROM artifact_versions WHERE artifact_id = ? AND version GLOB '[0-9]*' AND version NOT GLOB '*[^0-9]*'",
        [artifact.id],
      );
      version = String((max?.n ?? 0) + 1);
    } else if (typeof rawVersion === 'number' && Number.isInteger(rawVersion) && rawVersion > 0) {
      version = String(rawVersion);
    } else {
      version = reqString(body, 'version');
    }
    // ArtifactVersionRequest: type, uri, materializer, data_type and save_type are required.
    const type = optEnum(body, 'type', ARTIFACT_TYPES);
    if (!type) throw invalid(`'type' is required: one of ${ARTIFACT_TYPES.join(', ')}.`);
    const uri = reqString(body, 'uri', LONG_TEXT);
    const materializer = reqSource(body, 'materializer');
    const dataType = reqSource(body, 'data_type');
    const saveType = optEnum(body, 'save_type', ARTIFACT_SAVE_TYPES);
    if (!saveType) throw invalid(`'save_type' is required: one of ${ARTIFACT_SAVE_TYPES.join(', ')}.`);
    const producer = optUuid(body, 'producer_run_id') ?? optUuid(body, 'producer_pipeline_run_id');
    if (producer) inProject(ws, 'pipeline_runs', 'pipeline run', producer, project);
    const id = newId();
    const ts = now();
    try {
      ws.db.run(
        `INSERT INTO artifact_versions (id, project_id, user_id, artifact_id, version, type, uri, materializer, data_type, save_type, producer_run_id, created, updated)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          project.id,
          caller.id,
          String(artifact.id),
          version,
          type,
          uri,
          materializer,
          dataType,
          saveType,
          producer ?? null,
          ts,
          ts,
        ],
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`Artifact '${String(artifact.name)}' already has a version '${version}'.`);
      throw err;
    }
    return id;
  },
};

const models: Kind = {
  path: 'models',
  table: 'models',
  label: 'model',
  type: 'model',
  idParam: 'model_id',
  projectParams: ['project'],
  fields: { ...common('x'), name: { column: 'x.name', type: 'string', sortable: true } },
  from: 'FROM models x',
  json: (hydrate) =>
    entitySql({
      id: 'x.id',
      name: 'x.name',
      body: SCOPED_BODY,
      hydrate,
      metadata: {
        description: 'x.description',
        license: 'x.license',
        audience: 'x.audience',
        use_cases: 'x.use_cases',
        limitations: 'x.limitations',
        trade_offs: 'x.trade_offs',
        ethics: 'x.ethics',
        save_models_to_registry: TRUE,
      },
      resources: {
        ...USER_RESOURCES,
        latest_version_name: '(SELECT mv.name FROM model_versions mv WHERE mv.model_id = x.id ORDER BY mv.number DESC LIMIT 1)',
        latest_version_id: '(SELECT mv.id FROM model_versions mv WHERE mv.model_id = x.id ORDER BY mv.number DESC LIMIT 1)',
      },
      alwaysResources: true,
    }),
  create(ws, caller, project, _rights, body) {
    const id = newId();
    const name = reqString(body, 'name');
    const ts = now();
    insert(ws, 'models', { id, project_id: project.id, user_id: caller.id, name, ...modelTexts(body), created: ts, updated: ts }, 'model', name);
    return id;
  },
  dependents: [{ table: 'model_versions', type: 'model_version', label: 'model version', column: 'model_id', action: 'delete' }],
  update(ws, row, body) {
    const name = optNonBlank(body, 'name');
    updateColumns(ws, 'models', String(row.id), { name, ...modelTexts(body) }, 'model');
  },
};

function modelTexts(body: Body): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of ['description', 'license', 'audience', 'use_cases', 'limitations', 'trade_offs', 'ethics']) out[k] = optString(body, k, LONG_TEXT);
  return out;
}

/**
 * Moves a model's exclusive stage to this version; with `force`, the holder is archived — which
 * changes the holder, so the caller needs the right to update it (a Contributor may not archive
 * the production version a Developer made).
 */
function claimStage(ws: Workspace, modelId: string, versionId: string | null, stage: string, force: boolean, who: Acting): void {
  if (!EXCLUSIVE_STAGES.has(stage)) return;
  const holder = ws.db.get<Row>('SELECT id, name, user_id FROM model_versions WHERE model_id = ? AND stage = ? AND id IS NOT ?', [modelId, stage, versionId]);
  if (!holder) return;
  if (!force) {
    throw conflict(`Version '${String(holder.name)}' of this model is already in stage '${stage}'. Send "force": true to archive it and move this one there.`);
  }
  if (!who.rights.canOn('model_version', 'update', str(holder.user_id), who.caller.id)) {
    throw forbidden(
      `Insufficient permissions to move version '${String(holder.name)}' out of stage '${stage}': someone else created it, and your role does not allow you to update others' model versions. Ask its creator or a project admin.`,
    );
  }
  ws.db.run("UPDATE model_versions SET stage = 'archived', updated = ? WHERE id = ?", [now(), String(holder.id)]);
}

const modelVersions: Kind = {
  path: 'model_versions',
  table: 'model_versions',
  label: 'model version',
  type: 'model_version',
  idParam: 'model_version_id',
  projectParams: ['project'],
  listScopeParams: ['model', 'model_name_or_id'],
  fields: {
    ...common('x'),
    ...RUN_METADATA,
    name: { column: 'x.name', type: 'string', sortable: true },
    number: { column: 'x.number', type: 'int', sortable: true },
    stage: { column: 'x.stage', type: 'string', sortable: true, values: MODEL_STAGES },
  },
  // ModelVersionFilter requires the model (name or UUID); `model_name_or_id` is the router's
  // older spelling of the same scope. There is no `model_id` filter.
  listScope(ws, project, query) {
    const given = query.get('model') || query.get('model_name_or_id');
    if (!given) throw badRequest('Model scope missing from the filter.');
    const model = isUuid(given)
      ? ws.db.get<Row>('SELECT id FROM models WHERE id = ? AND project_id = ?', [given.toLowerCase(), project.id])
      : ws.db.get<Row>('SELECT id FROM models WHERE name = ? AND project_id = ?', [given, project.id]);
    if (!model) throw notFound(`No model '${given}' exists in project '${project.name}'.`);
    return { condition: 'x.model_id = ?', params: [String(model.id)] };
  },
  from: 'FROM model_versions x JOIN models m ON m.id = x.model_id',
  json: (hydrate) =>
    entitySql({
      id: 'x.id',
      name: 'x.name',
      body: {
        ...SCOPED_BODY,
        stage: 'x.stage',
        number: 'x.number',
        model: entitySql({
          id: 'm.id',
          name: 'm.name',
          body: { created: 'm.created', updated: 'm.updated', user_id: 'm.user_id', project_id: 'm.project_id' },
          hydrate: false,
          metadata: {},
        }),
      },
      hydrate,
      metadata: { description: 'x.description', run_metadata: EMPTY_OBJECT },
      resources: { ...USER_RESOURCES, services: EMPTY_PAGE },
      alwaysResources: true,
    }),
  create(ws, caller, project, rights, body) {
    const modelId = optUuid(body, 'model_id') ?? optUuid(body, 'model');
    if (!modelId) throw invalid("A model version needs 'model' (the model's UUID).");
    const model = inProject(ws, 'models', 'model', modelId, project);
    const next = Number(ws.db.get<{ n: number | null }>('SELECT max(number) AS n FROM model_versions WHERE model_id = ?', [model.id])?.n ?? 0) + 1;
    const name = optString(body, 'name') ?? String(next);
    if (name.trim() === '') throw invalid("'name' must not be empty.");
    const stage = optEnum(body, 'stage', MODEL_STAGES) ?? 'none';
    const id = newId();
    claimStage(ws, String(model.id), null, stage, optBool(body, 'force') ?? false, { caller, rights });
    const ts = now();
    insert(
      ws,
      'model_versions',
      {
        id,
        project_id: project.id,
        user_id: caller.id,
        model_id: String(model.id),
        name,
        number: next,
        stage,
        description: optString(body, 'description', LONG_TEXT) ?? null,
        created: ts,
        updated: ts,
      },
      'model version',
      name,
    );
    return id;
  },
  update(ws, row, body, who) {
    const name = optNonBlank(body, 'name');
    const stage = optEnum(body, 'stage', MODEL_STAGES);
    if (stage) claimStage(ws, String(row.model_id), String(row.id), stage, optBool(body, 'force') ?? false, who);
    updateColumns(ws, 'model_versions', String(row.id), { name, stage, description: optString(body, 'description', LONG_TEXT) }, 'model version');
  },
};

/** A new run's `index`: its place among its pipeline's runs, from 1. */
function runIndex(ws: Workspace, projectId: string, pipelineId: string | null): number {
  const n = ws.db.get<{ n: number | null }>('SELECT max(run_index) AS n FROM pipeline_runs WHERE project_id = ? AND pipeline_id IS ?', [projectId, pipelineId])?.n;
  return Number(n ?? 0) + 1;
}

/** The entity SQL depends only on `hydrate`: build each variant once. */
function memoizeJson(kind: Kind): Kind {
  const built = new Map<boolean, string>();
  const make = kind.json;
  return {
    ...kind,
    json: (hydrate) => {
      let sql = built.get(hydrate);
      if (sql === undefined) built.set(hydrate, (sql = make(hydrate)));
      return sql;
    },
  };
}

export const KINDS: readonly Kind[] = [pipelines, runs, artifacts, artifactVersions, models, modelVersions].map(memoizeJson);

/** The query parameters a kind's list reads itself: its project and any further scope. */
const listScopeParams = (kind: Kind): string[] => [...kind.projectParams, ...(kind.listScopeParams ?? [])];

/**
 * Every query parameter the list route at `path` (`/api/v1/runs`) handles, or undefined when it
 * is no list route of a resource kind.
 */
export function resourceListParams(path: string): string[] | undefined {
  const kind = KINDS.find((k) => `/api/v1/${k.path}` === path);
  return kind && handledParams(kind.fields, listScopeParams(kind));
}

/**
 * The project a flat route works in: the first of `names` given in the query (name or UUID;
 * `project` unless the route says otherwise), else the body's `project`, else the caller's
 * default project, else the server's default project.
 */
export function scopeProject(ws: Workspace, caller: Caller, query: URLSearchParams, body?: Body, names: readonly string[] = ['project']): ProjectRow {
  const fromBody = body && typeof body.project === 'string' ? body.project : undefined;
  if (body && body.project !== undefined && typeof body.project !== 'string') throw invalid("'project' must be a project name or UUID.");
  const given = names.map((n) => query.get(n)).find((v) => v) ?? fromBody;
  if (given) return ws.findProject(given);
  const fallback = ws.db.get<ProjectRow>(
    `SELECT p.* FROM users u JOIN projects p ON p.id = u.default_project_id WHERE u.id = ?
     UNION ALL SELECT * FROM projects WHERE name = ? LIMIT 1`,
    [caller.id, DEFAULT_PROJECT],
  );
  if (!fallback) throw badRequest('Project scope missing from the filter.');
  return fallback;
}

function kindRoutes(ws: Workspace, kind: Kind): Route[] {
  const base = `/api/v1/${kind.path}`;
  const one = `${base}/{${kind.idParam}}`;
  const deny = (action: RoleAction, what: string, project: ProjectRow) =>
    forbidden(`Insufficient permissions to ${action} ${what} in project '${project.name}'.`);

  /** The resource and its project; 404 when missing or outside a `project` the caller named. */
  const load = ({ params, query, caller }: RequestContext, action: RoleAction) => {
    const key = params[kind.idParam];
    let row: Row | undefined;
    // Every one of these paths is typed UUID on real servers: a name is a 422.
    row = ws.db.get<Row>(`SELECT x.* FROM ${kind.table} x WHERE x.id = ?`, [pathUuid(key, `The ${kind.label} ID in the path`)]);
    const named = query.get('project');
    const scope = named ? ws.findProject(named) : undefined;
    if (!row || (scope && scope.id !== row.project_id)) {
      // Names only what the caller gave: a project's name is not told to someone who gave its UUID.
      throw notFound(`No ${kind.label} '${key}' exists${named ? ` in project '${named}'` : ''}.`);
    }
    const project = ws.db.get<ProjectRow>('SELECT * FROM projects WHERE id = ?', [String(row.project_id)])!;
    const rights = ws.memberOf(caller!, project, action);
    if (!rights.canOn(kind.type, action, str(row.user_id), caller!.id)) throw deny(action, `this ${kind.label}`, project);
    return { row, project, who: { caller: caller!, rights } };
  };

  /** 403 unless the caller may also delete or detach every resource that deleting `row` would. */
  const checkDependents = (row: Row, project: ProjectRow, who: Acting) => {
    for (const d of kind.dependents ?? []) {
      if (who.rights.can(d.type, d.action)) continue;
      const others = Number(
        ws.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${d.table} WHERE ${d.column} = ? AND (user_id IS NULL OR user_id <> ?)`, [String(row.id), who.caller.id])?.n ?? 0,
      );
      if (others > 0) {
        const what = d.action === 'delete' ? `would delete ${others} ${d.label}${others === 1 ? '' : 's'}` : `would detach ${others} ${d.label}${others === 1 ? '' : 's'}`;
        throw forbidden(
          `Insufficient permissions to delete this ${kind.label} in project '${project.name}': deleting it ${what} that others created, and your role does not allow you to ${d.action} others' ${d.label}s. Ask a project admin or developer.`,
        );
      }
    }
  };

  const reload = (id: string, hydrate: boolean) =>
    new RawJson(String(ws.db.get<{ e: string }>(`SELECT ${kind.json(hydrate)} AS e ${kind.from} WHERE x.id = ?`, [id])!.e));

  const routes: Route[] = [
    {
      method: 'GET',
      path: base,
      access: 'project',
      body: 'none',
      handler: ({ query, caller }) => {
        const project = scopeProject(ws, caller!, query, undefined, kind.projectParams);
        const rights = ws.memberOf(caller!, project, 'read');
        const q = parseListQuery(query, kind.fields, { tiebreak: 'x.rowid', ignore: listScopeParams(kind) });
        const conditions = ['x.project_id = ?'];
        const params: SqlValue[] = [project.id];
        const scope = kind.listScope?.(ws, project, query);
        if (scope) {
          conditions.push(scope.condition);
          params.push(...scope.params);
        }
        // Without read rights on the kind a member still sees what they created.
        const readable = readableRows(rights, kind.type, caller!);
        conditions.push(...readable.conditions);
        params.push(...readable.params);
        const { total, rows } = listRows(
          ws.db,
          {
            columns: `${kind.json(q.hydrate)} AS e`,
            from: kind.from,
            conditions,
            params,
            // The count the project's statistics give too.
            unfilteredTotal: !scope ? () => readableTotal(ws, project, rights, caller!, kind) : undefined,
          },
          q,
        );
        return rawPageOf(q, total, (rows as { e: string }[]).map((r) => r.e));
      },
    },
    {
      method: 'POST',
      path: base,
      access: 'project',
      body: 'json',
      handler: ({ query, caller, body }) => {
        const project = scopeProject(ws, caller!, query, body);
        const rights = ws.memberOf(caller!, project, 'create');
        if (!rights.can(kind.type, 'create')) throw deny('create', `${kind.label}s`, project);
        const id = ws.db.transaction(() => kind.create(ws, caller!, project, rights, body));
        return reload(id, true);
      },
    },
    {
      method: 'GET',
      path: one,
      access: 'project',
      body: 'none',
      handler: (ctx) => reload(String(load(ctx, 'read').row.id), boolParam(ctx.query, 'hydrate', true)),
    },
  ];
  if (kind.update) {
    const update = kind.update;
    routes.push({
      method: 'PUT',
      path: one,
      access: 'project',
      body: 'json',
      handler: (ctx) => {
        const { row, who } = load(ctx, 'update');
        ws.db.transaction(() => update(ws, row, ctx.body, who));
        return reload(String(row.id), true);
      },
    });
  }
  routes.push({
    method: 'DELETE',
    path: one,
    access: 'project',
    body: 'none',
    handler: (ctx) => {
      const { row, project, who } = load(ctx, 'delete');
      ws.db.transaction(() => {
        checkDependents(row, project, who);
        ws.db.run(`DELETE FROM ${kind.table} WHERE id = ?`, [String(row.id)]);
      });
      return null;
    },
  });
  return routes;
}

export function resourceRoutes(ws: Workspace): Route[] {
  return KINDS.flatMap((k) => kindRoutes(ws, k));
}

/** Creates a resource as `caller` without a request (seeding); the caller must hold create rights. */
export function createResourceAs(ws: Workspace, caller: Caller, project: ProjectRow, path: string, body: Body): string {
  const kind = KINDS.find((k) => k.path === path);
  if (!kind) throw new Error(`No resource kind '${path}'.`);
  const rights = ws.access.rights(caller, project.id);
  if (!rights.can(kind.type, 'create')) throw forbidden(`'${caller.name}' may not create ${kind.label}s in project '${project.name}'.`);
  return ws.db.transaction(() => kind.create(ws, caller, project, rights, body));
}
