/**
 * ZenML Pro's management API (at `/info`'s `pro_api_url`, its own origin and credentials): the
 * routes and models the product uses for members and roles.
 *
 * Source: the Pro API reference on docs.zenml.io (rendered from the Pro API's OpenAPI):
 * `/auth/login`, `/users/me`, `/users`, `/organizations`, `/workspaces`, `POST /roles`,
 * `GET|PATCH|DELETE /roles/{role_id}`, `GET|POST /roles/{role_id}/assignments`. Lists are plain
 * JSON arrays paged by `offset`/`limit`. Routes the public reference does not show (`GET /roles`,
 * teams and their members, `DELETE` of an assignment) are marked `documented: false`: the
 * client degrades gracefully where a real Pro server lacks them.
 *
 * Pro models are open (extra fields allowed even in strict mode): the reference shows their
 * fields, not a closed schema.
 */
import type { ContractRoute, QueryParam } from './routes';
import { arrayOf, bool, int, model, nullable, str, uuid, type Schema } from './schema';

const user = model({ id: uuid }, { username: nullable(str), name: nullable(str), email: nullable(str), is_active: bool, is_superuser: bool, is_service_account: bool, organization_id: nullable(uuid) }, { open: true });
const team = model({ id: uuid, name: str }, { description: nullable(str), organization_id: nullable(uuid) }, { open: true });
const permission = model({ resource_type: str, action: str }, {}, { open: true });
const role = model({ id: uuid, name: str }, { description: nullable(str), permissions: arrayOf(permission), organization_id: nullable(uuid) }, { open: true });
const assignment = model(
  {},
  { user: nullable(user), team: nullable(team), invitation: nullable(model({}, {}, { open: true })), role: nullable(role), organization_id: nullable(uuid), workspace_id: nullable(uuid), project_id: nullable(uuid) },
  { open: true },
);
const token = model({ access_token: str }, { token_type: str, expires_in: nullable(int), refresh_token: nullable(str) }, { open: true });

export const PRO_MODELS = {
  ProUser: user,
  ProUserList: arrayOf(user),
  ProTeam: team,
  ProTeamList: arrayOf(team),
  ProRole: role,
  ProRoleList: arrayOf(role),
  ProRoleAssignment: assignment,
  ProRoleAssignmentList: arrayOf(assignment),
  ProToken: token,
  ProLoginForm: model({}, { username: nullable(str), password: nullable(str), grant_type: nullable(str) }, { open: true }),
  ProRoleCreate: model({ name: str }, { description: nullable(str), permissions: arrayOf(permission), level: str, organization_id: nullable(uuid) }, { open: true }),
  ProRoleUpdate: model({}, { name: nullable(str), description: nullable(str), permissions: arrayOf(permission) }, { open: true }),
} satisfies Record<string, Schema>;
export type ProModelName = keyof typeof PRO_MODELS;

const Q = (kind: QueryParam['kind']): QueryParam => ({ kind });
const PAGING = { offset: Q('filter'), limit: Q('filter') };

/** Pro routes, paths relative to `pro_api_url`. */
export const PRO_ROUTES: readonly (ContractRoute & { documented: boolean })[] = [
  { id: 'pro:login', api: 'pro', method: 'POST', path: '/auth/login', body: { type: 'form', model: 'ProLoginForm', required: true }, response: 'ProToken', documented: true },
  { id: 'pro:me', api: 'pro', method: 'GET', path: '/users/me', response: 'ProUser', documented: true },
  { id: 'pro:users', api: 'pro', method: 'GET', path: '/users', query: PAGING, response: 'ProUserList', documented: true },
  { id: 'pro:roles', api: 'pro', method: 'GET', path: '/roles', query: PAGING, response: 'ProRoleList', documented: false },
  { id: 'pro:create-role', api: 'pro', method: 'POST', path: '/roles', body: { type: 'json', model: 'ProRoleCreate', required: true }, response: 'ProRole', documented: true },
  { id: 'pro:get-role', api: 'pro', method: 'GET', path: '/roles/{role_id}', pathParams: { role_id: 'uuid' }, response: 'ProRole', documented: true },
  {
    id: 'pro:update-role',
    api: 'pro',
    method: 'PATCH',
    path: '/roles/{role_id}',
    pathParams: { role_id: 'uuid' },
    body: { type: 'json', model: 'ProRoleUpdate', required: true },
    response: 'ProRole',
    documented: true,
  },
  { id: 'pro:delete-role', api: 'pro', method: 'DELETE', path: '/roles/{role_id}', pathParams: { role_id: 'uuid' }, response: null, documented: true },
  {
    // Documented filters: workspace_id and project_id only.
    id: 'pro:list-assignments',
    api: 'pro',
    method: 'GET',
    path: '/roles/{role_id}/assignments',
    pathParams: { role_id: 'uuid' },
    query: { ...PAGING, workspace_id: Q('uuid-filter'), project_id: Q('uuid-filter') },
    response: 'ProRoleAssignmentList',
    documented: true,
  },
  {
    // workspace_id is required whenever project_id is given (else ValueError).
    id: 'pro:assign',
    api: 'pro',
    method: 'POST',
    path: '/roles/{role_id}/assignments',
    pathParams: { role_id: 'uuid' },
    query: { user_id: Q('uuid-filter'), team_id: Q('uuid-filter'), invitation_id: Q('uuid-filter'), workspace_id: Q('uuid-filter'), project_id: Q('uuid-filter') },
    requiredQuery: [{ anyOf: ['user_id', 'team_id', 'invitation_id'], status: 422, message: 'One of user_id, team_id or invitation_id is required.' }],
    requiredTogether: [{ when: 'project_id', need: 'workspace_id' }],
    response: null,
    documented: true,
  },
  {
    id: 'pro:unassign',
    api: 'pro',
    method: 'DELETE',
    path: '/roles/{role_id}/assignments',
    pathParams: { role_id: 'uuid' },
    query: { user_id: Q('uuid-filter'), team_id: Q('uuid-filter'), invitation_id: Q('uuid-filter'), workspace_id: Q('uuid-filter'), project_id: Q('uuid-filter') },
    requiredTogether: [{ when: 'project_id', need: 'workspace_id' }],
    response: null,
    documented: false,
  },
  { id: 'pro:teams', api: 'pro', method: 'GET', path: '/teams', query: PAGING, response: 'ProTeamList', documented: false },
  { id: 'pro:team-members', api: 'pro', method: 'GET', path: '/teams/{team_id}/members', pathParams: { team_id: 'uuid' }, query: PAGING, response: 'ProUserList', documented: false },
];
