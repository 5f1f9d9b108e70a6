/**
 * project.yaml diagnostics as VS Code itself shows them: the extension under development runs in a
 * real extension host (code-server), starts the bundled language server, and these tests read what
 * reaches vscode.languages. The workspace is test/fixtures/editor-workspace; files are edited in
 * memory only and reverted after each test.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostics, ours, revertAndCloseAll, waitFor, withCode } from './editorState';

function fixture(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code opened no workspace folder; the runner must open test/fixtures/editor-workspace');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Replaces `text` (its first occurrence) in an open document through a WorkspaceEdit, unsaved. */
async function replaceText(doc: vscode.TextDocument, text: string, replacement: string): Promise<void> {
  const offset = doc.getText().indexOf(text);
  assert.ok(offset >= 0, `${doc.uri.path} does not contain '${text}'`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + text.length)), replacement);
  assert.equal(await vscode.workspace.applyEdit(edit), true, 'VS Code refused the edit');
}

function assertRange(d: vscode.Diagnostic, line: number, start: number, end: number): void {
  const r = d.range;
  assert.deepEqual(
    [r.start.line, r.start.character, r.end.line, r.end.character],
    [line, start, line, end],
    `range of ${codeOf(d)}`,
  );
}

describe('project.yaml diagnostics in VS Code', () => {
  const broken = () => fixture('broken', 'project.yaml');

  before(() => {
    assert.ok(vscode.extensions.getExtension('zenml-projects.zenml-projects'), 'the extension under development is not loaded');
    // The tests edit fixtures in memory only; an auto-save would change the files in the repository.
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off', 'files.autoSave must be off for these tests');
  });

  afterEach(revertAndCloseAll);

  it('underlines each problem of a broken project file with its code, severity and exact range', async () => {
    const uri = broken();
    const doc = await open(uri);
    assert.equal(doc.languageId, 'yaml');

    const expected = ['invalid-project-id', 'unknown-role', 'no-admin', 'missing-description'];
    await waitFor(
      `diagnostics ${expected.join(', ')} on broken/project.yaml`,
      () => expected.every((code) => withCode(uri, code).length > 0),
      () => describeDiagnostics(uri),
    );

    const [id, ...moreIds] = withCode(uri, 'invalid-project-id');
    assert.equal(moreIds.length, 0, 'invalid-project-id reported more than once');
    assert.equal(id.severity, vscode.DiagnosticSeverity.Error);
    assertRange(id, 0, 4, 19);
    assert.match(id.message, /^Project ID may only contain lowercase letters/);

    const [role, ...moreRoles] = withCode(uri, 'unknown-role');
    assert.equal(moreRoles.length, 0, 'unknown-role reported more than once');
    assert.equal(role.severity, vscode.DiagnosticSeverity.Error);
    assertRange(role, 4, 10, 15);
    assert.match(role.message, /owner/);

    assert.equal(withCode(uri, 'no-admin')[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(withCode(uri, 'missing-description')[0].severity, vscode.DiagnosticSeverity.Information);
  });

  it('reports nothing for a complete, valid project file', async () => {
    const uri = fixture('valid', 'project.yaml');
    const doc = await open(uri);
    assert.equal(doc.languageId, 'yaml');

    // "No diagnostics" is also what a server that never looked would give: first prove the server
    // checks this document (a broken ID is reported), then restore the file's text and wait for
    // the report to clear completely.
    await replaceText(doc, 'id: fraud-detection', 'id: Fraud-Detection');
    await waitFor('invalid-project-id after breaking the valid file', () => withCode(uri, 'invalid-project-id').length > 0, () => describeDiagnostics(uri));
    await replaceText(doc, 'id: Fraud-Detection', 'id: fraud-detection');
    await waitFor('no diagnostics on the restored valid file', () => ours(uri).length === 0, () => describeDiagnostics(uri));
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error), []);
  });

  it('clears invalid-project-id once the ID is fixed through a WorkspaceEdit, keeping the other problems', async () => {
    const uri = broken();
    const doc = await open(uri);
    await waitFor('invalid-project-id on broken/project.yaml', () => withCode(uri, 'invalid-project-id').length > 0, () => describeDiagnostics(uri));

    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 4, 0, 19), 'fraud-detection');
    assert.equal(await vscode.workspace.applyEdit(edit), true, 'VS Code refused the edit');
    assert.equal(doc.lineAt(0).text, 'id: fraud-detection');

    await waitFor(
      'invalid-project-id to disappear after the fix',
      () => withCode(uri, 'invalid-project-id').length === 0 && withCode(uri, 'unknown-role').length > 0,
      () => describeDiagnostics(uri),
    );
    assertRange(withCode(uri, 'unknown-role')[0], 4, 10, 15);
  });

  it('leaves YAML files that are not project files alone; a lookalike project.yaml gets one word on opting in', async () => {
    const config = fixture('other', 'training-config.yaml');
    const lookalike = fixture('not-a-project', 'project.yaml');
    // Both are YAML to VS Code, so the extension offers them to the server.
    for (const uri of [config, lookalike]) assert.equal((await open(uri)).languageId, 'yaml');

    // Absence needs a witness: the server handles documents in order, so once it has answered a
    // later change to the broken file, it has had its chance to report on the two opened above.
    const uri = broken();
    const doc = await open(uri);
    await waitFor('unknown-role on broken/project.yaml', () => withCode(uri, 'unknown-role').length > 0, () => describeDiagnostics(uri));
    await replaceText(doc, 'role: owner', 'role: admin');
    await waitFor('unknown-role to disappear after the role became admin', () => withCode(uri, 'unknown-role').length === 0, () => describeDiagnostics(uri));

    assert.deepEqual(ours(config).map(codeOf), [], `diagnostics on other/training-config.yaml:\n${describeDiagnostics(config)}`);
    assert.deepEqual(ours(lookalike).map(codeOf), ['not-a-project-file'], `diagnostics on not-a-project/project.yaml:\n${describeDiagnostics(lookalike)}`);
  });
});
