/**
 * Set Active Project, as `zenml project set` does it: the project's UUID goes into the folder's
 * repository config (`.zen/config.yaml`) when the folder is in a ZenML repository, else into
 * ZenML's global config; every other key and comment stays. The language server watches those
 * files and announces the new resolution. When `ZENML_ACTIVE_PROJECT_ID` is set it wins over any
 * file, and the user is told so rather than shown a switch that has no effect.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { showInformationMessage, showWarningMessage } from '../notify';
import type { Ctx } from '../ctx';
import type { Project } from '../../../common/api/types';
import { ConfigTargetRequest, type ConfigTarget } from '../../../common/protocol';
import { displayPath } from '../../../common/zenml/zenmlPaths';
import { writeActiveProjectId } from '../activeProject/zenConfigWriter';
import { log } from '../log';
import type { WorkspaceSession } from '../model/workspaceSession';
import { pickProject } from '../views/projectPicker';
import { projectLabel } from '../views/treeNodes';
import { Dismissed, required } from './commandSupport';
import { sameUrl, zenmlClientStore } from '../connection/workspaceLocation';
import { workspaceNameOf } from '../projectsAsCode/filePlan';
// Create Project makes the new project active with makeActive below: the two call each other.
import { createProject } from './projectCommands';
import { switchWorkspace } from './workspaceCommands';
import { activeInfoOf, asArgs, nodeOf, projectRefOf, resolveFolder } from './targets';

export interface SetActiveResult {
  project: { uuid: string; id?: string; displayName: string };
  /** The config file written. */
  file: string;
  scope: ConfigTarget['scope'];
  folder?: string;
  /** The value of ZENML_ACTIVE_PROJECT_ID, which overrides the file, when it is set. */
  overriddenBy?: string;
}

/** Where the folder's active project is written: the language server says, as it reads the same files. */
export async function targetFor(ctx: Ctx, folder: vscode.WorkspaceFolder | undefined): Promise<ConfigTarget> {
  return ctx.client.sendRequest(ConfigTargetRequest, { folderUri: folder?.uri.toString() });
}

/** The command: `arg` may name the project and the folder; otherwise both are asked for. */
export async function setActiveProjectCommand(ctx: Ctx, arg: unknown): Promise<SetActiveResult | unknown> {
  const folder = await resolveFolder(arg);
  const session = await ctx.sessions.require();
  const ref = projectRefOf(arg);
  let project: Project;
  if (ref) {
    const node = nodeOf(arg);
    project = node && 'project' in node ? node.project : await session.project(ref);
  } else {
    const info = activeInfoOf(ctx, folder);
    const title = folder && (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? vscode.l10n.t('Set the Active ZenML Project of {0}', folder.name) : vscode.l10n.t('Set the Active ZenML Project');
    const pick = required(
      await pickProject(session, {
        title,
        active: info?.uuid ?? info?.projectId ?? info?.value,
        recent: ctx.recent.list(session.api.url),
        offerCreate: session.canCreateProjects,
        offerSwitchWorkspace: ctx.workspaces.all().length > 1,
        query: asArgs(arg).query,
      }),
    );
    if (pick.kind === 'create') return createProject(ctx, { setActive: true, folder: folder?.uri.toString() });
    if (pick.kind === 'switchWorkspace') {
      // Another workspace, then its projects to pick from.
      const state = await switchWorkspace(ctx, undefined);
      if (state.kind !== 'connected') throw new Error(state.kind === 'unreachable' || state.kind === 'signedOut' ? (state.message ?? vscode.l10n.t('Not connected.')) : vscode.l10n.t('Not connected.'));
      return setActiveProjectCommand(ctx, arg);
    }
    project = pick.project;
  }
  return makeActive(ctx, session, project, folder);
}

/** Writes the project's UUID where ZenML reads the folder's active project from, and says so. */
export async function makeActive(ctx: Ctx, session: WorkspaceSession, project: Project, folder: vscode.WorkspaceFolder | undefined): Promise<SetActiveResult> {
  const target = await targetFor(ctx, folder);
  const shown = displayPath(target.file, os.homedir(), process.platform);
  // ZenML's client reads this UUID against the server it talks to: writing one of another
  // workspace is said first, and done only when the user says so.
  const store = zenmlClientStore();
  if (store && !sameUrl(store.url, session.api.url)) {
    const write = vscode.l10n.t('Write Anyway');
    const choice = await showWarningMessage(
      vscode.l10n.t("'{0}' is a project of workspace {1} ({2}), but ZenML's client here talks to {3} ({4}).", projectLabel(project), workspaceNameOf(session), session.api.url, store.url, store.source),
      { modal: true, detail: vscode.l10n.t('{0} would hold a UUID that workspace does not know: `zenml` commands would fail until ZenML is logged in to {1} (`zenml login {1}`).', shown, session.api.url) },
      write,
    );
    if (choice !== write) throw new Dismissed();
  }
  const written = await writeActiveProjectId(target.file, project.id, shown);
  log().info(`Active project of ${folder?.name ?? 'the global config'}: ${project.name} (${project.id}) written to ${target.file}${written.created ? ' (created)' : ''}`);
  await ctx.recent.add(session.api.url, { uuid: project.id, id: project.name ?? project.id, displayName: projectLabel(project) });
  // The server watches the file; the map (re)sent makes it resolve now, and know this UUID.
  await ctx.uuids.put(project);
  const name = projectLabel(project);
  const where = target.scope === 'repository' ? vscode.l10n.t('the repository config {0}', shown) : vscode.l10n.t('the global config {0}', shown);
  if (target.overriddenBy) {
    void showWarningMessage(
      vscode.l10n.t(
        "Wrote '{0}' to {1}, but the environment variable ZENML_ACTIVE_PROJECT_ID={2} overrides it: ZenML (and this editor) keep using '{2}' until it is unset.",
        name,
        where,
        target.overriddenBy,
      ),
    );
  } else {
    const forFolder = folder && (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? vscode.l10n.t(' for {0}', folder.name) : '';
    void showInformationMessage(vscode.l10n.t("'{0}' is now the active ZenML project{1} (written to {2}).", name, forFolder, where));
  }
  return {
    project: { uuid: project.id, id: project.name, displayName: name },
    file: target.file,
    scope: target.scope,
    folder: folder?.uri.toString(),
    overriddenBy: target.overriddenBy,
  };
}
