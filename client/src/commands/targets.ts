/**
 * What a command acts on, from whatever it was called with — a tree node (menus), the code
 * lens's `{ projectId, uri }`, `{ project, folder }` from automation, a bare ID or UUID — or, when
 * nothing says, asked for with a quick pick.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { Project } from '../../../common/api/types';
import type { ActiveProjectInfo } from '../../../common/protocol';
import type { WorkspaceSession } from '../model/workspaceSession';
import { pickProject } from '../views/projectPicker';
import type { TreeNode } from '../views/treeNodes';
import { required } from './commandSupport';

/** Arguments commands accept besides a tree node. */
export interface TargetArgs {
  /** The project: its ID (ZenML `name`) or UUID. */
  project?: string;
  /** The code lens's name for the project ID. */
  projectId?: string;
  /** A file whose workspace folder is meant (the code lens's project file). */
  uri?: string;
  /** The workspace folder meant, as a URI. */
  folder?: string;
  /** Text the project picker starts with (and searches for). */
  query?: string;
}

export type CommandArg = TreeNode | TargetArgs | string | undefined;

function isNode(arg: unknown): arg is TreeNode {
  return !!arg && typeof arg === 'object' && 'kind' in arg && 'key' in arg;
}

export function asArgs(arg: unknown): TargetArgs {
  if (typeof arg === 'string') return { project: arg };
  if (!arg || typeof arg !== 'object' || isNode(arg)) return {};
  return arg as TargetArgs;
}

export function nodeOf(arg: unknown): TreeNode | undefined {
  return isNode(arg) ? arg : undefined;
}

/** The project named by the argument (UUID or ID), when it names one. */
export function projectRefOf(arg: unknown): string | undefined {
  const node = nodeOf(arg);
  if (node && 'project' in node) return node.project.id;
  const a = asArgs(arg);
  return a.project ?? a.projectId;
}


/** The active project's resolution for a folder (undefined without folders). */
export function activeInfoOf(ctx: Ctx, folder: vscode.WorkspaceFolder | undefined): ActiveProjectInfo | undefined {
  if (!folder) return ctx.active.forCurrentFolder();
  return ctx.active.all.find((i) => i.folderUri === folder.uri.toString());
}

/** The project the command is about; asks with the project picker when the argument names none. */
export async function resolveProject(ctx: Ctx, arg: unknown, title: string): Promise<{ session: WorkspaceSession; project: Project }> {
  const session = await ctx.sessions.require();
  const ref = projectRefOf(arg);
  if (ref) {
    const node = nodeOf(arg);
    // A node carries the project as listed; commands act on what the workspace has now.
    const project = node && 'project' in node ? node.project : await session.project(ref);
    return { session, project };
  }
  const info = ctx.active.forCurrentFolder();
  const pick = required(await pickProject(session, { title, active: info?.uuid ?? info?.projectId, recent: ctx.recent.list(session.api.url) }));
  if (pick.kind !== 'project') throw new vscode.CancellationError();
  return { session, project: pick.project };
}

/**
 * The workspace folder meant: named by the argument, else the active editor's, else the only
 * one; asked for when there are several. Undefined when no folder is open (the global config
 * is then the only place for the setting).
 */
export async function resolveFolder(arg: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  const a = asArgs(arg);
  const named = a.folder ?? a.uri;
  if (named) {
    const f = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(named));
    if (f) return f;
    if (a.folder) throw new Error(vscode.l10n.t('{0} is not a folder of this workspace.', vscode.Uri.parse(a.folder).fsPath));
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  const editor = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = editor && vscode.workspace.getWorkspaceFolder(editor);
  if (fromEditor) return fromEditor;
  if (folders.length <= 1) return folders[0];
  return required(await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Which folder’s active ZenML project?') }));
}
