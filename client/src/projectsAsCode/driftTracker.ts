/**
 * Drift: how each open project file compares with the workspace right now. The file's reading
 * (per version, by the language server, which holds the file parsed incrementally: no line limit)
 * and the project's cached snapshot make the plan (core/sync/plan.ts), recomputed as the user
 * types without a request to the workspace; snapshots are read again when a project file
 * is saved and on a timer (`zenmlProjects.drift.refreshSeconds`, 0 = never). The drift lens and
 * the drift warnings both read it here.
 */
import * as vscode from 'vscode';
import { log } from '../log';
import { planProject, type Plan } from '../../../core/sync/plan';
import { namedUsersOf, type WorkspaceState } from '../../../core/sync/workspaceState';
import type { WorkspaceConnection } from '../connection/workspaceConnection';
import type { WorkspaceDirectory } from '../connection/workspaceDirectory';
import type { WorkspaceSession } from '../model/workspaceSession';
import { driftFindings, type Finding } from './driftFindings';
import type { ProjectFiles } from '../projectFiles/projectFiles';
import type { FileError, ProjectFileReading } from '../../../core/sync/projectFileReading';
import type { Snapshot, WorkspaceSnapshots } from './workspaceSnapshots';

export type Drift =
  /** Nothing to compare with (not signed in, or not a project file). */
  | { kind: 'off' }
  | { kind: 'unreachable'; message?: string; workspace?: string }
  | { kind: 'invalid'; errors: FileError[]; workspace?: string }
  /** The file names a workspace this window has no connection for: nothing is compared. */
  | { kind: 'notConnected'; workspace: string; connectedTo?: string }
  | { kind: 'loading'; projectId: string; workspace: string }
  | { kind: 'failed'; projectId: string; message: string; workspace: string }
  | { kind: 'compared'; projectId: string; workspace: string; reading: Extract<ProjectFileReading, { ok: true }>; state: WorkspaceState; readAt: Date; plan: Plan; findings: Finding[] };

export const REFRESH_SETTING = 'drift.refreshSeconds';

