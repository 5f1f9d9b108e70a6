/**
 * Every command of the extension, in one table: its ID (as package.json contributes it) → what it
 * runs. Each command is one function `(ctx, arg) => result`, reachable alike from the palette,
 * the tree, the status bar, a code lens and automation; the argument is whatever the caller
 * passed (a tree node, `{ uri }`, `{ project }`, …) and the result goes back to the caller.
 *
 * To add a command: write `myCommand(ctx: Ctx, arg: unknown)` next to its kind, add one line
 * here, and contribute the ID (title, menus) in package.json. Anything it needs that `ctx` lacks
 * becomes a field of Ctx (ctx.ts).
 */
import * as vscode from 'vscode';
import { SET_ACTIVE_PROJECT_COMMAND } from '../../../common/protocol';
import type { Ctx } from '../ctx';
import { log } from '../log';
import { showAccessReport } from '../projectsAsCode/accessReportCommand';
import { importProject } from '../projectsAsCode/importCommand';
import { applyProjectFile, planProjectFile } from '../projectsAsCode/planCommands';
import type { LoadMoreNode } from '../views/treeNodes';
import { runCommand } from './commandSupport';
import { signIn, signInToPro, signOut, signOutOfPro, startLocalWorkspace, stopLocalWorkspace } from './connectionCommands';
import { addMember, changeMemberRole, removeMember } from './memberCommands';
import { copyProjectId, createProject, deleteProject, editProject, openInDashboard, openProjectFile } from './projectCommands';
import { setActiveProjectCommand } from './setActiveProject';
import { cleanUpProject } from './cleanUpProject';
import { connectWorkspace, switchWorkspace } from './workspaceCommands';

/** What a command runs. */
export type Run = (ctx: Ctx, arg?: unknown) => unknown;

export interface Command {
  run: Run;
  /**
   * How the result reaches the caller. 'outcome' (the default): through runCommand — errors shown
   * as sentences, cancellation silent, and `{ ok, value | error | cancelled }` returned. 'raw': the
   * value itself (the connection commands, whose callers want the ConnectionState).
   */
  returns: 'outcome' | 'raw';
}

const outcome = (run: Run): Command => ({ run, returns: 'outcome' });
const raw = (run: Run): Command => ({ run, returns: 'raw' });

/** The command table. */
export function createCommands(): Record<string, Command> {
  return {
    // The connection.
    'zenmlProjects.signIn': raw(signIn),
    'zenmlProjects.signOut': raw(signOut),
    'zenmlProjects.signInToPro': outcome(signInToPro),
    'zenmlProjects.signOutOfPro': outcome(signOutOfPro),
    'zenmlProjects.startLocalWorkspace': raw(startLocalWorkspace),
    'zenmlProjects.stopLocalWorkspace': raw(stopLocalWorkspace),
    'zenmlProjects.showLogs': raw(() => log().show()),
    'zenmlProjects.refresh': outcome((ctx) => ctx.refresh()),
    // Several workspaces.
    'zenmlProjects.connectWorkspace': outcome(connectWorkspace),
    'zenmlProjects.switchWorkspace': raw(switchWorkspace),
    // Projects and their members.
    [SET_ACTIVE_PROJECT_COMMAND]: outcome(setActiveProjectCommand),
    'zenmlProjects.createProject': outcome(createProject),
    'zenmlProjects.editProject': outcome(editProject),
    'zenmlProjects.deleteProject': outcome(deleteProject),
    'zenmlProjects.cleanUpProject': outcome(cleanUpProject),
    'zenmlProjects.copyProjectId': outcome(copyProjectId),
    'zenmlProjects.openProjectFile': outcome(openProjectFile),
    'zenmlProjects.openInDashboard': outcome(openInDashboard),
    'zenmlProjects.addMember': outcome(addMember),
    'zenmlProjects.changeMemberRole': outcome(changeMemberRole),
    'zenmlProjects.removeMember': outcome(removeMember),
    'zenmlProjects.loadMore': outcome((ctx, arg) => ctx.tree.loadMore(arg as LoadMoreNode)),
    // Projects as code.
    'zenmlProjects.planProjectFile': outcome(planProjectFile),
    'zenmlProjects.applyProjectFile': outcome(applyProjectFile),
    'zenmlProjects.importProject': outcome(importProject),
    'zenmlProjects.showAccessReport': outcome(showAccessReport),
  };
}

/** Registers every command of the table with VS Code. */
export function registerCommands(ctx: Ctx, commands: Record<string, Command> = createCommands()): vscode.Disposable[] {
  return Object.entries(commands).map(([id, command]) =>
    vscode.commands.registerCommand(id, (arg?: unknown) => (command.returns === 'raw' ? command.run(ctx, arg) : runCommand(id, async () => command.run(ctx, arg)))),
  );
}
