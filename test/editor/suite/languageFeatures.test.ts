/**
 * Editing a project file as a person does in VS Code: completion, hover, quick fixes and rename,
 * each asked through VS Code's own commands (vscode.execute…Provider), so the answer has passed
 * through the language client and VS Code's conversions exactly as the editor's UI receives it.
 * Edits stay in memory and are reverted after each test.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeDiagnostics, fixture, open, ours, replaceText, revertAndCloseAll, waitFor, withCode } from './editorState';

const EXTENSION_ID = 'zenml-projects.zenml-projects';
const DEFAULT_ROLES = ['admin', 'developer', 'contributor', 'viewer'];

/** roles/project.yaml: line 6 defines the custom role, lines 12 and 14 hold member roles. */
const rolesFile = () => fixture('roles', 'project.yaml');
const ROLE_DEFINITION_LINE = 6;
const ADMIN_MEMBER_LINE = 12;
const CUSTOM_MEMBER_LINE = 14;

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function completionsAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items;
}

function labels(items: vscode.CompletionItem[]): string[] {
  return items.map(labelOf);
}

/** Waits for the server to report `code` on `uri`, and returns those diagnostics. */
function reported(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic[]> {
  return waitFor(`${code} on ${vscode.workspace.asRelativePath(uri)}`, () => {
    const found = withCode(uri, code);
    return found.length > 0 && found;
  }, () => describeDiagnostics(uri));
}

function markdownOf(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

function rangeText(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

describe('editing project files in VS Code', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension under development is not loaded');
    // activate() does not wait for the language server; clientReady does.
    await (await extension.activate()).clientReady;
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off', 'files.autoSave must be off for these tests');
  });

  afterEach(revertAndCloseAll);

  it("completes a role value with the four default roles, then the file's custom role", async () => {
    const uri = rolesFile();
    const doc = await open(uri);
    // As if the admin member's role had just been deleted, the cursor after `role: `.
    await replaceText(doc, 'role: admin', 'role: ');
    const line = doc.lineAt(ADMIN_MEMBER_LINE);
    assert.equal(line.text, '    role: ');

    const items = await completionsAt(uri, line.range.end);
    assert.deepEqual(labels(items), [...DEFAULT_ROLES, 'data-reviewer']);
    const developer = items.find((i) => labelOf(i) === 'developer')!;
    assert.equal(developer.detail, 'Project Developer');
    const custom = items.find((i) => labelOf(i) === 'data-reviewer')!;
    const docs = custom.documentation;
    assert.match(typeof docs === 'string' ? docs : (docs?.value ?? ''), /\| `artifact` \| read, share \|/);
  });

  it('completes the missing keys on a blank line of a member entry', async () => {
    const uri = rolesFile();
    const doc = await open(uri);
    // A new member half-written at the end of the file: a user, and an empty line below it.
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, end, `${doc.lineAt(doc.lineCount - 1).text ? '\n' : ''}  - user: carol@acme.com\n    `);
    assert.equal(await vscode.workspace.applyEdit(edit), true, 'VS Code refused the edit');
    const blank = doc.lineAt(doc.lineCount - 1);
    assert.equal(blank.text, '    ');
    assert.equal(doc.lineAt(blank.lineNumber - 1).text, '  - user: carol@acme.com');

    const items = await completionsAt(uri, blank.range.end);
    assert.deepEqual(labels(items), ['team', 'role']);
  });

  it("applies the quick fix \"Change Project ID to 'fraud-detection'\" through VS Code's API", async () => {
    const uri = fixture('broken', 'project.yaml');
    const doc = await open(uri);
    const [problem] = await reported(uri, 'invalid-project-id');

    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, problem.range);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a): a is vscode.CodeAction => a.title === "Change Project ID to 'fraud-detection'" && 'edit' in a);
    assert.ok(fix, `no quick fix "Change Project ID to 'fraud-detection'" among ${JSON.stringify(titles)}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(fix.edit, 'the quick fix carries no edit');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, "VS Code refused the quick fix's edit");

    assert.equal(doc.lineAt(0).text, 'id: fraud-detection');
    assert.equal(doc.getText().split('\n').slice(1).join('\n'), 'name: Fraud Detection\nmembers:\n  - user: alice@acme.com\n    role: owner\n', 'the fix changed more than the ID');
    assert.equal(doc.isDirty, true);
    await waitFor(
      'invalid-project-id to disappear after the quick fix',
      () => withCode(uri, 'invalid-project-id').length === 0 && withCode(uri, 'unknown-role').length > 0,
      () => describeDiagnostics(uri),
    );
  });

  it('offers "Fix all" as a source.fixAll action, which fixes only what is certain', async () => {
    const uri = fixture('broken', 'project.yaml');
    const doc = await open(uri);
    await reported(uri, 'unknown-role');

    // What VS Code asks for on save with "editor.codeActionsOnSave": { "source.fixAll": … }.
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, vscode.CodeActionKind.SourceFixAll.value);
    assert.deepEqual(
      actions.map((a) => [a.kind?.value, a.title]),
      [['source.fixAll.zenml-projects', 'Fix all auto-fixable problems in this file (1)']],
    );
    assert.ok(actions[0].edit, 'the fix-all action carries no edit');
    assert.equal(await vscode.workspace.applyEdit(actions[0].edit), true, "VS Code refused the fix-all action's edit");
    // The ID has one certain slug; 'owner' could become several roles, so it is left to the person.
    assert.equal(doc.getText(), 'id: fraud-detection\nname: Fraud Detection\nmembers:\n  - user: alice@acme.com\n    role: owner\n');
  });

  it('flags the fixed ID as a duplicate of valid/project.yaml on both files, until the edit is reverted', async () => {
    const uri = fixture('broken', 'project.yaml');
    const valid = fixture('valid', 'project.yaml');
    const doc = await open(uri);
    await reported(uri, 'invalid-project-id');
    // An earlier test may have left the same duplicate behind a moment ago; its revert clears it.
    await waitFor('valid/project.yaml without duplicate-project-id before the edit', () => withCode(valid, 'duplicate-project-id').length === 0, () => describeDiagnostics(valid));

    await replaceText(doc, 'id: Fraud Detection', 'id: fraud-detection');
    const [here] = await reported(uri, 'duplicate-project-id');
    // The other file is not open: the server checks the workspace's files on disk too.
    const [there] = await reported(valid, 'duplicate-project-id');
    assert.equal(here.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(rangeText(here.range), '0:4-0:19');
    assert.match(here.message, /^The Project ID 'fraud-detection' is also defined in valid\/project\.yaml\./);
    assert.equal(here.relatedInformation?.[0]?.location.uri.toString(), valid.toString());
    assert.equal(there.relatedInformation?.[0]?.location.uri.toString(), uri.toString());

    await revertAndCloseAll();
    await waitFor('duplicate-project-id to clear on valid/project.yaml after the revert', () => withCode(valid, 'duplicate-project-id').length === 0, () => describeDiagnostics(valid));
    assert.deepEqual(ours(valid), []);
  });

  it("shows a role's description on hover, for a default and a custom role", async () => {
    const uri = rolesFile();
    const doc = await open(uri);
    assert.equal(doc.lineAt(ADMIN_MEMBER_LINE).text, '    role: admin');
    assert.equal(doc.lineAt(CUSTOM_MEMBER_LINE).text, '    role: data-reviewer');

    const admin = markdownOf(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(ADMIN_MEMBER_LINE, 12)));
    assert.match(admin, /\*\*Project Admin\*\* \(`admin`\) — Full rights in the project/);

    const custom = markdownOf(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(CUSTOM_MEMBER_LINE, 14)));
    assert.match(custom, /\*\*Custom role\*\* `data-reviewer` — Reviews datasets before training/);
    assert.match(custom, /Held by 1 member of this file\./);
  });

  it('renames a custom role at its definition and at the member that holds it', async () => {
    const uri = rolesFile();
    const doc = await open(uri);
    const position = new vscode.Position(CUSTOM_MEMBER_LINE, 14);

    const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, position);
    assert.deepEqual(
      definitions.map((d) => ('targetUri' in d ? `${d.targetUri.path} ${rangeText(d.targetRange)}` : `${d.uri.path} ${rangeText(d.range)}`)),
      [`${uri.path} ${ROLE_DEFINITION_LINE}:8-${ROLE_DEFINITION_LINE}:21`],
    );

    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', uri, position, 'dataset-reviewer');
    assert.ok(edit, 'no rename edit');
    assert.deepEqual(edit.entries().map(([u]) => u.toString()), [uri.toString()], 'the rename touches other files');
    const edits = edit.get(uri).map((e) => `${rangeText(e.range)} ${e.newText}`).sort();
    assert.deepEqual(edits, [`${CUSTOM_MEMBER_LINE}:10-${CUSTOM_MEMBER_LINE}:23 dataset-reviewer`, `${ROLE_DEFINITION_LINE}:8-${ROLE_DEFINITION_LINE}:21 dataset-reviewer`]);

    assert.equal(await vscode.workspace.applyEdit(edit), true, "VS Code refused the rename's edit");
    assert.equal(doc.lineAt(ROLE_DEFINITION_LINE).text, '  - id: dataset-reviewer');
    assert.equal(doc.lineAt(CUSTOM_MEMBER_LINE).text, '    role: dataset-reviewer');
  });

  it('refuses to rename a custom role to a name ZenML would refuse', async () => {
    const uri = rolesFile();
    await open(uri);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', uri, new vscode.Position(CUSTOM_MEMBER_LINE, 14), 'admin')),
      /names the default role Project Admin/,
    );
  });
});
