/**
 * What the workspace holds for each project that an open project file declares, read in the
 * background and kept until refreshed (on save, on the drift timer, after an apply), so that the
 * drift lens and warnings never wait for the network while the user types. One set per
 * connection; forgotten on disconnect. An unreachable workspace is logged once, not per file or
 * per refresh.
 */
import * as vscode from 'vscode';
import { ZenmlApiError } from '../../../common/api/apiError';
import { readWorkspaceState, type WorkspaceState } from '../../../core/sync/workspaceState';
import { log } from '../log';
import type { WorkspaceSession } from '../model/workspaceSession';
import type { Sessions } from '../sessions';

export type Snapshot =
  | { kind: 'loading' }
  | { kind: 'ready'; state: WorkspaceState; readAt: Date }
  | { kind: 'failed'; message: string; unreachable: boolean };

interface Entry {
  snapshot: Snapshot;
  /** The read in flight; a newer refresh aborts it. */
  controller?: AbortController;
}

function isUnreachable(e: unknown): boolean {
  return e instanceof ZenmlApiError && (e.failure === 'unreachable' || e.failure === 'timeout');
}

export class WorkspaceSnapshots implements vscode.Disposable {
  private entries = new Map<string, Entry>();
  private session: WorkspaceSession | undefined;
  /** Whether the last read reached the workspace (to log a change of that once). */
  private reachable = true;
  /** The last failure logged per project, so that a timer does not repeat it. */
  private readonly logged = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the project ID whose snapshot changed (undefined: all of them). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(sessions: Sessions) {
    this.session = sessions.current;
    this.subscription = sessions.onDidChange((s) => {
      if (s === this.session) return;
      this.clear();
      this.session = s;
      this.reachable = true;
      this.changed.fire(undefined);
    });
  }

  /** The connection's session, when there is one. */
  get current(): WorkspaceSession | undefined {
    return this.session;
  }

  /** The project's snapshot; starts reading it when there is none yet. */
  get(projectId: string): Snapshot | undefined {
    if (!this.session) return undefined;
    const entry = this.entries.get(projectId);
    if (entry) return entry.snapshot;
    void this.refresh(projectId);
    return this.entries.get(projectId)?.snapshot;
  }

  /** Reads the project again (a read in flight is replaced); resolves when the snapshot is there. */
  async refresh(projectId: string): Promise<Snapshot | undefined> {
    const session = this.session;
    if (!session) return undefined;
    const previous = this.entries.get(projectId);
    previous?.controller?.abort();
    const controller = new AbortController();
    // What was read before stays on show while the new read runs.
    const entry: Entry = { snapshot: previous?.snapshot.kind === 'ready' ? previous.snapshot : { kind: 'loading' }, controller };
    this.entries.set(projectId, entry);
    let snapshot: Snapshot;
    try {
      const state = await readWorkspaceState(session.api, projectId, controller.signal);
      snapshot = { kind: 'ready', state, readAt: new Date() };
      if (!this.reachable) log().info(`The workspace at ${session.api.url} is reachable again; comparing project files with it.`);
      this.reachable = true;
      this.logged.delete(projectId);
    } catch (e) {
      if (controller.signal.aborted || this.entries.get(projectId) !== entry) return this.entries.get(projectId)?.snapshot;
      const message = e instanceof Error ? e.message : String(e);
      const unreachable = isUnreachable(e);
      snapshot = { kind: 'failed', message, unreachable };
      if (unreachable) {
        if (this.reachable) log().warn(`Cannot compare project files with the workspace: ${message}`);
        this.reachable = false;
      } else if (this.logged.get(projectId) !== message) {
        log().warn(`Cannot compare project '${projectId}' with the workspace: ${message}`);
        this.logged.set(projectId, message);
      }
    }
    if (this.session !== session || this.entries.get(projectId) !== entry) return this.entries.get(projectId)?.snapshot;
    entry.snapshot = snapshot;
    entry.controller = undefined;
    this.changed.fire(projectId);
    return snapshot;
  }

  /** Keeps a state read by a command (plan, apply), so that the lens agrees with what it showed. */
  accept(session: WorkspaceSession, projectId: string, state: WorkspaceState): void {
    if (session !== this.session) return;
    this.entries.get(projectId)?.controller?.abort();
    this.entries.set(projectId, { snapshot: { kind: 'ready', state, readAt: new Date() } });
    this.reachable = true;
    this.changed.fire(projectId);
  }

  /** Forgets the projects no open file declares any more. */
  retain(projectIds: ReadonlySet<string>): void {
    for (const [id, entry] of this.entries) {
      if (projectIds.has(id)) continue;
      entry.controller?.abort();
      this.entries.delete(id);
    }
  }

  /** The project IDs with a snapshot (or a read in flight). */
  projectIds(): string[] {
    return [...this.entries.keys()];
  }

  private clear(): void {
    for (const entry of this.entries.values()) entry.controller?.abort();
    this.entries = new Map();
    this.logged.clear();
  }

  dispose(): void {
    this.clear();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
