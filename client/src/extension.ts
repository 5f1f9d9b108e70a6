/**
 * The extension's entry point: wires the language client, the connection to a ZenML workspace
 * (signed in through the Accounts menu, or the bundled local workspace), the project tree, the
 * status-bar switcher and the commands. Each piece lives in a file of its own; this one only
 * connects them.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { ActiveProjectChangedNotification, ActiveProjectInfo, ActiveProjectRequest, ProjectUuidsNotification, SignedOutNotification } from '../../common/protocol';
import { DEFAULT_PROJECT_FILE_PATTERNS } from '../../common/projectFileNames';
import { ActiveProjects } from './activeProjects';
import { ProjectUuidSync } from './activeProject/projectUuidSync';
import { RecentProjects } from './activeProject/recentProjects';
import { registerCommands } from './commands/commandTable';
import { cleanUpPickSnapshot, type CleanUpPickSnapshot } from './commands/cleanUpProject';
import { stepInputSnapshot, type StepInputSnapshot } from './commands/stepInput';
import { AUTH_PROVIDER_ID, PRO_AUTH_PROVIDER_ID, ZenmlAuthProvider, ZenmlProAuthProvider } from './connection/authProvider';
import { LocalWorkspaceProcess } from './connection/localWorkspaceProcess';
import { ConnectionState, WorkspaceConnection } from './connection/workspaceConnection';
import { WorkspaceDirectory } from './connection/workspaceDirectory';
import { log, recentLogLines } from './log';
import { openQuestions, shownNotifications } from './notify';
import { ProjectFiles } from './projectFiles/projectFiles';
import type { Ctx } from './ctx';
import { readAccessReport } from './projectsAsCode/accessReportCommand';
import { AccessReportPanels } from './projectsAsCode/accessReportPanel';
import { DriftTracker } from './projectsAsCode/driftTracker';
import { PlanDocuments } from './projectsAsCode/planDocuments';
import { DriftLanguageStatus, type LanguageStatusSnapshot } from './projectsAsCode/driftLanguageStatus';
import { registerProjectsAsCode } from './projectsAsCode/registerProjectsAsCode';
import { WorkspaceSnapshots } from './projectsAsCode/workspaceSnapshots';
import { Sessions } from './sessions';
import { pickerSnapshot, type PickerSnapshot } from './views/projectPicker';
import { ProjectTree, VIEW_ID } from './views/projectTree';
import { ProjectStatusBar, type StatusBarSnapshot } from './views/statusBar';
import type { TreeNode } from './views/treeNodes';

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
  /** Milliseconds activate() took (it does not wait for the language server). */
  readonly activationMs: number;
  /** Resolves with the milliseconds from the start of activate() until the language client was ready. */
  readonly clientReady: Promise<number>;
  /** The data behind the "ZenML Projects" tree, exactly as the view reads it. */
  readonly projectTree: vscode.TreeDataProvider<TreeNode>;
  /** What the status-bar switcher shows. */
  statusBar(): StatusBarSnapshot;
  /** What the language status item of the active project file shows (undefined: none shown). */
  languageStatus(): LanguageStatusSnapshot | undefined;
  /** What the project quick pick shows while it is open. */
  projectPicker(): PickerSnapshot | undefined;
  /** What the input box of Create or Edit Project shows while it is open. */
  stepInput(): StepInputSnapshot | undefined;
  /** What Clean Up's quick pick (the age, then the versions) shows while it is open. */
  cleanUpPick(): CleanUpPickSnapshot | undefined;
  /**
   * The latest notifications shown and lines logged, as they were shown (credentials redacted),
   * and the modal questions open now (`questions`: nothing but a person can answer them).
   */
  output(): { notifications: readonly string[]; log: readonly string[]; questions: readonly string[] };
}

