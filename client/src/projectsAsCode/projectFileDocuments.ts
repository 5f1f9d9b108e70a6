/**
 * Project files as the projects-as-code commands meet them in VS Code: their spec (read by the
 * language server), their errors as a sentence, and which file a command is about — from a
 * menu's URI, a tree node, automation's `{ uri }`, the active editor, or a quick pick.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProjectFiles } from '../projectFiles/projectFiles';
import { nodeOf } from '../commands/targets';
import { required } from '../commands/commandSupport';
import type { FileError } from '../../../core/sync/projectFileReading';
import type { ProjectSpec } from '../../../core/sync/projectSpec';

/** The scheme of plan documents (planDocuments.ts): `zenml-plan:/<id>.plan?<the project file's URI>`. */
export const PLAN_SCHEME = 'zenml-plan';

/** The project file a plan document is of: a plan stands for its file (its title bar's Apply passes the plan's URI). */
export function fileOfPlan(uri: vscode.Uri): vscode.Uri | undefined {
  return uri.scheme === PLAN_SCHEME && uri.query ? vscode.Uri.parse(uri.query) : undefined;
}

/** How a file is named to the user: relative to its workspace folder. */
export function shownName(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** The errors as the sentence a refused command shows: what is wrong where, and what to do. */
export function describeFileErrors(shown: string, errors: readonly FileError[]): string {
  const listed = errors.slice(0, 5).map((e) => `${shown}:${e.line + 1}:${e.character + 1}: ${e.message}`);
  if (errors.length > listed.length) listed.push(vscode.l10n.t('{0} more in the Problems panel', errors.length - listed.length));
  return vscode.l10n.t('{0} has errors; fix them first (the Problems panel lists them): {1}', shown, listed.join(' · '));
}

/**
 * The spec a project file declares, as the language server reads it (an open editor's text,
 * saved or not); throws the file's errors as a sentence when it has any. The file was named by
 * the user (the command was run on it), so it is read whatever it looks like.
 */
export async function specOf(projectFiles: ProjectFiles, uri: vscode.Uri): Promise<ProjectSpec> {
  const reading = await projectFiles.reading(uri, true);
  if (!reading) throw new Error(vscode.l10n.t('{0} cannot be read.', shownName(uri)));
  if (!reading.ok) throw new Error(describeFileErrors(shownName(uri), reading.errors));
  return reading.spec;
}

/** A URI given as a URI, a URI string, an absolute path, or a path relative to the first folder. */
export function asFileUri(value: vscode.Uri | string): vscode.Uri {
  if (value instanceof vscode.Uri) return value;
  if (/^[a-z][a-z0-9+.-]+:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)) return vscode.Uri.parse(value);
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return vscode.Uri.file(path.isAbsolute(value) || !base ? value : path.join(base, value));
}

/** The file a command's argument names, when it names one: a URI (menus), `{ uri }` (lenses, automation). */
export function fileArgOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return fileOfPlan(arg) ?? arg;
  if (arg && typeof arg === 'object' && 'uri' in arg) {
    const uri = (arg as { uri?: unknown }).uri;
    if (uri instanceof vscode.Uri || typeof uri === 'string') return asFileUri(uri);
  }
  return undefined;
}

/** Every project file of the workspace that declares a Project ID, in path order. */
async function allProjectFiles(projectFiles: ProjectFiles): Promise<{ uri: vscode.Uri; id: string }[]> {
  return (await projectFiles.all()).flatMap((f) => (f.info.id ? [{ uri: f.uri, id: f.info.id }] : []));
}

/** Asks which of `files` is meant (none asked when there is one). */
async function pickFile(files: { uri: vscode.Uri; id: string }[], title: string): Promise<vscode.Uri> {
  if (files.length === 1) return files[0].uri;
  const pick = required(
    await vscode.window.showQuickPick(
      files.map((f) => ({ label: shownName(f.uri), description: f.id, uri: f.uri })),
      { title, placeHolder: vscode.l10n.t('Which project file?'), matchOnDescription: true },
    ),
  );
  return pick.uri;
}

/**
 * The project file a command is about: named by the argument; a tree node's project's file; the
 * active editor's project file (or the file of the plan it shows); else asked for among the
 * workspace's project files.
 */
export async function resolveProjectFile(index: ProjectFiles, arg: unknown, title: string): Promise<vscode.Uri> {
  const named = fileArgOf(arg);
  if (named) return named;
  const node = nodeOf(arg);
  if (node && 'project' in node) {
    const id = node.project.name ?? node.project.id;
    const files = await index.filesDefining(id);
    if (!files.length) throw new Error(vscode.l10n.t("No project file of this workspace defines the project '{0}'. Run \"Import Project to project.yaml\" to write one.", id));
    return pickFile(
      files.map((uri) => ({ uri, id })),
      title,
    );
  }
  const editor = vscode.window.activeTextEditor?.document;
  if (editor && index.isProjectFile(editor)) return editor.uri;
  const planned = editor && fileOfPlan(editor.uri);
  if (planned) return planned;
  const files = await allProjectFiles(index);
  if (!files.length) throw new Error(vscode.l10n.t('This workspace has no project files (project.yaml with an id). Run "Import Project to project.yaml" to write one.'));
  return pickFile(files, title);
}
