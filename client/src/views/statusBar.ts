/**
 * The status-bar switcher: the active project of the current folder (the active editor's, else
 * the first), as the language server resolves it, named with the workspace's data when connected.
 * The tooltip says which workspace, which folder, and where the setting comes from; a click opens
 * the switcher.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { redact } from '../../../common/redaction';
import type { Project } from '../../../common/api/types';
import type { ActiveProjectInfo } from '../../../common/protocol';
import { displayPath } from '../../../common/zenml/zenmlPaths';
import type { ActiveProjects } from '../activeProjects';
import type { WorkspaceConnection } from '../connection/workspaceConnection';
import type { Sessions } from '../sessions';
import { projectLabel } from './treeNodes';
import { sameUrl, zenmlClientStore } from '../connection/workspaceLocation';

export interface StatusBarSnapshot {
  text: string;
  tooltip: string;
  visible: boolean;
}

export class ProjectStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('zenmlProjects.activeProject', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];
  private tooltipText = '';
  private visible = false;
  /** Bumped on every update, so that a slow lookup does not overwrite a newer state. */
  private generation = 0;

  constructor(
    private readonly active: ActiveProjects,
    private readonly sessions: Sessions,
    private readonly connection: WorkspaceConnection,
  ) {
    this.item.name = vscode.l10n.t('ZenML Active Project');
    this.item.command = { command: 'zenmlProjects.setActiveProject', title: vscode.l10n.t('Switch ZenML Project') };
    this.disposables.push(
      this.item,
      active.onDidChange(() => void this.update()),
      sessions.onDidChange(() => void this.update()),
      connection.onDidChangeState(() => void this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.update()),
    );
    void this.update();
  }

  snapshot(): StatusBarSnapshot {
    return { text: this.item.text, tooltip: this.tooltipText, visible: this.visible };
  }

  async update(): Promise<void> {
    const generation = ++this.generation;
    const info = this.active.forCurrentFolder();
    // Nothing to say to someone who does not use ZenML here: no setting and no workspace.
    const unused = info?.source === 'none' && this.connection.state.kind === 'noWorkspace';
    if (!vscode.workspace.workspaceFolders?.length || !info || unused) {
      this.visible = false;
      this.item.hide();
      return;
    }
    const session = this.sessions.current;
    let project: Project | undefined;
    let lookupError: string | undefined;
    const ref = info.uuid ?? info.projectId ?? info.value;
    if (session && ref && info.source !== 'none') {
      project = session.known(ref);
      if (!project) {
        try {
          project = await session.project(ref);
        } catch (e) {
          lookupError = redact((e as Error).message);
        }
        if (generation !== this.generation) return;
      }
    }
    this.render(info, project, lookupError);
  }

  private render(info: ActiveProjectInfo, project: Project | undefined, lookupError: string | undefined): void {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === info.folderUri);
    const state = this.connection.state;
    const lines: string[] = [];
    let label: string;
    let warning = false;
    if (info.source === 'none') {
      label = vscode.l10n.t('No ZenML project');
      lines.push(vscode.l10n.t('No active ZenML project for this folder. Click to choose one (as `zenml project set` does).'));
    } else {
      label = project ? projectLabel(project) : (info.projectId ?? shortValue(info.value ?? ''));
      lines.push(project ? vscode.l10n.t('Active ZenML project: {0} (ID {1})', projectLabel(project), project.name ?? project.id) : vscode.l10n.t('Active ZenML project: {0}', info.projectId ?? info.value ?? ''));
      if (lookupError) {
        warning = true;
        lines.push(lookupError);
      }
    }
    if (folder && (vscode.workspace.workspaceFolders?.length ?? 0) > 1) lines.push(vscode.l10n.t('Folder: {0}', folder.name));
    lines.push(sourceLine(info));
    for (const p of info.problems) {
      warning = true;
      lines.push(p);
    }
    let workspace: string | undefined;
    if (state.kind === 'connected') {
      workspace = state.info.pro_workspace_name || state.info.name;
      lines.push(vscode.l10n.t('Workspace: {0} at {1}, signed in as {2}', workspace, state.location.url, state.user.name ?? state.user.id));
      const store = zenmlClientStore();
      // The UUID in ZenML's config files belongs to the workspace ZenML's own client talks to.
      if (store && !sameUrl(store.url, state.location.url)) {
        warning = true;
        lines.push(vscode.l10n.t("ZenML's client here talks to {0} ({1}), not to {2}: the active project in its config files is a project of that workspace.", store.url, store.source, workspace));
      }
    } else if (state.kind === 'noWorkspace') {
      lines.push(vscode.l10n.t('No ZenML workspace connected.'));
    } else {
      lines.push(vscode.l10n.t('Workspace: {0} ({1})', state.location.url, connectionWord(state.kind)));
    }
    lines.push(vscode.l10n.t('Click to switch projects.'));
    this.item.text = `$(${warning ? 'warning' : 'layers'}) ${label}${workspace ? ` · ${workspace}` : ''}`;
    this.tooltipText = lines.join('\n');
    const tip = new vscode.MarkdownString(lines.map((l) => l.replace(/\n/g, ' ')).join('\n\n'));
    tip.supportThemeIcons = false;
    this.item.tooltip = tip;
    this.item.accessibilityInformation = { label: lines[0] };
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function shortValue(value: string): string {
  return value.length > 13 ? `${value.slice(0, 8)}…` : value;
}

function connectionWord(kind: string): string {
  switch (kind) {
    case 'signedOut':
      return vscode.l10n.t('signed out');
    case 'connecting':
      return vscode.l10n.t('connecting');
    case 'unreachable':
      return vscode.l10n.t('unreachable');
    default:
      return kind;
  }
}

/** Where the setting comes from, as the ZenML client's order of precedence has it. */
function sourceLine(info: ActiveProjectInfo): string {
  const where = info.origin ? displayPath(info.origin, os.homedir(), process.platform) : '';
  switch (info.source) {
    case 'environment':
      return vscode.l10n.t('Set by the environment variable {0}, which overrides the config files.', info.origin ?? 'ZENML_ACTIVE_PROJECT_ID');
    case 'repository':
      return vscode.l10n.t("From the repository's config {0}.", where);
    case 'global':
      return vscode.l10n.t("From ZenML's global config {0}.", where);
    case 'none':
      return vscode.l10n.t('Neither the environment, a repository config nor the global config sets one.');
  }
}
