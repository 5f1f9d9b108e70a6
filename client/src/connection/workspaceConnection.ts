/**
 * The connection to a ZenML workspace: where it is, who we are there, and what it is. Views and
 * commands read `state`, react to `onDidChangeState`, and call `requireApi()` to act.
 */
import * as vscode from 'vscode';
import { ZenmlApiError } from '../../../common/api/apiError';
import type { ServerInfo, User } from '../../../common/api/types';
import { ZenmlApi } from '../../../common/api/zenmlApi';
import { log } from '../log';
import { AUTH_PROVIDER_ID, ZenmlAuthProvider } from './authProvider';
import { LocalWorkspaceProcess } from './localWorkspaceProcess';
import { configuredLocation, howToChange, WorkspaceLocation } from './workspaceLocation';

export type ConnectionState =
  | { kind: 'noWorkspace' }
  | { kind: 'signedOut'; location: WorkspaceLocation; message?: string }
  | { kind: 'connecting'; location: WorkspaceLocation }
  | { kind: 'connected'; location: WorkspaceLocation; api: ZenmlApi; info: ServerInfo; user: User }
  | { kind: 'unreachable'; location: WorkspaceLocation; message: string };

export class WorkspaceConnection implements vscode.Disposable {
  private current: ConnectionState = { kind: 'noWorkspace' };
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  readonly onDidChangeState = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private attempt = 0;

  constructor(
    private readonly auth: ZenmlAuthProvider,
    readonly local: LocalWorkspaceProcess,
  ) {
    this.disposables.push(
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === AUTH_PROVIDER_ID) void this.connect(false);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('zenmlProjects.workspaceUrl')) void this.connect(false);
      }),
      local.onDidExitUnexpectedly((message) => {
        if (this.current.kind !== 'noWorkspace' && this.current.location.source === 'local workspace') this.set({ kind: 'unreachable', location: this.current.location, message });
      }),
    );
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The API when connected. */
  get api(): ZenmlApi | undefined {
    return this.current.kind === 'connected' ? this.current.api : undefined;
  }

  private set(state: ConnectionState): void {
    this.current = state;
    void vscode.commands.executeCommand('setContext', 'zenmlProjects.connection', state.kind);
    void vscode.commands.executeCommand('setContext', 'zenmlProjects.localWorkspaceRunning', !!this.local.current);
    this.changed.fire(state);
  }

  private location(): WorkspaceLocation | undefined {
    const configured = configuredLocation();
    if (configured) return configured;
    const local = this.local.current;
    return local ? { url: local.url, source: 'local workspace' } : undefined;
  }

  /**
   * (Re)connects. Interactive: asks to sign in when there is no session. Never throws: the
   * outcome is the new state.
   */
  async connect(interactive: boolean): Promise<ConnectionState> {
    const attempt = ++this.attempt;
    const location = this.location();
    if (!location) {
      this.set({ kind: 'noWorkspace' });
      return this.current;
    }
    this.set({ kind: 'connecting', location });
    const apiKey = await this.apiKeyFor(location, interactive).catch((e: unknown) => {
      if (!(e instanceof vscode.CancellationError)) log().warn(`Sign-in failed: ${(e as Error).message}`);
      return e instanceof Error ? e : undefined;
    });
    if (attempt !== this.attempt) return this.current;
    if (!apiKey || apiKey instanceof Error) {
      this.set({ kind: 'signedOut', location, message: apiKey instanceof Error && !(apiKey instanceof vscode.CancellationError) ? apiKey.message : undefined });
      return this.current;
    }
    const api = new ZenmlApi({ url: location.url, credentials: { apiKey }, urlHint: howToChange(location.source) });
    try {
      const info = await api.info();
      const user = await api.currentUser();
      if (attempt !== this.attempt) return this.current;
      log().info(`Connected to ${info.name} ${info.version} at ${location.url} as ${user.name}`);
      this.set({ kind: 'connected', location, api, info, user });
    } catch (e) {
      if (attempt !== this.attempt) return this.current;
      const message = e instanceof Error ? e.message : String(e);
      log().warn(message);
      if (e instanceof ZenmlApiError && e.status === 401) this.set({ kind: 'signedOut', location, message });
      else this.set({ kind: 'unreachable', location, message });
    }
    return this.current;
  }

  private async apiKeyFor(location: WorkspaceLocation, interactive: boolean): Promise<string | undefined> {
    if (location.source === 'local workspace') return this.local.current?.adminApiKey;
    // ZenML clients take a key from the environment: so do we, without a sign-in.
    if (location.source === 'environment' && process.env.ZENML_STORE_API_KEY) return process.env.ZENML_STORE_API_KEY;
    const session = await vscode.authentication.getSession(AUTH_PROVIDER_ID, [location.url], interactive ? { createIfNone: true } : { silent: true });
    return session?.accessToken;
  }

  /** Signs in to the configured workspace, with `apiKey` when given (else asks for one). */
  async signIn(apiKey?: string): Promise<ConnectionState> {
    const location = this.location();
    if (!location) {
      this.set({ kind: 'noWorkspace' });
      return this.current;
    }
    if (apiKey) this.auth.offerKey(apiKey);
    return this.connect(true);
  }

  async signOut(): Promise<void> {
    const location = this.location();
    if (!location) return;
    for (const s of await this.auth.getSessions([location.url])) await this.auth.removeSession(s.id);
    this.set({ kind: 'signedOut', location });
  }

  /** The API to act with: connects (asking to sign in) if needed; throws a sentence otherwise. */
  async requireApi(): Promise<ZenmlApi> {
    if (this.current.kind === 'connected') return this.current.api;
    const state = await this.connect(true);
    if (state.kind === 'connected') return state.api;
    if (state.kind === 'noWorkspace') throw new Error(vscode.l10n.t('No ZenML workspace is configured. Set zenmlProjects.workspaceUrl, or run "ZenML Projects: Start Local Workspace".'));
    if (state.kind === 'signedOut') throw new Error(state.message ?? vscode.l10n.t('Sign in to {0} first.', state.location.url));
    throw new Error(state.kind === 'unreachable' ? state.message : vscode.l10n.t('Not connected.'));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
