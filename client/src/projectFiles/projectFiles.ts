/**
 * The project files of the workspace as the language server knows them — the editor's only
 * reader of project files: which files are project files (the server's one rule), the Project ID
 * and `workspace:` of each, whether it has errors, and a file's spec and layout at the version the
 * editor holds. Nothing here parses YAML. The list comes once the server is up and then with every
 * change it announces; the menus' context keys follow it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ProjectFileRequest, ProjectFilesChangedNotification, ProjectFilesRequest, type ProjectFileAnswer, type ProjectFileInfo } from '../../../common/protocol';
import type { ProjectFileReading } from '../../../core/sync/projectFileReading';
import { log } from '../log';

/** Context keys (arrays of file paths) that menus test with `resourcePath in …`. */
export const PROJECT_FILES_KEY = 'zenmlProjects.projectFilePaths';
export const FILES_WITH_ERRORS_KEY = 'zenmlProjects.projectFilePathsWithErrors';

const keyOf = (uri: vscode.Uri | string) => (typeof uri === 'string' ? vscode.Uri.parse(uri) : uri).toString();

export class ProjectFiles implements vscode.Disposable {
  private files = new Map<string, ProjectFileInfo>();
  private readonly ready: Promise<void>;
  private markReady!: () => void;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the list changed (a file added or removed, its ID, workspace or error count). */
  readonly onDidChange = this.changed.event;
  private readonly read = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a reading asked for by `cachedReading` arrived. */
  readonly onDidRead = this.read.event;
  private readonly readings = new WeakMap<vscode.TextDocument, { version: number; reading?: ProjectFileReading; pending?: Promise<ProjectFileReading | undefined> }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.disposables.push(client.onNotification(ProjectFilesChangedNotification, ({ files }) => this.set(files)));
  }

  /** Asks for the list once the language client runs (not before: activation does not wait for it). */
  async start(): Promise<void> {
    try {
      this.set(await this.client.sendRequest(ProjectFilesRequest, {}));
    } catch (e) {
      log().warn(`Could not list the project files: ${(e as Error).message}`);
      this.markReady();
    }
  }

  private set(files: ProjectFileInfo[]): void {
    this.files = new Map(files.map((f) => [keyOf(f.uri), f]));
    this.markReady();
    const paths = (list: ProjectFileInfo[]) => list.map((f) => vscode.Uri.parse(f.uri).fsPath);
    void vscode.commands.executeCommand('setContext', PROJECT_FILES_KEY, paths(files));
    void vscode.commands.executeCommand('setContext', FILES_WITH_ERRORS_KEY, paths(files.filter((f) => f.errors > 0)));
    this.changed.fire();
  }

  /** Every project file, in path order (once the server has said). */
  async all(): Promise<{ uri: vscode.Uri; info: ProjectFileInfo }[]> {
    await this.ready;
    return [...this.files.values()].map((info) => ({ uri: vscode.Uri.parse(info.uri), info })).sort((a, b) => a.uri.path.localeCompare(b.uri.path));
  }

  /** What the server says of one file, as of its last list (undefined: not a project file). */
  info(uri: vscode.Uri): ProjectFileInfo | undefined {
    return this.files.get(keyOf(uri));
  }

  /** Whether the document is a project file (by the server's one rule). */
  isProjectFile(doc: vscode.TextDocument): boolean {
    return this.files.has(keyOf(doc.uri));
  }

  /** The project files that declare `projectId`, in path order. */
  async filesDefining(projectId: string): Promise<vscode.Uri[]> {
    return (await this.all()).filter((f) => f.info.id === projectId).map((f) => f.uri);
  }

  /** Every Project ID a project file declares. */
  async ids(): Promise<Set<string>> {
    return new Set((await this.all()).map((f) => f.info.id).filter((id): id is string => !!id));
  }

  /**
   * A file's reading by the server: the spec and layout, or the errors; undefined when it is not
   * a project file. An open document is read at its current version (unsaved text included).
   * `named`: the user named the file (a command run on it), so it is read whatever it looks like.
   */
  async reading(uri: vscode.Uri, named = false): Promise<ProjectFileReading | undefined> {
    const doc = vscode.workspace.textDocuments.find((d) => keyOf(d.uri) === keyOf(uri));
    if (doc) return this.readingOf(doc, named);
    return this.ask(uri, undefined, named);
  }

  /** The reading of the document's current version, asked for once per version. */
  private readingOf(doc: vscode.TextDocument, named = false): Promise<ProjectFileReading | undefined> {
    const kept = this.readings.get(doc);
    if (kept && kept.version === doc.version) return kept.pending ?? Promise.resolve(kept.reading);
    const version = doc.version;
    const entry: { version: number; reading?: ProjectFileReading; pending?: Promise<ProjectFileReading | undefined> } = { version, reading: kept?.reading };
    entry.pending = this.ask(doc.uri, doc, named).then((reading) => {
      if (this.readings.get(doc) === entry) {
        entry.reading = reading;
        entry.pending = undefined;
        this.read.fire(doc.uri);
      }
      return reading;
    });
    this.readings.set(doc, entry);
    return entry.pending;
  }

  /**
   * The latest reading of the document without waiting: the current version's when it has
   * arrived, else the previous one (and the current one is asked for; `onDidRead` says when it
   * is there). For lenses and warnings, which must never wait.
   */
  cachedReading(doc: vscode.TextDocument): ProjectFileReading | undefined {
    const kept = this.readings.get(doc);
    if (!kept || kept.version !== doc.version) void this.readingOf(doc);
    return this.readings.get(doc)?.reading;
  }

  private async ask(uri: vscode.Uri, doc: vscode.TextDocument | undefined, named: boolean): Promise<ProjectFileReading | undefined> {
    let answer: ProjectFileAnswer = await this.client.sendRequest(ProjectFileRequest, { uri: uri.toString(), version: doc?.version, named });
    // A document the server does not hold (not a project file by name or setting) with unsaved
    // changes: the server reads the editor's text, not the file on disk.
    if (doc?.isDirty && answer.kind === 'read' && answer.version === null) {
      answer = await this.client.sendRequest(ProjectFileRequest, { uri: uri.toString(), version: doc.version, named, text: doc.getText() });
    }
    return answer.kind === 'read' ? answer.reading : undefined;
  }

  /** Records a project file the extension just wrote (the server's next list confirms it). */
  remember(uri: vscode.Uri, projectId: string): void {
    const key = keyOf(uri);
    if (this.files.get(key)?.id === projectId) return;
    this.files.set(key, { uri: uri.toString(), id: projectId, errors: 0, named: false });
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    this.read.dispose();
  }
}
