/**
 * One project file against the workspace, read fresh: the file's spec (refused with its errors),
 * the project's state in the workspace, and the plan between them — what Plan and Apply show and
 * what Apply carries out. The state read also becomes the drift lens's snapshot, so that the lens
 * and the plan agree.
 */
import * as vscode from 'vscode';
import { planProject, type Plan } from '../../../core/sync/plan';
import type { ProjectSpec } from '../../../core/sync/projectSpec';
import { readWorkspaceState, type WorkspaceState, namedUsersOf } from '../../../core/sync/workspaceState';
import { withProgress } from '../commands/commandSupport';
import type { WorkspaceSession } from '../model/workspaceSession';
import type { Ctx } from '../ctx';
import { shownName, specOf } from './projectFileDocuments';

export interface FilePlan {
  uri: vscode.Uri;
  /** The file as the user knows it: relative to its workspace folder. */
  shown: string;
  /** Whether the plan is of text not saved yet. */
  unsaved: boolean;
  session: WorkspaceSession;
  spec: ProjectSpec;
  state: WorkspaceState;
  plan: Plan;
  readAt: Date;
}

/** The workspace's name, as its dashboard shows it. */
export function workspaceNameOf(session: WorkspaceSession): string {
  return session.info.pro_workspace_name || session.info.name;
}

/**
 * The session for a project file: the workspace its `workspace:` names (the selected one when it
 * is that, else its own connection), or the selected one when it names none. Throws the sentence
 * that says why not — never another workspace's session.
 */
export async function sessionForFile(ctx: Pick<Ctx, 'sessions' | 'workspaces'>, spec: ProjectSpec, shown: string): Promise<WorkspaceSession> {
  if (spec.workspace === undefined) return ctx.sessions.require();
  if (!ctx.sessions.current) await ctx.sessions.require().catch(() => undefined);
  return ctx.workspaces.require(spec.workspace, shown);
}

/** Plans the file's current text (an open editor's, saved or not) against its workspace as it is now. */
export async function readFilePlan(ctx: Pick<Ctx, 'sessions' | 'workspaces' | 'tracker' | 'projectFiles'>, uri: vscode.Uri): Promise<FilePlan> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const spec = await specOf(ctx.projectFiles, uri);
  const shown = shownName(uri);
  const session = await sessionForFile(ctx, spec, shown);
  const state = await withProgress(vscode.l10n.t("Reading project '{0}' from {1}…", spec.id, workspaceNameOf(session)), (signal) => readWorkspaceState(session.api, spec.id, signal, namedUsersOf(spec)));
  ctx.tracker.snapshots.accept(session, spec.id, state, namedUsersOf(spec));
  return { uri, shown, unsaved: doc.isDirty, session, spec, state, plan: planProject(spec, state, shown), readAt: new Date() };
}
