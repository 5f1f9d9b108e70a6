/**
 * Links between model versions and the artifact versions they hold, on ZenML's
 * `/api/v1/model_version_artifacts` (zenml src/zenml/zen_server/routers/model_versions_endpoints.py,
 * `model_version_artifacts_router`; models in src/zenml/models/v2/core/model_version_artifact.py).
 *
 * - `GET` lists links with `ModelVersionArtifactFilter`'s filters. ZenML's route is not scoped
 *   to a project, checks nothing beyond sign-in (`list_model_version_artifact_links`: only
 *   `Security(authorize)`) and answers every link whole. Here every matching link of the
 *   caller's projects is listed and counted in `total`, whatever their role may read — a client
 *   asking "is this version linked?" gets the true answer — but the local workspace keeps its own
 *   rule that a caller sees only what they may read: an embedded artifact version their role may
 *   not read is dehydrated the way ZenML Pro's RBAC dehydrates elsewhere (zen_server/rbac/utils.py
 *   `get_permission_denied_model`: id kept, `body`, `metadata` and `resources` null,
 *   `permission_denied: true`), and a project the caller is no member of shows no links at all.
 *   The link's own body holds only the model version's UUID.
 * - `POST` links `{model_version, artifact_version}` (`ModelVersionArtifactRequest`). As in
 *   ZenML's router, the caller needs `update` on the model version
 *   (`verify_permission_for_model(model_version, action=Action.UPDATE)`); here also `read` on the
 *   artifact version, whose body the answer carries. Linking a pair that is linked already
 *   answers the existing link.
 */
import type { Row } from '../db/database';
import { forbidden, invalid, notFound } from '../http/errors';
import { RawJson } from '../http/rawJson';
import type { Caller, Route } from '../http/router';
import { optUuid } from './bodies';
import { newId } from './ids';
import { listRows } from './listing';
import { parseListQuery, rawPageOf, type FieldTable } from './listQuery';
import { ARTIFACT_VERSION_REF, namedUser } from './resources';
import { EMPTY_OBJECT, FALSE, obj } from './sqlJson';
import { now } from './time';
import type { ProjectRow, Workspace } from './workspace';

const PATH = '/api/v1/model_version_artifacts';

/** The link `l`, its model version `mv`, its artifact version `x` and that version's artifact `a`. */
const FROM =
  'FROM model_version_artifacts l JOIN model_versions mv ON mv.id = l.model_version_id JOIN artifact_versions x ON x.id = l.artifact_version_id JOIN artifacts a ON a.id = x.artifact_id';

/**
 * `ModelVersionArtifactFilter` (both versions): BaseFilter's id/created/updated, the link's two
 * IDs, and custom filters on the artifact version — its artifact's name and `has_custom_name`,
 * its type (`only_data_artifacts`: neither ModelArtifact nor ServiceArtifact; `only_model_artifacts`:
 * ModelArtifact; `only_deployment_artifacts`: ServiceArtifact) and its creator (`user`).
 */
export const LINK_FIELDS: FieldTable = {
  id: { column: 'l.id', type: 'uuid', sortable: true },
  created: { column: 'l.created', type: 'datetime', sortable: true },
  updated: { column: 'l.updated', type: 'datetime', sortable: true },
  model_version_id: { column: 'l.model_version_id', type: 'uuid', sortable: true },
  artifact_version_id: { column: 'l.artifact_version_id', type: 'uuid', sortable: true },
  artifact_name: { column: 'a.name', type: 'string' },
  only_data_artifacts: { column: "x.type NOT IN ('ServiceArtifact', 'ModelArtifact')", type: 'flag' },
  only_model_artifacts: { column: "x.type = 'ModelArtifact'", type: 'flag' },
  only_deployment_artifacts: { column: "x.type = 'ServiceArtifact'", type: 'flag' },
  has_custom_name: { column: 'a.has_custom_name', type: 'bool' },
  user: namedUser((ids) => `x.user_id IN (${ids})`),
};

/**
 * `ModelVersionArtifactResponse`: body `{created, updated, model_version, artifact_version}` with
 * the artifact version embedded; metadata `{}` (`BaseResponseMetadata`) when hydrated; no
 * resources (ZenML's schema builds none).
 */
function linkJson(hydrate: boolean): string {
  return obj({
    id: 'l.id',
    permission_denied: FALSE,
    body: obj({ created: 'l.created', updated: 'l.updated', model_version: 'l.model_version_id', artifact_version: ARTIFACT_VERSION_REF }),
    metadata: hydrate ? EMPTY_OBJECT : 'NULL',
    resources: 'NULL',
  });
}

/** Whether `caller` may read an artifact version of a project, by its creator; rights read once per project. */
function artifactVersionReader(ws: Workspace, caller: Caller): (projectId: string, creatorId: string | null) => boolean {
  if (caller.isAdmin || ws.edition === 'oss') return () => true;
  const byProject = new Map<string, ReturnType<Workspace['access']['rights']>>();
  return (projectId, creatorId) => {
    let rights = byProject.get(projectId);
    if (!rights) byProject.set(projectId, (rights = ws.access.rights(caller, projectId)));
    return rights.canOn('artifact_version', 'read', creatorId, caller.id);
  };
}

