/**
 * The language server's view of the workspace: open documents, every project file on disk
 * (scanned at start, kept current from file events), and the active project of each folder.
 * It decides what to publish; server.ts only carries messages. Nothing here waits on the network.
 */
import { watch, FSWatcher } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Diagnostic } from 'vscode-languageserver-types';
import type { ActiveProjectInfo, ConfigTarget, ProjectFileAnswer, ProjectFileInfo, ProjectUuid } from '../../../common/protocol';
import { configTarget } from '../activeProject/configTarget';
import { readProjectFile as readSpecAndLayout } from '../../../core/projectFile/projectFile';
import { isProjectFile, notProjectFileDiagnostic } from '../../../core/projectFile/projectFileRule';
import type { ProjectFileReading } from '../../../core/sync/projectFileReading';
import { nodeFileAccess } from '../activeProject/fileAccess';
import { resolveActiveProject } from '../activeProject/resolveActiveProject';
import { zenConfigDiagnostics } from '../activeProject/zenConfigDiagnostics';
import { globalConfigPath, type Environment } from '../../../common/zenml/zenmlPaths';
import { lineText } from '../../../core/engine/cursorContext';
import { editorText } from '../../../core/engine/fileText';
import { readRegularFile } from '../../../common/regularFile';
import type { RawCheckOptions } from '../../../core/engine/checkOptions';
import { CHECK_CONFIG_FILE, CheckConfigFiles } from '../../../core/projectFile/checkConfigFiles';
import { readRegularFileSync } from '../../../common/regularFile';
import { ContentChange, offsetByLines, ProjectDocument } from '../../../core/engine/projectDocument';
import type { WorkspaceFacts } from '../features/workspaceFacts';
import { ProjectFileMatcher } from '../../../core/projectFile/projectFileMatcher';
import { findProjectFiles } from '../../../core/projectFile/findProjectFiles';
import { ProjectRegistry } from './projectRegistry';

export interface WorkspaceEvents {
  publish(uri: string, diagnostics: Diagnostic[], version?: number): void;
  activeProjectsChanged(projects: ActiveProjectInfo[]): void;
  /** The project files changed: one added or removed, its ID, workspace or error count. */
  projectFilesChanged?(files: ProjectFileInfo[]): void;
  log(message: string): void;
}

export interface Folder {
  uri: string;
  path: string;
}

interface OpenFile {
  uri: string;
  path?: string;
  version: number;
  /** The live document when the file is a project file by name. */
  doc?: ProjectDocument;
  /** The text of any other file (kept to re-decide when settings change). */
  text: string;
}

export const enum FileChange {
  Created = 1,
  Changed = 2,
  Deleted = 3,
}

function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** Larger `.zenml-projects.yaml` files are not read: a few keys never need more. */
const CHECK_CONFIG_MAX_BYTES = 1024 * 1024;

/** `.zen/config.yaml`: the repository's ZenML config. */
export function isZenConfig(filePath: string | undefined): boolean {
  return !!filePath && path.basename(filePath) === 'config.yaml' && path.basename(path.dirname(filePath)) === '.zen';
}

export class ProjectWorkspace implements WorkspaceFacts {
  private folders: Folder[] = [];
  private matcher = new ProjectFileMatcher([], []);
  private readonly open = new Map<string, OpenFile>();
  readonly registry = new ProjectRegistry();
  private uuidToId = new Map<string, string>();
  private connected = false;
  private active = new Map<string, ActiveProjectInfo>();
  private lastActiveJson = '';
  private readonly loggedProblems = new Set<string>();
  private readonly watchers = new Map<string, FSWatcher>();
  private resolveTimer: NodeJS.Timeout | undefined;
  private publishedConfigs = new Set<string>();
  private filesTimer: NodeJS.Timeout | undefined;
  private lastFilesJson = '';
  private readonly readings = new WeakMap<ProjectDocument, { text: string; reading: ProjectFileReading }>();

  /** The teaching checks' options per file: the settings, and the nearest `.zenml-projects.yaml`. */
  private readonly checkConfigs: CheckConfigFiles;

  constructor(
    private readonly events: WorkspaceEvents,
    private readonly env: Environment = process.env,
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly homedir: string = os.homedir(),
  ) {
    this.checkConfigs = new CheckConfigFiles({ readFile: (f) => readRegularFileSync(f, CHECK_CONFIG_MAX_BYTES), problem: (m) => this.events.log(m) });
    this.registry.optionsFor = (uri) => this.checkConfigs.optionsFor(pathOf(uri));
  }

