/**
 * Project files as the projects-as-code commands and the drift features meet them in VS Code:
 * which documents are project files, their reading (memoized per version, so that typing costs
 * one reading per change however many features ask), and which file a command is about — from a
 * menu's URI, a tree node, automation's `{ uri }`, the active editor, or a quick pick.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { declaredProjectId } from '../projectFiles/declaredProjectId';
import type { ProjectFileIndex } from '../projectFiles/projectFileIndex';
import { nodeOf } from '../commands/targets';
import { required } from '../commands/commandSupport';
import { readProjectFileText as readProjectFile, type FileError, type ProjectFileReading } from '../../../core/projectFile/projectFile';
import type { ProjectSpec } from '../../../core/sync/projectSpec';

const DEFAULT_NAMES = ['project.yaml', 'project.yml'];

/** The scheme of plan documents (planDocuments.ts): `zenml-plan:/<id>.plan?<the project file's URI>`. */
export const PLAN_SCHEME = 'zenml-plan';

/** The project file a plan document is of: a plan stands for its file (its title bar's Apply passes the plan's URI). */
export function fileOfPlan(uri: vscode.Uri): vscode.Uri | undefined {
  return uri.scheme === PLAN_SCHEME && uri.query ? vscode.Uri.parse(uri.query) : undefined;
}

/** Whether a document is a project file: named like one (or by the projectFiles setting), declaring an `id`. */
export function isProjectFileDocument(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== 'file') return false;
  const named =
    DEFAULT_NAMES.includes(path.basename(doc.uri.path)) ||
    (vscode.workspace.getConfiguration('zenmlProjects').get<string[]>('projectFiles') ?? []).some((glob) =>
      (vscode.workspace.workspaceFolders ?? []).some((f) => vscode.languages.match({ pattern: new vscode.RelativePattern(f, glob) }, doc) > 0),
    );
  return named && declaredProjectId(doc.getText()) !== undefined;
}

const readings = new WeakMap<vscode.TextDocument, { version: number; reading: ProjectFileReading }>();

/**
 * Files this long are read again only once saved: a full reading of tens of thousands of members
 * takes a good part of a second of the extension host, too much to spend on every pause in typing.
 * (The language server checks them as they are typed, incrementally.)
 */
const READ_ON_SAVE_LINES = 20_000;

/** The document's reading at its current version (for a very long file being edited, at its last save). */
export function readingOf(doc: vscode.TextDocument): ProjectFileReading {
  const cached = readings.get(doc);
  if (cached && cached.version === doc.version) return cached.reading;
  if (cached && doc.isDirty && doc.lineCount > READ_ON_SAVE_LINES) return cached.reading;
  const reading = readProjectFile(doc.getText());
  readings.set(doc, { version: doc.version, reading });
  return reading;
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

/** The spec a document declares; throws the file's errors as a sentence when it has any. */
export function specOf(doc: vscode.TextDocument): ProjectSpec {
  const reading = readingOf(doc);
  if (!reading.ok) throw new Error(describeFileErrors(shownName(doc.uri), reading.errors));
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

/** Every project file of the workspace, in path order. */
async function allProjectFiles(index: ProjectFileIndex): Promise<{ uri: vscode.Uri; id: string }[]> {
  const found: { uri: vscode.Uri; id: string }[] = [];
  for (const id of await index.ids()) for (const uri of await index.filesDefining(id)) found.push({ uri, id });
  return found.sort((a, b) => a.uri.path.localeCompare(b.uri.path));
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
export async function resolveProjectFile(index: ProjectFileIndex, arg: unknown, title: string): Promise<vscode.Uri> {
  const named = fileArgOf(arg);
  if (named) return named;
  const node = nodeOf(arg);
  if (node && 'project' in node) {
    const id = node.project.name ?? node.project.id;
    let files = await index.filesDefining(id);
    if (!files.length) {
      index.rescan();
      files = await index.filesDefining(id);
    }
    if (!files.length) throw new Error(vscode.l10n.t("No project file of this workspace defines the project '{0}'. Run \"Import Project to project.yaml\" to write one.", id));
    return pickFile(
      files.map((uri) => ({ uri, id })),
      title,
    );
  }
  const editor = vscode.window.activeTextEditor?.document;
  if (editor && isProjectFileDocument(editor)) return editor.uri;
  const planned = editor && fileOfPlan(editor.uri);
  if (planned) return planned;
  const files = await allProjectFiles(index);
  if (!files.length) throw new Error(vscode.l10n.t('This workspace has no project files (project.yaml with an id). Run "Import Project to project.yaml" to write one.'));
  return pickFile(files, title);
}
