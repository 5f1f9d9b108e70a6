/**
 * Sign In, Sign Out and the local workspace's Start and Stop. They return the connection's state
 * (not a CommandResult), and say themselves how a sign-in ended when it did not connect. Sign In
 * to ZenML Pro and Sign Out of ZenML Pro (the Pro API's own credential) return an outcome.
 */
import * as vscode from 'vscode';
import type { ConnectionState } from '../connection/workspaceConnection';
import type { Ctx } from '../ctx';
import { showErrorMessage, showWarningMessage } from '../notify';

/** Signs in with `apiKey` when given (automation, tests), else asks for one. */
export async function signIn(ctx: Ctx, apiKey?: unknown): Promise<ConnectionState> {
  return report(await ctx.connection.signIn(typeof apiKey === 'string' ? apiKey : undefined));
}

export async function signOut(ctx: Ctx): Promise<void> {
  await ctx.connection.signOut();
}

/**
 * Signs in to ZenML Pro — the second credential, for members and roles — with `credential` when
 * given (automation, tests), else asks for a Pro API key or personal access token.
 */
export async function signInToPro(ctx: Ctx, credential?: unknown): Promise<void> {
  await ctx.connection.signInToPro(typeof credential === 'string' ? credential : undefined);
}

export async function signOutOfPro(ctx: Ctx): Promise<void> {
  await ctx.connection.signOutOfPro();
}

export async function startLocalWorkspace(ctx: Ctx): Promise<ConnectionState> {
  const conn = ctx.connection;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the local workspace…') }, () => conn.local.start());
  } catch (e) {
    void showErrorMessage((e as Error).message);
    return conn.state;
  }
  return report(await conn.connect(false));
}

export async function stopLocalWorkspace(ctx: Ctx): Promise<ConnectionState> {
  await ctx.connection.local.stop();
  return ctx.connection.connect(false);
}

/** Tells the user how a sign-in ended when it did not connect. */
function report(state: ConnectionState): ConnectionState {
  if (state.kind === 'unreachable' || (state.kind === 'signedOut' && state.message)) void showErrorMessage(state.message!);
  if (state.kind === 'noWorkspace') void showWarningMessage(vscode.l10n.t('No ZenML workspace is configured. Set zenmlProjects.workspaceUrl, or start the local workspace.'));
  return state;
}
