/**
 * The project commands, registered once: each wraps its implementation in runCommand (errors
 * shown as sentences, cancellation silent) and returns the outcome to whoever ran it.
 */
import * as vscode from 'vscode';
import { SET_ACTIVE_PROJECT_COMMAND } from '../../../common/protocol';
import type { LoadMoreNode } from '../views/treeNodes';
import { runCommand } from './commandSupport';
import { addMember, changeMemberRole, removeMember } from './memberCommands';
import { copyProjectId, createProject, deleteProject, editProject, openInDashboard, openProjectFile, type ProjectDeps } from './projectCommands';
import { setActiveProjectCommand } from './setActiveProject';

export interface CommandDeps extends ProjectDeps {
  /** Reads everything again: the tree, the UUID map, the status bar. */
  refresh(): Promise<void>;
}

export function registerProjectCommands(deps: CommandDeps): vscode.Disposable[] {
  const command = (id: string, run: (arg: unknown) => Promise<unknown>) => vscode.commands.registerCommand(id, (arg?: unknown) => runCommand(id, () => run(arg)));
  return [
    command(SET_ACTIVE_PROJECT_COMMAND, (arg) => setActiveProjectCommand(deps, arg)),
    command('zenmlProjects.createProject', (arg) => createProject(deps, arg)),
    command('zenmlProjects.editProject', (arg) => editProject(deps, arg)),
    command('zenmlProjects.deleteProject', (arg) => deleteProject(deps, arg)),
    command('zenmlProjects.copyProjectId', (arg) => copyProjectId(deps, arg)),
    command('zenmlProjects.openProjectFile', (arg) => openProjectFile(deps, arg)),
    command('zenmlProjects.openInDashboard', (arg) => openInDashboard(deps, arg)),
    command('zenmlProjects.addMember', (arg) => addMember(deps, arg)),
    command('zenmlProjects.changeMemberRole', (arg) => changeMemberRole(deps, arg)),
    command('zenmlProjects.removeMember', (arg) => removeMember(deps, arg)),
    command('zenmlProjects.refresh', () => deps.refresh()),
    command('zenmlProjects.loadMore', (arg) => deps.tree.loadMore(arg as LoadMoreNode)),
  ];
}
