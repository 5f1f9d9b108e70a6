/**
 * Projects as code in the editor, wired once: Plan, Apply, Import and Show Access Report (each
 * wrapped in runCommand: errors shown as sentences, the outcome returned to whoever ran it), the
 * plan documents, the drift lens and the drift warnings.
 */
import * as vscode from 'vscode';
import { runCommand } from '../commands/commandSupport';
import type { Deps } from '../commands/targets';
import type { WorkspaceConnection } from '../connection/workspaceConnection';
import type { ProjectFileIndex } from '../projectFiles/projectFileIndex';
import { readAccessReport, showAccessReport, type ReportDeps } from './accessReportCommand';
import { AccessReportPanels } from './accessReportPanel';
import { DriftCodeLens } from './driftCodeLens';
import { DriftDiagnostics } from './driftDiagnostics';
import { DriftTracker } from './driftTracker';
import { importProject } from './importCommand';
import { PlanDocuments } from './planDocuments';
import { PLAN_SCHEME } from './projectFileDocuments';
import { applyProjectFile, planProjectFile, type PlanDeps } from './planCommands';
import { WorkspaceSnapshots } from './workspaceSnapshots';

export interface ProjectsAsCodeDeps extends Deps {
  connection: WorkspaceConnection;
  projectFiles: ProjectFileIndex;
  /** Reads the project tree (and what hangs off it) again. */
  refresh(): Promise<void>;
}

export function registerProjectsAsCode(deps: ProjectsAsCodeDeps): vscode.Disposable[] {
  const snapshots = new WorkspaceSnapshots(deps.sessions);
  const tracker = new DriftTracker(snapshots, deps.connection);
  const plans = new PlanDocuments();
  const planDeps: PlanDeps = { sessions: deps.sessions, projectFiles: deps.projectFiles, tracker, plans, refresh: deps.refresh };
  const sources = { sessions: deps.sessions, projectFiles: deps.projectFiles, tracker };
  const reportDeps: ReportDeps = { ...sources, panels: new AccessReportPanels((file) => readAccessReport(sources, file)) };
  const command = (id: string, run: (arg: unknown) => Promise<unknown>) => vscode.commands.registerCommand(id, (arg?: unknown) => runCommand(id, () => run(arg)));
  return [
    snapshots,
    tracker,
    plans,
    reportDeps.panels,
    new DriftDiagnostics(tracker),
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, plans),
    vscode.languages.registerCodeLensProvider({ scheme: PLAN_SCHEME }, plans),
    vscode.languages.registerCodeLensProvider({ language: 'yaml' }, new DriftCodeLens(tracker)),
    command('zenmlProjects.planProjectFile', (arg) => planProjectFile(planDeps, arg)),
    command('zenmlProjects.applyProjectFile', (arg) => applyProjectFile(planDeps, arg)),
    command('zenmlProjects.importProject', (arg) => importProject({ ...deps, tracker }, arg)),
    command('zenmlProjects.showAccessReport', (arg) => showAccessReport(reportDeps, arg)),
  ];
}
