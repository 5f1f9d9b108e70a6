/**
 * Sign-in as VS Code authentication providers. There are two, each with its own sessions in
 * SecretStorage and its own entry in the Accounts menu, because ZenML Pro takes two credentials:
 * - "ZenML" (`zenml-projects`): the workspace — a ZenML API key or an access token, one session
 *   per workspace URL;
 * - "ZenML Pro" (`zenml-projects-pro`): ZenML Pro's management API (members, teams, roles) — a
 *   Pro API key or a personal access token, one session per Pro API URL.
 * A credential is checked against its server before it is stored, and signed out from the
 * Accounts menu or the Sign Out commands.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Credentials } from '../../../common/api/httpClient';
import { ProApi } from '../../../common/api/proApi';
import { ZenmlApi } from '../../../common/api/zenmlApi';

export const AUTH_PROVIDER_ID = 'zenml-projects';
export const PRO_AUTH_PROVIDER_ID = 'zenml-projects-pro';

/**
 * A ZenML API key (`ZENKEY_...`) is exchanged at /login for short-lived tokens; anything else
 * is taken for an access token (what `zenml login` keeps, or `ZENML_STORE_API_TOKEN`), sent as is.
 */
export function credentialsFor(secret: string): Credentials {
  const s = secret.trim();
  return s.startsWith('ZENKEY_') ? { apiKey: s } : { accessToken: s };
}

interface StoredSession {
  id: string;
  url: string;
  apiKey: string;
  account: { id: string; label: string };
}

/** What differs between the two providers. */
interface ProviderKind {
  secretKey: string;
  title: (url: string) => string;
  prompt: string;
  /** Checks the credential against the server; returns the account it belongs to. Throws the server's sentence. */
  check: (url: string, secret: string) => Promise<{ id: string; name: string }>;
}

const WORKSPACE: ProviderKind = {
  secretKey: 'zenmlProjects.sessions',
  title: (url) => vscode.l10n.t('Sign in to {0}', url),
  prompt: vscode.l10n.t('A ZenML API key (ZENKEY_...) of a user or service account — `zenml service-account create` or the dashboard’s API keys page makes one — or an access token.'),
  check: async (url, secret) => {
    const user = await new ZenmlApi({ url, credentials: credentialsFor(secret) }).currentUser();
    return { id: user.id, name: user.name ?? user.id };
  },
};

const PRO: ProviderKind = {
  secretKey: 'zenmlProjects.proSessions',
  title: (url) => vscode.l10n.t('Sign in to ZenML Pro ({0})', url),
  prompt: vscode.l10n.t(
    'Members and roles are kept by the ZenML Pro API, which takes its own credential: a ZenML Pro API key (ZENPROKEY_..., of an organization service account) or a personal access token (your ZenML Pro settings, Access Tokens).',
  ),
  check: async (url, secret) => {
    const me = await new ProApi({ url, credential: secret, howToSignIn: vscode.l10n.t('Check the key or token and try again.') }).me();
    return { id: me.id, name: me.username ?? me.name ?? me.id };
  },
};

export class CredentialAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** A credential given to the sign-in command directly (automation, tests) instead of asked for. */
  private pendingKey: string | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly kind: ProviderKind,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** Uses `apiKey` for the next sign-in instead of asking. */
  offerKey(apiKey: string): void {
    this.pendingKey = apiKey;
  }

  private async stored(): Promise<StoredSession[]> {
    try {
      const raw = await this.secrets.get(this.kind.secretKey);
      return raw ? (JSON.parse(raw) as StoredSession[]) : [];
    } catch {
      return [];
    }
  }

  private async store(sessions: StoredSession[]): Promise<void> {
    await this.secrets.store(this.kind.secretKey, JSON.stringify(sessions));
  }

  private toSession(s: StoredSession): vscode.AuthenticationSession {
    return { id: s.id, accessToken: s.apiKey, account: s.account, scopes: [s.url] };
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    const all = await this.stored();
    const url = scopes?.[0];
    return all.filter((s) => !url || s.url === url).map((s) => this.toSession(s));
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    const url = scopes[0];
    if (!url) throw new Error(vscode.l10n.t('No URL to sign in to.'));
    let apiKey = this.pendingKey;
    this.pendingKey = undefined;
    apiKey ??= await vscode.window.showInputBox({
      title: this.kind.title(url),
      prompt: this.kind.prompt,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Paste an API key or a token.')),
    });
    if (!apiKey) throw new vscode.CancellationError();
    // Checks the credential before keeping it: a wrong one fails here with the server's sentence.
    const account = await this.kind.check(url, apiKey.trim());
    const session: StoredSession = { id: randomUUID(), url, apiKey: apiKey.trim(), account: { id: account.id, label: `${account.name} @ ${new URL(url).host}` } };
    const all = await this.stored();
    const replaced = all.filter((s) => s.url === url).map((s) => this.toSession(s));
    await this.store([...all.filter((s) => s.url !== url), session]);
    this.changed.fire({ added: [this.toSession(session)], removed: replaced, changed: [] });
    return this.toSession(session);
  }

  async removeSession(sessionId: string): Promise<void> {
    const all = await this.stored();
    const removed = all.filter((s) => s.id === sessionId);
    await this.store(all.filter((s) => s.id !== sessionId));
    if (removed.length) this.changed.fire({ added: [], removed: removed.map((s) => this.toSession(s)), changed: [] });
  }
}

/** The workspace's sign-in ("ZenML" in the Accounts menu). */
export class ZenmlAuthProvider extends CredentialAuthProvider {
  constructor(secrets: vscode.SecretStorage) {
    super(secrets, WORKSPACE);
  }
}

/** ZenML Pro's sign-in ("ZenML Pro" in the Accounts menu), for members and roles. */
export class ZenmlProAuthProvider extends CredentialAuthProvider {
  constructor(secrets: vscode.SecretStorage) {
    super(secrets, PRO);
  }
}
