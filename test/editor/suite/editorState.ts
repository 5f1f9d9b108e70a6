/**
 * What the extension-host tests read from VS Code: our diagnostics for a document, and a polling
 * wait on a condition (the language server answers asynchronously; first activation takes seconds).
 */
import * as vscode from 'vscode';

/** The `source` every diagnostic of the language server carries. */
export const SOURCE = 'zenml-projects';

/** A diagnostic's code as text: VS Code delivers it as a string/number or as `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** The diagnostics our language server published for `uri`. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function withCode(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return ours(uri).filter((d) => codeOf(d) === code);
}

/** One line per diagnostic, for failure messages. */
export function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (!all.length) return '(no diagnostics)';
  return all
    .map((d) => {
      const r = d.range;
      return `${d.source ?? '?'} ${codeOf(d) ?? '?'} ${vscode.DiagnosticSeverity[d.severity]} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${d.message}`;
    })
    .join('\n');
}

/**
 * Polls `probe` (which may be async, e.g. a request to the language server) until it returns
 * something other than undefined/false, and returns that. Fails after `timeoutMs` with `what`
 * and, from `state()`, what was seen last.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  state: () => string,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}. Last seen:\n${state()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reverts every changed document and closes all editors, so each test starts from the files on disk. */
export async function revertAndCloseAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** A file of the workspace folder the runner opened (test/fixtures/editor-workspace). */
export function fixture(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('VS Code opened no workspace folder; the runner must open test/fixtures/editor-workspace');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Opens a file in an editor, as a person does before typing in it. */
export async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Replaces the first occurrence of `text` in an open document through a WorkspaceEdit, unsaved. */
export async function replaceText(doc: vscode.TextDocument, text: string, replacement: string): Promise<void> {
  const offset = doc.getText().indexOf(text);
  if (offset < 0) throw new Error(`${doc.uri.path} does not contain '${text}'`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + text.length)), replacement);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused to edit ${doc.uri.path}`);
}