  setFolders(folders: Folder[]): void {
    this.folders = folders;
    this.matcher = new ProjectFileMatcher(this.matcher.globs, folders.map((f) => f.path));
  }

  /** Sets the `zenmlProjects.projectFiles` globs; when they changed, re-decides what is a project file. */
  async setProjectFileGlobs(globs: string[], rescan = true): Promise<void> {
    const same = JSON.stringify(globs) === JSON.stringify(this.matcher.globs);
    this.matcher = new ProjectFileMatcher(globs, this.folders.map((f) => f.path));
    if (same || !rescan) return;
    for (const f of this.open.values()) this.classifyOpen(f);
    await this.scan();
  }

  /**
   * Sets the teaching checks' settings (checked by the caller: wrong values already dropped); when
   * they changed, analyses every project file again.
   */
  async setCheckOptions(settings: RawCheckOptions, rescan = true): Promise<void> {
    if (!this.checkConfigs.setBase(settings)) return;
    await this.checkOptionsChanged(rescan);
  }

  private async checkOptionsChanged(rescan = true): Promise<void> {
    for (const f of this.open.values()) if (f.doc && this.registry.has(f.uri)) this.events.publish(f.uri, this.registry.diagnostics(f.uri), f.version);
    if (rescan) await this.scan();
  }

  /** Reads every project file under the workspace folders and publishes its diagnostics. */
  async scan(): Promise<void> {
    const found = new Set<string>();
    for (const folder of this.folders) {
      const files = await findProjectFiles(folder.path, (p) => this.matcher.isProjectFile(p)).catch((e: Error) => {
        this.events.log(`Could not scan ${folder.path}: ${e.message}`);
        return [] as string[];
      });
      for (const p of files) found.add(pathToFileURL(p).href);
    }
    // Files that vanished (or stopped matching) while we were not looking.
    for (const uri of this.registry.uris()) if (!found.has(uri) && !this.open.has(uri)) this.publishAll(this.registry.remove(uri), true);
    const touched = new Set<string>();
    await Promise.all(
      [...found].map(async (uri) => {
        if (this.open.has(uri)) return;
        const text = await readProjectFile(fileURLToPath(uri));
        // Opened while we read it: the editor's text wins, and is analysed once, not twice.
        if (text === undefined || this.open.has(uri)) return;
        for (const u of this.registry.setDisk(uri, text, (doc) => this.isProject(uri, doc))) touched.add(u);
      }),
    );
    this.publishAll(touched);
    this.resolveActiveProjects();
  }

  private isProject(uri: string, doc: ProjectDocument): boolean {
    const p = pathOf(uri);
    return isProjectFile(doc, p !== undefined && this.matcher.matchesSetting(p) ? 'named' : 'found');
  }

