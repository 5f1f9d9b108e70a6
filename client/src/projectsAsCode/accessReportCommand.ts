/**
 * "Show Access Report": for the project a project file declares, every user — directly or
 * through a team — with the roles they hold and what those permit, as project.yaml declares it
 * beside what the workspace grants, differences highlighted (common/projectSync/accessReport.ts
 * builds it; accessReportPanel.ts shows it). Run on a file, a tree node (the project's file), or
 * from the palette; exports as Markdown or CSV from the panel, or with `{ exportAs, to }`.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { accessReportMarkdown, readAccessReport as readReport, type AccessReport, type AccessRow } from '../../../core/sync/accessReport';
import { namedUsersOf } from '../../../core/sync/workspaceState';
import { withProgress } from '../commands/commandSupport';
import { asArgs } from '../commands/targets';
import type { ProjectFiles } from '../projectFiles/projectFiles';
import { sessionForFile, workspaceNameOf } from './filePlan';
import { resolveProjectFile, shownName, specOf } from './projectFileDocuments';



export type ReportFormat = 'markdown' | 'csv';

export interface ReportArgs {
  uri?: string;
  /** The project whose project file is meant (ID or UUID). */
  project?: string;
  /** Write the report to `to` in this format instead of showing it. */
  exportAs?: ReportFormat;
  to?: string;
}

export interface ReportOutcome {
  file: string;
  projectId: string;
  rows: AccessRow[];
  unknownTeams: string[];
  /** How many users' access differs from project.yaml. */
  differences: number;
  markdown: string;
  /** Where it was exported to, when it was. */
  exported?: string;
}

/** Reads the report of a project file afresh. */
export async function readAccessReport(ctx: Ctx, file: vscode.Uri): Promise<AccessReport> {
  const spec = await specOf(ctx.projectFiles, file);
  const session = await sessionForFile(ctx, spec, shownName(file));
  return withProgress(vscode.l10n.t("Reading who can access '{0}' on {1}…", spec.id, workspaceNameOf(session)), async (signal) => {
    const { report, state } = await readReport(session.api, spec, signal);
    ctx.tracker.snapshots.accept(session, spec.id, state, namedUsersOf(spec));
    return report;
  });
}

export async function showAccessReport(ctx: Ctx, arg: unknown): Promise<ReportOutcome> {
  const args = asArgs(arg) as ReportArgs;
  const target = args.project && !args.uri ? await projectFileOf(ctx.projectFiles, args.project) : arg;
  const file = await resolveProjectFile(ctx.projectFiles, target, vscode.l10n.t('Show Access Report'));
  const report = await readAccessReport(ctx, file);
  const outcome: ReportOutcome = {
    file: file.toString(),
    projectId: report.projectId,
    rows: report.rows,
    unknownTeams: report.unknownTeams,
    differences: report.rows.filter((r) => r.status !== 'same').length,
    markdown: accessReportMarkdown(report),
  };
  if (args.exportAs) {
    if (args.exportAs !== 'markdown' && args.exportAs !== 'csv') throw new Error(vscode.l10n.t("exportAs must be 'markdown' or 'csv', not '{0}'.", String(args.exportAs)));
    if (!args.to) throw new Error(vscode.l10n.t('Name the file to export to with `to`.'));
    outcome.exported = (await ctx.panels.exportTo(report, args.exportAs, args.to)).toString();
    return outcome;
  }
  ctx.panels.show(file, shownName(file), report);
  return outcome;
}

/** The project file that defines a project (by ID), as `{ uri }`. */
async function projectFileOf(index: ProjectFiles, projectId: string): Promise<{ uri: string }> {
  const files = await index.filesDefining(projectId);
  if (!files.length) throw new Error(vscode.l10n.t("No project file of this workspace defines the project '{0}'. Run \"Import Project to project.yaml\" to write one.", projectId));
  return { uri: files[0].toString() };
}
