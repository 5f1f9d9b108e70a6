/** Every endpoint of the local workspace, in one table. */
import type { Route } from '../http/router';
import { modelVersionArtifactRoutes } from './modelVersionArtifacts';
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
      handler: () => {
        const pro = ws.edition === 'pro';
        return {
          id: ws.serverId,
          name: ws.name,
          version: ZENML_API_VERSION,
          active: true,
          debug: false,
          // A ZenML Pro workspace says "cloud" and fills the pro_* fields; any other server leaves
          // them null (zenml-io/zenml src/zenml/models/v2/misc/server_models.py).
          deployment_type: pro ? 'cloud' : 'local',
          database_type: 'sqlite',
          secrets_store_type: 'none',
          auth_scheme: 'OAUTH2_PASSWORD_BEARER',
          server_url: ws.serverUrl,
          dashboard_url: '',
          analytics_enabled: false,
          metadata: { local_workspace: 'true' },
          last_user_activity: null,
          // No dashboard is served here, so there is no URL to give.
          pro_dashboard_url: null,
          pro_api_url: pro ? ws.proApiUrl : null,
          pro_organization_id: pro ? ws.organizationId : null,
          pro_organization_name: pro ? ORGANIZATION_NAME : null,
          pro_workspace_id: pro ? ws.serverId : null,
          pro_workspace_name: pro ? ws.name : null,
        };
      },
    },
  ];
}

export function allRoutes(ws: Workspace): Route[] {
  return [...infoRoutes(ws), ...userRoutes(ws), ...projectRoutes(ws), ...resourceRoutes(ws), ...modelVersionArtifactRoutes(ws)];
}
