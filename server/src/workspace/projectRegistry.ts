/**
 * Every project file of the workspace, open in the editor or only on disk: its diagnostics, the
 * project ID it defines (and in which `workspace:`), and the users and teams it names. It finds
 * the same project ID defined twice in one workspace, and says which files an update touched so
 * that only those are published again.
 */
import { Diagnostic } from 'vscode-languageserver-types';
import { CheckOptions, DEFAULT_CHECK_OPTIONS } from '../../../core/engine/checkOptions';
import { ProjectDocument } from '../../../core/engine/projectDocument';
import { duplicateProjectIdDiagnostic, identityKey, projectIdentity as identityOf, type ProjectIdentity as Identity } from '../../../core/engine/projectIdentity';
import type { ProjectFileInfo } from '../../../common/protocol';
import { displayName } from './displayName';

interface TrackedFile {
  uri: string;
  /** The live document while the file is open in the editor. */
  open?: ProjectDocument;
  /** What the file on disk said, when it is not open. */
  disk?: { diagnostics: Diagnostic[]; identity?: Identity; users: string[]; teams: string[]; workspace?: string; doc?: ProjectDocument };
  /** The key under which the file stands in `byProject`. */
  projectKey?: string;
}

function subjectsOf(doc: ProjectDocument, kind: 'user' | 'team'): string[] {
  const out: string[] = [];
  for (const [key, refs] of doc.facts().subjects.entries()) {
    if (!key.startsWith(`${kind}:`)) continue;
    const first = refs[0];
    if (first?.entry.member?.subject) out.push(first.entry.member.subject);
  }
  return out;
}

/** Files at least this large stay analysed while closed. */
export const KEEP_ANALYSED_CHARS = 256 * 1024;

export class ProjectRegistry {
  private readonly files = new Map<string, TrackedFile>();
  /** `workspace \0 id` → URIs of the files defining that project. */
  private readonly byProject = new Map<string, Set<string>>();
  /**
   * The teaching checks' options of a file (the settings, and the nearest `.zenml-projects.yaml`:
   * see CheckConfigFiles); a change needs the files analysed again.
   */
  optionsFor: (uri: string) => CheckOptions = () => DEFAULT_CHECK_OPTIONS;

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /** The analysed document of a closed file whose text is `text`, when one was kept. */
  keptDocument(uri: string, text: string): ProjectDocument | undefined {
    const doc = this.files.get(uri)?.disk?.doc;
    return doc && doc.text === text ? doc : undefined;
  }

