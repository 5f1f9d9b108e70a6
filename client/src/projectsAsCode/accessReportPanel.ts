/**
 * The access report in a webview beside the editor: one row per user, declared (project.yaml)
 * beside granted (workspace), rows that differ highlighted and their differing cells marked, with
 * "Export as Markdown…", "Export as CSV…" (a save dialog; written atomically) and "Refresh". One
 * panel per project file, updated in place. Every value is escaped; scripts run under a nonce.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { roleSummary } from '../model/roleSummary';
import { showErrorMessage, showInformationMessage } from '../notify';
import { writeFileAtomic } from '../../../common/atomicFile';
import { DEFAULT_ROLES } from '../../../common/roles';
import { accessReportCsv, accessReportMarkdown, type AccessReport, type AccessStatus, type Holding } from '../../../core/sync/accessReport';
import { log } from '../log';
import { asFileUri } from './projectFileDocuments';

export const REPORT_VIEW_TYPE = 'zenmlProjects.accessReport';

type Format = 'markdown' | 'csv';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function holdings(h: readonly Holding[]): string {
  return h.length ? h.map((x) => (x.via ? vscode.l10n.t('{0} (via {1})', x.role, x.via) : x.role)).join(', ') : '—';
}

function statusLabel(s: AccessStatus): string {
  switch (s) {
    case 'same':
      return vscode.l10n.t('same');
    case 'differs':
      return vscode.l10n.t('differs');
    case 'declared only':
      return vscode.l10n.t('declared only');
    case 'workspace only':
      return vscode.l10n.t('workspace only');
  }
}

interface Shown {
  panel: vscode.WebviewPanel;
  file: vscode.Uri;
  shownName: string;
  report: AccessReport;
}

export class AccessReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, Shown>();

  constructor(private readonly reload: (file: vscode.Uri) => Promise<AccessReport>) {}

  show(file: vscode.Uri, shownName: string, report: AccessReport): void {
    const key = file.toString();
    let shown = this.panels.get(key);
    if (!shown) {
      const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, vscode.l10n.t('Access: {0}', report.projectId), vscode.ViewColumn.Beside, { enableScripts: true, localResourceRoots: [] });
      shown = { panel, file, shownName, report };
      const entry = shown;
      this.panels.set(key, entry);
      panel.onDidDispose(() => this.panels.delete(key));
      panel.webview.onDidReceiveMessage((m: { type?: string; format?: string }) => void this.onMessage(entry, m));
    } else shown.panel.reveal(undefined, true);
    shown.report = report;
    shown.shownName = shownName;
    shown.panel.title = vscode.l10n.t('Access: {0}', report.projectId);
    shown.panel.webview.html = this.html(shown);
  }

  private async onMessage(shown: Shown, m: { type?: string; format?: string }): Promise<void> {
    try {
      if (m.type === 'export' && (m.format === 'markdown' || m.format === 'csv')) await this.exportWithDialog(shown, m.format);
      if (m.type === 'refresh') {
        shown.report = await this.reload(shown.file);
        shown.panel.webview.html = this.html(shown);
      }
    } catch (e) {
      if (e instanceof vscode.CancellationError) return;
      const message = e instanceof Error ? e.message : String(e);
      log().warn(`Access report: ${message}`);
      void showErrorMessage(message);
    }
  }

  private async exportWithDialog(shown: Shown, format: Format): Promise<void> {
    const ext = format === 'csv' ? 'csv' : 'md';
    const target = await vscode.window.showSaveDialog({
      title: format === 'csv' ? vscode.l10n.t('Export as CSV') : vscode.l10n.t('Export as Markdown'),
      defaultUri: vscode.Uri.joinPath(shown.file, '..', `access-report-${shown.report.projectId}.${ext}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { Markdown: ['md'] },
    });
    if (!target) return;
    const written = await this.exportTo(shown.report, format, target);
    const open = vscode.l10n.t('Open');
    void showInformationMessage(vscode.l10n.t('Exported the access report to {0}.', vscode.workspace.asRelativePath(written)), open).then((c) => {
      if (c === open) void vscode.window.showTextDocument(written);
    });
  }

  /** Writes the report to a file (atomically on disk); returns where. */
  async exportTo(report: AccessReport, format: Format, to: vscode.Uri | string): Promise<vscode.Uri> {
    const text = format === 'csv' ? accessReportCsv(report) : accessReportMarkdown(report);
    const uri = asFileUri(to);
    if (uri.scheme === 'file') {
      try {
        mkdirSync(path.dirname(uri.fsPath), { recursive: true });
        writeFileAtomic(uri.fsPath, text);
      } catch (e) {
        throw new Error(vscode.l10n.t('Could not write {0} ({1}); nothing was changed.', uri.fsPath, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
      }
    } else await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  }

  private html(shown: Shown): string {
    const r = shown.report;
    const nonce = randomBytes(16).toString('base64');
    const differing = r.rows.filter((x) => x.status !== 'same').length;
    const rows = r.rows
      .map((x) => {
        const rolesDiffer = holdings(x.declared) !== holdings(x.actual);
        const rightsDiffer = x.declaredRights !== x.actualRights;
        const cell = (text: string, marked: boolean) => `<td${marked && x.status !== 'same' ? ' class="diff"' : ''}>${esc(text)}</td>`;
        return `<tr class="${x.status === 'same' ? 'same' : 'differs'}"><td>${esc(x.user)}</td>${cell(holdings(x.declared), rolesDiffer)}${cell(x.declaredRights, rightsDiffer)}${cell(holdings(x.actual), rolesDiffer)}${cell(x.actualRights, rightsDiffer)}<td><span class="badge ${x.status.replace(' ', '-')}">${esc(statusLabel(x.status))}</span></td></tr>`;
      })
      .join('\n');
    const summary = differing
      ? vscode.l10n.t('{0} of {1} users differ from {2}.', differing, r.rows.length, shown.shownName)
      : vscode.l10n.t('All {0} users match {1}.', r.rows.length, shown.shownName);
    const unknown = r.unknownTeams.length ? `<p class="note">${esc(vscode.l10n.t('Teams named in project.yaml but unknown to the workspace: {0}.', r.unknownTeams.join(', ')))}</p>` : '';
    const legend = DEFAULT_ROLES.map((d) => `<li><b>${esc(d.zenmlName)}</b> (<code>${esc(d.id)}</code>): ${esc(roleSummary(d))}</li>`).join('');
    const t = (s: string) => esc(s);
    return `<!DOCTYPE html>
<html lang="${esc(vscode.env.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 16px; }
  table { border-collapse: collapse; width: 100%; margin: 12px 0; }
  th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,.35)); }
  th { font-weight: 600; }
  tr.differs { background: var(--vscode-inputValidation-warningBackground, rgba(255,200,0,.12)); }
  tr.differs td:first-child { border-left: 3px solid var(--vscode-editorWarning-foreground, orange); }
  td.diff { font-weight: 600; }
  .badge { padding: 1px 6px; border-radius: 8px; white-space: nowrap; }
  .badge.same { color: var(--vscode-testing-iconPassed, green); }
  .badge.differs, .badge.declared-only, .badge.workspace-only { color: var(--vscode-editorWarning-foreground, orange); font-weight: 600; }
  .summary.differs { color: var(--vscode-editorWarning-foreground, orange); font-weight: 600; }
  .actions button { margin-right: 6px; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 10px; cursor: pointer; }
  .actions button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  .actions button:hover { background: var(--vscode-button-hoverBackground); }
  code { font-family: var(--vscode-editor-font-family); }
</style>
</head>
<body>
<h1>${t(vscode.l10n.t('Access report'))}: <code>${esc(r.projectId)}</code></h1>
<p>${t(vscode.l10n.t('Declared in {0} beside what the workspace at {1} grants. Roles held through a team are marked "via".', shown.shownName, r.url))}</p>
<p class="summary ${differing ? 'differs' : 'same'}">${t(summary)}</p>
<div class="actions">
  <button data-export="markdown">${t(vscode.l10n.t('Export as Markdown…'))}</button>
  <button data-export="csv">${t(vscode.l10n.t('Export as CSV…'))}</button>
  <button class="secondary" data-refresh>${t(vscode.l10n.t('Refresh'))}</button>
</div>
<table>
<thead><tr><th>${t(vscode.l10n.t('User'))}</th><th>${t(vscode.l10n.t('Declared roles'))}</th><th>${t(vscode.l10n.t('Declared rights'))}</th><th>${t(vscode.l10n.t('Workspace roles'))}</th><th>${t(vscode.l10n.t('Workspace rights'))}</th><th>${t(vscode.l10n.t('Status'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${unknown}
<h2>${t(vscode.l10n.t('Default roles'))}</h2>
<ul>${legend}</ul>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  for (const b of document.querySelectorAll('[data-export]')) b.addEventListener('click', () => vscode.postMessage({ type: 'export', format: b.dataset.export }));
  document.querySelector('[data-refresh]').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
</script>
</body>
</html>`;
  }

  dispose(): void {
    for (const s of this.panels.values()) s.panel.dispose();
    this.panels.clear();
  }
}
