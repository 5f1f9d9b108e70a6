/**
 * The language status item of a project file (the `{}` beside "YAML" in the status bar): which
 * workspace and project the file targets, and whether it is in sync — the drift lens's answer,
 * where it stays visible however far the file is scrolled. It reads the tracker's cache only.
 */
import * as vscode from 'vscode';
import type { Drift, DriftTracker } from './driftTracker';
import { PLAN_COMMAND } from './driftCodeLens';

/** What the item shows, for tests and the extension's API. */
export interface LanguageStatusSnapshot {
  uri: string;
  text: string;
  detail: string;
  severity: 'information' | 'warning' | 'error';
}

const SEVERITY = { information: vscode.LanguageStatusSeverity.Information, warning: vscode.LanguageStatusSeverity.Warning, error: vscode.LanguageStatusSeverity.Error };

/** The item's text for a drift: `project · workspace`, and a detail saying how it compares. */
export function describeDrift(drift: Drift): Omit<LanguageStatusSnapshot, 'uri'> | undefined {
  const target = (project: string | undefined, workspace: string | undefined) => [project, workspace].filter((x) => !!x).join(' · ') || vscode.l10n.t('ZenML project');
  switch (drift.kind) {
    case 'off':
      return undefined;
    case 'notConnected':
      return { text: `$(plug) ${target(undefined, drift.workspace)}`, detail: vscode.l10n.t('workspace not connected'), severity: 'warning' };
    case 'unreachable':
      return { text: `$(debug-disconnect) ${target(undefined, drift.workspace)}`, detail: vscode.l10n.t('workspace unreachable'), severity: 'warning' };
    case 'invalid':
      return { text: `$(error) ${target(undefined, drift.workspace)}`, detail: vscode.l10n.t('fix the errors to compare'), severity: 'error' };
    case 'loading':
      return { text: `$(sync~spin) ${target(drift.projectId, drift.workspace)}`, detail: vscode.l10n.t('comparing…'), severity: 'information' };
    case 'failed':
      return { text: `$(warning) ${target(drift.projectId, drift.workspace)}`, detail: vscode.l10n.t('cannot compare'), severity: 'warning' };
    case 'compared': {
      const n = drift.plan.changes.length;
      const p = drift.plan.problems.length;
      const text = target(drift.projectId, drift.workspace);
      if (p) return { text: `$(warning) ${text}`, detail: p === 1 ? vscode.l10n.t('1 problem: cannot apply') : vscode.l10n.t('{0} problems: cannot apply', p), severity: 'warning' };
      if (!n) return { text: `$(check) ${text}`, detail: vscode.l10n.t('in sync'), severity: 'information' };
      return { text: `$(diff) ${text}`, detail: n === 1 ? vscode.l10n.t('1 change to apply') : vscode.l10n.t('{0} changes to apply', n), severity: 'warning' };
    }
  }
}

export class DriftLanguageStatus implements vscode.Disposable {
  private item: vscode.LanguageStatusItem | undefined;
  private shown: LanguageStatusSnapshot | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly tracker: DriftTracker) {
    this.subscriptions = [tracker.onDidChange(() => this.update()), vscode.window.onDidChangeActiveTextEditor(() => this.update())];
    this.update();
  }

  snapshot(): LanguageStatusSnapshot | undefined {
    return this.shown;
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const d = doc && describeDrift(this.tracker.driftOf(doc));
    if (!doc || !d) {
      this.item?.dispose();
      this.item = undefined;
      this.shown = undefined;
      return;
    }
    // The item belongs to this one file: other YAML files show nothing of ours.
    if (!this.item || this.shown?.uri !== doc.uri.toString()) {
      this.item?.dispose();
      this.item = vscode.languages.createLanguageStatusItem('zenmlProjects.projectFile', { language: 'yaml', pattern: doc.uri.fsPath });
      this.item.name = vscode.l10n.t('ZenML project file');
    }
    this.item.text = d.text;
    this.item.detail = d.detail;
    this.item.severity = SEVERITY[d.severity];
    this.item.command = { title: vscode.l10n.t('Plan'), command: PLAN_COMMAND, arguments: [{ uri: doc.uri.toString() }], tooltip: vscode.l10n.t('Show what Apply would change') };
    this.shown = { uri: doc.uri.toString(), ...d };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item?.dispose();
  }
}
