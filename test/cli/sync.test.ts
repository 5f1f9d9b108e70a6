/**
 * `zenml-projects plan / apply / import`, run as the bundled CLI against the real local
 * workspace: an empty workspace, each kind of change, a failure half-way, idempotence, the admin
 * guard, and import (also into a file whose comments must survive).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startTestWorkspace, TestWorkspace } from '../local-workspace/helpers';
import { cliAgainst } from '../lib/cliAgainst';

let ws: TestWorkspace;
let dir: string;

const cli = (args: string[], env: Record<string, string> = {}) => cliAgainst(ws, args, dir, env);

function put(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}

before(async () => {
  ws = await startTestWorkspace();
  dir = mkdtempSync(path.join(tmpdir(), 'zp-sync-'));
  for (const name of ['ada', 'grace', 'alan']) await ws.user(name);
  const team = await ws.pro.post('/teams', { name: 'analysts' });
  assert.equal(team.status, 200, team.text);
});

after(async () => {
  await ws.stop();
  rmSync(dir, { recursive: true, force: true });
});

const PAYMENTS = `# Payments, owned by the platform team
id: payments
name: Payments
description: Card payments models
roles:
  - id: reviewer
    description: Reviews data
    permissions:
      artifact: [read, share]
members:
  - user: ada   # the lead
    role: admin
  - team: analysts
    role: reviewer
  - user: grace
    role: viewer
`;

test('plan on an empty workspace, apply, and plan again shows nothing', async () => {
  const file = put('payments.yaml', PAYMENTS);
  const plan = await cli(['plan', file]);
  assert.equal(plan.code, 2, plan.err);
  assert.equal(
    plan.out,
    `Workspace 'local' at ${ws.server.url}:

Project 'payments' (payments.yaml):
  + create project payments ("Payments")
  + create role reviewer as 'payments:reviewer' (artifact: read, share)
  + add user ada as admin
  + add team analysts as reviewer
  + add user grace as viewer
  - remove user admin (admin): made admin as the project’s creator, not in project.yaml
  5 to add, 0 to change, 1 to remove.
`,
  );
  const json = await cli(['plan', file, '--format', 'json']);
  assert.equal(json.code, 2);
  assert.deepEqual(JSON.parse(json.out)[0].changes.map((c: { kind: string }) => c.kind), ['create-project', 'create-role', 'add-member', 'add-member', 'add-member', 'remove-member']);

  const apply = await cli(['apply', file, '--yes']);
  assert.equal(apply.code, 0, apply.out + apply.err);
  assert.match(apply.out, /Applied 6 changes\.\n$/);
  const again = await cli(['plan', file]);
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /In sync: nothing to change\./);
  const twice = await cli(['apply', file, '--yes']);
  assert.equal(twice.code, 0);
  assert.doesNotMatch(twice.out, /Applying/);
  assert.doesNotMatch(plan.out + apply.out + apply.err, /ZENKEY_/);
});

test('each kind of change is planned and applied', async () => {
  const file = put('payments.yaml', PAYMENTS);
  await cli(['apply', file, '--yes']);
  const changed = PAYMENTS.replace('name: Payments', 'name: Payments EU')
    .replace('description: Card payments models', 'description: EU card payments')
    .replace('artifact: [read, share]', 'artifact: [read]\n      model: [read]')
    .replace('  - user: grace\n    role: viewer\n', '  - user: alan\n    role: developer\n')
    .replace('  - team: analysts\n    role: reviewer\n', '  - team: analysts\n    role: contributor\n');
  put('payments.yaml', changed);
  const plan = await cli(['plan', file]);
  assert.equal(plan.code, 2);
  assert.equal(
    plan.out.split('\n').slice(3).join('\n'),
    `  ~ name: "Payments" → "Payments EU"
  ~ description: "Card payments models" → "EU card payments"
  ~ role reviewer: artifact: read, share → artifact: read; model: read
  ~ team analysts: reviewer → contributor
  + add user alan as developer
  - remove user grace (viewer)
  1 to add, 4 to change, 1 to remove.
`,
  );
  const apply = await cli(['apply', file, '--yes']);
  assert.equal(apply.code, 0, apply.out + apply.err);
  assert.equal((await cli(['plan', file])).code, 0);
  const project = await ws.admin.get('/api/v1/projects/payments');
  assert.equal(project.body.body.display_name, 'Payments EU');

  // A role the file no longer declares is deleted once nobody holds it.
  put('payments.yaml', changed.replace(/roles:\n(?: {2}.*\n| {4}.*\n| {6}.*\n)*/, '').replace('role: contributor', 'role: viewer'));
  const drop = await cli(['plan', file]);
  assert.match(drop.out, /~ team analysts: contributor → viewer\n {2}- delete role reviewer \('payments:reviewer'\), no longer declared\n/);
  assert.equal((await cli(['apply', file, '--yes'])).code, 0);
  assert.equal((await cli(['plan', file])).code, 0);
});

