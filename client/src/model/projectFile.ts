/**
 * The text of a new `project.yaml` for a project just created in the workspace: its ID, name and
 * description, and its creator as admin (the workspace makes the creator the Project Admin, and a
 * file without an admin is warned about). Values are quoted by the YAML library where needed.
 */
import { stringify } from 'yaml';

export interface ProjectFileFields {
  id: string;
  name: string;
  description?: string;
  /** The creator's user name (or e-mail), written as the project's admin. */
  admin?: string;
}

export function renderProjectFile(f: ProjectFileFields): string {
  const body: Record<string, unknown> = { id: f.id, name: f.name };
  if (f.description) body.description = f.description;
  if (f.admin) body.members = [{ user: f.admin, role: 'admin' }];
  return `# The ZenML project '${f.name.replace(/[\r\n]+/g, ' ')}' as code: its ID, name, roles and members.\n${stringify(body, { lineWidth: 0 })}`;
}
