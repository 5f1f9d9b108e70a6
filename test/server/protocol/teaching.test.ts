/**
 * The teaching checks over LSP: their quick fixes applied to the text and the result checked
 * again by the server, suppression comments and their quick fixes, and the settings
 * (`zenmlProjects.checks`) read at start and changed while running.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, ServerHarness } from '../../lib/serverHarness';

let h: ServerHarness;

before(async () => {
  h = await ServerHarness.start({ 'disk/project.yaml': 'id: payments\ndescription: d\nmembers:\n  - team: owners\n    role: admin\n' }, { settings: { zenmlProjects: { checks: { teamThreshold: 3, projectIdPattern: '^(ml|data)-' } } } });
});

after(() => h.stop());

interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}
interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  diagnostics?: { code: string }[];
  edit: { changes: Record<string, Edit[]> };
}

/** Applies an action's edits to `text` (non-overlapping, from the end). */
function apply(text: string, edits: Edit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

let n = 0;
/**
 * Opens `text` as a new file, asks for the code actions of the diagnostic with `code`, applies the
 * one titled `title`, sends the result to the server and returns the new text with its codes.
 */
async function fix(original: string, code: string, title: string): Promise<{ text: string; codes: string[]; titles: string[] }> {
  // Each file gets a Project ID of its own (the same ID twice in a workspace is an error).
  const own = `id: ml-fix-${n}\n`;
  const text = original.replace(/^id: ml-[a-z]+\n/m, own);
  const rel = `fix${n++}/project.yaml`;
  const published = await h.open(rel, text);
  const d = published.diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code} in ${JSON.stringify(codes(published))}`);
  const actions = await h.request<Action[]>('textDocument/codeAction', { range: d.range, context: { diagnostics: [d], only: ['quickfix'] } }, rel);
  const titles = actions.map((a) => a.title);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no '${title}' in ${JSON.stringify(titles)}`);
  const next = apply(text, action.edit.changes[h.uri(rel)]);
  const after = await h.change(rel, [{ text: next }]);
  return { text: next.replace(own, /^id: ml-[a-z]+\n/m.exec(original)![0]), codes: codes(after), titles };
}

const ALL_READ = ['pipeline', 'pipeline_run', 'artifact', 'artifact_version', 'model', 'model_version', 'run_metadata', 'pipeline_build', 'pipeline_deployment', 'run_template', 'service', 'code_repository', 'trigger', 'event_source', 'action']
  .map((t) => `      ${t}: [read]\n`)
  .join('');

const HEAD = 'id: ml-fraud\ndescription: Detect fraud\n';
const OWNERS = '  - team: owners\n    role: admin\n';

