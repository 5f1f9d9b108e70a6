/**
 * The plain parts behind the tree, the menus and the commands: what a role allows, a project's
 * members from role assignments, dashboard links, and the project.yaml written for a new project.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProRole, ServerInfo } from '../../common/api/types';
import { ALL_CAPABILITIES, capabilitiesFromRoles, capabilityWords, NO_CAPABILITIES } from '../../client/src/model/capabilities';
import { dashboardBase, projectDashboardUrl } from '../../client/src/model/dashboard';
import { membersFromAssignments } from '../../client/src/model/members';
import { renderProjectFile } from '../../client/src/model/projectFile';
import { readProjectFileText } from '../../core/projectFile/projectFile';
import { validateText } from '../../core/engine/projectDocument';

const role = (name: string, permissions: { resource_type: string; action: string }[] = []): ProRole => ({ id: `id-${name}`, name, permissions } as unknown as ProRole);

test('Project Admin may do everything; Developer edits resources only; Contributor and Viewer nothing', () => {
  assert.deepEqual(capabilitiesFromRoles([role('Project Admin')]), ALL_CAPABILITIES);
  assert.deepEqual(capabilitiesFromRoles([role('Project Developer')]), { ...NO_CAPABILITIES, editResources: true });
  assert.deepEqual(capabilitiesFromRoles([role('Project Contributor')]), NO_CAPABILITIES);
  assert.deepEqual(capabilitiesFromRoles([role('Project Viewer')]), NO_CAPABILITIES);
  assert.deepEqual(capabilitiesFromRoles([]), NO_CAPABILITIES);
});

test('roles add up, and a custom role never grants project settings', () => {
  assert.deepEqual(capabilitiesFromRoles([role('Project Viewer'), role('Project Admin')]), ALL_CAPABILITIES);
  const operator = role('Pipeline Operator', [{ resource_type: 'pipeline_run', action: 'update' }]);
  assert.deepEqual(capabilitiesFromRoles([operator]), { ...NO_CAPABILITIES, editResources: true });
  assert.deepEqual(capabilitiesFromRoles([role('Reader', [{ resource_type: 'pipeline', action: 'read' }])]), NO_CAPABILITIES);
});

test('contextValue words are what the menus match', () => {
  assert.deepEqual(capabilityWords(ALL_CAPABILITIES), ['canEdit', 'canDelete', 'canManageMembers', 'canEditResources']);
  assert.deepEqual(capabilityWords(NO_CAPABILITIES), []);
});

test('members: each user or team once with all its roles, users first, by name', () => {
  const admin = role('Project Admin');
  const viewer = role('Project Viewer');
  const members = membersFromAssignments([
    { role: admin, assignments: [{ user: { id: 'u2', username: 'ada', name: 'Ada Lovelace' } }] },
    {
      role: viewer,
      assignments: [{ team: { id: 't1', name: 'analysts' } }, { user: { id: 'u2', username: 'ada', name: 'Ada Lovelace' } }, { user: { id: 'u1', username: 'zed', name: 'zed' } }],
    },
  ]);
  assert.deepEqual(
    members.map((m) => [m.kind, m.name, m.fullName, m.roles.map((r) => r.name)]),
    [
      ['user', 'ada', 'Ada Lovelace', ['Project Admin', 'Project Viewer']],
      ['user', 'zed', undefined, ['Project Viewer']],
      ['team', 'analysts', undefined, ['Project Viewer']],
    ],
  );
});

const info = (over: Partial<ServerInfo>): ServerInfo => ({ id: 'i', name: 'ws', version: '0.90.0', deployment_type: 'other', ...over });
const project = { id: '6f1c2b7e-3d4a-4f5b-8c9d-0e1f2a3b4c5d', name: 'fraud-detection' };

test('dashboard links follow ZenML: Pro by UUID, self-hosted by name, none without a dashboard', () => {
  assert.equal(projectDashboardUrl(info({ deployment_type: 'cloud', dashboard_url: 'https://cloud.zenml.io/workspaces/w1/' }), project), `https://cloud.zenml.io/workspaces/w1/projects/${project.id}`);
  assert.equal(projectDashboardUrl(info({ dashboard_url: 'https://zenml.acme.io' }), project), 'https://zenml.acme.io/projects/fraud-detection');
  assert.equal(projectDashboardUrl(info({ dashboard_url: '' }), project), undefined);
  assert.equal(dashboardBase(info({ dashboard_url: '', pro_dashboard_url: 'https://cloud.zenml.io', pro_workspace_id: 'w9' })), 'https://cloud.zenml.io/workspaces/w9');
  assert.equal(dashboardBase(info({ dashboard_url: 'javascript:alert(1)' })), undefined);
});

test("the project.yaml written for a new project is valid for the language server, and says its ID", () => {
  const text = renderProjectFile({ id: 'fraud-v2', name: 'Fraud: v2 #1', description: 'Scores: cards', admin: 'ada' });
  const problems = validateText(text).filter((d) => d.severity === 1 || d.severity === 2);
  assert.deepEqual(problems.map((d) => `${d.code}: ${d.message}`), []);
  const reading = readProjectFileText(text);
  assert.equal(reading.ok && reading.spec.id, 'fraud-v2');
  assert.match(text, /^# The ZenML project 'Fraud: v2 #1'/);
  // Without a description the server only notes it; without an admin it warns.
  assert.deepEqual(validateText(renderProjectFile({ id: 'x', name: 'X' })).map((d) => d.code).sort(), ['missing-description', 'no-admin']);
});