export async function activate(context: vscode.ExtensionContext): Promise<ZenmlProjectsApi> {
  const started = performance.now();
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
    // Only project files (and ZenML's config files) reach the server; other YAML never does.
    documentSelector: documentSelector(),
    synchronize: { configurationSection: 'zenmlProjects' },
    // This client runs the code lenses' commands; it wants diagnostics pushed, unopened files included.
    initializationOptions: { vscodeClient: true, diagnosticMode: 'push' },
    outputChannelName: 'ZenML Projects Language Server',
  };
  client = new LanguageClient('zenmlProjects', 'ZenML Projects', serverOptions, clientOptions);
  const languageClient = client;
  context.subscriptions.push(client);
  context.subscriptions.push(client.onNotification(ActiveProjectChangedNotification, ({ projects }) => active.update(projects)));

  // The workspace connection.
  const auth = new ZenmlAuthProvider(context.secrets);
  context.subscriptions.push(auth, vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'ZenML', auth, { supportsMultipleAccounts: false }));
  // ZenML Pro's management API takes a credential of its own: a second account.
  const proAuth = new ZenmlProAuthProvider(context.secrets);
  context.subscriptions.push(proAuth, vscode.authentication.registerAuthenticationProvider(PRO_AUTH_PROVIDER_ID, 'ZenML Pro', proAuth, { supportsMultipleAccounts: false }));
  const local = new LocalWorkspaceProcess(context.asAbsolutePath(path.join('dist', 'cli.js')), path.join(context.globalStorageUri.fsPath, 'local-workspace'));
  context.subscriptions.push(local);
  const workspaces = new WorkspaceDirectory(auth, context.workspaceState);
  connection = new WorkspaceConnection(auth, local, proAuth, workspaces);
  context.subscriptions.push(workspaces, connection);
  const conn = connection;
  const sessions = new Sessions(conn);
  context.subscriptions.push(sessions);
  workspaces.attach(sessions, conn);

  // Once connected, the server can map the UUIDs in ZenML's config files to project IDs.
  // Sent once the client runs (it may still be starting); dropped when it has stopped.
  const uuids = new ProjectUuidSync(
    (projects) => languageClient.sendNotification(ProjectUuidsNotification, { projects }).catch(() => undefined),
    () => languageClient.sendNotification(SignedOutNotification, {}).catch(() => undefined),
  );
  context.subscriptions.push(
    sessions.onDidChange((s) => {
      if (s) void uuids.syncAll(s);
      else void uuids.clear();
    }),
  );

  // The tree and the switcher.
  const projectFiles = new ProjectFiles(client);
  const tree = new ProjectTree(sessions, conn, active, projectFiles, workspaces);
  const statusBar = new ProjectStatusBar(active, sessions, conn);
  context.subscriptions.push(projectFiles, tree, statusBar, vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }));
  // A new (or no) Pro credential: members, roles and what the menus offer are read again.
  context.subscriptions.push(conn.onDidChangeProCredential(() => tree.refresh()));

  // Projects as code: drift of open project files, plan documents, access report panels.
  const tracker = new DriftTracker(new WorkspaceSnapshots(sessions), conn, workspaces, projectFiles);
  const plans = new PlanDocuments();
  const panels = new AccessReportPanels((file) => readAccessReport(ctx, file));
  context.subscriptions.push(tracker.snapshots, tracker, plans, panels);

  const ctx: Ctx = {
    extension: context,
    client,
    connection: conn,
    workspaces,
    sessions,
    active,
    recent: new RecentProjects(context.workspaceState),
    uuids,
    projectFiles,
    tree,
    statusBar,
    tracker,
    plans,
    panels,
    refresh: async () => {
      // The other workspaces' connections are made again, and every open file compared afresh.
      workspaces.resetSide();
      tracker.refreshAll();
      tree.refresh();
      const s = sessions.current ?? (await conn.connect(false), sessions.current);
      if (s) await uuids.syncAll(s);
      void statusBar.update();
    },
  };
  const languageStatus = new DriftLanguageStatus(ctx.tracker);
  context.subscriptions.push(...registerCommands(ctx), ...registerProjectsAsCode(ctx, languageStatus));

  // Activation does not wait for the server: the views and commands are there at once, and what
  // needs the server asks it when it runs (sendRequest waits for the start).
  const clientReady = (async () => {
    await languageClient.start();
    const [projects] = await Promise.all([languageClient.sendRequest(ActiveProjectRequest, {}), projectFiles.start()]);
    active.update(projects);
    const ms = Math.round(performance.now() - started);
    log().info(`Language client ready ${ms} ms after activation began`);
    return ms;
  })();
  clientReady.catch((e: unknown) => log().error(`The language server did not start: ${(e as Error).message}`));
  // The server cannot follow a changed selector: when the project file globs change, restart it.
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('zenmlProjects.projectFiles')) return;
      clientOptions.documentSelector = documentSelector();
      await restart(languageClient, () => Promise.all([projectFiles.start(), uuids.flush()]));
    }),
  );
  const activationMs = Math.round(performance.now() - started);
  log().info(`Activated in ${activationMs} ms`);
  // Connecting never blocks activation, and never asks anything on its own.
  void conn.connect(false);
  return {
    clientReady,
    activeProjects: () => active.all,
    onDidChangeActiveProjects: active.onDidChange,
    connectionState: () => conn.state,
    onDidChangeConnection: conn.onDidChangeState,
    activationMs,
    projectTree: tree,
    statusBar: () => statusBar.snapshot(),
    languageStatus: () => languageStatus.snapshot(),
    projectPicker: pickerSnapshot,
    stepInput: stepInputSnapshot,
    cleanUpPick: cleanUpPickSnapshot,
    output: () => ({ notifications: shownNotifications(), log: recentLogLines(), questions: openQuestions() }),
  };
}

/**
 * The documents the server is sent: project files by their default names and by the user's
 * `zenmlProjects.projectFiles` globs (relative to each workspace folder), and ZenML's repository
 * config files. The server decides by content which of the first are ours.
 */
function documentSelector(): LanguageClientOptions['documentSelector'] {
  const globs = vscode.workspace.getConfiguration('zenmlProjects').get<string[]>('projectFiles') ?? [];
  const folders = vscode.workspace.workspaceFolders ?? [];
  return [
    ...DEFAULT_PROJECT_FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
    { scheme: 'file', pattern: '**/.zen/config.yaml' },
    ...folders.flatMap((f) => globs.filter((g) => g.trim()).map((pattern) => ({ scheme: 'file', pattern: { baseUri: f.uri.toString(), pattern } }))),
  ];
}

/** Restarts the language client (with its options as they are now), then runs `again`. */
async function restart(languageClient: LanguageClient, again: () => Promise<unknown>): Promise<void> {
  try {
    await languageClient.restart();
    await again();
  } catch (e) {
    log().error(`Could not restart the language server: ${(e as Error).message}`);
  }
}

export async function deactivate(): Promise<void> {
  const keep = vscode.workspace.getConfiguration('zenmlProjects').get<boolean>('localWorkspace.keepRunning');
  if (keep) await connection?.local.detach();
  else await connection?.local.stop();
  await client?.stop();
  client = undefined;
}
