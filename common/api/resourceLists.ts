/**
 * The resource lists the project tree shows, as requests: one place that says which route,
 * which scope and which order each list uses, so the tree and the contract tests send the same
 * requests. Scopes follow ZenML's filters (common/zenml/contract/routes.ts): runs of a pipeline
 * by `pipeline_id`, versions of an artifact by `artifact_id`, versions of a model by `model`
 * (the model version filter's required scope; there is no `model_id`).
 */
import type { ArtifactVersion, ModelVersion, Page, PipelineRun } from './types';
import type { ListQuery, ResourceTypes, ZenmlApi } from './zenmlApi';

/** A project's top-level resource lists, each sorted by name. */
export type TopList = 'pipelines' | 'artifacts' | 'models';

/** The lists the tree pages through, with the order it shows them in. */
export const LIST_ORDER = { top: 'asc:name', runs: 'desc:created', artifactVersions: 'desc:created', modelVersions: 'desc:number' } as const;

/** A page of a project's pipelines, artifacts or models. */
export function listTop<K extends TopList>(api: ZenmlApi, kind: K, projectId: string, q: ListQuery, signal?: AbortSignal): Promise<Page<ResourceTypes[K]>> {
  return api.listResources(kind, projectId, { ...q, sort_by: LIST_ORDER.top }, signal);
}

/** A page of a pipeline's runs, newest first. */
export function listRuns(api: ZenmlApi, projectId: string, pipelineId: string, q: ListQuery, signal?: AbortSignal): Promise<Page<PipelineRun>> {
  return api.listResources('runs', projectId, { ...q, sort_by: LIST_ORDER.runs, filters: { ...q.filters, pipeline_id: pipelineId } }, signal);
}

/** A page of an artifact's versions, newest first. */
export function listArtifactVersions(api: ZenmlApi, projectId: string, artifactId: string, q: ListQuery, signal?: AbortSignal): Promise<Page<ArtifactVersion>> {
  return api.listResources('artifactVersions', projectId, { ...q, sort_by: LIST_ORDER.artifactVersions, filters: { ...q.filters, artifact_id: artifactId } }, signal);
}

/** A page of a model's versions, highest number first; `model` is the model's UUID or name. */
export function listModelVersions(api: ZenmlApi, projectId: string, model: string, q: ListQuery, signal?: AbortSignal): Promise<Page<ModelVersion>> {
  return api.listResources('modelVersions', projectId, { ...q, sort_by: LIST_ORDER.modelVersions, filters: { ...q.filters, model } }, signal);
}
