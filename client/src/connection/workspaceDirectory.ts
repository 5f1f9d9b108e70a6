/**
 * The workspaces of the organization the editor knows, by name: those listed in the
 * `zenmlProjects.workspaces` setting (a URL per name; keys in SecretStorage per URL, or
 * `ZENML_STORE_API_KEY_<NAME>` as for the CLI), plus on ZenML Pro the organization's other
 * workspaces read from the Pro API. One of them is *selected*: the tree, the status bar and the
 * project commands work in it (the connection follows the selection). Project files are routed
 * by their `workspace:` independently of the selection: to the selected workspace when it is the
 * one named, else to a connection of their own, read-only in the background for drift and made
 * on demand for plan and apply — never to a server that is not the workspace the file names.
 */
import * as vscode from 'vscode';
import type { ServerInfo } from '../../../common/api/types';
import { ZenmlApi } from '../../../common/api/zenmlApi';
import { hasUserinfo } from '../../../common/redaction';
import { workspaceDisplayName, workspaceIdentity, workspaceMatches, type WorkspaceIdentity } from '../../../core/sync/workspaceTarget';
import { log } from '../log';
import { showWarningMessage } from '../notify';
import { WorkspaceSession } from '../model/workspaceSession';
import type { Sessions } from '../sessions';
import type { WorkspaceConnection } from './workspaceConnection';
import { credentialsFor, type ZenmlAuthProvider } from './authProvider';

export const WORKSPACES_SETTING = 'workspaces';
const SELECTED_KEY = 'zenmlProjects.selectedWorkspace';

/** A workspace the editor knows by name. */
export interface KnownWorkspace {
  name: string;
  url: string;
  /**
   * 'setting': listed in zenmlProjects.workspaces; 'organization': read from the Pro API;
   * 'default': the default connection (zenmlProjects.workspaceUrl, ZENML_STORE_URL, ZenML's
   * global config, or the local workspace), as last connected.
   */
  origin: 'setting' | 'organization' | 'default';
}

/** The state of the connection a workspace other than the selected one has for routing. */
export type SideState =
  | { kind: 'idle' | 'connecting' }
  | { kind: 'connected'; session: WorkspaceSession; identity: WorkspaceIdentity }
  | { kind: 'signedOut' | 'unreachable' | 'mismatch'; message: string };

/** Where a project file's `workspace:` takes it. */
export type Resolution =
  | { kind: 'session'; session: WorkspaceSession; name: string }
  | { kind: 'pending'; name: string }
  | { kind: 'unavailable'; name: string; message: string; unreachable: boolean }
  | { kind: 'notConnected'; name: string }
  | { kind: 'none' };

/** The variable part a workspace name gives: `acme-prod` → `ACME_PROD` (as the CLI does). */
export function variableSuffix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The listed workspaces, and one sentence per entry that cannot be used (duplicates, bad URLs). */
export function readWorkspacesSetting(value: unknown): { workspaces: KnownWorkspace[]; problems: string[] } {
  const problems: string[] = [];
  const list = Array.isArray(value) ? value : [];
  const named = new Map<string, { url: string; count: number }>();
  for (const entry of list) {
    const name = typeof entry?.name === 'string' ? entry.name.trim() : '';
    const url = typeof entry?.url === 'string' ? entry.url.trim() : '';
    if (!name || !url) {
      problems.push(vscode.l10n.t('An entry of zenmlProjects.workspaces needs both "name" and "url"; it is ignored.'));
      continue;
    }
    let ok = /^https?:\/\//.test(url);
    try {
      new URL(url);
    } catch {
      ok = false;
    }
    if (!ok) {
      problems.push(vscode.l10n.t('The URL of workspace "{0}" in zenmlProjects.workspaces is not an http(s) URL; it is ignored.', name));
      continue;
    }
    if (hasUserinfo(url)) {
      problems.push(vscode.l10n.t('The URL of workspace "{0}" in zenmlProjects.workspaces carries a user name or password; it is ignored. Sign in with an API key instead.', name));
      continue;
    }
    const seen = named.get(name);
    named.set(name, { url, count: (seen?.count ?? 0) + 1 });
  }
  const workspaces: KnownWorkspace[] = [];
  for (const [name, { url, count }] of named) {
    if (count > 1) problems.push(vscode.l10n.t('zenmlProjects.workspaces lists "{0}" {1} times; neither is used until one remains.', name, count));
    else workspaces.push({ name, url, origin: 'setting' });
  }
  return { workspaces, problems };
}

