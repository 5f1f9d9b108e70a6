/** Finds project files under a folder: by default `project.yaml`/`project.yml`, or as `accept` says. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isDefaultProjectFileName } from './projectFileMatcher';

/** Folders that never hold a team's project files and can be huge. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__']);

/**
 * The files under `folder` that `accept` takes, in name order within each folder (folders and
 * files interleaved by name). Sibling folders are read side by side: one after the other, a
 * monorepo's thousand folders spend most of the walk waiting for the disk. An unreadable
 * subfolder is skipped; an unreadable `folder` rejects.
 */
export async function findProjectFiles(folder: string, accept: (filePath: string) => boolean = isDefaultProjectFileName): Promise<string[]> {
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    const found = await Promise.all(
      entries.map((e): string[] | Promise<string[]> => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return SKIPPED_FOLDERS.has(e.name) ? [] : walk(p).catch(() => []);
        return e.isFile() && accept(p) ? [p] : [];
      }),
    );
    return found.flat();
  };
  return walk(folder);
}
