/**
 * What each workspace holds for each project that an open project file declares, read in the
 * background and kept until refreshed (on save, on the drift timer, after an apply), so that the
 * drift lens and warnings never wait for the network while the user types. One set per workspace
 * (per session: the selected connection's, or a workspace's own for files that name it);
 * forgotten when the file closes or the connection goes. An unreachable workspace is logged once,
 * not per file or per refresh.
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
  /**
   * The users the open files name (lower case), looked up by e-mail when the caller cannot list
   * the workspace's users (a member who manages no one): without them, every member a file
   * names by e-mail would show as drift.
   */
  named: ReadonlySet<string>;
}

function isUnreachable(e: unknown): boolean {
  return e instanceof ZenmlApiError && (e.failure === 'unreachable' || e.failure === 'timeout');
}

export class WorkspaceSnapshots implements vscode.Disposable {
  /** Per workspace (its session), per project ID. */
  private entries = new Map<WorkspaceSession, Map<string, Entry>>();
  /** Per workspace: whether the last read reached it (to log a change of that once). */
  private readonly unreachable = new WeakSet<WorkspaceSession>();
  /** The last failure logged per workspace and project, so that a timer does not repeat it. */
  private readonly logged = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the project ID whose snapshot changed (undefined: all of them). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private session: WorkspaceSession | undefined;

  constructor(sessions: Sessions) {
    this.session = sessions.current;
    this.subscription = sessions.onDidChange((s) => {
      if (s === this.session) return;
      // The previous connection's snapshots go with it.
      if (this.session) this.drop(this.session);
      this.session = s;
      this.changed.fire(undefined);
    });
  }

  /** The selected connection's session, when there is one. */
  get current(): WorkspaceSession | undefined {
    return this.session;
  }

  private of(session: WorkspaceSession): Map<string, Entry> {
    let map = this.entries.get(session);
    if (!map) this.entries.set(session, (map = new Map()));
    return map;
  }

  /**
   * The project's snapshot in a workspace; starts reading it when there is none yet, or when the
   * file now names a user it was not read with (`namedUsers`: see Entry.named).
   */
  get(session: WorkspaceSession, projectId: string, namedUsers: readonly string[] = []): Snapshot {
    const entry = this.entries.get(session)?.get(projectId);
    if (entry && namedUsers.every((n) => entry.named.has(n.toLowerCase()))) return entry.snapshot;
    void this.refresh(session, projectId, namedUsers);
    return this.entries.get(session)?.get(projectId)?.snapshot ?? { kind: 'loading' };
  }

  /**
   * Reads the project again (a read in flight is replaced); resolves when the snapshot is there.
   * The users named before are looked up again, with `namedUsers` added.
   */
  async refresh(session: WorkspaceSession, projectId: string, namedUsers: readonly string[] = []): Promise<Snapshot> {
    const map = this.of(session);
    const previous = map.get(projectId);
    previous?.controller?.abort();
    const controller = new AbortController();
    const named = new Set([...(previous?.named ?? []), ...namedUsers.map((n) => n.toLowerCase())]);
    // What was read before stays on show while the new read runs.
    const entry: Entry = { snapshot: previous?.snapshot.kind === 'ready' ? previous.snapshot : { kind: 'loading' }, controller, named };
    map.set(projectId, entry);
    const logKey = `${session.api.url}\u0000${projectId}`;
    let snapshot: Snapshot;
    try {
      const state = await readWorkspaceState(session.api, projectId, controller.signal, [...named]);
      snapshot = { kind: 'ready', state, readAt: new Date() };
      if (this.unreachable.has(session)) log().info(`The workspace at ${session.api.url} is reachable again; comparing project files with it.`);
      this.unreachable.delete(session);
      this.logged.delete(logKey);
    } catch (e) {
      if (controller.signal.aborted || map.get(projectId) !== entry) return map.get(projectId)?.snapshot ?? entry.snapshot;
      const message = e instanceof Error ? e.message : String(e);
      const unreachable = isUnreachable(e);
      snapshot = { kind: 'failed', message, unreachable };
      if (unreachable) {
        if (!this.unreachable.has(session)) log().warn(`Cannot compare project files with the workspace: ${message}`);
        this.unreachable.add(session);
      } else if (this.logged.get(logKey) !== message) {
        log().warn(`Cannot compare project '${projectId}' with the workspace: ${message}`);
        this.logged.set(logKey, message);
      }
    }
    if (this.entries.get(session) !== map || map.get(projectId) !== entry) return map.get(projectId)?.snapshot ?? snapshot;
    entry.snapshot = snapshot;
    entry.controller = undefined;
    this.changed.fire(projectId);
    return snapshot;
  }

  /** Keeps a state read by a command (plan, apply), so that the lens agrees with what it showed. */
  accept(session: WorkspaceSession, projectId: string, state: WorkspaceState, namedUsers: readonly string[] = []): void {
    const map = this.of(session);
    const previous = map.get(projectId);
    previous?.controller?.abort();
    map.set(projectId, { snapshot: { kind: 'ready', state, readAt: new Date() }, named: new Set([...(previous?.named ?? []), ...namedUsers.map((n) => n.toLowerCase())]) });
    this.unreachable.delete(session);
    this.changed.fire(projectId);
  }

  /** Forgets every snapshot but those of the open files: `wanted` pairs a workspace with a project ID. */
  retain(wanted: readonly (readonly [WorkspaceSession, string])[]): void {
    for (const [session, map] of [...this.entries]) {
      for (const [id, entry] of [...map]) {
        if (wanted.some(([s, w]) => s === session && w === id)) continue;
        entry.controller?.abort();
        map.delete(id);
      }
      if (!map.size) this.entries.delete(session);
    }
  }

  private drop(session: WorkspaceSession): void {
    for (const entry of this.entries.get(session)?.values() ?? []) entry.controller?.abort();
    this.entries.delete(session);
  }

  private clear(): void {
    for (const map of this.entries.values()) for (const entry of map.values()) entry.controller?.abort();
    this.entries = new Map();
    this.logged.clear();
  }

  dispose(): void {
    this.clear();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