test('a failure half-way says what was applied and what was not, and leaves the rest untouched', async () => {
  // Grace is Project Admin of 'halfway' but no workspace admin: she may change the project,
  // but not create a custom role (a workspace-level change).
  const grace = await ws.user('grace-halfway');
  const project = await ws.project('halfway');
  await ws.assign('Project Admin', project.id, { user_id: grace.proId });
  const file = put(
    'halfway.yaml',
    `id: halfway\nname: halfway\ndescription: changed by grace\nroles:\n  - id: auditor\n    permissions:\n      model: [read]\nmembers:\n  - user: grace-halfway\n    role: admin\n  - user: admin\n    role: admin\n  - user: alan\n    role: auditor\n`,
  );
  // Her own credentials: a workspace token, and a Pro token given by flag.
  const r = await cli(['apply', file, '--yes', '--pro-api-key', grace.pro.token!], { ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: grace.client.token!, ZENML_PRO_API_KEY: '' });
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, / {2}✓ ~ description: "" → "changed by grace"\n {2}✗ \+ create role auditor as 'halfway:auditor' \(model: read\)\n {4}.+\n {2}· not applied: \+ add user alan as auditor\nStopped at the first failure: 1 applied, 1 failed, 1 not applied\.\n/);
  assert.equal((await ws.admin.get('/api/v1/projects/halfway')).body.metadata.description, 'changed by grace');
  const roles = await ws.pro.get('/roles?name=halfway:auditor');
  assert.deepEqual(roles.body, []);
});

test('a member who manages no one still finds the users a file names by e-mail, and sees no other address', async () => {
  // E-mail addresses are hidden from those who manage no members, but a project file names users
  // by them: the plan looks up each whole address it names, and finds nothing else.
  const carol = await ws.user('carol-mail');
  const bob = await ws.user('bob-mail');
  assert.equal((await ws.admin.put(`/api/v1/users/${bob.id}`, { email: 'bob@example.com' })).status, 200);
  const other = await ws.user('other-mail');
  assert.equal((await ws.admin.put(`/api/v1/users/${other.id}`, { email: 'other@example.com' })).status, 200);
  // Carol may read the project (a Viewer), and manages no one.
  await ws.assign('Project Viewer', (await ws.project('by-mail')).id, { user_id: carol.proId });
  const file = put('by-mail.yaml', 'id: by-mail\nmembers:\n  - user: admin\n    role: admin\n  - user: Bob@Example.com\n    role: viewer\n  - user: nobody@example.com\n    role: viewer\n');
  // Her own credentials on both APIs.
  const r = await cli(['plan', file], { ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: carol.client.token!, ZENML_PRO_API_KEY: carol.pro.token! });
  assert.match(r.out, /\+ add user Bob@Example\.com as viewer/, r.out + r.err);
  assert.match(r.out, /! The user 'nobody@example\.com' does not exist in the workspace/, r.out + r.err);
  assert.doesNotMatch(r.out + r.err, /other@example\.com/);
});

