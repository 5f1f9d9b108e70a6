/** Every endpoint of the local workspace, in one table. */
import type { Route } from '../http/router';
import { proRoutes, PRO_PREFIX } from './pro';
import { projectRoutes } from './projects';
import { resourceRoutes } from './resources';
import { userRoutes } from './users';
import { ORGANIZATION_NAME, ZENML_API_VERSION, type Workspace } from './workspace';

function infoRoutes(ws: Workspace): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/info',
      access: 'public',
      body: 'none',
      handler: () => ({
        id: ws.serverId,
        name: ws.name,
        version: ZENML_API_VERSION,
        active: true,
        debug: false,
        // Not "cloud": clients log in with passwords and API keys here, not through ZenML Pro's
        // login; the pro_* fields still name where the access-control API lives.
        deployment_type: 'local',
        database_type: 'sqlite',
        secrets_store_type: 'none',
        auth_scheme: 'OAUTH2_PASSWORD_BEARER',
        server_url: ws.serverUrl,
        dashboard_url: '',
        analytics_enabled: false,
        metadata: { local_workspace: 'true' },
        last_user_activity: null,
        pro_dashboard_url: null,
        pro_api_url: ws.proApiUrl,
        pro_organization_id: ws.organizationId,
        pro_organization_name: ORGANIZATION_NAME,
        pro_workspace_id: ws.serverId,
        pro_workspace_name: ws.name,
      }),
    },
  ];
}

export function allRoutes(ws: Workspace): Route[] {
  return [...infoRoutes(ws), ...userRoutes(ws), ...projectRoutes(ws), ...resourceRoutes(ws), ...proRoutes(ws)];
}

export { PRO_PREFIX };
