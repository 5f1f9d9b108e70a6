/**
 * Which project files of the workspace define which Project ID, for "Open project.yaml" and
 * for menus that offer it. Built on first use (never at activation), then kept current by a file
 * watcher. The language server owns the analysis; this only reads each file's `id`.
 */
import * as vscode from 'vscode';
import { declaredProjectId } from './declaredProjectId';

const PATTERN = '**/project.{yaml,yml}';
const EXCLUDE = '{**/node_modules/**,**/.git/**}';

export class ProjectFileIndex implements vscode.Disposable {
  private files: Promise<Map<string, string | undefined>> | undefined;
  private readonly watchers: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  private globs(): string[] {
    return vscode.workspace.getConfiguration('zenmlProjects').get<string[]>('projectFiles') ?? [];
  }

  private build(): Promise<Map<string, string | undefined>> {
    if (this.files) return this.files;
    this.files = (async () => {
      const found = new Map<string, vscode.Uri>();
      for (const pattern of [PATTERN, ...this.globs()]) {
        for (const uri of await vscode.workspace.findFiles(pattern, EXCLUDE)) found.set(uri.toString(), uri);
      }
      const map = new Map<string, string | undefined>();
      await Promise.all([...found.values()].map(async (uri) => map.set(uri.toString(), await this.read(uri))));
      return map;
    })();
    if (!this.watchers.length) {
      const watcher = vscode.workspace.createFileSystemWatcher(PATTERN);
      const update = async (uri: vscode.Uri) => {
        const map = await this.files;
        if (!map) return;
        map.set(uri.toString(), await this.read(uri));
        this.changed.fire();
      };
      this.watchers.push(
        watcher,
        watcher.onDidCreate(update),
        watcher.onDidChange(update),
        watcher.onDidDelete(async (uri) => {
          (await this.files)?.delete(uri.toString());
          this.changed.fire();
        }),
        vscode.workspace.onDidChangeConfiguration((e) => {
          if (e.affectsConfiguration('zenmlProjects.projectFiles')) this.files = undefined;
        }),
        vscode.workspace.onDidChangeWorkspaceFolders(() => {
          this.files = undefined;
          this.changed.fire();
        }),
      );
    }
    return this.files;
  }

  private async read(uri: vscode.Uri): Promise<string | undefined> {
    try {
      return declaredProjectId(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      return undefined;
    }
  }

  /** Records a project file the extension just wrote (the watcher reports it later). */
  async remember(uri: vscode.Uri, projectId: string): Promise<void> {
    (await this.build()).set(uri.toString(), projectId);
    this.changed.fire();
  }

  /** Reads every project file again (when one is looked for and not found). */
  rescan(): void {
    this.files = undefined;
  }

  /** The project files that declare `projectId`, in path order. */
  async filesDefining(projectId: string): Promise<vscode.Uri[]> {
    const map = await this.build();
    return [...map]
      .filter(([, id]) => id === projectId)
      .map(([u]) => vscode.Uri.parse(u))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Every Project ID a project file declares. */
  async ids(): Promise<Set<string>> {
    const map = await this.build();
    return new Set([...map.values()].filter((id): id is string => !!id));
  }

  dispose(): void {
    for (const d of this.watchers) d.dispose();
    this.changed.dispose();
  }
}
