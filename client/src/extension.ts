/**
 * The extension's entry point: starts the language client (the server decides which YAML
 * documents are project files, so every YAML file on disk is offered to it), follows the active
 * project the server resolves, and handles the code lens's "Set as active project".
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { ActiveProjectChangedNotification, ActiveProjectInfo, ActiveProjectRequest, SET_ACTIVE_PROJECT_COMMAND, SetActiveProjectArgs } from '../../common/protocol';

let client: LanguageClient | undefined;

/** What the extension offers other extensions (and its own tests). */
export interface ZenmlProjectsApi {
  /** The active project of each workspace folder, as last announced by the language server. */
  activeProjects(): readonly ActiveProjectInfo[];
  readonly onDidChangeActiveProjects: vscode.Event<readonly ActiveProjectInfo[]>;
}

export async function activate(context: vscode.ExtensionContext): Promise<ZenmlProjectsApi> {
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

  let active: readonly ActiveProjectInfo[] = [];
  const changed = new vscode.EventEmitter<readonly ActiveProjectInfo[]>();
  context.subscriptions.push(changed);
  const update = (projects: readonly ActiveProjectInfo[]) => {
    active = projects;
    changed.fire(projects);
  };
  context.subscriptions.push(client.onNotification(ActiveProjectChangedNotification, ({ projects }) => update(projects)));
  context.subscriptions.push(vscode.commands.registerCommand(SET_ACTIVE_PROJECT_COMMAND, (args?: SetActiveProjectArgs) => setActiveProject(args)));

  await client.start();
  update(await client.sendRequest(ActiveProjectRequest, {}));
  return { activeProjects: () => active, onDidChangeActiveProjects: changed.event };
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
  await client?.stop();
  client = undefined;
}