/** The link with its artifact version dehydrated (`get_permission_denied_model`): only its id stays. */
function withDeniedArtifactVersion(linkText: string): string {
  const link = JSON.parse(linkText) as { body: { artifact_version: { id: string } } };
  link.body.artifact_version = { id: link.body.artifact_version.id, permission_denied: true, body: null, metadata: null, resources: null } as typeof link.body.artifact_version;
  return JSON.stringify(link);
}

function reqUuid(body: Record<string, unknown>, key: string): string {
  const v = optUuid(body, key);
  if (v === undefined) throw invalid(`'${key}' is required: a UUID.`);
  return v;
}

export function modelVersionArtifactRoutes(ws: Workspace): Route[] {
  const reload = (id: string, hydrate: boolean) => new RawJson(String(ws.db.get<{ e: string }>(`SELECT ${linkJson(hydrate)} AS e ${FROM} WHERE l.id = ?`, [id])!.e));

  return [
    {
      method: 'GET',
      path: PATH,
      access: 'user',
      body: 'none',
      handler: ({ query, caller }) => {
        const q = parseListQuery(query, LINK_FIELDS, { tiebreak: 'l.rowid' });
        // Members of a project see all its links, dehydrated where their role may not read the
        // artifact version — what a clean-up needs to keep a model's artifacts. Those who are no
        // member see none of its links (stricter than ZenML, which lists every link whole: the
        // local workspace tells a non-member nothing of a project, not even its IDs).
        const visible = ws.visibleProjectsClause(caller!, 'x.project_id');
        const { total, rows } = listRows<{ e: string; project_id: string; user_id: string | null }>(
          ws.db,
          { columns: `${linkJson(q.hydrate)} AS e, x.project_id AS project_id, x.user_id AS user_id`, from: FROM, conditions: visible.sql ? [visible.sql] : [], params: visible.params },
          q,
        );
        const readable = artifactVersionReader(ws, caller!);
        return rawPageOf(q, total, rows.map((r) => (readable(r.project_id, r.user_id) ? r.e : withDeniedArtifactVersion(r.e))));
      },
    },
    {
      method: 'POST',
      path: PATH,
      access: 'project',
      body: 'json',
      handler: ({ caller, body }) => {
        const modelVersionId = reqUuid(body, 'model_version');
        const artifactVersionId = reqUuid(body, 'artifact_version');
        const id = ws.db.transaction(() => link(ws, caller!, modelVersionId, artifactVersionId));
        return reload(id, true);
      },
    },
  ];
}

/** Links the two (inside a transaction) and returns the link's ID; an existing link is kept. */
function link(ws: Workspace, caller: Caller, modelVersionId: string, artifactVersionId: string): string {
  const mv = ws.db.get<Row>('SELECT id, name, user_id, project_id FROM model_versions WHERE id = ?', [modelVersionId]);
  if (!mv) throw notFound(`No model version with the ID '${modelVersionId}' exists.`);
  const project = ws.db.get<ProjectRow>('SELECT * FROM projects WHERE id = ?', [String(mv.project_id)])!;
  const rights = ws.memberOf(caller, project, 'update');
  if (!rights.canOn('model_version', 'update', mv.user_id === null ? null : String(mv.user_id), caller.id)) {
    throw forbidden(
      `Insufficient permissions to link artifacts to this model version in project '${project.name}': linking updates the model version, and your role does not allow you to update others' model versions. Ask its creator or a project admin or developer.`,
    );
  }
  // Other projects' artifact versions do not exist here, as for every project-scoped reference.
  const av = ws.db.get<Row>('SELECT id, user_id FROM artifact_versions WHERE id = ? AND project_id = ?', [artifactVersionId, project.id]);
  if (!av) throw notFound(`No artifact version with the ID '${artifactVersionId}' exists in project '${project.name}'.`);
  if (!rights.canOn('artifact_version', 'read', av.user_id === null ? null : String(av.user_id), caller.id)) {
    throw forbidden(`Insufficient permissions to read this artifact version in project '${project.name}'.`);
  }
  const existing = ws.db.get<{ id: string }>('SELECT id FROM model_version_artifacts WHERE model_version_id = ? AND artifact_version_id = ?', [modelVersionId, artifactVersionId]);
  if (existing) return existing.id;
  const id = newId();
  const ts = now();
  ws.db.run('INSERT INTO model_version_artifacts (id, model_version_id, artifact_version_id, created, updated) VALUES (?, ?, ?, ?, ?)', [id, modelVersionId, artifactVersionId, ts, ts]);
  return id;
}

/** Links as `caller` without a request (seeding), with the same checks. */
export function linkModelVersionArtifactAs(ws: Workspace, caller: Caller, modelVersionId: string, artifactVersionId: string): string {
  return ws.db.transaction(() => link(ws, caller, modelVersionId, artifactVersionId));
}