test('removing the last admin is refused unless forced; apply needs --yes when not interactive', async () => {
  const file = put('solo.yaml', 'id: solo\ndescription: d\nmembers:\n  - user: ada\n    role: admin\n  - user: admin\n    role: admin\n');
  assert.equal((await cli(['apply', file, '--yes'])).code, 0);
  put('solo.yaml', 'id: solo\ndescription: d\nmembers:\n  - user: ada\n    role: viewer\n');
  const refused = await cli(['apply', file, '--yes']);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /would leave project 'solo' without a Project Admin/);
  assert.equal((await cli(['plan', file])).code, 2, 'nothing was applied');
  const noYes = await cli(['apply', file]);
  assert.equal(noYes.code, 64);
  assert.match(noYes.err, /pass --yes when not running interactively/);
  const forced = await cli(['apply', file, '--yes', '--force']);
  assert.equal(forced.code, 0, forced.out + forced.err);
});

test('a file with errors, an unknown user, or no workspace are clear errors', async () => {
  const bad = await cli(['plan', put('bad.yaml', 'id: Bad Id\n')]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /bad\.yaml has errors; fix them before planning:\n {2}bad\.yaml:1:5: invalid-project-id/);
  const unknown = await cli(['plan', put('ghost.yaml', 'id: ghost\nmembers:\n  - user: nobody@acme.com\n    role: admin\n')]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.out, /! The user 'nobody@acme\.com' does not exist in the workspace/);
  const nowhere = await cli(['plan', 'bad.yaml'], { ZENML_STORE_URL: '' });
  assert.equal(nowhere.code, 64);
  assert.match(nowhere.err, /no workspace: pass --url or set ZENML_STORE_URL/);
});

