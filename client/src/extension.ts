/**
 * The extension's entry point: wires the language client, the connection to a ZenML workspace
 * (signed in through the Accounts menu, or the bundled local workspace), and the commands. Each
 * piece lives in a file of its own; this one only connects them.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { ActiveProjectChangedNotification, ActiveProjectInfo, ActiveProjectRequest, ProjectUuidsNotification, SET_ACTIVE_PROJECT_COMMAND, SetActiveProjectArgs } from '../../common/protocol';
import { ActiveProjects } from './activeProjects';
import { AUTH_PROVIDER_ID, ZenmlAuthProvider } from './connection/authProvider';
import { LocalWorkspaceProcess } from './connection/localWorkspaceProcess';
import { ConnectionState, WorkspaceConnection } from './connection/workspaceConnection';
import { log } from './log';

let client: LanguageClient | undefined;
let connection: WorkspaceConnection | undefined;

/** What the extension offers other extensions (and its own tests). */
export interface ZenmlProjectsApi {
  /** The active project of each workspace folder, as last announced by the language server. */
  activeProjects(): readonly ActiveProjectInfo[];
  readonly onDidChangeActiveProjects: vscode.Event<readonly ActiveProjectInfo[]>;
  /** The connection's state. */
  connectionState(): ConnectionState;
  readonly onDidChangeConnection: vscode.Event<ConnectionState>;
}

export async function activate(context: vscode.ExtensionContext): Promise<ZenmlProjectsApi> {
  context.subscriptions.push(log());
  const active = new ActiveProjects();
  context.subscriptions.push(active);

  // The language client.
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    synchronize: { configurationSection: 'zenmlProjects' },
    outputChannelName: 'ZenML Projects Language Server',
  };
  client = new LanguageClient('zenmlProjects', 'ZenML Projects', serverOptions, clientOptions);
  context.subscriptions.push(client);
  context.subscriptions.push(client.onNotification(ActiveProjectChangedNotification, ({ projects }) => active.update(projects)));

  // The workspace connection.
  const auth = new ZenmlAuthProvider(context.secrets);
  context.subscriptions.push(auth, vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'ZenML', auth, { supportsMultipleAccounts: false }));
  const local = new LocalWorkspaceProcess(context.asAbsolutePath(path.join('dist', 'cli.js')), path.join(context.globalStorageUri.fsPath, 'local-workspace'));
  context.subscriptions.push(local);
  connection = new WorkspaceConnection(auth, local);
  context.subscriptions.push(connection);
  // Once connected, the server can map the UUIDs in ZenML's config files to project IDs.
  context.subscriptions.push(connection.onDidChangeState((s) => s.kind === 'connected' && void sendProjectUuids(s)));

  const conn = connection;
  const register = (id: string, run: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
  register('zenmlProjects.signIn', async (apiKey?: string) => report(await conn.signIn(typeof apiKey === 'string' ? apiKey : undefined)));
  register('zenmlProjects.signOut', () => conn.signOut());
  register('zenmlProjects.startLocalWorkspace', () => startLocalWorkspace(context, conn));
  register('zenmlProjects.stopLocalWorkspace', async () => {
    await local.stop();
    await conn.connect(false);
  });
  register('zenmlProjects.showLogs', () => log().show());
  register(SET_ACTIVE_PROJECT_COMMAND, (args?: SetActiveProjectArgs) => setActiveProject(args));

  await client.start();
  active.update(await client.sendRequest(ActiveProjectRequest, {}));
  // Connecting never blocks activation, and never asks anything on its own.
  void conn.connect(false);
  return {
    activeProjects: () => active.all,
    onDidChangeActiveProjects: active.onDidChange,
    connectionState: () => conn.state,
    onDidChangeConnection: conn.onDidChangeState,
  };
}

/** Tells the user how a sign-in ended when it did not connect. */
function report(state: ConnectionState): ConnectionState {
  if (state.kind === 'unreachable' || (state.kind === 'signedOut' && state.message)) void vscode.window.showErrorMessage(state.message!);
  if (state.kind === 'noWorkspace') void vscode.window.showWarningMessage(vscode.l10n.t('No ZenML workspace is configured. Set zenmlProjects.workspaceUrl, or start the local workspace.'));
  return state;
}

async function startLocalWorkspace(context: vscode.ExtensionContext, conn: WorkspaceConnection): Promise<ConnectionState> {
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the local workspace…') }, () => conn.local.start());
  } catch (e) {
    void vscode.window.showErrorMessage((e as Error).message);
    return conn.state;
  }
  void context.globalState.update('zenmlProjects.localWorkspaceUsed', true);
  return report(await conn.connect(false));
}

async function sendProjectUuids(state: Extract<ConnectionState, { kind: 'connected' }>): Promise<void> {
  try {
    const projects: { uuid: string; id: string }[] = [];
    for await (const p of state.api.allProjects()) if (p.name) projects.push({ uuid: p.id, id: p.name });
    await client?.sendNotification(ProjectUuidsNotification, { projects });
  } catch (e) {
    log().warn(`Could not list the projects for the language server: ${(e as Error).message}`);
  }
}

/**
 * ZenML stores the active project as its UUID, which only the workspace knows: until the
 * extension is connected to one, offer the CLI command that does it.
 */
async function setActiveProject(args?: SetActiveProjectArgs): Promise<void> {
  const id = args?.projectId;
  if (!id) return;
  const command = `zenml project set ${id}`;
  const copy = vscode.l10n.t('Copy Command');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t("ZenML keeps the active project's UUID in .zen/config.yaml, and only a connected workspace knows it. Run `{0}` in a terminal to make '{1}' the active project.", command, id),
    copy,
  );
  if (choice === copy) await vscode.env.clipboard.writeText(command);
}

export async function deactivate(): Promise<void> {
  const keep = vscode.workspace.getConfiguration('zenmlProjects').get<boolean>('localWorkspace.keepRunning');
  if (keep) connection?.local.detach();
  else await connection?.local.stop();
  await client?.stop();
  client = undefined;
}
