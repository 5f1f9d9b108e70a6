/** Finds project files under a folder: by default `project.yaml`/`project.yml`, or as `accept` says. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isDefaultProjectFileName } from './projectFileMatcher';

/** Folders that never hold a team's project files and can be huge. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__']);

export async function findProjectFiles(folder: string, accept: (filePath: string) => boolean = isDefaultProjectFileName): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name)) await walk(p).catch(() => undefined);
      } else if (e.isFile() && accept(p)) found.push(p);
    }
  };
  await walk(folder);
  return found;
}
