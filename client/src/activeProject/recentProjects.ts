/**
 * The projects recently made active in this VS Code workspace, most recent first, for the
 * switcher. Kept in the workspace's state (per workspace, not global) and keyed by the
 * workspace URL, since the same project ID can exist on two workspaces.
 */
export interface RecentProject {
  uuid: string;
  /** The Project ID. */
  id: string;
  displayName: string;
}

/** The part of VS Code's Memento this needs. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const KEY = 'zenmlProjects.recentProjects';
const LIMIT = 5;

export class RecentProjects {
  constructor(private readonly state: StateStore) {}

  private all(): Record<string, RecentProject[]> {
    return this.state.get<Record<string, RecentProject[]>>(KEY) ?? {};
  }

  list(workspaceUrl: string): RecentProject[] {
    return this.all()[workspaceUrl] ?? [];
  }

  async add(workspaceUrl: string, project: RecentProject): Promise<void> {
    const all = this.all();
    const rest = (all[workspaceUrl] ?? []).filter((p) => p.uuid !== project.uuid);
    await this.state.update(KEY, { ...all, [workspaceUrl]: [project, ...rest].slice(0, LIMIT) });
  }

  async remove(workspaceUrl: string, uuid: string): Promise<void> {
    const all = this.all();
    if (!all[workspaceUrl]) return;
    await this.state.update(KEY, { ...all, [workspaceUrl]: all[workspaceUrl].filter((p) => p.uuid !== uuid) });
  }
}
