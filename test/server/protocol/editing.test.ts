/**
 * Editing features over LSP against the bundled server: completion, hover, quick fixes,
 * symbols, folding, and definition / references / rename of custom roles.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerHarness } from '../../lib/serverHarness';

const FILE = `id: fraud-detection
name: Fraud Detection
description: Detect fraud
roles:
  - id: data-reviewer
    description: Reviews datasets
    permissions:
      artifact: [read, share]
members:
  - user: alice@acme.com
    role: admin
  - team: ml-platform
    role: data-reviewer
`;

let h: ServerHarness;

interface Item {
  label: string;
  detail?: string;
  textEdit?: { newText: string; range: unknown };
  insertTextFormat?: number;
  documentation?: { value: string };
}

async function labelsAt(rel: string, text: string, line: number, character: number): Promise<Item[]> {
  await h.open(rel, text);
  return h.request<Item[]>('textDocument/completion', { position: { line, character } }, rel);
}

before(async () => {
  h = await ServerHarness.start({
    'other/project.yaml': 'id: other\ndescription: d\nworkspace: acme-prod\nmembers:\n  - user: carol@acme.com\n    role: admin\n  - team: analysts\n    role: viewer\n',
  });
  await h.diagnostics('other/project.yaml');
});

after(() => h.stop());

test('completion: missing top-level keys, with a snippet for members', async () => {
  const items = await labelsAt('c1/project.yaml', 'id: p\n\n', 1, 0);
  assert.deepEqual(items.map((i) => i.label), ['name', 'description', 'workspace', 'roles', 'members']);
  const members = items.find((i) => i.label === 'members')!;
  assert.equal(members.insertTextFormat, 2);
  assert.match(members.textEdit!.newText, /^members:\n {2}- user: \$\{1:name@example.com\}\n {4}role: \$\{2\|admin,developer,contributor,viewer\|\}$/);
  assert.match(members.documentation!.value, /who holds which role/);
});

test('completion: a member entry offers its missing keys and whole-entry snippets', async () => {
  const items = await labelsAt('c2/project.yaml', 'id: p\nmembers:\n  - user: a\n    \n', 3, 4);
  assert.deepEqual(items.map((i) => i.label), ['team', 'role']);
  const dash = await labelsAt('c3/project.yaml', 'id: p\nmembers:\n  - user: a\n    role: admin\n  - \n', 4, 4);
  assert.deepEqual(dash.map((i) => i.label), ['user', 'team', 'role', 'user member', 'team member']);
  assert.equal(dash.find((i) => i.label === 'user member')!.textEdit!.newText, 'user: ${1:name@example.com}\n  role: ${2|admin,developer,contributor,viewer|}');
  const newLine = await labelsAt('c4/project.yaml', 'id: p\nmembers:\n  - user: a\n    role: admin\n  \n', 4, 2);
  assert.deepEqual(newLine.map((i) => i.label), ['user member', 'team member']);
});

test('completion: role values are the default roles then the custom ones', async () => {
  const items = await labelsAt('c5/project.yaml', FILE.replace('role: data-reviewer', 'role: '), 12, 10);
  assert.deepEqual(items.map((i) => i.label), ['admin', 'developer', 'contributor', 'viewer', 'data-reviewer']);
  assert.equal(items[1].detail, 'Project Developer');
  assert.match(items[1].documentation!.value, /May not:\*\* manage members or roles/);
  assert.match(items[4].documentation!.value, /\| `artifact` \| read, share \|/);
});

test('completion: resource types under permissions, actions inside [ ]', async () => {
  const types = await labelsAt('c6/project.yaml', 'id: p\nroles:\n  - id: r\n    permissions:\n      artifact: [read]\n      \n', 5, 6);
  assert.equal(types.length, 14, 'every resource type but the one present');
  assert.ok(!types.some((i) => i.label === 'artifact'));
  assert.ok(types.some((i) => i.label === 'model_version'));
  const actions = await labelsAt('c7/project.yaml', 'id: p\nroles:\n  - id: r\n    permissions:\n      model: [read, ]\n', 4, 20);
  assert.deepEqual(actions.map((i) => i.label), ['create', 'read', 'update', 'delete', 'share']);
});

test('completion: users and teams already named in the workspace, and the ID derived from the name', async () => {
  const users = await labelsAt('c8/project.yaml', 'id: p\nmembers:\n  - user: \n', 2, 10);
  assert.ok(users.some((i) => i.label === 'carol@acme.com'), JSON.stringify(users.map((i) => i.label)));
  const teams = await labelsAt('c9/project.yaml', 'id: p\nmembers:\n  - team: \n', 2, 10);
  assert.deepEqual(teams.map((i) => i.label).filter((l) => l === 'analysts'), ['analysts']);
  const ws = await labelsAt('c10/project.yaml', 'id: p\nworkspace: \n', 1, 11);
  assert.deepEqual(ws.map((i) => i.label), ['acme-prod']);
  const id = await labelsAt('c11/project.yaml', 'name: Churn Model 2\nid: \n', 1, 4);
  assert.deepEqual(id.map((i) => i.label), ['churn-model-2']);
});

test('completion and hover still work in a half-typed file', async () => {
  const text = 'id: p\nmembers:\n  - user: "unterminated\n  - user: b\n    role: \n';
  const items = await labelsAt('c12/project.yaml', text, 4, 10);
  assert.ok(items.some((i) => i.label === 'admin'));
  const hover = await h.request<{ contents: { value: string } }>('textDocument/hover', { position: { line: 0, character: 1 } }, 'c12/project.yaml');
  assert.match(hover.contents.value, /Project ID/);
});

test('hover: keys, default and custom roles, actions, the project ID', async () => {
  await h.open('h/project.yaml', FILE);
  const at = (line: number, character: number) => h.request<{ contents: { value: string } } | null>('textDocument/hover', { position: { line, character } }, 'h/project.yaml');
  assert.match((await at(1, 1))!.contents.value, /^\*\*Project Name\*\*/);
  assert.match((await at(10, 12))!.contents.value, /^\*\*Project Admin\*\* \(`admin`\) — Full rights in the project/);
  const custom = (await at(12, 14))!.contents.value;
  assert.match(custom, /^\*\*Custom role\*\* `data-reviewer` — Reviews datasets/);
  assert.match(custom, /Held by 1 member of this file\./);
  assert.match((await at(7, 19))!.contents.value, /`read`: see resources of this type/);
  assert.match((await at(7, 7))!.contents.value, /^\*\*artifact\*\*: Artifacts/);
  const id = (await at(0, 6))!.contents.value;
  assert.match(id, /\*\*Project ID\*\* `fraud-detection`/);
  assert.match(id, /No project is active in this folder\./);
  // A plain value explains its key.
  assert.match((await at(2, 20))!.contents.value, /^\*\*Description\*\*/);
});

interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  edit: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> };
}

/** Applies the edits of one action to `text` (non-overlapping, applied from the end). */
function apply(text: string, edits: Action['edit']['changes'][string]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

async function actionsFor(rel: string, text: string): Promise<{ actions: Action[]; text: string }> {
  const published = await h.open(rel, text);
  const actions = await h.request<Action[]>('textDocument/codeAction', { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: published.diagnostics } }, rel);
  return { actions, text };
}

test('quick fixes: invalid ID, unknown role, unknown key, duplicate member, no admin, description', async () => {
  const broken = `id: Quick Fix Demo
name: Quick Fix Demo
members:
  - user: alice@acme.com
    role: develper
  - user: bob
    rol: viewer
  - user: alice@acme.com
    role: viewer
`;
  const { actions } = await actionsFor('q/project.yaml', broken);
  const titles = actions.map((a) => a.title);
  for (const t of [
    "Change Project ID to 'quick-fix-demo'",
    "Change role to 'developer'",
    "Define custom role 'develper'",
    "Rename key to 'role'",
    "Remove the duplicate member 'alice@acme.com'",
    'Add an admin member',
    'Add a description',
  ]) {
    assert.ok(titles.includes(t), `missing '${t}' in ${JSON.stringify(titles)}`);
  }
  const uri = h.uri('q/project.yaml');
  const byTitle = (t: string) => actions.find((a) => a.title === t)!.edit.changes[uri];
  assert.match(apply(broken, byTitle("Change Project ID to 'quick-fix-demo'")), /^id: quick-fix-demo\n/);
  assert.match(apply(broken, byTitle("Remove the duplicate member 'alice@acme.com'")), /rol: viewer\n$/);
  assert.match(apply(broken, byTitle('Add an admin member')), /role: viewer\n {2}- user: admin@example\.com\n {4}role: admin\n$/);
  assert.match(apply(broken, byTitle("Define custom role 'develper'")), /\nroles:\n {2}- id: develper\n {4}description: \n$/);
  assert.match(apply(broken, byTitle('Add a description')), /^id: Quick Fix Demo\nname: Quick Fix Demo\ndescription: Describe what this project is for\nmembers:/);

  const fixAll = actions.find((a) => a.kind === 'quickfix' && a.title.startsWith('Fix all'))!;
  const fixed = apply(broken, fixAll.edit.changes[uri]);
  assert.equal(
    fixed,
    'id: quick-fix-demo\nname: Quick Fix Demo\nmembers:\n  - user: alice@acme.com\n    role: developer\n  - user: bob\n    role: viewer\n',
  );
  const after = await h.change('q/project.yaml', [{ text: fixed }]);
  assert.deepEqual(after.diagnostics.map((d) => d.code), ['missing-description', 'no-admin']);
});

