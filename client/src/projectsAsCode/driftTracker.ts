/**
 * Drift: how each open project file compares with the workspace right now. The file's reading
 * (per version) and the project's cached snapshot make the plan (common/projectSync/plan.ts),
 * recomputed as the user types without a request; snapshots are read again when a project file
 * is saved and on a timer (`zenmlProjects.drift.refreshSeconds`, 0 = never). The drift lens and
 * the drift warnings both read it here.
 */
import * as vscode from 'vscode';
import { planProject, type Plan } from '../../../core/sync/plan';
import type { WorkspaceState } from '../../../core/sync/workspaceState';
import type { WorkspaceConnection } from '../connection/workspaceConnection';
import { driftFindings, type Finding } from './driftFindings';
import { isProjectFileDocument, readingOf } from './projectFileDocuments';
import type { FileError, ProjectFileReading } from '../../../core/projectFile/projectFile';
import type { Snapshot, WorkspaceSnapshots } from './workspaceSnapshots';

export type Drift =
  /** Nothing to compare with (not signed in, or not a project file). */
  | { kind: 'off' }
  | { kind: 'unreachable'; message?: string }
  | { kind: 'invalid'; errors: FileError[] }
  | { kind: 'loading'; projectId: string }
  | { kind: 'failed'; projectId: string; message: string }
  | { kind: 'compared'; projectId: string; reading: Extract<ProjectFileReading, { ok: true }>; state: WorkspaceState; readAt: Date; plan: Plan; findings: Finding[] };

export const REFRESH_SETTING = 'drift.refreshSeconds';

export class DriftTracker implements vscode.Disposable {
  private readonly memo = new WeakMap<vscode.TextDocument, { version: number; snapshot: Snapshot | undefined; drift: Drift }>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any file's drift may have changed (not for typing: readers ask again per version). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly snapshots: WorkspaceSnapshots,
    private readonly connection: WorkspaceConnection,
  ) {
    this.disposables.push(
      snapshots.onDidChange(() => this.changed.fire()),
      connection.onDidChangeState(() => this.changed.fire()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const id = this.projectIdOf(doc);
        if (id) void snapshots.refresh(id);
      }),
      vscode.workspace.onDidCloseTextDocument(() => this.forgetClosed()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`zenmlProjects.${REFRESH_SETTING}`)) this.startTimer();
        if (e.affectsConfiguration('zenmlProjects.projectFiles')) this.changed.fire();
      }),
    );
    this.startTimer();
  }

  /** The workspace's name, as its dashboard shows it. */
  workspaceName(): string {
    const info = this.snapshots.current?.info;
    return info?.pro_workspace_name || info?.name || vscode.l10n.t('the workspace');
  }

  private projectIdOf(doc: vscode.TextDocument): string | undefined {
    if (!isProjectFileDocument(doc)) return undefined;
    const reading = readingOf(doc);
    return reading.ok ? reading.spec.id : undefined;
  }

  /** The open project files' project IDs. */
  private openProjectIds(): Set<string> {
    const ids = new Set<string>();
    for (const doc of vscode.workspace.textDocuments) {
      const id = this.projectIdOf(doc);
      if (id) ids.add(id);
    }
    return ids;
  }

  private forgetClosed(): void {
    this.snapshots.retain(this.openProjectIds());
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
    const ids = this.openProjectIds();
    this.snapshots.retain(ids);
    for (const id of ids) void this.snapshots.refresh(id);
  }

  /** Reads one project again (after an apply or an import); resolves when it is read. */
  async refresh(projectId: string): Promise<void> {
    await this.snapshots.refresh(projectId);
  }

  /** The document's drift at its current version. */
  driftOf(doc: vscode.TextDocument): Drift {
    if (!isProjectFileDocument(doc)) return { kind: 'off' };
    if (!this.snapshots.current) {
      const state = this.connection.state;
      return state.kind === 'unreachable' ? { kind: 'unreachable', message: state.message } : { kind: 'off' };
    }
    const reading = readingOf(doc);
    if (!reading.ok) return { kind: 'invalid', errors: reading.errors };
    const projectId = reading.spec.id;
    const snapshot = this.snapshots.get(projectId);
    const memo = this.memo.get(doc);
    if (memo && memo.version === doc.version && memo.snapshot === snapshot) return memo.drift;
    const drift = this.compare(projectId, reading, snapshot);
    this.memo.set(doc, { version: doc.version, snapshot, drift });
    return drift;
  }

  private compare(projectId: string, reading: Extract<ProjectFileReading, { ok: true }>, snapshot: Snapshot | undefined): Drift {
    if (!snapshot) return { kind: 'off' };
    if (snapshot.kind === 'loading') return { kind: 'loading', projectId };
    if (snapshot.kind === 'failed') return snapshot.unreachable ? { kind: 'unreachable', message: snapshot.message } : { kind: 'failed', projectId, message: snapshot.message };
    const plan = planProject(reading.spec, snapshot.state);
    return { kind: 'compared', projectId, reading, state: snapshot.state, readAt: snapshot.readAt, plan, findings: driftFindings(reading.spec, reading.layout, snapshot.state, plan) };
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
