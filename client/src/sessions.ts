/**
 * The WorkspaceSession of the current connection: a new one for every connection, none while
 * signed out or unreachable. Sets the context keys menus and welcome views match on.
 */
import * as vscode from 'vscode';
import type { ConnectionState, WorkspaceConnection } from './connection/workspaceConnection';
import { WorkspaceSession } from './model/workspaceSession';

export class Sessions implements vscode.Disposable {
  private session: WorkspaceSession | undefined;
  private readonly changed = new vscode.EventEmitter<WorkspaceSession | undefined>();
  /** Fires with the new session (undefined when disconnected). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(readonly connection: WorkspaceConnection) {
    this.subscription = connection.onDidChangeState((s) => this.follow(s));
    this.follow(connection.state);
  }

  private follow(state: ConnectionState): void {
    const next = state.kind === 'connected' ? state : undefined;
    if (next && this.session && this.session.api === next.api) return;
    if (!next && !this.session) return;
    this.session = next ? new WorkspaceSession(next.api, next.info, next.user) : undefined;
    const s = this.session;
    void vscode.commands.executeCommand('setContext', 'zenmlProjects.canCreateProjects', !!s?.canCreateProjects);
    void vscode.commands.executeCommand('setContext', 'zenmlProjects.hasDashboard', !!s?.hasDashboard);
    void vscode.commands.executeCommand('setContext', 'zenmlProjects.hasAccessControl', !!s?.hasAccessControl);
    this.changed.fire(s);
  }

  get current(): WorkspaceSession | undefined {
    return this.session;
  }

  /** The session to act with: connects (asking to sign in) when needed, else throws a sentence. */
  async require(): Promise<WorkspaceSession> {
    if (this.session) return this.session;
    await this.connection.requireApi();
    if (!this.session) throw new Error(vscode.l10n.t('Not connected to a ZenML workspace.'));
    return this.session;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
