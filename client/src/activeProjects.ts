/** The active project of each workspace folder, as the language server resolves and announces it. */
import * as vscode from 'vscode';
import type { ActiveProjectInfo } from '../../common/protocol';

export class ActiveProjects implements vscode.Disposable {
  private infos: readonly ActiveProjectInfo[] = [];
  private readonly changed = new vscode.EventEmitter<readonly ActiveProjectInfo[]>();
  readonly onDidChange = this.changed.event;

  get all(): readonly ActiveProjectInfo[] {
    return this.infos;
  }

  update(infos: readonly ActiveProjectInfo[]): void {
    this.infos = infos;
    this.changed.fire(infos);
  }

  /** The folder of the active editor (or the first folder): whose active project the status bar shows. */
  forCurrentFolder(): ActiveProjectInfo | undefined {
    const editor = vscode.window.activeTextEditor?.document.uri;
    const folder = (editor && vscode.workspace.getWorkspaceFolder(editor)) ?? vscode.workspace.workspaceFolders?.[0];
    return this.infos.find((i) => i.folderUri === folder?.uri.toString()) ?? this.infos[0];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
