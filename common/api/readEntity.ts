/**
 * Reading the fields the product shows from ZenML's entities, where real servers carry them
 * (common/zenml/contract): a pipeline's latest run and an artifact's or model's latest version
 * live in `resources`, not `body`; a run's pipeline is in the body on ZenML 0.84 and in
 * `pipeline_id`/`resources.pipeline` on the current release. Pure, so the tree, the CLI and the
 * tests read alike.
 */
import { EXECUTION_STATUS_CURRENT, MODEL_STAGES } from '../zenml/contract/models';
import type { Artifact, Model, Pipeline, PipelineRun } from './types';

/** The status of a pipeline's latest run (ZenML's `resources.latest_run_status`), if any. */
export function latestRunStatus(p: Pipeline): string | undefined {
  const s = p.resources?.latest_run_status;
  return typeof s === 'string' ? s : undefined;
}

/** The name of an artifact's or a model's latest version (`resources.latest_version_name`), if any. */
export function latestVersionName(e: Artifact | Model): string | undefined {
  const v = e.resources?.latest_version_name;
  return typeof v === 'string' ? v : undefined;
}

/** The UUID of a run's pipeline: `body.pipeline_id` (current), `resources.pipeline` or 0.84's `body.pipeline`. */
export function runPipelineId(run: PipelineRun): string | undefined {
  return run.body?.pipeline_id ?? run.resources?.pipeline?.id ?? run.body?.pipeline?.id ?? undefined;
}

/**
 * Whether this client knows a run status. A newer ZenML may add statuses (the current release
 * added seven to 0.84's nine); an unknown one is shown as sent, with a note, never refused.
 */
export function isKnownRunStatus(status: string): boolean {
  return (EXECUTION_STATUS_CURRENT as readonly string[]).includes(status);
}

/** Whether this client knows a model stage (`none`, `staging`, `production`, `archived`). */
export function isKnownModelStage(stage: string): boolean {
  return (MODEL_STAGES as readonly string[]).includes(stage);
}
