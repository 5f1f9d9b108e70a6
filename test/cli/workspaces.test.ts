/**
 * Project files across two workspaces of one organization, run as the bundled CLI against two
 * real local workspaces (`a` and `b`): each file planned and applied to its own workspace, output
 * grouped by workspace, a file for `a` refused against `b`, and every bad input a sentence with
 * nothing written anywhere.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ZenmlApi } from '../../common/api/zenmlApi';
import { applyPlan, RefusedPlanError } from '../../core/sync/applyPlan';
import { planProject } from '../../core/sync/plan';
import { specFromValue } from '../../core/sync/projectSpec';
import { readWorkspaceState } from '../../core/sync/workspaceState';
import { startTestWorkspace, TestWorkspace } from '../local-workspace/helpers';
import { runCli, type CliRun } from '../lib/cliAgainst';

let a: TestWorkspace;
let b: TestWorkspace;
let dir: string;
/** A URL where nothing listens: a workspace that is down. */
let downUrl: string;

function cli(args: string[], env: Record<string, string> = {}, cwd = dir): Promise<CliRun> {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('ZENML_')) delete base[k];
  // Each local workspace serves its own Pro API here, so each has its own Pro key.
  return runCli(args, { cwd, env: { ...base, ZENML_STORE_API_KEY_A: a.server.adminApiKey, ZENML_STORE_API_KEY_B: b.server.adminApiKey, ZENML_PRO_API_KEY_A: a.server.proApiKey!, ZENML_PRO_API_KEY_B: b.server.proApiKey!, ...env } });
}

function put(name: string, text: string): string {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
  return name;
}

const projectFile = (id: string, workspace?: string): string => `id: ${id}\nname: ${id}\ndescription: d\n${workspace ? `workspace: ${workspace}\n` : ''}members:\n  - user: admin\n    role: admin\n`;

async function exists(ws: TestWorkspace, id: string): Promise<boolean> {
  return (await ws.admin.get(`/api/v1/projects/${id}`)).status === 200;
}

before(async () => {
  [a, b] = await Promise.all([startTestWorkspace({ name: 'a' }), startTestWorkspace({ name: 'b' })]);
  const gone = await startTestWorkspace({ name: 'gone' });
  downUrl = gone.server.url;
  await gone.stop();
  dir = mkdtempSync(path.join(tmpdir(), 'zp-workspaces-'));
  put('zenml-workspaces.yaml', `# two workspaces of one organization\nworkspaces:\n  a:\n    url: ${a.server.url}\n  b:\n    url: ${b.server.url}\n`);
});

