/**
 * Sign-in to ZenML workspaces with an API key, as a VS Code authentication provider: sessions
 * (one per workspace URL) live in SecretStorage only, appear in the Accounts menu, and are signed
 * out from there. The key is checked against the workspace before it is stored.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Credentials } from '../../../common/api/httpClient';
import { ZenmlApi } from '../../../common/api/zenmlApi';

export const AUTH_PROVIDER_ID = 'zenml-projects';

/**
 * A ZenML API key (`ZENKEY_...`) is exchanged at /login for short-lived tokens; anything else
 * is taken for an access token (what `zenml login` keeps, or `ZENML_STORE_API_TOKEN`), sent as is.
 */
export function credentialsFor(secret: string): Credentials {
  const s = secret.trim();
  return s.startsWith('ZENKEY_') ? { apiKey: s } : { accessToken: s };
}
const SECRET_KEY = 'zenmlProjects.sessions';

interface StoredSession {
  id: string;
  url: string;
  apiKey: string;
  account: { id: string; label: string };
}

export class ZenmlAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** A key given to the sign-in command directly (automation, tests) instead of asked for. */
  private pendingKey: string | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** Uses `apiKey` for the next sign-in instead of asking. */
  offerKey(apiKey: string): void {
    this.pendingKey = apiKey;
  }

  private async stored(): Promise<StoredSession[]> {
    try {
      const raw = await this.secrets.get(SECRET_KEY);
      return raw ? (JSON.parse(raw) as StoredSession[]) : [];
    } catch {
      return [];
    }
  }

  private async store(sessions: StoredSession[]): Promise<void> {
    await this.secrets.store(SECRET_KEY, JSON.stringify(sessions));
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
    if (!url) throw new Error(vscode.l10n.t('No ZenML workspace URL to sign in to.'));
    let apiKey = this.pendingKey;
    this.pendingKey = undefined;
    apiKey ??= await vscode.window.showInputBox({
      title: vscode.l10n.t('Sign in to {0}', url),
      prompt: vscode.l10n.t('A ZenML API key (ZENKEY_...) of a user or service account — `zenml service-account create` or the dashboard’s API keys page makes one — or an access token.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Paste an API key or a token.')),
    });
    if (!apiKey) throw new vscode.CancellationError();
    // Checks the key before keeping it: a wrong one fails here with the server's sentence.
    const user = await new ZenmlApi({ url, credentials: credentialsFor(apiKey) }).currentUser();
    const session: StoredSession = { id: randomUUID(), url, apiKey: apiKey.trim(), account: { id: user.id, label: `${user.name ?? user.id} @ ${new URL(url).host}` } };
    const others = (await this.stored()).filter((s) => s.url !== url);
    const replaced = (await this.stored()).filter((s) => s.url === url).map((s) => this.toSession(s));
    await this.store([...others, session]);
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