export class DriftTracker implements vscode.Disposable {
  private readonly memo = new WeakMap<vscode.TextDocument, { reading: ProjectFileReading; snapshot: Snapshot | undefined; drift: Drift }>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any file's drift may have changed (not for typing: readers ask again per version). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly snapshots: WorkspaceSnapshots,
    private readonly connection: WorkspaceConnection,
    /** Where each file's `workspace:` takes it. */
    private readonly workspaces: WorkspaceDirectory,
    /** The project files as the language server reads them. */
    readonly projectFiles: ProjectFiles,
  ) {
    this.disposables.push(
      // A file became (or stopped being) a project file, or its reading arrived.
      projectFiles.onDidChange(() => this.changed.fire()),
      projectFiles.onDidRead(() => this.changed.fire()),
      snapshots.onDidChange(() => this.changed.fire()),
      connection.onDidChangeState(() => this.changed.fire()),
      // Members and roles come from ZenML Pro: what was read with another credential (or none) is stale.
      connection.onDidChangeProCredential(() => this.refreshAll()),
      workspaces.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidSaveTextDocument((doc) => void this.refreshSaved(doc)),
      vscode.workspace.onDidCloseTextDocument(() => this.forgetClosed()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`zenmlProjects.${REFRESH_SETTING}`)) this.startTimer();
      }),
    );
    this.startTimer();
  }

  /**
   * The workspace a reading's `workspace:` takes it to, with its project ID, when connected; only
   * a reading without errors is compared. Readings, not the file list, decide: the list's error
   * count and `workspace:` can be a version behind the text (a save right after typing).
   */
  private targetOf(reading: ProjectFileReading | undefined): [WorkspaceSession, string] | undefined {
    if (!reading?.ok) return undefined;
    const r = this.workspaces.resolve(reading.spec.workspace);
    return r.kind === 'session' ? [r.session, reading.spec.id] : undefined;
  }

  /** Reads the saved file's project again, as the saved version declares it. */
  private async refreshSaved(doc: vscode.TextDocument): Promise<void> {
    if (!this.projectFiles.isProjectFile(doc)) return;
    try {
      const target = this.targetOf(await this.projectFiles.reading(doc.uri));
      if (target) await this.snapshots.refresh(target[0], target[1]);
    } catch (e) {
      // The language client stopped (the window closes, the server restarts): the next save or the timer reads again.
      log().debug(`Not compared after saving ${doc.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The open project files' workspaces and project IDs, by their latest readings. */
  private openTargets(): [WorkspaceSession, string][] {
    const targets: [WorkspaceSession, string][] = [];
    for (const doc of vscode.workspace.textDocuments) {
      if (!this.projectFiles.isProjectFile(doc)) continue;
      const t = this.targetOf(this.projectFiles.cachedReading(doc));
      if (t && !targets.some(([s, id]) => s === t[0] && id === t[1])) targets.push(t);
    }
    return targets;
  }

  private forgetClosed(): void {
    this.snapshots.retain(this.openTargets());
  }

  private startTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const seconds = vscode.workspace.getConfiguration('zenmlProjects').get<number>(REFRESH_SETTING, 60);
    if (!(seconds > 0)) return;
    this.timer = setInterval(() => this.refreshAll(false), Math.max(5, seconds) * 1000);
  }

  /** Reads every open file's project again (on the timer: only while the window has focus). */
  refreshAll(evenUnfocused = true): void {
    if (!evenUnfocused && !vscode.window.state.focused) return;
    const targets = this.openTargets();
    this.snapshots.retain(targets);
    for (const [session, id] of targets) void this.snapshots.refresh(session, id);
  }

  /** Reads one project of a workspace again (after an apply or an import); resolves when it is read. */
  async refresh(session: WorkspaceSession, projectId: string): Promise<void> {
    await this.snapshots.refresh(session, projectId);
  }

  /** The document's drift at its current version. */
  driftOf(doc: vscode.TextDocument): Drift {
    if (!this.projectFiles.isProjectFile(doc)) return { kind: 'off' };
    // The server's reading, never waited for (the latest that arrived; the file list can be a
    // version behind it). A file with errors is not compared, so no `workspace:` of it is trusted.
    const reading = this.projectFiles.cachedReading(doc);
    const r = this.workspaces.resolve(reading?.ok ? reading.spec.workspace : undefined);
    if (r.kind === 'none') {
      const state = this.connection.state;
      return state.kind === 'unreachable' ? { kind: 'unreachable', message: state.message } : { kind: 'off' };
    }
    // Until the first reading arrives there is nothing to show.
    if (!reading) return { kind: 'off' };
    if (!reading.ok) return { kind: 'invalid', errors: reading.errors, workspace: this.projectFiles.info(doc.uri)?.workspace ?? this.workspaces.primaryName() };
    const projectId = reading.spec.id;
    switch (r.kind) {
      case 'notConnected':
        return { kind: 'notConnected', workspace: r.name, connectedTo: this.workspaces.primaryName() };
      case 'pending':
        return { kind: 'loading', projectId, workspace: r.name };
      case 'unavailable':
        return r.unreachable ? { kind: 'unreachable', message: r.message, workspace: r.name } : { kind: 'failed', projectId, message: r.message, workspace: r.name };
    }
    const snapshot = this.snapshots.get(r.session, projectId, namedUsersOf(reading.spec));
    const memo = this.memo.get(doc);
    if (memo && memo.reading === reading && memo.snapshot === snapshot) return memo.drift;
    const drift = this.compare(projectId, r.name, reading, snapshot);
    this.memo.set(doc, { reading, snapshot, drift });
    return drift;
  }

  private compare(projectId: string, workspace: string, reading: Extract<ProjectFileReading, { ok: true }>, snapshot: Snapshot): Drift {
    if (snapshot.kind === 'loading') return { kind: 'loading', projectId, workspace };
    if (snapshot.kind === 'failed') return snapshot.unreachable ? { kind: 'unreachable', message: snapshot.message, workspace } : { kind: 'failed', projectId, message: snapshot.message, workspace };
    const plan = planProject(reading.spec, snapshot.state);
    return { kind: 'compared', projectId, workspace, reading, state: snapshot.state, readAt: snapshot.readAt, plan, findings: driftFindings(reading.spec, reading.layout, snapshot.state, plan) };
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