test('fix all is offered as a source action', async () => {
  const published = await h.open('fa/project.yaml', 'id: Bad Id\ndescription: d\nmembers:\n  - user: a\n    role: admn\n');
  const actions = await h.request<Action[]>('textDocument/codeAction', { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } }, 'fa/project.yaml');
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['invalid-project-id', 'no-admin', 'unknown-role']);
  assert.deepEqual(actions.map((a) => [a.kind, a.title]), [['source.fixAll.zenml-projects', 'Fix all auto-fixable problems in this file (2)']]);
});

test('document symbols: the project, its roles and members', async () => {
  await h.open('s/project.yaml', FILE);
  const symbols = await h.request<{ name: string; detail?: string; children?: { name: string; detail?: string }[] }[]>('textDocument/documentSymbol', {}, 's/project.yaml');
  assert.deepEqual(symbols.map((s) => s.name), ['id', 'name', 'description', 'roles', 'members']);
  assert.equal(symbols[0].detail, 'fraud-detection');
  assert.deepEqual(symbols[3].children!.map((c) => c.name), ['data-reviewer']);
  assert.deepEqual(symbols[4].children!.map((c) => [c.name, c.detail]), [
    ['alice@acme.com', 'user · admin'],
    ['ml-platform', 'team · data-reviewer'],
  ]);
});

test('folding ranges: top-level blocks and entries', async () => {
  await h.open('f/project.yaml', FILE);
  const ranges = await h.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', {}, 'f/project.yaml');
  const pairs = ranges.map((r) => `${r.startLine}-${r.endLine}`).sort();
  assert.deepEqual(pairs, ['11-12', '3-7', '4-7', '8-12', '9-10'].sort());
});

test('definition, references and rename of a custom role', async () => {
  await h.open('r/project.yaml', FILE);
  const uri = h.uri('r/project.yaml');
  const def = await h.request<{ uri: string; range: { start: { line: number; character: number } } }[]>('textDocument/definition', { position: { line: 12, character: 14 } }, 'r/project.yaml');
  assert.deepEqual(def, [{ uri, range: { start: { line: 4, character: 8 }, end: { line: 4, character: 21 } } }]);
  const refs = await h.request<{ range: { start: { line: number } } }[]>('textDocument/references', { position: { line: 4, character: 10 }, context: { includeDeclaration: true } }, 'r/project.yaml');
  assert.deepEqual(refs.map((r) => r.range.start.line), [4, 12]);
  const none = await h.request<unknown[]>('textDocument/definition', { position: { line: 10, character: 12 } }, 'r/project.yaml');
  assert.deepEqual(none, [], 'a default role has no definition in the file');
  const prep = await h.request<{ placeholder: string }>('textDocument/prepareRename', { position: { line: 12, character: 14 } }, 'r/project.yaml');
  assert.equal(prep.placeholder, 'data-reviewer');
  const edit = await h.request<{ changes: Record<string, { newText: string; range: { start: { line: number } } }[]> }>('textDocument/rename', { position: { line: 12, character: 14 }, newName: 'dataset-reviewer' }, 'r/project.yaml');
  assert.deepEqual(edit.changes[uri].map((e) => [e.range.start.line, e.newText]), [
    [4, 'dataset-reviewer'],
    [12, 'dataset-reviewer'],
  ]);
  await assert.rejects(
    h.request('textDocument/rename', { position: { line: 12, character: 14 }, newName: 'Data Reviewer' }, 'r/project.yaml'),
    /Role ID may only contain lowercase letters/,
  );
  await assert.rejects(h.request('textDocument/rename', { position: { line: 12, character: 14 }, newName: 'admin' }, 'r/project.yaml'), /names the default role Project Admin/);
});