export class WorkspaceDirectory implements vscode.Disposable {
  private listed: KnownWorkspace[] = [];
  private discovered: KnownWorkspace[] = [];
  /** The default connection's workspace, once it has connected. */
  private defaultWorkspace: KnownWorkspace | undefined;
  private readonly side = new Map<string, { url: string; state: SideState; run?: Promise<void> }>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the list, the selection or a workspace's connection changes. */
  readonly onDidChange = this.changed.event;
  private readonly selectionChanged = new vscode.EventEmitter<void>();
  /** Fires when another workspace is selected: the connection follows. */
  readonly onDidChangeSelection = this.selectionChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  private reportedProblems = '';
  /** The primary connection's session (set by attach()). */
  private sessions: Sessions | undefined;
  private connection: WorkspaceConnection | undefined;

  constructor(
    private readonly auth: ZenmlAuthProvider,
    private readonly memento: vscode.Memento,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.readSetting();
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(`zenmlProjects.${WORKSPACES_SETTING}`)) return;
        const before = this.selected()?.url;
        this.readSetting();
        this.resetSide();
        if (this.selected()?.url !== before) this.selectionChanged.fire();
        this.changed.fire();
      }),
      auth.onDidChangeSessions(() => {
        this.resetSide();
        this.changed.fire();
      }),
    );
  }

  /** Follows the selected workspace's session: its organization's workspaces are read from it. */
  attach(sessions: Sessions, connection: WorkspaceConnection): void {
    this.sessions = sessions;
    this.connection = connection;
    this.disposables.push(
      sessions.onDidChange((s) => {
        const state = connection.state;
        // Remembered so that it can be switched back to, and files naming it still reach it.
        if (s && state.kind === 'connected' && state.location.source !== 'workspace list') {
          this.defaultWorkspace = { name: workspaceDisplayName(workspaceIdentity(s.info, s.api.url)), url: s.api.url, origin: 'default' };
        }
        this.resetSide();
        void this.discover(s);
        this.changed.fire();
      }),
    );
  }

  private readSetting(): void {
    const { workspaces, problems } = readWorkspacesSetting(vscode.workspace.getConfiguration('zenmlProjects').get(WORKSPACES_SETTING));
    this.listed = workspaces;
    const text = problems.join(' ');
    if (text && text !== this.reportedProblems) {
      log().warn(text);
      void showWarningMessage(text);
    }
    this.reportedProblems = text;
  }

  /** Every workspace known by name: the listed ones, then the organization's others. */
  all(): KnownWorkspace[] {
    const names = new Set(this.listed.map((w) => w.name));
    const rest = [...(this.defaultWorkspace ? [this.defaultWorkspace] : []), ...this.discovered].filter((w) => {
      if (names.has(w.name)) return false;
      names.add(w.name);
      return true;
    });
    return [...this.listed, ...rest];
  }

  find(name: string): KnownWorkspace | undefined {
    return this.all().find((w) => w.name === name);
  }

  /** The selected workspace, when one of the known ones is selected (else the default connection). */
  selected(): KnownWorkspace | undefined {
    const name = this.memento.get<string>(SELECTED_KEY);
    const w = name ? this.find(name) : undefined;
    return w?.origin === 'default' ? undefined : w;
  }

  /** Selects a workspace by name (undefined: the default connection); the connection follows. */
  async select(name: string | undefined): Promise<void> {
    await this.memento.update(SELECTED_KEY, name !== undefined && this.find(name)?.origin === 'default' ? undefined : name);
    this.selectionChanged.fire();
    this.changed.fire();
  }

  /** The name the selected (primary) session goes by. */
  primaryName(): string | undefined {
    const s = this.sessions?.current;
    return s ? workspaceDisplayName(workspaceIdentity(s.info, s.api.url)) : undefined;
  }

  /**
   * Where a file naming `target` goes, from what is known now (it never waits): the selected
   * workspace when it is `target`, else the workspace's own connection (started on first ask).
   */
  resolve(target: string | undefined): Resolution {
    const primary = this.sessions?.current;
    if (target === undefined) return primary ? { kind: 'session', session: primary, name: this.primaryName()! } : { kind: 'none' };
    if (primary && workspaceMatches(target, workspaceIdentity(primary.info, primary.api.url))) return { kind: 'session', session: primary, name: target };
    const known = this.find(target);
    if (!known) return { kind: 'notConnected', name: target };
    const entry = this.sideEntry(known);
    switch (entry.state.kind) {
      case 'connected':
        return { kind: 'session', session: entry.state.session, name: target };
      case 'idle':
        void this.connectSide(known);
        return { kind: 'pending', name: target };
      case 'connecting':
        return { kind: 'pending', name: target };
      case 'signedOut':
        // Known, but without a key: as good as not connected, and Connect to Workspace fixes it.
        return { kind: 'notConnected', name: target };
      default:
        return { kind: 'unavailable', name: target, message: entry.state.message, unreachable: entry.state.kind === 'unreachable' };
    }
  }

  /** As resolve(), waiting for a workspace's connection: the session, or a sentence that says why not. */
  async require(target: string | undefined, file: string): Promise<WorkspaceSession> {
    let r = this.resolve(target);
    if (r.kind === 'pending') {
      const known = this.find(r.name);
      if (known) await this.connectSide(known);
      r = this.resolve(target);
    }
    switch (r.kind) {
      case 'session':
        return r.session;
      case 'none':
        throw new Error(vscode.l10n.t('Not connected to a ZenML workspace.'));
      case 'notConnected':
        throw new Error(
          vscode.l10n.t(
            '{0} is for workspace "{1}", which is not connected{2}: nothing was compared or applied. Run "ZenML Projects: Connect to Workspace…" to add it.',
            file,
            r.name,
            this.primaryName() ? vscode.l10n.t(' (this window is connected to "{0}")', this.primaryName()!) : '',
          ),
        );
      case 'unavailable':
        throw new Error(vscode.l10n.t('{0} is for workspace "{1}": {2}', file, r.name, r.message));
      case 'pending':
        throw new Error(vscode.l10n.t('Still connecting to workspace "{0}"; try again.', r.name));
    }
  }

  /** The state of a workspace's own connection (for the tree). */
  sideState(name: string): SideState | undefined {
    return this.side.get(name)?.state;
  }

  private sideEntry(w: KnownWorkspace): { url: string; state: SideState; run?: Promise<void> } {
    let entry = this.side.get(w.name);
    if (!entry || entry.url !== w.url) {
      entry = { url: w.url, state: { kind: 'idle' } };
      this.side.set(w.name, entry);
    }
    return entry;
  }

  /** The key for a workspace: its own variable, else the session stored for its URL. */
  private async keyFor(w: KnownWorkspace): Promise<string | undefined> {
    const fromEnv = this.env[`ZENML_STORE_API_KEY_${variableSuffix(w.name)}`] || this.env[`ZENML_STORE_API_TOKEN_${variableSuffix(w.name)}`];
    if (fromEnv) return fromEnv;
    const [stored] = await this.auth.getSessions([w.url]);
    return stored?.accessToken;
  }

  /**
   * Makes sure there is a key for a workspace: `apiKey` when given (checked by the server, then
   * kept in SecretStorage for its URL), else its variable or a stored one, else asked for.
   */
  async signIn(name: string, url: string, apiKey?: string): Promise<void> {
    if (!apiKey) {
      const existing = await this.keyFor({ name, url, origin: 'setting' });
      if (existing) return;
    } else this.auth.offerKey(apiKey);
    await this.auth.createSession([url]);
  }

  /** The API of a known workspace with its key, for the selected connection to use. */
  async apiKeyFor(name: string): Promise<string | undefined> {
    const w = this.find(name);
    return w ? this.keyFor(w) : undefined;
  }

  private connectSide(w: KnownWorkspace): Promise<void> {
    const entry = this.sideEntry(w);
    if (entry.run) return entry.run;
    const set = (state: SideState) => {
      if (this.side.get(w.name) !== entry) return;
      entry.state = state;
      this.changed.fire();
    };
    entry.state = { kind: 'connecting' };
    entry.run = (async () => {
      const key = await this.keyFor(w).catch(() => undefined);
      if (!key) {
        set({ kind: 'signedOut', message: vscode.l10n.t('not signed in to {0}: run "ZenML Projects: Connect to Workspace…", or set ZENML_STORE_API_KEY_{1}.', w.url, variableSuffix(w.name)) });
        return;
      }
      const api = new ZenmlApi({
        url: w.url,
        credentials: credentialsFor(key),
        urlHint: vscode.l10n.t('It is workspace "{0}" of the setting zenmlProjects.workspaces.', w.name),
        // Members and roles of this workspace: its organization's Pro API, with the Pro credential.
        proCredential: (proApiUrl) => this.connection?.proCredentialFor(proApiUrl, { url: w.url, source: 'workspace list', name: w.name }, key),
        proSignInHint: vscode.l10n.t('Run "ZenML Projects: Sign In to ZenML Pro" with a ZenML Pro API key (ZENPROKEY_...) or a personal access token.'),
      });
      try {
        const info: ServerInfo = await api.info();
        const identity = workspaceIdentity(info, w.url);
        if (!workspaceMatches(w.name, identity)) {
          set({ kind: 'mismatch', message: vscode.l10n.t('the server at {0} is workspace "{1}", not "{2}": fix its URL in zenmlProjects.workspaces.', w.url, workspaceDisplayName(identity), w.name) });
          return;
        }
        const user = await api.currentUser();
        log().info(`Connected to workspace '${w.name}' at ${w.url} as ${user.name}, for the project files that name it`);
        set({ kind: 'connected', session: new WorkspaceSession(api, info, user), identity });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        log().warn(`Workspace '${w.name}': ${message}`);
        const status = (e as { status?: number }).status;
        set({ kind: status === 401 ? 'signedOut' : 'unreachable', message });
      }
    })().finally(() => {
      entry.run = undefined;
    });
    return entry.run;
  }

  /** Forgets the workspaces' own connections (after a sign-in, a settings change or a refresh). */
  resetSide(): void {
    this.side.clear();
  }

  /** On ZenML Pro, the organization's other workspaces, from the Pro API. */
  private async discover(session: WorkspaceSession | undefined): Promise<void> {
    this.discovered = [];
    if (!session?.hasAccessControl) return;
    try {
      const list = await session.api.proWorkspaces();
      const found: KnownWorkspace[] = [];
      for (const w of list) {
        const url = w.zenml_service?.status?.server_url;
        if (w.name && typeof url === 'string' && /^https?:\/\//.test(url)) found.push({ name: w.name, url, origin: 'organization' });
      }
      if (this.sessions?.current !== session) return;
      this.discovered = found;
      this.changed.fire();
    } catch (e) {
      log().info(`The organization's workspaces could not be read: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    this.selectionChanged.dispose();
  }
}
