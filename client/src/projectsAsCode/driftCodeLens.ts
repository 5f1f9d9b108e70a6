/**
 * The drift lens at the top of a project file (at `id:`): "In sync with <workspace>" or "N changes
 * to apply" (click: the plan), or why there is nothing to compare — the file's workspace is not
 * connected (click: connect), unreachable, the file's errors, still reading. It reads the tracker's cache only: it never waits for the network.
 */
import * as vscode from 'vscode';
import type { DriftTracker } from './driftTracker';

export const PLAN_COMMAND = 'zenmlProjects.planProjectFile';
export const CONNECT_WORKSPACE_COMMAND = 'zenmlProjects.connectWorkspace';

function idLine(doc: vscode.TextDocument): number {
  const m = /^id\s*:/m.exec(doc.getText());
  return m ? doc.positionAt(m.index).line : 0;
}

export class DriftCodeLens implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly tracker: DriftTracker) {
    this.onDidChangeCodeLenses = tracker.onDidChange;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const drift = this.tracker.driftOf(doc);
    if (drift.kind === 'off') return [];
    const workspace = 'workspace' in drift && drift.workspace ? drift.workspace : vscode.l10n.t('the workspace');
    const line = drift.kind === 'compared' ? drift.reading.layout.id.start.line : idLine(doc);
    const range = new vscode.Range(line, 0, line, 0);
    const lens = (title: string, command: string, tooltip: string, args: unknown[] = []) => new vscode.CodeLens(range, { title, command, tooltip, arguments: args });
    const plan = [{ uri: doc.uri.toString() }];
    switch (drift.kind) {
      case 'notConnected':
        return [
          lens(
            `$(plug) ${vscode.l10n.t('Targets workspace {0} — not connected', drift.workspace)}`,
            CONNECT_WORKSPACE_COMMAND,
            drift.connectedTo
              ? vscode.l10n.t('This file is for workspace "{0}"; this window is connected to "{1}". Nothing is compared with or applied to another workspace. Click to connect to "{0}".', drift.workspace, drift.connectedTo)
              : vscode.l10n.t('This file is for workspace "{0}", which is not connected. Click to connect to it.', drift.workspace),
            [{ name: drift.workspace }],
          ),
        ];
      case 'unreachable':
        return [lens(`$(debug-disconnect) ${vscode.l10n.t('Workspace unreachable')}`, 'zenmlProjects.showLogs', drift.message ?? vscode.l10n.t('The workspace cannot be reached; the file is still validated.'))];
      case 'invalid':
        return [lens(`$(error) ${vscode.l10n.t('Fix the errors to compare with {0}', workspace)}`, 'workbench.actions.view.problems', vscode.l10n.t('A file with errors is not compared with the workspace.'))];
      case 'loading':
        return [lens(`$(sync~spin) ${vscode.l10n.t('Comparing with {0}…', workspace)}`, '', '')];
      case 'failed':
        return [lens(`$(warning) ${vscode.l10n.t('Cannot compare with {0}', workspace)}`, 'zenmlProjects.showLogs', drift.message)];
      case 'compared': {
        const read = vscode.l10n.t('Compared with {0} at {1}, read at {2}.', workspace, drift.state.url, drift.readAt.toLocaleTimeString());
        const n = drift.plan.changes.length;
        if (drift.plan.problems.length) {
          const title = drift.plan.problems.length === 1 ? vscode.l10n.t('1 problem: cannot apply') : vscode.l10n.t('{0} problems: cannot apply', drift.plan.problems.length);
          return [lens(`$(warning) ${title}`, PLAN_COMMAND, `${read}\n${drift.plan.problems.join('\n')}`, plan)];
        }
        if (!n) return [lens(`$(check) ${vscode.l10n.t('In sync with {0}', workspace)}`, PLAN_COMMAND, read, plan)];
        const title = n === 1 ? vscode.l10n.t('1 change to apply') : vscode.l10n.t('{0} changes to apply', n);
        return [lens(`$(diff) ${title}`, PLAN_COMMAND, `${read} ${vscode.l10n.t('Click to see the plan.')}`, plan)];
      }
    }
  }
}
