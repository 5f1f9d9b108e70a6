/**
 * The query parameters each list route of the local workspace handles — applied as a filter,
 * matching nothing (data the local workspace never has), or read as an option or a scope — by
 * path. A parameter ZenML's API lists for a route and this does not name would be ignored, and a
 * client that filters would get every row back: the contract tests hold the two together.
 */
import { handledParams } from './listQuery';
import { LINK_FIELDS } from './modelVersionArtifacts';
import { PROJECT_FIELDS } from './projects';
import { resourceListParams } from './resources';
import { usersFields } from './users';

/** The parameters the list route at `path` (e.g. `/api/v1/runs`) handles; undefined for no list route. */
export function listRouteParams(path: string): string[] | undefined {
  switch (path) {
    case '/api/v1/users':
      // The same names in both editions; only what external_user_id matches differs.
      return handledParams(usersFields(true));
    case '/api/v1/projects':
      return handledParams(PROJECT_FIELDS);
    case '/api/v1/model_version_artifacts':
      return handledParams(LINK_FIELDS);
    default:
      return resourceListParams(path);
  }
}
