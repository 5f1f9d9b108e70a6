/**
 * Contract fixtures: answers of a real ZenML server of each version the client is tested
 * against, shaped exactly as that version's models say (common/zenml/contract/models.ts; the
 * fixture test checks each one against its version in strict mode, so they cannot drift).
 * Differences between the versions are the point: 0.84 embeds a run's pipeline in its body,
 * the current release sends `pipeline_id`, `in_progress` and `index` and puts the pipeline in
 * `resources`; the current release has more run statuses.
 */
import type { ZenmlVersion } from '../../common/zenml/contract';

const PROJECT = '5a0f3c56-7a53-4c64-9f35-1e2b4c6d8e01';
const USER = '0c8d8b0e-9a1f-4bb4-8a4e-3f2d1c0b9a87';
export const IDS = {
  project: PROJECT,
  user: USER,
  pipeline: '7d4e2b1a-3c5f-4e6d-8a9b-0c1d2e3f4a5b',
  run: '8e5f3c2b-4d6a-4f7e-9b0c-1d2e3f4a5b6c',
  artifact: '9f6a4d3c-5e7b-4a8f-8c1d-2e3f4a5b6c7d',
  artifactVersion: 'a07b5e4d-6f8c-4b9a-9d2e-3f4a5b6c7d8e',
  model: 'b18c6f5e-7a9d-4cab-8e3f-4a5b6c7d8e9f',
  modelVersion: 'c29d7a6f-8bae-4dbc-9f4a-5b6c7d8e9fa0',
};
const T = '2025-07-20T09:15:00.123456';
const dated = { created: T, updated: T };
const scoped = { ...dated, user_id: USER, project_id: PROJECT };
const userRef = { id: USER, name: 'ada', permission_denied: false, body: null, metadata: null, resources: null };

function page<T>(items: T[]) {
  return { index: 1, max_size: 20, total_pages: 1, total: items.length, items };
}

const pipeline = { id: IDS.pipeline, name: 'training', permission_denied: false, body: scoped, metadata: null, resources: { user: userRef, tags: [], latest_run_id: IDS.run, latest_run_status: 'completed', latest_run_user: userRef } };
const pipelineRef = { id: IDS.pipeline, name: 'training', permission_denied: false, body: scoped, metadata: null, resources: null };
const artifact = { id: IDS.artifact, name: 'dataset', permission_denied: false, body: scoped, metadata: null, resources: { user: userRef, tags: [], latest_version_name: '3', latest_version_id: IDS.artifactVersion } };
const artifactRef = { ...artifact, resources: null };
const model = { id: IDS.model, name: 'classifier', permission_denied: false, body: scoped, metadata: null, resources: { user: userRef, tags: [], latest_version_name: 'v2', latest_version_id: IDS.modelVersion } };
const modelRef = { ...model, resources: null };

/** `GET /api/v1/runs` items of each version. */
function run(v: ZenmlVersion, status: string) {
  return v === '0.84'
    ? { id: IDS.run, name: 'training-run-1', permission_denied: false, body: { ...scoped, status, pipeline: pipelineRef, stack: null, build: null, schedule: null, code_reference: null, deployment_id: null, trigger_execution: null, model_version_id: null }, metadata: null, resources: { user: userRef, tags: [] } }
    : { id: IDS.run, name: 'training-run-1', permission_denied: false, body: { ...scoped, status, in_progress: status === 'running', index: 1, pipeline_id: IDS.pipeline, status_reason: null }, metadata: null, resources: { user: userRef, tags: [], pipeline: pipelineRef } };
}

function artifactVersion(v: ZenmlVersion) {
  const body: Record<string, unknown> = {
    ...scoped,
    artifact: artifactRef,
    version: '3',
    uri: 's3://bucket/dataset/3',
    type: 'DataArtifact',
    materializer: { module: 'zenml.integrations.pandas.materializers.pandas_materializer', attribute: 'PandasMaterializer', type: 'internal' },
    data_type: { module: 'pandas.core.frame', attribute: 'DataFrame', type: 'distribution_package', package_name: 'pandas' },
    save_type: 'step_output',
    artifact_store_id: null,
  };
  if (v === 'current') Object.assign(body, { content_hash: null, item_count: null });
  return { id: IDS.artifactVersion, permission_denied: false, body, metadata: null, resources: { user: userRef, tags: [], producer_pipeline_run_id: IDS.run, producer_step_run_id: null } };
}

const modelVersion = {
  id: IDS.modelVersion,
  name: 'v2',
  permission_denied: false,
  body: { ...scoped, stage: 'production', number: 2, model: modelRef },
  metadata: null,
  resources: { user: userRef, services: page([]), tags: [] },
};

/** A link of the model version to the artifact version (`ModelVersionArtifactResponse`, both versions). */
function modelVersionArtifact(v: ZenmlVersion) {
  const embedded = { ...artifactVersion(v), resources: null };
  return { id: 'd3ae8b7a-0cbf-4ecd-8a5b-6c7d8e9fa0b2', permission_denied: false, body: { ...dated, model_version: IDS.modelVersion, artifact_version: embedded }, metadata: null, resources: null };
}

/** Answers of a real server of `v`, by contract route id. */
export function answers(v: ZenmlVersion): Record<string, unknown> {
  return {
    info: {
      id: 'd3ae8b7a-9cbf-4ecd-8a5b-6c7d8e9fa0b1',
      name: 'acme-prod',
      // A version string only: the client shows it and does not interpret it.
      version: v === '0.84' ? '0.84.0' : '0.90.0',
      active: true,
      debug: false,
      deployment_type: 'cloud',
      database_type: 'mysql',
      secrets_store_type: 'sql',
      auth_scheme: 'EXTERNAL',
      server_url: 'https://acme.zenml.example',
      dashboard_url: 'https://cloud.zenml.example/workspaces/acme-prod',
      analytics_enabled: true,
      metadata: {},
      last_user_activity: T,
      pro_dashboard_url: 'https://cloud.zenml.example',
      pro_api_url: 'https://cloudapi.zenml.example',
      pro_organization_id: 'e4bf9c8b-adc0-4fde-9b6c-7d8e9fa0b1c2',
      pro_organization_name: 'acme',
      pro_workspace_id: 'd3ae8b7a-9cbf-4ecd-8a5b-6c7d8e9fa0b1',
      pro_workspace_name: 'acme-prod',
    },
    'current-user': {
      id: USER,
      name: 'ada',
      permission_denied: false,
      body: { ...dated, active: true, activation_token: null, full_name: 'Ada Lovelace', email_opted_in: null, is_service_account: false, is_admin: false, default_project_id: PROJECT, avatar_url: null },
      metadata: { email: 'ada@acme.example', external_user_id: 'f5ca0d9c-bed1-4aef-8c7d-8e9fa0b1c2d3', user_metadata: {} },
      resources: {},
    },
    'list:projects': page([{ id: PROJECT, name: 'fraud-detection', permission_denied: false, body: { ...dated, display_name: 'Fraud Detection' }, metadata: null, resources: null }]),
    'list:pipelines': page([pipeline]),
    'list:runs': page([run(v, 'completed'), { ...run(v, 'running'), id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', name: 'training-run-2' }]),
    'list:artifacts': page([artifact]),
    'list:artifact_versions': page([artifactVersion(v)]),
    'list:models': page([model]),
    'list:model_versions': page([modelVersion]),
    'list:model_version_artifacts': page([modelVersionArtifact(v)]),
    'create:model_version_artifacts': { ...modelVersionArtifact(v), metadata: {} },
  };
}
