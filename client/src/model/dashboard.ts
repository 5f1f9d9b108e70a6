/**
 * Where a project is in the workspace's dashboard, following ZenML's own links
 * (`zenml.utils.dashboard_utils`): a ZenML Pro workspace addresses projects by UUID under its
 * dashboard URL, a self-hosted server by name. A workspace without a dashboard (the local one)
 * has no link, and the command is not offered.
 */
import type { Project, ServerInfo } from '../../../common/api/types';

export function dashboardBase(info: ServerInfo): string | undefined {
  const trim = (u: string | null | undefined) => (u && /^https?:\/\//.test(u) ? u.replace(/\/+$/, '') : undefined);
  const direct = trim(info.dashboard_url);
  if (direct) return direct;
  const pro = trim(info.pro_dashboard_url);
  if (pro && info.pro_workspace_id) return `${pro}/workspaces/${encodeURIComponent(info.pro_workspace_id)}`;
  return undefined;
}

export function projectDashboardUrl(info: ServerInfo, project: Pick<Project, 'id' | 'name'>): string | undefined {
  const base = dashboardBase(info);
  if (!base) return undefined;
  const cloud = info.deployment_type === 'cloud';
  const key = cloud || !project.name ? project.id : project.name;
  return `${base}/projects/${encodeURIComponent(key)}`;
}