test('settings from the start: the team threshold and the naming convention', async () => {
  await h.open('s/project.yaml', `id: fraud\ndescription: d\nmembers:\n${OWNERS}  - user: a\n    role: viewer\n  - user: b\n    role: viewer\n  - user: c\n    role: viewer\n`);
  // The settings are pulled once the server is initialized; a file opened first is checked again then.
  const p = await h.diagnostics('s/project.yaml', (x) => x.diagnostics.length > 0, 'the file checked with the settings');
  assert.deepEqual(codes(p), ['naming-convention', 'use-team']);
  assert.match(p.diagnostics[0].message, /naming convention \/\^\(ml\|data\)-\//);
  assert.match(p.diagnostics[1].message, /3 users hold the role 'viewer' one by one/);
});

test('role-equals-default: the fix gives the members the default role and removes the custom one', async () => {
  const text = `${HEAD}roles:\n  - id: readers\n    description: Read everything\n    permissions:\n${ALL_READ}members:\n${OWNERS}  - user: a@acme.com\n    role: readers\n  - team: analysts\n    role: readers\n`;
  const r = await fix(text, 'role-equals-default', "Give its 2 members 'viewer' and remove 'readers'");
  assert.equal(r.text, `${HEAD}members:\n${OWNERS}  - user: a@acme.com\n    role: viewer\n  - team: analysts\n    role: viewer\n`);
  assert.deepEqual(r.codes, []);
});

test('redundant-role: two roles granting the same become one; a role granting nothing can go', async () => {
  const text = `${HEAD}roles:\n  - id: reviewer\n    description: Reviews\n    permissions:\n      artifact: [read, share]\n  - id: checker\n    description: Checks\n    permissions:\n      artifact: [share, read]\nmembers:\n${OWNERS}  - user: a@acme.com\n    role: checker\n  - user: b@acme.com\n    role: reviewer\n`;
  const r = await fix(text, 'redundant-role', "Give its member 'reviewer' and remove 'checker'");
  assert.equal(r.text, `${HEAD}roles:\n  - id: reviewer\n    description: Reviews\n    permissions:\n      artifact: [read, share]\nmembers:\n${OWNERS}  - user: a@acme.com\n    role: reviewer\n  - user: b@acme.com\n    role: reviewer\n`);
  assert.deepEqual(r.codes, []);

  const empty = `${HEAD}roles:\n  - id: nothing\n    description: Grants nothing yet\nmembers:\n${OWNERS}`;
  const e = await fix(empty, 'redundant-role', "Remove the custom role 'nothing'");
  assert.equal(e.text, `${HEAD}members:\n${OWNERS}`);
  assert.deepEqual(e.codes, []);
});

test('role-without-description: the fix adds one under the role ID', async () => {
  const text = `${HEAD}roles:\n  - id: reviewer\n    permissions:\n      artifact: [read]\nmembers:\n${OWNERS}  - user: a@acme.com\n    role: reviewer\n`;
  const r = await fix(text, 'role-without-description', "Describe the custom role 'reviewer'");
  assert.match(r.text, /\n {2}- id: reviewer\n {4}description: Describe who holds this role and why\n {4}permissions:/);
  assert.deepEqual(r.codes, []);
});

test('single-admin: the fix adds an admin team', async () => {
  const text = `${HEAD}members:\n  - user: alice@acme.com\n    role: admin\n`;
  const r = await fix(text, 'single-admin', 'Add an admin team');
  assert.equal(r.text, `${text}  - team: project-admins\n    role: admin\n`);
  assert.deepEqual(r.codes, []);
});

test('suppression: "disable for this line" and "for this file" switch the advice off', async () => {
  const text = `${HEAD}members:\n  - user: alice@acme.com\n    role: admin\n`;
  const line = await fix(text, 'single-admin', 'Disable single-admin for this line');
  assert.equal(line.text, `${HEAD}members:\n  # zenml-projects-disable-next-line single-admin\n  - user: alice@acme.com\n    role: admin\n`);
  assert.deepEqual(line.codes, []);
  const file = await fix(text, 'single-admin', 'Disable single-admin for this file');
  assert.equal(file.text, `# zenml-projects-disable single-admin\n${text}`);
  assert.deepEqual(file.codes, []);
  // A second code joins the existing file-level comment.
  const more = await fix(`# zenml-projects-disable single-admin\nid: ml-x\nmembers:\n  - user: alice@acme.com\n    role: admin\n`, 'missing-description', 'Disable missing-description for this file');
  assert.match(more.text, /^# zenml-projects-disable single-admin, missing-description\n/);
  assert.deepEqual(more.codes, []);
});

test('suppression: an unknown code is a warning whose fix is the nearest code; errors stay', async () => {
  const text = `# zenml-projects-disable single-admn\n${HEAD}members:\n  - user: alice@acme.com\n    role: admin\n`;
  const r = await fix(text, 'invalid-suppression', "Change to 'single-admin'");
  assert.match(r.text, /^# zenml-projects-disable single-admin\n/);
  assert.deepEqual(r.codes, []);
  const p = await h.open('err/project.yaml', `# zenml-projects-disable unknown-role\n${HEAD}members:\n${OWNERS}  - user: a\n    role: owner\n`);
  assert.deepEqual(codes(p), ['invalid-suppression', 'unknown-role']);
});

test('changed settings apply at once, to open files and files on disk', async () => {
  await h.diagnostics('disk/project.yaml', (p) => codes(p).includes('naming-convention'), 'disk file against the convention');
  const open = await h.open('open/project.yaml', `id: churn\ndescription: d\nmembers:\n${OWNERS}  - user: a\n    role: viewer\n  - user: b\n    role: viewer\n  - user: c\n    role: viewer\n`);
  assert.deepEqual(codes(open), ['naming-convention', 'use-team']);
  h.client.settings = { zenmlProjects: { checks: { teamThreshold: 0, projectIdPattern: '' } } };
  h.client.notify('workspace/didChangeConfiguration', { settings: h.client.settings });
  await h.diagnostics('open/project.yaml', (p) => codes(p).length === 0, 'open file without the checks');
  await h.diagnostics('disk/project.yaml', (p) => codes(p).length === 0, 'disk file without the checks');
});
