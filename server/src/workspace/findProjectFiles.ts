/** Finds project files under folders, the way the editor recognises them by name. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isDefaultProjectFileName } from '../../server/src/projectFiles';

/** Folders that never hold a team's project files and can be huge. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__']);

export async function findProjectFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name)) await walk(p);
      } else if (e.isFile() && isDefaultProjectFileName(p)) found.push(p);
    }
  };
  await walk(folder);
  return found;
}
