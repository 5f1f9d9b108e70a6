/**
 * Several workspaces: Connect to Workspace… (a name, its URL and a key: the URL goes into the
 * `zenmlProjects.workspaces` setting, the key into SecretStorage — only once the server there
 * says it is that workspace and took the key) and Switch Workspace… (which workspace the tree,
 * the status bar and the project commands work in).
 */
import * as vscode from 'vscode';
import { hasUserinfo } from '../../../common/redaction';
import { ZenmlApi } from '../../../common/api/zenmlApi';
import { workspaceDisplayName, workspaceIdentity, workspaceMatches } from '../../../core/sync/workspaceTarget';
import { WORKSPACES_SETTING, type KnownWorkspace } from '../connection/workspaceDirectory';
import type { ConnectionState } from '../connection/workspaceConnection';
import type { Ctx } from '../ctx';
import { log } from '../log';
import { showInformationMessage } from '../notify';
import { required } from './commandSupport';

export interface ConnectArgs {
  name?: string;
  url?: string;
  /** An API key or token, for automation; else the stored one, else asked for. */
  apiKey?: string;
}

function argsOf(arg: unknown): ConnectArgs {
  if (typeof arg === 'string') return { name: arg };
  if (arg && typeof arg === 'object' && 'name' in arg) return arg as ConnectArgs;
  return {};
}

function checkUrl(v: string): string | undefined {
  let ok = /^https?:\/\//.test(v.trim());
  try {
    new URL(v.trim());
  } catch {
    ok = false;
  }
  if (!ok) return vscode.l10n.t('An http:// or https:// URL, e.g. https://acme-prod.zenml.io');
  if (hasUserinfo(v.trim())) return vscode.l10n.t('No user name or password in the URL: the key is asked for next, and kept in SecretStorage.');
  return undefined;
}

/** Connect to Workspace…: returns the workspace's name and URL once it is listed and signed in. */
export async function connectWorkspace(ctx: Ctx, arg: unknown): Promise<{ name: string; url: string }> {
  const args = argsOf(arg);
  const name =
    args.name ??
    required(
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Connect to Workspace'),
        prompt: vscode.l10n.t('The workspace\'s name, as project files say it in workspace:'),
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A name, e.g. acme-prod')),
      }),
    ).trim();
  const known = ctx.workspaces.find(name);
  const url = (
    args.url ??
    known?.url ??
    required(
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Connect to Workspace {0}', name),
        prompt: vscode.l10n.t('The URL of workspace "{0}" (its ZenML server)', name),
        ignoreFocusOut: true,
        validateInput: checkUrl,
      }),
    )
  ).trim();
  const bad = checkUrl(url);
  if (bad) throw new Error(bad);
  // The server must be the workspace it is listed as, before anything is written.
  const info = await new ZenmlApi({ url }).info();
  const identity = workspaceIdentity(info, url);
  if (!workspaceMatches(name, identity)) {
    throw new Error(vscode.l10n.t('The server at {0} is workspace "{1}", not "{2}": nothing was saved.', url, workspaceDisplayName(identity), name));
  }
  await ctx.workspaces.signIn(name, url, args.apiKey);
  if (!known || known.url !== url || known.origin !== 'setting') await addToSetting(name, url);
  ctx.workspaces.resetSide();
  log().info(`Workspace '${name}' at ${url} is connected for the project files that name it`);
  void showInformationMessage(vscode.l10n.t('Connected to workspace "{0}" at {1}.', name, url));
  return { name, url };
}

/** Lists the workspace in the user's settings (replacing an entry of the same name). */
async function addToSetting(name: string, url: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('zenmlProjects');
  const current = (config.inspect<unknown[]>(WORKSPACES_SETTING)?.globalValue ?? []) as { name?: string; url?: string }[];
  const next = [...current.filter((w) => w?.name !== name), { name, url }];
  await config.update(WORKSPACES_SETTING, next, vscode.ConfigurationTarget.Global);
}

interface WorkspaceItem extends vscode.QuickPickItem {
  workspace?: KnownWorkspace;
  isDefault?: true;
  connect?: true;
}

/**
 * Switch Workspace…: the tree, the status bar and the project commands work in the workspace
 * chosen (by name, from a tree row, or asked for); `null` or "default" goes back to the default
 * connection. Returns the connection's state once it has connected (or failed to).
 */
export async function switchWorkspace(ctx: Ctx, arg: unknown): Promise<ConnectionState> {
  let name: string | undefined | null = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'name' in arg ? String((arg as { name: unknown }).name) : undefined;
  if (arg === null) name = null;
  if (name === undefined) {
    const selected = ctx.workspaces.selected();
    const hasDefault = ctx.workspaces.all().some((w) => w.origin === 'default');
    const items: WorkspaceItem[] = [
      ...(hasDefault ? [] : [{ label: vscode.l10n.t('Default workspace'), description: vscode.l10n.t('zenmlProjects.workspaceUrl, ZENML_STORE_URL or ZenML’s global config'), isDefault: true as const, iconPath: new vscode.ThemeIcon(selected ? 'circle-outline' : 'pass-filled') }]),
      ...ctx.workspaces.all().map((w) => ({
        label: w.name,
        description: [w.url, w.origin === 'organization' ? vscode.l10n.t('from the organization') : w.origin === 'default' ? vscode.l10n.t('default') : undefined, selected?.name === w.name ? vscode.l10n.t('selected') : undefined].filter(Boolean).join(' · '),
        iconPath: new vscode.ThemeIcon(selected?.name === w.name || (!selected && w.origin === 'default') ? 'pass-filled' : 'server'),
        workspace: w,
      })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: vscode.l10n.t('Connect to Workspace…'), iconPath: new vscode.ThemeIcon('plug'), connect: true, alwaysShow: true },
    ];
    const pick = required(await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Switch Workspace'), placeHolder: vscode.l10n.t('The workspace the tree, the status bar and the project commands work in') }));
    if (pick.connect) name = (await connectWorkspace(ctx, {})).name;
    else name = pick.isDefault ? null : pick.workspace!.name;
  }
  if (name === 'default') name = null;
  if (name !== null && !ctx.workspaces.find(name)) {
    throw new Error(vscode.l10n.t('No workspace "{0}" is known: run "ZenML Projects: Connect to Workspace…" to add it.', name));
  }
  await ctx.workspaces.select(name ?? undefined);
  const state = await ctx.connection.connect(name !== null);
  if (state.kind === 'connected') log().info(`Switched to workspace ${name ?? 'default'} at ${state.location.url}`);
  return state;
}