  /** Publishes a file's diagnostics; the project file list may have changed with them. */
  private publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    this.events.publish(uri, diagnostics, version);
    this.scheduleProjectFilesChanged();
  }

  private scheduleProjectFilesChanged(): void {
    if (this.filesTimer || !this.events.projectFilesChanged) return;
    // Coalesced: typing changes a file many times a second, the list rarely.
    this.filesTimer = setTimeout(() => {
      this.filesTimer = undefined;
      const files = this.projectFiles();
      const json = JSON.stringify(files);
      if (json === this.lastFilesJson) return;
      this.lastFilesJson = json;
      this.events.projectFilesChanged?.(files);
    }, 50);
  }

  /** Every project file of the workspace (open or on disk), in URI order. */
  projectFiles(): ProjectFileInfo[] {
    return this.registry.projectFileInfos().map((f) => {
      const p = pathOf(f.uri);
      return { ...f, named: p !== undefined && this.matcher.matchesSetting(p) };
    });
  }

  /**
   * A project file's spec and layout, or its errors: the open document at its current version,
   * else `clientText` (the editor's text of a file it does not send us), else the file on disk.
   * `named`: the user named the file, so the rule does not second-guess it.
   */
  async projectFileReading(uri: string, named = false, clientText?: string): Promise<ProjectFileAnswer> {
    const open = this.open.get(uri);
    let doc = open?.doc ?? (clientText === undefined ? this.registry.document(uri) : undefined);
    if (!doc) {
      const p = pathOf(uri);
      const text = clientText ?? (open ? open.text : p === undefined ? undefined : await readProjectFile(p));
      if (text === undefined) return { kind: 'notProjectFile' };
      doc = new ProjectDocument(text);
    }
    if (!named && !this.registry.has(uri) && !this.isProject(uri, doc)) return { kind: 'notProjectFile' };
    return { kind: 'read', version: open?.doc ? open.version : null, reading: this.readingOf(doc) };
  }

  /** The reading of a document's current text, kept until its text changes. */
  private readingOf(doc: ProjectDocument): ProjectFileReading {
    const kept = this.readings.get(doc);
    if (kept && kept.text === doc.text) return kept.reading;
    const reading = readSpecAndLayout(doc);
    this.readings.set(doc, { text: doc.text, reading });
    return reading;
  }

  /** Where a folder's active project is written (the global config when no folder is named). */
  configTarget(folderUri?: string): ConfigTarget {
    const folder = this.folders.find((f) => f.uri === folderUri);
    if (folder) return configTarget(folder.path, this.env, nodeFileAccess.isDirectory, this.platform, this.homedir);
    // Without a folder, as a terminal would: in the home folder, outside any repository.
    return { scope: 'global', file: globalConfigPath(this.env, this.platform, this.homedir, this.homedir), overriddenBy: this.env.ZENML_ACTIVE_PROJECT_ID?.trim() || undefined };
  }

  /** The client signed out: no workspace answers for UUIDs any more. */
  signedOut(): void {
    this.uuidToId = new Map();
    this.connected = false;
    this.resolveActiveProjects();
    for (const f of this.open.values()) if (isZenConfig(f.path)) this.publish(f.uri, this.zenConfigDiagnostics(f.text), f.version);
  }

  private publishAll(uris: Iterable<string>, cleared = false): void {
    for (const uri of uris) {
      const open = this.open.get(uri);
      this.publish(uri, cleared && !this.registry.has(uri) ? [] : this.registry.diagnostics(uri), open?.version);
    }
  }

  openDocument(uri: string, text: string, version: number): void {
    const f: OpenFile = { uri, path: pathOf(uri), version, text };
    this.open.set(uri, f);
    this.classifyOpen(f);
  }

  /** (Re)decides whether an open file is a project file, a ZenML config, or neither, and publishes. */
  private classifyOpen(f: OpenFile): void {
    if (isZenConfig(f.path)) {
      this.publish(f.uri, this.zenConfigDiagnostics(f.doc?.text ?? f.text), f.version);
      return;
    }
    const byName = f.path !== undefined && this.matcher.isProjectFile(f.path);
    if (byName && !f.doc) f.doc = this.registry.keptDocument(f.uri, f.text) ?? new ProjectDocument(f.text);
    if (!byName && f.doc) {
      f.text = f.doc.text;
      f.doc = undefined;
    }
    this.updateOpen(f);
  }

  private updateOpen(f: OpenFile): void {
    let touched: Set<string>;
    if (f.doc && this.isProject(f.uri, f.doc)) touched = this.registry.setOpen(f.uri, f.doc);
    else {
      touched = this.registry.remove(f.uri);
      touched.add(f.uri);
    }
    for (const uri of touched) {
      const open = this.open.get(uri);
      // Named like a project file but some other tool's: one word on how to opt it in.
      const notOurs = uri === f.uri && f.doc ? [notProjectFileDiagnostic()] : [];
      this.publish(uri, this.registry.has(uri) ? this.registry.diagnostics(uri) : notOurs, open?.version);
    }
    // A project ID that changed may change which file defines the active project.
    if (touched.size > 1 || this.activeMentions(f.uri)) this.scheduleResolve();
  }

  changeDocument(uri: string, changes: readonly ContentChange[], version: number): void {
    const f = this.open.get(uri);
    if (!f) return;
    f.version = version;
    if (f.doc) {
      f.doc.update(changes);
      this.updateOpen(f);
      return;
    }
    for (const c of changes) f.text = c.range ? f.text.slice(0, offsetByLines(f.text, c.range.start)) + c.text + f.text.slice(offsetByLines(f.text, c.range.end)) : c.text;
    if (isZenConfig(f.path)) this.publish(uri, this.zenConfigDiagnostics(f.text), version);
  }

  /** Closed in the editor: what counts again is the file on disk. */
  async closeDocument(uri: string): Promise<void> {
    const f = this.open.get(uri);
    this.open.delete(uri);
    if (!f) return;
    const p = f.path;
    if (isZenConfig(p)) {
      this.publish(uri, []);
      this.resolveActiveProjects();
      return;
    }
    const text = p && this.matcher.isProjectFile(p) ? await readProjectFile(p) : undefined;
    if (text === undefined) {
      this.publishAll(this.registry.remove(uri), true);
      this.publish(uri, []);
      return;
    }
    this.publishAll(this.registry.setDisk(uri, text, (doc) => this.isProject(uri, doc)), true);
    if (!this.registry.has(uri)) this.publish(uri, []);
  }

  /** File events from the editor's watcher (`workspace/didChangeWatchedFiles`). */
  async filesChanged(changes: { uri: string; type: FileChange }[]): Promise<void> {
    let resolve = false;
    // A convention created, changed or removed: every file it may govern is judged again.
    if (changes.some(({ uri }) => path.basename(pathOf(uri) ?? '') === CHECK_CONFIG_FILE)) {
      this.checkConfigs.forget();
      await this.checkOptionsChanged();
    }
    for (const { uri, type } of changes) {
      const p = pathOf(uri);
      if (!p) continue;
      if (isZenConfig(p) || this.globalConfigs().includes(p)) resolve = true;
      if (this.open.has(uri) || !this.matcher.isProjectFile(p)) continue;
      if (type === FileChange.Deleted) {
        this.publishAll(this.registry.remove(uri), true);
        continue;
      }
      const text = await readProjectFile(p);
      if (text === undefined) this.publishAll(this.registry.remove(uri), true);
      else {
        const touched = this.registry.setDisk(uri, text, (doc) => this.isProject(uri, doc));
        this.publishAll(touched, true);
        if (!this.registry.has(uri)) this.publish(uri, []);
        resolve = true;
      }
    }
    if (resolve) this.resolveActiveProjects();
  }

  /** The connected workspace's projects, so that UUIDs in config files resolve to IDs. */
  setProjectUuids(projects: ProjectUuid[]): void {
    this.uuidToId = new Map(projects.map((p) => [p.uuid.toLowerCase(), p.id]));
    this.connected = true;
    this.resolveActiveProjects();
    for (const f of this.open.values()) if (isZenConfig(f.path)) this.publish(f.uri, this.zenConfigDiagnostics(f.text), f.version);
  }

  private zenConfigDiagnostics(text: string): Diagnostic[] {
    return zenConfigDiagnostics(text, { uuidToId: this.uuidToId, knownProjectIds: new Set(this.registry.projectFiles().map((p) => p.id)), connected: this.connected });
  }

  /** Each folder's global config file: a relative `ZENML_CONFIG_PATH` is relative to the folder. */
  private globalConfigs(): string[] {
    return [...new Set(this.folders.map((f) => globalConfigPath(this.env, this.platform, this.homedir, f.path)))];
  }

  private activeMentions(uri: string): boolean {
    for (const info of this.active.values()) if (info.definedIn.includes(uri)) return true;
    return false;
  }

  private scheduleResolve(): void {
    if (this.resolveTimer) return;
    this.resolveTimer = setTimeout(() => {
      this.resolveTimer = undefined;
      this.resolveActiveProjects();
    }, 50);
  }

  /** Resolves each folder's active project; tells the client when anything changed. */
  resolveActiveProjects(): void {
    const projectFiles = this.registry.projectFiles();
    const next = new Map<string, ActiveProjectInfo>();
    for (const folder of this.folders) {
      const info = resolveActiveProject({
        folderUri: folder.uri,
        folderPath: folder.path,
        env: this.env,
        platform: this.platform,
        homedir: this.homedir,
        readFile: nodeFileAccess.readFile,
        isDirectory: nodeFileAccess.isDirectory,
        uuidToId: this.uuidToId,
        projectFiles,
      });
      for (const p of info.problems) {
        if (this.loggedProblems.has(p)) continue;
        this.loggedProblems.add(p);
        this.events.log(p);
      }
      next.set(folder.uri, info);
      this.watchConfigFolders(info);
    }
    for (const file of this.globalConfigs()) this.watchConfigFolder(path.dirname(file));
    this.active = next;
    this.publishRepositoryConfigs(next);
    const json = JSON.stringify([...next.values()]);
    if (json !== this.lastActiveJson) {
      this.lastActiveJson = json;
      this.events.activeProjectsChanged([...next.values()]);
    }
  }

  /** Each folder's `.zen/config.yaml` gets diagnostics even when it is not open. */
  private publishRepositoryConfigs(infos: Map<string, ActiveProjectInfo>): void {
    const now = new Set<string>();
    for (const info of infos.values()) {
      if (!info.repositoryRoot) continue;
      const file = path.join(info.repositoryRoot, '.zen', 'config.yaml');
      const uri = pathToFileURL(file).href;
      if (this.open.has(uri)) continue;
      let text: string;
      try {
        text = nodeFileAccess.readFile(file);
      } catch {
        continue;
      }
      now.add(uri);
      this.publish(uri, this.zenConfigDiagnostics(text));
    }
    for (const uri of this.publishedConfigs) if (!now.has(uri) && !this.open.has(uri)) this.publish(uri, []);
    this.publishedConfigs = now;
  }

  /** Config files may live outside the workspace (the global one always does): watch their folders. */
  private watchConfigFolders(info: ActiveProjectInfo): void {
    if (info.repositoryRoot) this.watchConfigFolder(path.join(info.repositoryRoot, '.zen'));
  }

  private watchConfigFolder(dir: string): void {
    if (this.watchers.has(dir)) return;
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (!name || String(name) === 'config.yaml') this.scheduleResolve();
      });
      w.on('error', () => {
        w.close();
        this.watchers.delete(dir);
      });
      this.watchers.set(dir, w);
    } catch {
      // The folder does not exist (yet): nothing to watch; a later resolution tries again.
    }
  }

  activeProjects(folderUri?: string): ActiveProjectInfo[] {
    if (!this.active.size) this.resolveActiveProjects();
    const all = [...this.active.values()];
    return folderUri ? all.filter((a) => a.folderUri === folderUri) : all;
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    if (this.resolveTimer) clearTimeout(this.resolveTimer);
    if (this.filesTimer) clearTimeout(this.filesTimer);
  }

  /** The workspace folders' paths. */
  folderPaths(): string[] {
    return this.folders.map((f) => f.path);
  }

  /** Whether a change to this file matters: a project file by name or glob, a `.zen/config.yaml`, or the checks' `.zenml-projects.yaml`. */
  isWatchedFile(filePath: string): boolean {
    return isZenConfig(filePath) || path.basename(filePath) === CHECK_CONFIG_FILE || this.matcher.isProjectFile(filePath);
  }

  /**
   * The text of line `line` (no line break) of a document the server holds — open, or a project
   * file read from disk — or undefined. Positions are converted between encodings with it.
   */
  lineText(uri: string, line: number): string | undefined {
    const f = this.open.get(uri);
    const doc = f?.doc ?? (f ? undefined : this.registry.document(uri));
    if (doc) return line < doc.lineCount ? lineText(doc, line) : undefined;
    return f ? f.text.split(/\r?\n/)[line] : undefined;
  }

  /** The live document of an open project file. */
  document(uri: string): ProjectDocument | undefined {
    return this.open.get(uri)?.doc;
  }

  // WorkspaceFacts
  subjects(kind: 'user' | 'team'): string[] {
    return this.registry.subjects(kind);
  }

  workspaces(): string[] {
    return this.registry.workspaces();
  }

  filesDefining(projectId: string): string[] {
    return this.registry.filesDefining(projectId);
  }

  activeFor(uri: string): ActiveProjectInfo | undefined {
    const p = pathOf(uri);
    if (!p) return undefined;
    let best: Folder | undefined;
    for (const f of this.folders) {
      const rel = path.relative(f.path, p);
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && (!best || f.path.length > best.path.length)) best = f;
    }
    return best ? this.activeProjects(best.uri)[0] : undefined;
  }
}

/**
 * A project file's text as the editor will show it (see editorText), or undefined if unreadable
 * — or not a regular file: a named pipe or a link to a device named like a project file is never
 * read (it would block a file thread, or never end).
 */
function readProjectFile(file: string): Promise<string | undefined> {
  return readRegularFile(file).then(editorText, () => undefined);
}
