/**
 * The connection to a ZenML workspace: where it is, who we are there, and what it is. Views and
 * commands read `state`, react to `onDidChangeState`, and call `requireApi()` to act.
 */
import * as vscode from 'vscode';
import { ZenmlApiError } from '../../../common/api/apiError';
import type { ServerInfo, User } from '../../../common/api/types';
import { ZenmlApi } from '../../../common/api/zenmlApi';
import { workspaceDisplayName, workspaceIdentity, workspaceMatches } from '../../../core/sync/workspaceTarget';
import { log } from '../log';
import { PRO_API_KEY_PREFIX } from '../../../common/api/proApi';
import { AUTH_PROVIDER_ID, credentialsFor, PRO_AUTH_PROVIDER_ID, ZenmlAuthProvider, ZenmlProAuthProvider } from './authProvider';
import { LocalWorkspaceProcess } from './localWorkspaceProcess';
import { variableSuffix, type WorkspaceDirectory } from './workspaceDirectory';
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
  private latest: Promise<ConnectionState> | undefined;
  /** The key or token of the current connection, to tell a new session from the one in use. */
  private connectedKey: string | undefined;
  private readonly proChanged = new vscode.EventEmitter<void>();
  /** Fires when the ZenML Pro credential was given, replaced or signed out: members and roles must be read again. */
  readonly onDidChangeProCredential = this.proChanged.event;

  constructor(
    private readonly auth: ZenmlAuthProvider,
    readonly local: LocalWorkspaceProcess,
    private readonly proAuth: ZenmlProAuthProvider,
    /** The workspaces known by name; the connection is to the selected one, when one is. */
    readonly directory?: WorkspaceDirectory,
  ) {
    if (directory) this.disposables.push(directory.onDidChangeSelection(() => void this.connect(false)));
    this.disposables.push(
      this.proChanged,
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === AUTH_PROVIDER_ID) void this.sessionsChanged();
        if (e.provider.id === PRO_AUTH_PROVIDER_ID) {
          this.api?.resetPro();
          this.proChanged.fire();
        }
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
    const selected = this.directory?.selected();
    if (selected) return { url: selected.url, source: 'workspace list', name: selected.name };
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
    let run = this.attemptConnection(interactive);
    this.latest = run;
    let state = await run;
    // A newer attempt (a settings change, a session added elsewhere) replaced this one while it
    // ran: the caller gets that one's outcome, not a 'connecting' left behind.
    while (this.latest !== run) {
      run = this.latest;
      state = await run;
    }
    return state;
  }

  private async attemptConnection(interactive: boolean): Promise<ConnectionState> {
    const attempt = ++this.attempt;
    // Nothing configured: a local workspace an earlier window kept running is the workspace.
    if (!this.location()) await this.local.attachKept();
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
    const api = new ZenmlApi({
      url: location.url,
      credentials: credentialsFor(apiKey),
      urlHint: howToChange(location.source),
      proCredential: (proApiUrl) => this.proCredentialFor(proApiUrl, location, apiKey),
      proSignInHint: vscode.l10n.t('Run "ZenML Projects: Sign In to ZenML Pro" with a ZenML Pro API key (ZENPROKEY_...) or a personal access token.'),
    });
    try {
      const info = await api.info();
      const identity = workspaceIdentity(info, location.url);
      if (location.name && !workspaceMatches(location.name, identity)) {
        // A workspace chosen by name must be that workspace: nothing is shown or done under a wrong name.
        const message = vscode.l10n.t('The server at {0} is workspace "{1}", not "{2}": fix its URL in zenmlProjects.workspaces.', location.url, workspaceDisplayName(identity), location.name);
        log().warn(message);
        if (attempt === this.attempt) this.set({ kind: 'unreachable', location, message });
        return this.current;
      }
      const user = await api.currentUser();
      if (attempt !== this.attempt) return this.current;
      log().info(`Connected to ${info.name} ${info.version} at ${location.url} as ${user.name}`);
      this.connectedKey = apiKey;
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

  /** Reconnects unless the session in use is still the one stored (its own sign-in announced). */
  private async sessionsChanged(): Promise<void> {
    const c = this.current;
    if (c.kind === 'connected' && this.connectedKey) {
      const key = await this.apiKeyFor(c.location, false).catch(() => undefined);
      if (key === this.connectedKey && this.current === c) return;
    }
    await this.connect(false);
  }

  private async apiKeyFor(location: WorkspaceLocation, interactive: boolean): Promise<string | undefined> {
    if (location.source === 'local workspace') return this.local.current?.adminApiKey;
    if (location.source === 'workspace list' && location.name) {
      const key = await this.directory?.apiKeyFor(location.name);
      if (key) return key;
    }
    // ZenML clients take a key from the environment: so do we, without a sign-in.
    if (location.source === 'environment' && (process.env.ZENML_STORE_API_KEY || process.env.ZENML_STORE_API_TOKEN)) return process.env.ZENML_STORE_API_KEY || process.env.ZENML_STORE_API_TOKEN;
    // The sessions are our own provider's: read them from it. VS Code's getSession() would also
    // ask whether this extension may use an account it did not create through getSession().
    const [stored] = await this.auth.getSessions([location.url]);
    if (stored || !interactive) return stored?.accessToken;
    const session = await vscode.authentication.getSession(AUTH_PROVIDER_ID, [location.url], { createIfNone: true });
    return session?.accessToken;
  }

  /**
   * The ZenML Pro credential for the Pro API at `proApiUrl`, from, in order: the environment
   * (`ZENML_PRO_API_KEY_<NAME>` for a workspace known by name, as for the CLI, else
   * `ZENML_PRO_API_KEY`); the bundled local workspace's own Pro API key; the workspace credential
   * itself when it is a Pro API key (ZenML Pro's organization service-account keys open both the
   * workspaces and the Pro API); the "ZenML Pro" session of the Accounts menu. Never asks.
   */
  async proCredentialFor(proApiUrl: string, location: WorkspaceLocation, workspaceKey: string): Promise<string | undefined> {
    const named = location.name ? process.env[`ZENML_PRO_API_KEY_${variableSuffix(location.name)}`]?.trim() : undefined;
    if (named) return named;
    if (process.env.ZENML_PRO_API_KEY?.trim()) return process.env.ZENML_PRO_API_KEY.trim();
    if (location.source === 'local workspace' && this.local.current?.proApiKey) return this.local.current.proApiKey;
    if (workspaceKey.trim().startsWith(PRO_API_KEY_PREFIX)) return workspaceKey.trim();
    const [stored] = await this.proAuth.getSessions([proApiUrl]);
    return stored?.accessToken;
  }

  /**
   * Asks for a ZenML Pro credential (or takes `credential`, for automation), checks it against
   * the Pro API and keeps it in the "ZenML Pro" session of the Accounts menu. Throws the Pro
   * API's sentence when it is refused; a CancellationError when the user dismisses the prompt.
   */
  async signInToPro(credential?: string): Promise<void> {
    const api = await this.requireApi();
    const url = await api.proApiUrl();
    if (!url) throw new Error(vscode.l10n.t('This workspace is a ZenML server without ZenML Pro: it has no members or roles, so there is nothing to sign in to.'));
    if (credential) this.proAuth.offerKey(credential);
    await this.proAuth.createSession([url]);
    api.resetPro();
    this.proChanged.fire();
  }

  /** Forgets the ZenML Pro session of the connected workspace's Pro API. */
  async signOutOfPro(): Promise<void> {
    const url = await this.api?.proApiUrl().catch(() => undefined);
    const sessions = url ? await this.proAuth.getSessions([url]) : [];
    for (const s of sessions) await this.proAuth.removeSession(s.id);
    this.api?.resetPro();
    this.proChanged.fire();
  }

  /**
   * Signs in to the configured workspace. With `apiKey` (an API key or token, for automation) it
   * replaces the stored session, whatever it was; without, it asks for one when there is none.
   */
  async signIn(apiKey?: string): Promise<ConnectionState> {
    const location = this.location();
    if (!location) {
      this.set({ kind: 'noWorkspace' });
      return this.current;
    }
    if (!apiKey) return this.connect(true);
    const attempt = ++this.attempt;
    this.set({ kind: 'connecting', location });
    this.auth.offerKey(apiKey);
    try {
      await this.auth.createSession([location.url]);
    } catch (e) {
      if (attempt !== this.attempt) return this.current;
      const unreachable = e instanceof ZenmlApiError && (e.failure === 'unreachable' || e.failure === 'timeout');
      // The key was checked by a client of its own: say where the URL comes from here.
      const message = (e instanceof Error ? e.message : String(e)) + (unreachable ? ` ${howToChange(location.source)}` : '');
      log().warn(`Sign-in failed: ${message}`);
      this.set(unreachable ? { kind: 'unreachable', location, message } : { kind: 'signedOut', location, message });
      return this.current;
    }
    return this.connect(false);
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