test('import writes the project; planning the result shows nothing; comments survive an update', async () => {
  const file = put('imported.yaml', PAYMENTS);
  await cli(['apply', file, '--yes']);
  const fresh = await cli(['import', 'payments', '--output', 'fresh.yaml']);
  assert.equal(fresh.code, 0, fresh.err);
  assert.match(fresh.err, /^Wrote fresh\.yaml from project 'payments'/);
  const freshPlan = await cli(['plan', 'fresh.yaml']);
  assert.equal(freshPlan.code, 0, freshPlan.out + freshPlan.err);

  // Someone changes the workspace; importing into the commented file updates it in place.
  const grace = (await ws.pro.get('/users?limit=1000')).body.find((u: { username: string }) => u.username === 'grace');
  const project = (await ws.admin.get('/api/v1/projects/payments')).body;
  await ws.assign('Project Developer', project.id, { user_id: grace.id });
  await ws.admin.put(`/api/v1/projects/${project.id}`, { description: 'Card payments, EU and US' });
  const updated = await cli(['import', 'payments', '--output', 'imported.yaml']);
  assert.equal(updated.code, 0, updated.err);
  const text = readFileSync(path.join(dir, 'imported.yaml'), 'utf8');
  assert.match(text, /^# Payments, owned by the platform team\nid: payments\n/);
  assert.match(text, /description: Card payments, EU and US\n/);
  assert.match(text, / {2}- user: ada # the lead\n {4}role: admin\n/);
  // Grace now holds viewer and developer, which amount to developer: the entry is updated in place.
  assert.match(text, / {2}- user: grace\n {4}role: developer\n$/);
  const last = await cli(['plan', 'imported.yaml']);
  assert.equal(last.code, 0, `the imported file is in sync:\n${text}\n${last.out}${last.err}`);
});

test('import --output through a link updates the link\'s target; to /dev/stdout it prints, never waiting to read it; a folder is refused', async () => {
  await cli(['apply', put('linked-source.yaml', PAYMENTS), '--yes']);
  // A link kept by a dotfiles repository: the link stays a link, its target gets the project.
  const target = path.join(dir, put('real-project.yaml', '# kept elsewhere\nid: payments\n'));
  symlinkSync(target, path.join(dir, 'linked.yaml'));
  const linked = await cli(['import', 'payments', '--output', 'linked.yaml']);
  assert.equal(linked.code, 0, linked.err);
  assert.ok(lstatSync(path.join(dir, 'linked.yaml')).isSymbolicLink(), 'the link is still a link');
  assert.match(readFileSync(target, 'utf8'), /^# kept elsewhere\nid: payments\n[\s\S]*members:/);
  // /dev/stdout is the pipe the test reads: the YAML arrives there, and nothing hangs reading it.
  const printed = await cli(['import', 'payments', '--output', '/dev/stdout']);
  assert.equal(printed.code, 0, printed.err);
  assert.match(printed.out, /^id: payments\n/m);
  assert.ok(lstatSync('/dev/stdout').isSymbolicLink(), '/dev/stdout is left as it was');
  mkdirSync(path.join(dir, 'a-folder'), { recursive: true });
  const folder = await cli(['import', 'payments', '--output', 'a-folder']);
  assert.equal(folder.code, 1);
  assert.match(folder.err, /a-folder is a folder; nothing was written/);
  const nowhere = await cli(['import', 'payments', '--output', 'no-such-folder/x.yaml']);
  assert.equal(nowhere.code, 1);
  assert.equal(nowhere.err.trim().split('\n').at(-1), 'zenml-projects import: could not write no-such-folder/x.yaml (its folder no-such-folder does not exist); nothing was written.');
});

test('the access report sets what project.yaml declares beside what the workspace grants, through teams too', async () => {
  const users = (await ws.pro.get('/users?limit=1000')).body as { id: string; username: string }[];
  const id = (name: string) => users.find((u) => u.username === name)!.id;
  const teams = (await ws.pro.get('/teams?limit=1000')).body as { id: string; name: string }[];
  const analysts = teams.find((t) => t.name === 'analysts')!;
  const member = await ws.pro.post(`/teams/${analysts.id}/members`, { user_id: id('alan') });
  assert.equal(member.status, 200, member.text);

  const file = put('audit.yaml', 'id: audit\ndescription: d\nmembers:\n  - user: ada\n    role: admin\n  - user: admin\n    role: admin\n  - team: analysts\n    role: viewer\n');
  assert.equal((await cli(['apply', file, '--yes'])).code, 0);
  const inSync = await cli(['report', file]);
  assert.equal(inSync.code, 0, inSync.out + inSync.err);
  assert.match(inSync.out, /^# Access report: project `audit`\n/);
  assert.match(inSync.out, /\| alan \| viewer \(via analysts\) \| Project Viewer: Read-only access to the project\. \| viewer \(via analysts\) \| Project Viewer: Read-only access to the project\. \| same \|/);
  assert.match(inSync.out, /All 3 users match project\.yaml\./);

  // Someone gives grace a role by hand: the report shows it, marked.
  const project = (await ws.admin.get('/api/v1/projects/audit')).body;
  await ws.assign('Project Developer', project.id, { user_id: id('grace') });
  const drift = await cli(['report', file, '--format', 'csv']);
  assert.equal(drift.code, 2);
  assert.match(drift.out, /^user,declared roles,declared rights,workspace roles,workspace rights,status\n/);
  assert.match(drift.out, /\ngrace,—,no access,developer,Project Developer: Creates and views resources; no settings or members\.,workspace only\n/);
});

test('roles project.yaml cannot name (workspace-wide custom roles) are left alone by plan and import', async () => {
  const file = put('foreign.yaml', 'id: foreign\ndescription: d\nmembers:\n  - user: ada\n    role: admin\n  - user: admin\n    role: admin\n');
  assert.equal((await cli(['apply', file, '--yes'])).code, 0);
  const role = await ws.pro.post('/roles', { name: 'Pipeline Operator', permissions: [{ resource_type: 'pipeline_run', action: 'create' }] });
  assert.equal(role.status, 200, role.text);
  const users = (await ws.pro.get('/users?limit=1000')).body as { id: string; username: string }[];
  const project = (await ws.admin.get('/api/v1/projects/foreign')).body;
  const assigned = await ws.pro.post(`/roles/${role.body.id}/assignments`, { workspace_id: ws.workspaceId, project_id: project.id, user_id: users.find((u) => u.username === 'alan')!.id });
  assert.equal(assigned.status, 200, assigned.text);

  const plan = await cli(['plan', file]);
  assert.equal(plan.code, 0, plan.out);
  assert.match(plan.out, /note: The user alan holds the workspace role 'Pipeline Operator', which project\.yaml does not manage: left as it is\.\n {2}In sync: nothing to change\./);
  const imported = await cli(['import', 'foreign', '--output', 'foreign-imported.yaml']);
  assert.equal(imported.code, 0, imported.err);
  assert.match(imported.err, /note: The user alan holds the workspace role 'Pipeline Operator'/);
  assert.doesNotMatch(readFileSync(path.join(dir, 'foreign-imported.yaml'), 'utf8'), /Pipeline Operator|alan/);
  const check = await cli(['plan', 'foreign-imported.yaml']);
  assert.equal(check.code, 0, check.out + check.err);
});

test('on ZenML Pro without a Pro credential: a sentence saying which credential and where to give it; the workspace key is not sent to the Pro API', async () => {
  const file = put('needs-pro.yaml', 'id: needs-pro\ndescription: d\nmembers:\n  - user: admin\n    role: admin\n');
  const r = await cli(['plan', file], { ZENML_PRO_API_KEY: '' });
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out + r.err, /Members and roles are kept by the ZenML Pro API at http:\/\/127\.0\.0\.1:\d+, which takes a credential of its own, not the workspace's\. Pass --pro-api-key or set ZENML_PRO_API_KEY/);
  assert.doesNotMatch(r.out + r.err, /ZENKEY_\w|ZENPROKEY_\w/);
  const refused = await cli(['plan', file], { ZENML_PRO_API_KEY: ws.server.adminApiKey });
  assert.equal(refused.code, 1);
  assert.match(refused.out + refused.err, /the ZenML Pro API at \S+ did not accept your ZenML Pro credential/);
  assert.doesNotMatch(refused.out + refused.err, /ZENKEY_\w|ZENPROKEY_\w/);
});

test('a workspace key that is refused: which credential, where it came from, what to give — no "sign in"', async () => {
  const file = put('refused-key.yaml', 'id: refused-key\ndescription: d\nmembers:\n  - user: admin\n    role: admin\n');
  const wrongKey = `ZENKEY_${Buffer.from(JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', key: 'not-the-key' })).toString('base64')}`;
  const byVariable = await cli(['plan', file], { ZENML_STORE_API_KEY: wrongKey });
  assert.equal(byVariable.code, 1, byVariable.out + byVariable.err);
  assert.match(byVariable.out + byVariable.err, /the workspace at http:\/\/127\.0\.0\.1:\d+ did not accept the API key from ZENML_STORE_API_KEY \(expired, revoked, or made for another workspace\)\. Give a valid ZENKEY_\.\.\. key/);
  assert.doesNotMatch(byVariable.out + byVariable.err, /Sign in|not-the-key|ZENKEY_\w/);
  const byFlag = await cli(['usage', '--api-key', wrongKey]);
  assert.equal(byFlag.code, 1, byFlag.out + byFlag.err);
  assert.match(byFlag.err, /did not accept the API key from --api-key/);
  const byToken = await cli(['usage'], { ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: 'not-a-token' });
  assert.equal(byToken.code, 1, byToken.out + byToken.err);
  assert.match(byToken.err, /did not accept the access token from ZENML_STORE_API_TOKEN/);
});
