/**
 * The plan as a read-only document (`zenml-plan:`): the changes in the order Apply makes them,
 * in the same words as `zenml-projects plan` and the confirmation, then — once applied — exactly
 * what was applied, what failed and what was not applied. Its lens offers to apply the plan, or
 * to plan again. One document per project file, replaced by each new plan.
 */
import * as vscode from 'vscode';
import type { ApplyResult } from '../../../core/sync/applyPlan';
import { describeChange, formatApplyResult, formatPlan } from '../../../core/sync/formatPlan';
import { workspaceNameOf, type FilePlan } from './filePlan';
import { PLAN_SCHEME } from './projectFileDocuments';


interface PlanEntry {
  file: vscode.Uri;
  text: string;
  /** Changes still to apply (0 once applied, or when there are problems). */
  applicable: number;
  /** The changes the document shows, as it words them: what a person reviewed before Apply. */
  changes: readonly string[];
}

export class PlanDocuments implements vscode.TextDocumentContentProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly entries = new Map<string, PlanEntry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;

  /** The plan document of a project file: named after its project, told apart by the file. */
  uriFor(file: vscode.Uri, projectId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${projectId}.plan`, query: file.toString() });
  }

  /** The text of a plan, and of its outcome once applied. */
  static render(p: FilePlan, result?: ApplyResult, cancelled = false): string {
    const lines = [formatPlan(p.plan, p.shown + (p.unsaved ? ` ${vscode.l10n.t('(unsaved)')}` : ''))];
    lines.push('', vscode.l10n.t('Read from {0} at {1}.', workspaceNameOf(p.session), p.readAt.toLocaleTimeString()));
    if (!result) {
      if (p.plan.changes.length && !p.plan.problems.length) lines.push(vscode.l10n.t('Nothing is changed until you apply it.'));
      return `${lines.join('\n')}\n`;
    }
    lines.push('', vscode.l10n.t('Applied at {0}:', new Date().toLocaleTimeString()), formatApplyResult(result));
    if (cancelled) lines.push(vscode.l10n.t('Cancelled: the change in progress may or may not have been made. Plan again to see where the workspace stands.'));
    return `${lines.join('\n')}\n`;
  }

  /** Records (or replaces) the plan document of a file; returns its URI. */
  set(p: FilePlan, text: string, applicable: number): vscode.Uri {
    const uri = this.uriFor(p.uri, p.spec.id);
    this.entries.set(uri.toString(), { file: p.uri, text, applicable, changes: applicable ? p.plan.changes.map(describeChange) : [] });
    this.changed.fire(uri);
    this.lensesChanged.fire();
    return uri;
  }

  text(uri: vscode.Uri): string | undefined {
    return this.entries.get(uri.toString())?.text;
  }

  /** The changes a plan document shows for applying (none once applied), when it is one. */
  reviewedChanges(uri: vscode.Uri): readonly string[] | undefined {
    return this.entries.get(uri.toString())?.changes;
  }

  async show(uri: vscode.Uri): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const beside = vscode.window.activeTextEditor?.document.uri.scheme === PLAN_SCHEME ? vscode.window.activeTextEditor.viewColumn : vscode.ViewColumn.Beside;
    await vscode.window.showTextDocument(doc, { viewColumn: beside, preview: true, preserveFocus: false });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.entries.get(uri.toString())?.text ?? vscode.l10n.t('This plan is no longer available: run "Plan project.yaml" again.\n');
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const entry = this.entries.get(doc.uri.toString());
    if (!entry) return [];
    const range = new vscode.Range(0, 0, 0, 0);
    // Applying from the plan applies what it shows: Apply asks again only if the workspace moved.
    const args = [{ uri: entry.file.toString(), reviewed: entry.changes }];
    const lenses = [new vscode.CodeLens(range, { title: `$(refresh) ${vscode.l10n.t('Plan Again')}`, command: 'zenmlProjects.planProjectFile', arguments: args })];
    if (entry.applicable) {
      const title = entry.applicable === 1 ? vscode.l10n.t('Apply 1 Change') : vscode.l10n.t('Apply {0} Changes', entry.applicable);
      lenses.unshift(new vscode.CodeLens(range, { title: `$(cloud-upload) ${title}`, command: 'zenmlProjects.applyProjectFile', arguments: args }));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
    this.lensesChanged.dispose();
  }
}
