/**
 * The extension's state, one object: what every command, view and provider works with. Built once
 * in activate() (extension.ts); commands receive it as their first argument (commands/commandTable.ts).
 * A new long-lived piece of state is a new field here, not a new dependency interface.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ActiveProjects } from './activeProjects';
import type { ProjectUuidSync } from './activeProject/projectUuidSync';
import type { RecentProjects } from './activeProject/recentProjects';
import type { WorkspaceConnection } from './connection/workspaceConnection';
import type { WorkspaceDirectory } from './connection/workspaceDirectory';
import type { ProjectFiles } from './projectFiles/projectFiles';
import type { AccessReportPanels } from './projectsAsCode/accessReportPanel';
import type { DriftTracker } from './projectsAsCode/driftTracker';
import type { PlanDocuments } from './projectsAsCode/planDocuments';
import type { Sessions } from './sessions';
import type { ProjectTree } from './views/projectTree';
import type { ProjectStatusBar } from './views/statusBar';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  /** The language client: the editor's only reader of project files. */
  readonly client: LanguageClient;
  /** The connection to the ZenML workspace (sign-in, the local workspace). */
  readonly connection: WorkspaceConnection;
  /** The workspaces known by name, the selected one, and where each project file's `workspace:` goes. */
  readonly workspaces: WorkspaceDirectory;
  /** The session of the current connection, if connected. */
  readonly sessions: Sessions;
  /** The active project of each workspace folder, as the language server resolves it. */
  readonly active: ActiveProjects;
  /** The projects recently made active, per workspace URL. */
  readonly recent: RecentProjects;
  /** Tells the language server the workspace's project UUIDs. */
  readonly uuids: ProjectUuidSync;
  /** The project files, as the language server reads them (the editor reads none itself). */
  readonly projectFiles: ProjectFiles;
  readonly tree: ProjectTree;
  readonly statusBar: ProjectStatusBar;
  /** The drift of open project files from the workspace (and its snapshots of it). */
  readonly tracker: DriftTracker;
  /** The plan documents (`zenml-plan:`). */
  readonly plans: PlanDocuments;
  /** The access report panels. */
  readonly panels: AccessReportPanels;
  /** Reads everything again: the tree, the UUID → Project ID map, the status bar. */
  refresh(): Promise<void>;
}
