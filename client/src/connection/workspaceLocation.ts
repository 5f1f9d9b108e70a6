/**
 * Where the ZenML workspace is: the `zenmlProjects.workspaceUrl` setting, else the environment's
 * `ZENML_STORE_URL`, else the global ZenML config's `store.url` — the order ZenML's own clients
 * use, with the editor's setting first.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { hasUserinfo, withoutUserinfo } from '../../../common/redaction';
import { readRegularFileSync } from '../../../common/regularFile';
import { globalConfigPath } from '../../../common/zenml/zenmlPaths';
import { log } from '../log';
import { showWarningMessage } from '../notify';

export type LocationSource = 'setting' | 'environment' | 'global config' | 'local workspace' | 'workspace list';

export interface WorkspaceLocation {
  url: string;
  source: LocationSource;
  /** The workspace's name in zenmlProjects.workspaces, when it was selected from there. */
  name?: string;
}

/**
 * The configured location, without any user name or password in its URL: those are never sent,
 * shown or logged; the first time a URL carries them the user is warned (once per URL).
 */
export function configuredLocation(env: NodeJS.ProcessEnv = process.env): WorkspaceLocation | undefined {
  const found = configuredLocationAsWritten(env);
  if (!found || !hasUserinfo(found.url)) return found;
  const url = withoutUserinfo(found.url);
  if (!warnedUrls.has(url)) {
    warnedUrls.add(url);
    const message = vscode.l10n.t('The workspace URL {0} ({1}) carries a user name or password. They are ignored: remove them from the URL and sign in with an API key instead.', url, found.source);
    log().warn(message);
    void showWarningMessage(message);
  }
  return { url, source: found.source };
}

const warnedUrls = new Set<string>();

function configuredLocationAsWritten(env: NodeJS.ProcessEnv): WorkspaceLocation | undefined {
  const setting = vscode.workspace.getConfiguration('zenmlProjects').get<string>('workspaceUrl')?.trim();
  if (setting) return { url: setting, source: 'setting' };
  return zenmlClientLocation(env);
}

/** Where ZenML's own client finds its server: `ZENML_STORE_URL`, else the global config's `store.url`. */
function zenmlClientLocation(env: NodeJS.ProcessEnv): WorkspaceLocation | undefined {
  const fromEnv = env.ZENML_STORE_URL?.trim();
  if (fromEnv) return { url: fromEnv, source: 'environment' };
  try {
    // Read on the extension host's thread: a named pipe there must not block it.
    const text = readRegularFileSync(globalConfigPath(env, process.platform, os.homedir()), 1024 * 1024);
    const url = parseDocument(text).getIn(['store', 'url']);
    // ZenML's own local SQLite store is a file path, not a server.
    if (typeof url === 'string' && /^https?:\/\//.test(url)) return { url, source: 'global config' };
  } catch {
    // No global config, or not readable: nothing configured there.
  }
  return undefined;
}

/** How the user changes where we look, said when the workspace cannot be reached. */
export function howToChange(source: LocationSource): string {
  switch (source) {
    case 'setting':
      return vscode.l10n.t('The URL comes from the setting zenmlProjects.workspaceUrl.');
    case 'environment':
      return vscode.l10n.t('The URL comes from the environment variable ZENML_STORE_URL; set zenmlProjects.workspaceUrl to override it.');
    case 'global config':
      return vscode.l10n.t("The URL comes from ZenML's global config (store.url, set by `zenml login`); set zenmlProjects.workspaceUrl to override it.");
    case 'local workspace':
      return vscode.l10n.t('This is the local workspace started by the extension: start it again with "ZenML Projects: Start Local Workspace".');
    case 'workspace list':
      return vscode.l10n.t('The URL comes from the setting zenmlProjects.workspaces; switch workspace from the status bar or the tree.');
  }
}

/**
 * The server ZenML's own client talks to — `ZENML_STORE_URL`, else the global config's
 * `store.url` (what `zenml login` writes) — whose project UUIDs `.zen/config.yaml` holds.
 * Undefined when ZenML's client uses no server (its local SQLite store).
 */
export function zenmlClientStore(env: NodeJS.ProcessEnv = process.env): { url: string; source: string } | undefined {
  const found = zenmlClientLocation(env);
  if (!found) return undefined;
  return { url: withoutUserinfo(found.url), source: found.source === 'environment' ? 'ZENML_STORE_URL' : vscode.l10n.t("ZenML's global config") };
}

/** Whether two URLs name the same server (ignoring case of the host and a trailing slash). */
export function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => {
    try {
      return new URL(u).toString().replace(/\/+$/, '');
    } catch {
      return u.replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}
