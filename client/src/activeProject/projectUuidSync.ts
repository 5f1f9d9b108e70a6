/**
 * Keeps the language server's UUID → Project ID map in step with the connected workspace: the
 * whole list once connected, then each project created, renamed or deleted. ZenML's config files
 * hold UUIDs; the server needs the map to name the active project and place its code lenses.
 */
import type { Project } from '../../../common/api/types';
import type { ProjectUuid } from '../../../common/protocol';
import type { WorkspaceSession } from '../model/workspaceSession';
import { log } from '../log';

export class ProjectUuidSync {
  private map = new Map<string, string>();

  constructor(
    private readonly send: (projects: ProjectUuid[]) => Promise<void>,
    /** Tells the language server that no workspace answers any more. */
    private readonly sendSignedOut: () => Promise<void>,
  ) {}

  /** Reads every project of the workspace (all pages) and sends the map. */
  async syncAll(session: WorkspaceSession, signal?: AbortSignal): Promise<void> {
    try {
      const next = new Map<string, string>();
      for await (const p of session.api.allProjects({}, signal)) {
        if (!p.name) continue;
        next.set(p.id, p.name);
        session.remember(p);
      }
      this.map = next;
      await this.flush();
    } catch (e) {
      log().warn(`Could not list the projects for the language server: ${(e as Error).message}`);
    }
  }

  async put(project: Project): Promise<void> {
    if (project.name) this.map.set(project.id, project.name);
    await this.flush();
  }

  async remove(uuid: string): Promise<void> {
    this.map.delete(uuid);
    await this.flush();
  }

  /** Sends the map again, which also makes the server resolve the active projects anew. */
  async flush(): Promise<void> {
    await this.send([...this.map].map(([uuid, id]) => ({ uuid, id })));
  }

  /** Signed out or disconnected: the map is forgotten here and in the language server. */
  async clear(): Promise<void> {
    this.map.clear();
    await this.sendSignedOut();
  }
}
