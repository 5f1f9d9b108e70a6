/**
 * What a project holds and how busy it is: pipelines and runs from the project's statistics
 * endpoint, artifacts, artifact versions and models from list totals (one item per request), runs
 * in the last 30 days and the newest run's date — so an idle project stands out. One use case for
 * the CLI's `usage` and the editor.
 *
 * A caller whose role reads only some runs (ZenML lists a run to a user whose role lacks
 * `pipeline_run: read` only when they created it) may be told of more runs by the statistics than
 * the runs list holds for them. The recent activity is then unknown to this caller — the runs
 * they cannot read may be recent — and is reported as hidden, never as zero. ZenML's own
 * statistics (`get_project_statistics` in zen_server/routers/projects_endpoints.py) count with the
 * same RBAC filter as its lists, so there the two agree; a workspace whose statistics count every
 * run is where they part.
 */
import type { ZenmlApi } from '../../common/api/zenmlApi';
import { plural } from '../../common/plural';

export interface ProjectUsage {
  project: string;
  pipelines: number;
  /** Runs as the statistics count them. */
  runs: number;
  /** Of those, the runs the caller's role does not let them list (0 when they may list all). */
  hiddenRuns: number;
  /**
   * Artifacts, artifact versions and models the caller may list: ZenML filters these lists by the
   * caller's role, and nothing reports an unfiltered total to compare them with.
   */
  artifacts: number;
  artifactVersions: number;
  models: number;
  /** Runs created in the `recentDays` days before `now`; null when `hiddenRuns` makes it unknown. */
  recentRuns: number | null;
  recentDays: number;
  /** ISO-8601 creation time of the newest run; null without runs, or when `hiddenRuns` makes it unknown. */
  newestRun: string | null;
}

/**
 * ZenML's datetime filter format (`FILTERING_DATETIME_FORMAT`, "%Y-%m-%d %H:%M:%S" in
 * zenml/constants.py), in UTC.
 */
export function filterTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** Reads the usage of one project (name or UUID): six requests; throws the API's errors. */
export async function readProjectUsage(api: ZenmlApi, project: string, now = new Date(), recentDays = 30, signal?: AbortSignal): Promise<ProjectUsage> {
  const since = new Date(now.getTime() - recentDays * 24 * 3600 * 1000);
  const [stats, artifacts, versions, models, recent, newest] = await Promise.all([
    api.projectStatistics(project, signal),
    api.listResources('artifacts', project, { size: 1 }, signal),
    api.listResources('artifactVersions', project, { size: 1 }, signal),
    api.listResources('models', project, { size: 1 }, signal),
    api.listResources('runs', project, { size: 1, filters: { created: `gte:${filterTime(since)}` } }, signal),
    // Unfiltered but for the order: its total is every run the caller may list.
    api.listResources('runs', project, { size: 1, sort_by: 'desc:created' }, signal),
  ]);
  const hiddenRuns = Math.max(0, stats.runs - newest.total);
  const created = newest.items[0]?.body?.created;
  return {
    project,
    pipelines: stats.pipelines,
    runs: stats.runs,
    hiddenRuns,
    artifacts: artifacts.total,
    artifactVersions: versions.total,
    models: models.total,
    recentRuns: hiddenRuns ? null : recent.total,
    recentDays,
    newestRun: hiddenRuns || typeof created !== 'string' ? null : created,
  };
}

/** One line per project, for a terminal. */
export function formatUsage(u: ProjectUsage): string {
  const activity =
    u.recentRuns === null
      ? `recent activity unknown: your role cannot read ${u.hiddenRuns} of them`
      : `${u.recentRuns} in the last ${u.recentDays} days, ${u.newestRun ? `newest run ${u.newestRun.slice(0, 10)}` : 'no runs yet'}`;
  return `${u.project}: ${plural(u.pipelines, 'pipeline')}, ${plural(u.runs, 'run')} (${activity}), ${plural(u.artifacts, 'artifact')} (${plural(u.artifactVersions, 'version')}), ${plural(u.models, 'model')}`;
}