after(async () => {
  await Promise.all([a.stop(), b.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

test('two local workspaces are two workspaces of one organization', async () => {
  const [ia, ib] = [(await a.anonymous.get('/api/v1/info')).body, (await b.anonymous.get('/api/v1/info')).body];
  assert.equal(ia.name, 'a');
  assert.equal(ib.name, 'b');
  assert.equal(ia.pro_organization_id, ib.pro_organization_id);
  assert.notEqual(ia.id, ib.id);
});

test('files for each workspace are planned, grouped and applied to their own workspace', async () => {
  put('a/orders/project.yaml', projectFile('orders', 'a'));
  put('b/orders/project.yaml', projectFile('orders', 'b'));
  put('b/billing/project.yaml', projectFile('billing', 'b'));
  const plan = await cli(['plan', 'a', 'b']);
  assert.equal(plan.code, 2, plan.out + plan.err);
  const blocks = plan.out.split(/\n(?=Workspace ')/);
  assert.equal(blocks.length, 2, plan.out);
  assert.match(blocks[0], new RegExp(`^Workspace 'a' at ${a.server.url}:\\n\\nProject 'orders' \\(a/orders/project\\.yaml\\):\\n {2}\\+ create project orders`));
  assert.match(blocks[1], new RegExp(`^Workspace 'b' at ${b.server.url}:\\n`));
  assert.match(blocks[1], /Project 'billing' \(b\/billing\/project\.yaml\)/);
  assert.match(blocks[1], /Project 'orders' \(b\/orders\/project\.yaml\)/);

  const json = JSON.parse((await cli(['plan', 'a', 'b', '--format', 'json'])).out) as { file: string; workspace: string; url: string }[];
  assert.deepEqual(json.map((p) => [p.file, p.workspace, p.url]).sort(), [
    ['a/orders/project.yaml', 'a', a.server.url],
    ['b/billing/project.yaml', 'b', b.server.url],
    ['b/orders/project.yaml', 'b', b.server.url],
  ]);

  const apply = await cli(['apply', 'a', 'b', '--yes']);
  assert.equal(apply.code, 0, apply.out + apply.err);
  assert.match(apply.out, /Applying a\/orders\/project\.yaml to workspace 'a':/);
  assert.match(apply.out, /Applying b\/billing\/project\.yaml to workspace 'b':/);
  assert.deepEqual([await exists(a, 'orders'), await exists(a, 'billing'), await exists(b, 'orders'), await exists(b, 'billing')], [true, false, true, true]);
  const again = await cli(['plan', 'a', 'b']);
  assert.equal(again.code, 0, again.out);
  assert.doesNotMatch(plan.out + apply.out + apply.err, /ZENKEY_/);
});

test('plan --format markdown is a pull-request comment, per workspace and project', async () => {
  put('md/a.yaml', projectFile('md-project', 'a').replace('description: d', 'description: "Uses `ticks` and <b>tags</b>"'));
  put('md/b.yaml', projectFile('md-project', 'b'));
  const md = await cli(['plan', 'md/a.yaml', 'md/b.yaml', '--format', 'markdown']);
  assert.equal(md.code, 2, md.out + md.err);
  assert.match(md.out, /^## ZenML Projects plan: 4 to add, 0 to change, 0 to remove\n/);
  assert.match(md.out, new RegExp(`\\n### Workspace \`a\` · http://127\\.0\\.0\\.1:${new URL(a.server.url).port}\\n\\n#### Project \`md-project\` · md/a\\.yaml\\n\\n\`\`\`diff\\n\\+ create project md-project \\("md-project"\\)\\n\\+ add user admin as admin\\n\`\`\`\\n`));
  assert.match(md.out, /\n### Workspace `b`/);
  assert.doesNotMatch(md.out, /<b>/, 'server and file text never becomes markup');
});

test('a file for a is refused against b, naming both workspaces; nothing is written', async () => {
  // A folder without a workspaces file: the only workspace is b, given by --url.
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'zp-ws-solo-'));
  writeFileSync(path.join(elsewhere, 'project.yaml'), projectFile('refused', 'a'));
  try {
    const r = await cli(['apply', 'project.yaml', '--yes', '--url', b.server.url, '--api-key', b.server.adminApiKey], {}, elsewhere);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, new RegExp(`^Workspace 'a' \\(not configured\\):\n\nProject 'refused' \\(project\\.yaml\\):\n {2}! project\\.yaml is for workspace 'a', but the workspace at ${b.server.url} \\(--url\\) is 'b': nothing was compared or applied\\. Add 'a' with its URL to zenml-workspaces\\.yaml and set its key in \\$ZENML_STORE_API_KEY_A, or run with --url and --api-key of 'a'\\.`));
    assert.match(r.err, /Nothing was applied to any workspace/);
    const env = await cli(['plan', 'project.yaml'], { ZENML_STORE_URL: b.server.url, ZENML_STORE_API_KEY: b.server.adminApiKey }, elsewhere);
    assert.equal(env.code, 1);
    assert.match(env.out, /\(ZENML_STORE_URL\) is 'b'/);
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
  assert.equal(await exists(b, 'refused'), false);
  assert.equal(await exists(a, 'refused'), false);
});

test('a workspaces file whose url points at another workspace is refused', async () => {
  const file = put('swapped.yaml', `workspaces:\n  a:\n    url: ${b.server.url}\n`);
  put('swapped/project.yaml', projectFile('swapped', 'a'));
  const r = await cli(['apply', 'swapped', '--yes', '--workspaces', file], { ZENML_STORE_API_KEY_A: b.server.adminApiKey });
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`swapped\\.yaml:2 says workspace 'a' is at ${b.server.url}, but the server there is workspace 'b'`));
  assert.equal(await exists(b, 'swapped'), false);
});

test('a workspace that matches nothing, or is down, spoils only its own files', async () => {
  const file = put('with-down.yaml', `workspaces:\n  a:\n    url: ${a.server.url}\n  c:\n    url: ${downUrl}\n`);
  put('mixed/up.yaml', projectFile('still-planned', 'a'));
  put('mixed/down.yaml', projectFile('on-c', 'c'));
  put('mixed/nowhere.yaml', projectFile('lost', 'nowhere'));
  const plan = await cli(['plan', 'mixed/up.yaml', 'mixed/down.yaml', 'mixed/nowhere.yaml', '--workspaces', file], { ZENML_STORE_API_KEY_C: 'ZENKEY_unused' });
  assert.equal(plan.code, 1, plan.out + plan.err);
  assert.match(plan.out, /Workspace 'a' at .*:\n\nProject 'still-planned' \(mixed\/up\.yaml\):\n {2}\+ create project still-planned/);
  assert.match(plan.out, new RegExp(`Workspace 'c' at ${downUrl} \\(unreachable\\):\\n\\nProject 'on-c' \\(mixed/down\\.yaml\\):\\n {2}! .*${downUrl}`));
  assert.match(plan.out, /Workspace 'nowhere' \(not configured\):\n\nProject 'lost' \(mixed\/nowhere\.yaml\):\n {2}! mixed\/nowhere\.yaml is for workspace 'nowhere', which with-down\.yaml does not list \(it lists 'a', 'c'\)/);
  const apply = await cli(['apply', 'mixed/up.yaml', 'mixed/down.yaml', 'mixed/nowhere.yaml', '--yes', '--workspaces', file], { ZENML_STORE_API_KEY_C: 'ZENKEY_unused' });
  assert.equal(apply.code, 1);
  assert.equal(await exists(a, 'still-planned'), false, 'nothing is applied while another file has a problem');
  const noKey = await cli(['plan', 'mixed/down.yaml', '--workspaces', file]);
  assert.match(noKey.out, /no key for workspace 'c': set \$ZENML_STORE_API_KEY_C/);
});

test('two files defining one project for one workspace are an error; for two workspaces they are not', async () => {
  put('dup/one.yaml', projectFile('twin', 'a'));
  put('dup/two.yaml', projectFile('twin', 'a'));
  put('dup/three.yaml', projectFile('twin', 'b'));
  const r = await cli(['plan', 'dup/one.yaml', 'dup/two.yaml', 'dup/three.yaml']);
  assert.equal(r.code, 1);
  assert.match(r.out, /Project 'twin' \(dup\/one\.yaml\):\n {2}! Project ID defined again by dup\/two\.yaml for the same workspace/);
  assert.match(r.out, /Workspace 'b' at .*:\n\nProject 'twin' \(dup\/three\.yaml\):\n {2}\+ create project twin/);
});

test('bad workspaces files are sentences with the line, and nothing is written', async () => {
  put('bad/project.yaml', projectFile('never-written', 'a'));
  const cases: [string, RegExp][] = [
    ['workspaces:\n  a:\n    url: http://x\n  a:\n    url: http://y\n', /twice.*:4: a workspace or key appears twice \('a'\); each workspace is configured once/],
    ['workspaces:\n  a: [unclosed\n', /twice.*:\d+: the workspaces file is not valid YAML/],
    ['workspaces:\n  a:\n    url: http://x\n    api_key: ZENKEY_secret\n', /:4: credentials never go in the workspaces file: remove 'api_key' and set \$ZENML_STORE_API_KEY_A/],
    ['workspaces:\n  a:\n    url: http://user:pw@x\n', /carries a user name or password; credentials never go in the workspaces file\./],
    ['workspaces:\n  prod-1:\n    url: http://x\n  prod_1:\n    url: http://y\n', /'prod-1' and 'prod_1' would both take their key from \$ZENML_STORE_API_KEY_PROD_1/],
    ['workspaces:\n  a:\n    url: http://x\n  b:\n    url: http://x/\n', /'a' and 'b' have the same url/],
    ['workspaces:\n  a:\n    url: http://x\ndefault: z\n', /:4: 'default' names 'z', which is not listed/],
    ['workspace:\n  a:\n    url: http://x\n', /:1: unknown key 'workspace'/],
  ];
  for (const [text, expected] of cases) {
    const file = put('twice.yaml', text);
    const r = await cli(['apply', 'bad', '--yes', '--workspaces', file]);
    assert.equal(r.code, 64, text);
    assert.match(r.err, expected, text);
    assert.doesNotMatch(r.err, /ZENKEY_secret|pw@/);
  }
  assert.equal(await exists(a, 'never-written'), false);
});

test('import reads the workspace the target file names; report groups rows by workspace', async () => {
  put('imp/project.yaml', '# kept\nid: orders\nworkspace: b\n');
  const r = await cli(['import', 'orders', '--output', 'imp/project.yaml']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, new RegExp(`Updated imp/project\\.yaml from project 'orders' on workspace 'b' at ${b.server.url}`));
  assert.match(readFileSync(path.join(dir, 'imp/project.yaml'), 'utf8'), /^# kept\nid: orders\nworkspace: b\n/);
  const wrong = await cli(['import', 'orders', '--output', 'imp/project.yaml', '--workspace', 'a']);
  assert.equal(wrong.code, 1);
  assert.match(wrong.err, /is for workspace 'b', not 'a': nothing was imported/);
  const fresh = await cli(['import', 'orders', '--workspace', 'a']);
  assert.match(fresh.out, /^id: orders\n(.*\n)*workspace: a\n/);

  const csv = await cli(['report', 'a/orders/project.yaml', 'b/orders/project.yaml', '--format', 'csv']);
  assert.equal(csv.code, 0, csv.out + csv.err);
  const rows = csv.out.trim().split('\n');
  assert.equal(rows[0], 'workspace,project,user,declared roles,declared rights,workspace roles,workspace rights,status');
  assert.deepEqual(rows.slice(1).map((x) => x.split(',').slice(0, 3).join(',')), ['a,orders,admin', 'b,orders,admin']);
});

test('files without workspace: go to --url, else the file\'s default, else nowhere, with a sentence', async () => {
  put('plain/project.yaml', projectFile('plain'));
  const none = await cli(['plan', 'plain']);
  assert.equal(none.code, 1);
  assert.match(none.out, /plain\/project\.yaml names no workspace, and there is no default one: add 'workspace: <name>' to it, or pass --url \(or set ZENML_STORE_URL, or 'default:' in zenml-workspaces\.yaml\)\./);
  const file = put('with-default.yaml', `workspaces:\n  a:\n    url: ${a.server.url}\n  b:\n    url: ${b.server.url}\ndefault: b\n`);
  const viaDefault = await cli(['plan', 'plain', '--workspaces', file]);
  assert.equal(viaDefault.code, 2, viaDefault.out + viaDefault.err);
  assert.match(viaDefault.out, new RegExp(`^Workspace 'b' at ${b.server.url}:`));
  const viaUrl = await cli(['plan', 'plain', '--workspaces', file, '--url', a.server.url, '--api-key', a.server.adminApiKey]);
  assert.match(viaUrl.out, new RegExp(`^Workspace 'a' at ${a.server.url}:`), 'the default named on the command line wins over the file\'s');
});

test('apply refuses a plan whose server is not the file’s workspace, or not the one planned against', async () => {
  const apiA = new ZenmlApi({ url: a.server.url, credentials: { apiKey: a.server.adminApiKey }, proCredential: () => a.server.proApiKey });
  const apiB = new ZenmlApi({ url: b.server.url, credentials: { apiKey: b.server.adminApiKey }, proCredential: () => b.server.proApiKey });
  const forA = specFromValue({ id: 'guarded', workspace: 'a', members: [{ user: 'admin', role: 'admin' }] });
  const stateA = await readWorkspaceState(apiA, 'guarded');
  const plan = planProject(forA, stateA);
  assert.ok(plan.changes.length);
  await assert.rejects(applyPlan(apiB, forA, plan, stateA), (e: Error) => e instanceof RefusedPlanError && /is for workspace 'a', but the server at .* is workspace 'b'/.test(e.message));
  const anywhere = specFromValue({ id: 'guarded', members: [{ user: 'admin', role: 'admin' }] });
  await assert.rejects(applyPlan(apiB, anywhere, planProject(anywhere, stateA), stateA), /no longer the one the plan was made against/);
  // Planned against the wrong workspace: no changes, the reason as the problem.
  const stateB = await readWorkspaceState(apiB, 'guarded');
  assert.deepEqual(planProject(forA, stateB, 'guarded.yaml').changes, []);
  assert.match(planProject(forA, stateB, 'guarded.yaml').problems[0], /^guarded\.yaml is for workspace 'a', but the server at .* is workspace 'b'/);
  assert.equal(await exists(b, 'guarded'), false);
});
