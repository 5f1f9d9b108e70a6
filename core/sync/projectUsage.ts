/**
 * What a project holds and how busy it is: pipelines and runs from the project's statistics
 * endpoint, artifacts, artifact versions and models from list totals (one item per request), runs
 * in the last 30 days and the newest run's date — so an idle project stands out. One use case for
 * the CLI's `usage` and the editor.
 *
 * Every count is what the caller's role lets them read: ZenML filters the statistics
 * (`get_project_statistics` in zen_server/routers/projects_endpoints.py) with the same RBAC rule as
 * its lists, so the runs counted and the runs listed agree.
 */
import type { ZenmlApi } from '../../common/api/zenmlApi';
import { plural } from '../../common/plural';

export interface ProjectUsage {
  project: string;
  pipelines: number;
  runs: number;
  /** Artifacts, artifact versions and models: list totals. */
  artifacts: number;
  artifactVersions: number;
  models: number;
  /** Runs created in the `recentDays` days before `now`. */
  recentRuns: number;
  recentDays: number;
  /** ISO-8601 creation time of the newest run, or null without runs. */
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
    api.listResources('runs', project, { size: 1, sort_by: 'desc:created' }, signal),
  ]);
  const created = newest.items[0]?.body?.created;
  return {
    project,
    pipelines: stats.pipelines,
    runs: stats.runs,
    artifacts: artifacts.total,
    artifactVersions: versions.total,
    models: models.total,
    recentRuns: recent.total,
    recentDays,
    newestRun: typeof created === 'string' ? created : null,
  };
}

/** One line per project, for a terminal. */
export function formatUsage(u: ProjectUsage): string {
  const newest = u.newestRun ? `newest run ${u.newestRun.slice(0, 10)}` : 'no runs yet';
  return `${u.project}: ${plural(u.pipelines, 'pipeline')}, ${plural(u.runs, 'run')} (${u.recentRuns} in the last ${u.recentDays} days, ${newest}), ${plural(u.artifacts, 'artifact')} (${plural(u.artifactVersions, 'version')}), ${plural(u.models, 'model')}`;
}