  /** The analysed document of a tracked file: the open one, or the one kept of the file on disk. */
  document(uri: string): ProjectDocument | undefined {
    const file = this.files.get(uri);
    return file?.open ?? file?.disk?.doc;
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  /** Tracks an open document (or one whose text changed); returns the URIs to publish again. */
  setOpen(uri: string, doc: ProjectDocument): Set<string> {
    const file = this.files.get(uri) ?? { uri };
    file.open = doc;
    file.disk = undefined;
    this.files.set(uri, file);
    return this.reindex(file, identityOf(doc));
  }

  /** Tracks a file's content on disk (not open): analysed now, then only its summary is kept. */
  setDisk(uri: string, text: string, isProjectFile: (doc: ProjectDocument) => boolean): Set<string> {
    const doc = new ProjectDocument(text);
    if (!isProjectFile(doc)) return this.remove(uri);
    const file = this.files.get(uri) ?? { uri };
    file.open = undefined;
    const identity = identityOf(doc);
    const ws = doc.facts().top('workspace')?.top.value;
    file.disk = {
      diagnostics: doc.diagnostics(uri, this.optionsFor(uri)),
      identity,
      users: subjectsOf(doc, 'user'),
      teams: subjectsOf(doc, 'team'),
      workspace: typeof ws === 'string' ? ws : undefined,
      // A large file is kept analysed: opening it then costs nothing, instead of a second
      // analysis (and twice the memory) of what was just analysed.
      doc: text.length >= KEEP_ANALYSED_CHARS ? doc : undefined,
    };
    this.files.set(uri, file);
    return this.reindex(file, identity);
  }

  /** Stops tracking a file (deleted, or no longer a project file). */
  remove(uri: string): Set<string> {
    const file = this.files.get(uri);
    if (!file) return new Set();
    const touched = this.reindex(file, undefined);
    this.files.delete(uri);
    return touched;
  }

  private reindex(file: TrackedFile, identity: Identity | undefined): Set<string> {
    const touched = new Set([file.uri]);
    const key = identity ? identityKey(identity) : undefined;
    if (key === file.projectKey) return touched;
    for (const k of [file.projectKey, key]) {
      const group = k === undefined ? undefined : this.byProject.get(k);
      if (group) for (const u of group) touched.add(u);
    }
    if (file.projectKey !== undefined) {
      const old = this.byProject.get(file.projectKey)!;
      old.delete(file.uri);
      if (old.size === 0) this.byProject.delete(file.projectKey);
    }
    if (key !== undefined) {
      let group = this.byProject.get(key);
      if (!group) this.byProject.set(key, (group = new Set()));
      group.add(file.uri);
    }
    file.projectKey = key;
    return touched;
  }

  private identity(file: TrackedFile): Identity | undefined {
    return file.open ? identityOf(file.open) : file.disk?.identity;
  }

  /** The file's own diagnostics plus those that need the rest of the workspace. */
  diagnostics(uri: string): Diagnostic[] {
    const file = this.files.get(uri);
    if (!file) return [];
    const own = file.open ? file.open.diagnostics(uri, this.optionsFor(uri)) : (file.disk?.diagnostics ?? []);
    const group = file.projectKey === undefined ? undefined : this.byProject.get(file.projectKey);
    if (!group || group.size < 2) return own;
    const me = this.identity(file)!;
    const others = [...group]
      .filter((u) => u !== uri)
      .sort()
      .flatMap((u) => {
        const other = this.files.get(u);
        const id = other && this.identity(other);
        return id ? [{ uri: u, name: displayName(u), idRange: id.idRange }] : [];
      });
    const d = duplicateProjectIdDiagnostic(me, others);
    return [...own, d].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  filesDefining(projectId: string): string[] {
    const out: string[] = [];
    for (const [key, group] of this.byProject) if (key.slice(key.indexOf('\u0000') + 1) === projectId) out.push(...group);
    return out.sort();
  }

  /** Every tracked file: its ID and `workspace:` when it declares them, and how many errors it has; in URI order. */
  projectFileInfos(): Omit<ProjectFileInfo, 'named'>[] {
    return [...this.files.values()]
      .map((file) => {
        const ws = file.open ? file.open.facts().top('workspace')?.top.value : file.disk?.workspace;
        return {
          uri: file.uri,
          id: this.identity(file)?.id,
          workspace: typeof ws === 'string' && ws ? ws : undefined,
          errors: this.diagnostics(file.uri).filter((d) => d.severity === 1).length,
        };
      })
      .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  projectFiles(): { uri: string; id: string }[] {
    const out: { uri: string; id: string }[] = [];
    for (const file of this.files.values()) {
      const id = this.identity(file);
      if (id) out.push({ uri: file.uri, id: id.id });
    }
    return out;
  }

  /** Users or teams named anywhere, most often first. */
  subjects(kind: 'user' | 'team'): string[] {
    const counts = new Map<string, number>();
    for (const file of this.files.values()) {
      const names = file.open ? subjectsOf(file.open, kind) : kind === 'user' ? (file.disk?.users ?? []) : (file.disk?.teams ?? []);
      for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n]) => n);
  }

  workspaces(): string[] {
    const set = new Set<string>();
    for (const file of this.files.values()) {
      const ws = file.open ? file.open.facts().top('workspace')?.top.value : file.disk?.workspace;
      if (typeof ws === 'string' && ws) set.add(ws);
    }
    return [...set].sort();
  }
}
