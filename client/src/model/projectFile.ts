/**
 * The text of a new `project.yaml` for a project just created in the workspace: its ID, name and
 * description, and its creator as admin (the workspace makes the creator the Project Admin, and a
 * file without an admin is warned about). Rendered by the same code as `import`.
 */
import { renderProjectFile as renderSpec } from '../../../core/sync/importProject';

export interface ProjectFileFields {
  id: string;
  name: string;
  description?: string;
  /** The creator's user name (or e-mail), written as the project's admin. */
  admin?: string;
}

export function renderProjectFile(f: ProjectFileFields): string {
  const header = `# The ZenML project '${f.name.replace(/[\r\n]+/g, ' ')}' as code: its ID, name, roles and members.\n`;
  return renderSpec({ id: f.id, name: f.name, description: f.description || undefined, roles: [], members: f.admin ? [{ kind: 'user', name: f.admin, role: 'admin' }] : [] }, header);
}
